/**
 * Creating a policy vault around a shared dWallet.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Address } from 'viem';
import { Curve, DWalletState } from '../../chain/constants.ts';
import { MAX_TIMELOCK_MS, MAX_VAULT_APPROVERS } from '../../chain/vault-constants.ts';
import { type ActionContext, objectRefOf, userAddress } from '../actions/context.ts';
import { addressArgument } from '../arguments.ts';
import { bitcoinP2wpkhPayment } from '../bitcoin/address.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from '../errors.ts';
import { ethereumAddress } from '../ethereum/address.ts';
import { integerArgument, U64_MAX } from './vault-arguments.ts';
import { activeDWalletPublicKey, dwalletValueOf, vaultCalls, vaultEventOf } from './vault-reads.ts';

export interface CreateVaultParameters {
  /** A shared secp256k1 dWallet whose cap the wallet holds; the cap is wrapped in the vault for good. */
  readonly dwalletId: string;
  /** The Sui addresses that may propose and approve (1 to 64, distinct). */
  readonly approvers: readonly string[];
  /** k: approvals an amount above the large amount needs (1 ≤ k ≤ approvers). */
  readonly requiredApprovals: number | bigint;
  /** The EIP-155 chain id every Ethereum transfer is signed for (1 mainnet, 11155111 Sepolia …). */
  readonly ethereumChainId: number | bigint;
  /** How long a large amount waits after its proposal (default 0; at most 365 days). */
  readonly timelockMs?: number | bigint;
  /** Who receives the `VaultAdminCap`, which changes the rules (default: the wallet; e.g. a multisig address). */
  readonly adminCapRecipient?: string;
}

export interface CreatedVault {
  readonly vaultId: string;
  readonly adminCapId: string;
  readonly dwalletId: string;
  /** The dWallet's Ethereum address: the vault's account on Ethereum. */
  readonly ethereumAddress: Address;
  /** HASH160 of the dWallet's compressed key, derived here (Move has no RIPEMD-160): the vault's P2WPKH program. */
  readonly bitcoinPubkeyHash: Uint8Array;
  readonly digest: string;
}

/**
 * Creates a policy vault (`vault::create`) holding the cap of a shared dWallet. The dWallet is
 * checked first: ACTIVE, secp256k1, shared (its user share public on chain: the network alone
 * completes its signatures, so only the vault's rules stand between a request and a signature),
 * and its cap held by the wallet. Its Bitcoin public-key hash is derived here from its public key.
 * A new vault moves nothing until its limits are set (`changeVaultRules`).
 *
 * Errors: INVALID_ARGUMENT (bad ids, approvers, k, chain id or timelock), NO_SIGNER,
 * UNKNOWN_DWALLET, DWALLET_NOT_ACTIVE, DWALLET_NOT_SHARED, TRANSACTION_FAILED (the vault's own
 * checks, e.g. `vault::EInvalidRequiredApprovals`), CHAIN_DATA_INVALID.
 */
export async function createVault(context: ActionContext, parameters: CreateVaultParameters): Promise<CreatedVault> {
  const dwalletId = addressArgument(parameters.dwalletId, 'dwalletId');
  if (!Array.isArray(parameters.approvers) || parameters.approvers.length === 0) {
    throw invalidArgument('approvers must be a non-empty array of Sui addresses');
  }
  if (parameters.approvers.length > Number(MAX_VAULT_APPROVERS))
    throw invalidArgument(`a vault has at most ${MAX_VAULT_APPROVERS} approvers`);
  const approvers = parameters.approvers.map((a, i) => addressArgument(a, `approvers[${i}]`));
  const twice = approvers.find((a, i) => approvers.indexOf(a) !== i);
  if (twice !== undefined) throw invalidArgument(`approver ${twice} is named twice`, { approver: twice });
  const requiredApprovals = integerArgument(parameters.requiredApprovals, 'requiredApprovals', 1n, BigInt(approvers.length));
  const ethereumChainId = integerArgument(parameters.ethereumChainId, 'ethereumChainId', 1n, U64_MAX);
  const timelockMs = integerArgument(parameters.timelockMs ?? 0n, 'timelockMs', 0n, MAX_TIMELOCK_MS);
  const recipient =
    parameters.adminCapRecipient === undefined ? userAddress(context) : addressArgument(parameters.adminCapRecipient, 'adminCapRecipient');

  const dwallet = await dwalletValueOf(context, dwalletId);
  if (dwallet.state !== DWalletState.ACTIVE) {
    throw new ClientError(ClientErrorCodes.DWALLET_NOT_ACTIVE, `dWallet ${dwalletId} is not active`, { dwalletId });
  }
  if (dwallet.curve !== Curve.SECP256K1) {
    throw invalidArgument(`dWallet ${dwalletId} is not a secp256k1 dWallet: a vault signs Ethereum and Bitcoin transactions`, {
      dwalletId,
    });
  }
  if (dwallet.public_user_share === null) {
    throw new ClientError(
      ClientErrorCodes.DWALLET_NOT_SHARED,
      `dWallet ${dwalletId} is zero-trust (its user share is secret): a vault needs a shared dWallet, whose signatures the network completes alone`,
      { dwalletId },
    );
  }
  const publicKey = await activeDWalletPublicKey(context, dwalletId, dwallet);
  // The hash does not depend on the network (only the address's encoding does).
  const bitcoinPubkeyHash = bitcoinP2wpkhPayment(publicKey, 'mainnet').hash;
  const dwalletCap = await objectRefOf(context, normalizeSuiAddress(dwallet.cap_id), 'dWallet cap');

  context.onProgress(`creating a policy vault for shared dWallet ${dwalletId}`);
  const result = await context.transactions.execute('create vault', () => {
    const tx = new Transaction();
    const cap = vaultCalls(context).create(tx, {
      dwalletCap,
      approvers,
      requiredApprovals,
      ethereumChainId,
      bitcoinPubkeyHash,
      timelockMs,
    });
    tx.transferObjects([cap], recipient);
    return Promise.resolve(tx);
  });
  const created = vaultEventOf(context, result, 'VaultCreated');
  return {
    vaultId: normalizeSuiAddress(created.vault_id),
    adminCapId: normalizeSuiAddress(created.admin_cap_id),
    dwalletId,
    ethereumAddress: ethereumAddress(publicKey),
    bitcoinPubkeyHash,
    digest: result.digest,
  };
}
