/**
 * Checks of what callers pass to the vault actions, before anything is read or sent. Formats are
 * checked here (addresses, scripts, integer ranges); the vault's rules (allowlist, limits,
 * approvals, timelock) are the contract's to enforce on chain, and the SDK does not second-guess
 * them: a transaction that breaks one aborts with the vault's abort code.
 * @module
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { MAX_SCRIPT_PUBKEY_LENGTH, VaultChain } from '../../chain/vault-constants.ts';
import { bitcoinOutputScript } from '../bitcoin/address.ts';
import type { BitcoinNetwork } from '../bitcoin/network.ts';
import { invalidArgument } from '../errors.ts';
import { parseEthereumAddress } from '../ethereum/address.ts';

/** The chains a vault pays on, as the SDK names them. */
export type VaultChainName = 'ethereum' | 'bitcoin';

export const VAULT_CHAIN_NAMES: readonly VaultChainName[] = Object.freeze(['ethereum', 'bitcoin']);

export const U64_MAX = (1n << 64n) - 1n;
export const U256_MAX = (1n << 256n) - 1n;

/** The chain's u8 for a chain name; INVALID_ARGUMENT for anything else. */
export function vaultChainArgument(value: unknown, what = 'chain'): VaultChain {
  if (value === 'ethereum') return VaultChain.ETHEREUM;
  if (value === 'bitcoin') return VaultChain.BITCOIN;
  throw invalidArgument(`${what} must be 'ethereum' or 'bitcoin', not ${JSON.stringify(value)}`, { field: what });
}

/** The chain name of the chain's u8. */
export function vaultChainName(chain: number): VaultChainName {
  return chain === VaultChain.ETHEREUM ? 'ethereum' : 'bitcoin';
}

/**
 * A whole number given as a bigint or a safe integer, in [min, max]; INVALID_ARGUMENT naming
 * `what` otherwise.
 */
export function integerArgument(value: unknown, what: string, min: bigint, max: bigint): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw invalidArgument(`${what} must be a whole number (a safe integer or a bigint)`, { field: what });
  }
  if (typeof value !== 'number' && typeof value !== 'bigint')
    throw invalidArgument(`${what} must be a number or a bigint`, { field: what });
  const parsed = BigInt(value);
  if (parsed < min || parsed > max) throw invalidArgument(`${what} must be from ${min} to ${max}, not ${parsed}`, { field: what });
  return parsed;
}

/** An amount in the chain's smallest unit (wei, satoshi): a bigint in [0, max]. */
export function amountArgument(value: unknown, what: string, max: bigint = U256_MAX): bigint {
  if (typeof value !== 'bigint') throw invalidArgument(`${what} must be a bigint (wei or satoshis)`, { field: what });
  if (value < 0n || value > max) throw invalidArgument(`${what} must be from 0 to ${max}, not ${value}`, { field: what });
  return value;
}

/** A proposal id (u64). */
export function proposalIdArgument(value: unknown): bigint {
  return integerArgument(value, 'proposalId', 0n, U64_MAX);
}

/**
 * Who a vault may pay: an Ethereum address (0x, 20 bytes, EIP-55 checksum checked when mixed
 * case), a Bitcoin address of a network (its scriptPubKey is what the vault compares), or a raw
 * Bitcoin scriptPubKey.
 */
export type VaultRecipient =
  | { readonly chain: 'ethereum'; readonly address: string }
  | { readonly chain: 'bitcoin'; readonly address: string; readonly network: BitcoinNetwork }
  | { readonly chain: 'bitcoin'; readonly scriptPubKey: Uint8Array };

/** The chain's u8 and the bytes the vault's allowlist holds for a recipient. */
export function recipientArgument(recipient: unknown, what = 'recipient'): { chain: VaultChain; bytes: Uint8Array } {
  if (typeof recipient !== 'object' || recipient === null) throw invalidArgument(`${what} must be a recipient object`, { field: what });
  const r = recipient as Record<string, unknown>;
  const chain = vaultChainArgument(r['chain'], `${what}.chain`);
  if (chain === VaultChain.ETHEREUM) {
    return { chain, bytes: hexToBytes(parseEthereumAddress(r['address'], `${what}.address`).slice(2)) };
  }
  if (r['scriptPubKey'] !== undefined) {
    const script = r['scriptPubKey'];
    if (!(script instanceof Uint8Array) || script.length === 0 || script.length > Number(MAX_SCRIPT_PUBKEY_LENGTH)) {
      throw invalidArgument(`${what}.scriptPubKey must be 1 to ${MAX_SCRIPT_PUBKEY_LENGTH} bytes`, { field: `${what}.scriptPubKey` });
    }
    return { chain, bytes: script.slice() };
  }
  return { chain, bytes: bitcoinOutputScript(r['address'], r['network'] as BitcoinNetwork, `${what}.address`) };
}
