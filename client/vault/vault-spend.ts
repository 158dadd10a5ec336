/**
 * The checks of a proposed vault spend that need no network: a pure module (no SDK, no
 * @mysten/sui), so that the CLI runs them before it connects.
 * @module
 */
import { BITCOIN_SEQUENCE } from '../../chain/vault-constants.ts';
import type { BitcoinNetwork } from '../bitcoin/network.ts';
import { type P2wpkhInput, type P2wpkhOutput, type ValidatedP2wpkhRequest, validateP2wpkhRequest } from '../bitcoin/transaction.ts';
import { bitcoinAddressOf, p2wpkhScript } from './vault-scripts.ts';

export interface BitcoinSpendProposal {
  /** Which network the addresses are of. */
  readonly network: BitcoinNetwork;
  /** Outputs paying the vault's P2WPKH address: txid as displayed (64 hex), vout, amount in satoshis. */
  readonly inputs: readonly Omit<P2wpkhInput, 'sequence'>[];
  /** Allowlisted recipients. */
  readonly outputs: readonly P2wpkhOutput[];
  /** The miner's fee in satoshis, explicit; what is left goes back to the vault's own address as change. */
  readonly fee: bigint;
  /** nLockTime; default 0. */
  readonly lockTime?: number;
  /** Upper bound of the fee rate in sat/vB (default 10,000), against costly mistakes. */
  readonly maxFeeRate?: bigint;
}

function sum(values: readonly unknown[]): bigint | undefined {
  return values.every((v) => typeof v === 'bigint') ? (values as bigint[]).reduce((a, b) => a + b, 0n) : undefined;
}

/**
 * Checks a spend by the Bitcoin helper's rules (addresses of the network, amounts, outpoints,
 * duplicate inputs, dust, funds, fee rate), as the vault will sign it: every input with nSequence
 * 0xfffffffd, the change (inputs − outputs − fee, when not zero) as the last output. The change's
 * script is a stand-in P2WPKH script here: the caller puts the vault's own in its place.
 *
 * Errors: the Bitcoin helper's (BTC_…; BTC_INVALID_TRANSACTION for a spend that is not an object).
 */
export function validateVaultSpend(spend: BitcoinSpendProposal): ValidatedP2wpkhRequest {
  // Not an object: the helper says so (BTC_INVALID_TRANSACTION).
  if (typeof spend !== 'object' || spend === null) return validateP2wpkhRequest(spend);
  const inputs = Array.isArray(spend.inputs)
    ? spend.inputs.map((input) => ({ ...input, sequence: Number(BITCOIN_SEQUENCE) }))
    : spend.inputs;
  const totalIn = Array.isArray(spend.inputs) ? sum(spend.inputs.map((i) => i?.amount)) : undefined;
  const totalOut = Array.isArray(spend.outputs) ? sum(spend.outputs.map((o) => o?.amount)) : undefined;
  const rest = totalIn === undefined || totalOut === undefined || typeof spend.fee !== 'bigint' ? 0n : totalIn - totalOut - spend.fee;
  // A stand-in P2WPKH change address: every P2WPKH script is 22 bytes, so the dust threshold and
  // the size estimate (hence the fee checks) are the ones of the vault's own script.
  return validateP2wpkhRequest({
    network: spend.network,
    inputs,
    outputs: spend.outputs,
    fee: spend.fee,
    ...(rest > 0n ? { change: { address: bitcoinAddressOf(p2wpkhScript(new Uint8Array(20)), spend.network) as string } } : {}),
    ...(spend.lockTime === undefined ? {} : { lockTime: spend.lockTime }),
    ...(spend.maxFeeRate === undefined ? {} : { maxFeeRate: spend.maxFeeRate }),
  });
}
