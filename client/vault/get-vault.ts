/**
 * Reading a policy vault's rules.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ActionContext } from '../actions/context.ts';
import type { BitcoinNetwork } from '../bitcoin/network.ts';
import { bitcoinNetworkParams } from '../bitcoin/network.ts';
import { ClientError } from '../errors.ts';
import { type VaultInfo, vaultInfo } from './vault-info.ts';
import { dwalletPublicKey, readVaultOf } from './vault-reads.ts';

export interface GetVaultOptions {
  /** The network Bitcoin scripts are shown as addresses of (default mainnet). */
  readonly bitcoinNetwork?: BitcoinNetwork;
}

/**
 * Vault `vaultId`: its rules, the shared dWallet's key and addresses, how many proposals it has.
 * The public key is null when the dWallet cannot be read (the rules are still shown).
 *
 * Errors: INVALID_ARGUMENT, BTC_INVALID_NETWORK, UNKNOWN_VAULT.
 */
export async function getVault(context: ActionContext, vaultId: string, options: GetVaultOptions = {}): Promise<VaultInfo> {
  const network = options.bitcoinNetwork ?? 'mainnet';
  bitcoinNetworkParams(network);
  const vault = await readVaultOf(context, vaultId);
  const publicKey = await dwalletPublicKey(context, normalizeSuiAddress(vault.value.dwallet_id)).catch((error: unknown) => {
    if (error instanceof ClientError) return null;
    throw error;
  });
  return vaultInfo(vault.value, vault.ref.initialSharedVersion, publicKey, network);
}
