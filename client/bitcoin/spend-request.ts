/**
 * The key-independent checks of a Bitcoin spend, shared by every output type a dWallet spends
 * (P2WPKH in ./transaction.ts, P2TR key path in ./taproot.ts): network, outpoints, duplicate
 * inputs, amounts, addresses of the network, dust, funds, change, and the fee against the size of
 * the signed transaction, which the caller's output type determines (`estimateVsize`).
 *
 * Fees are explicit: the caller gives the fee, and either a change address that receives
 * inputs − outputs − fee, or outputs that leave exactly the fee (nothing is burnt silently).
 * @module
 */
import { DEFAULT_SEQUENCE } from '@scure/btc-signer';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';
import { bitcoinOutputScript } from './address.ts';
import { dustThreshold, parseSatoshis } from './amounts.ts';
import { type BitcoinNetwork, bitcoinNetworkParams } from './network.ts';

/** Bitcoin Core's default -maxfeerate, 0.1 BTC/kvB. */
export const DEFAULT_MAX_FEE_RATE = 10_000n;

/** An output of the dWallet to spend. */
export interface BitcoinSpendInput {
  /** The previous transaction's id, as displayed by explorers and RPCs (64 hex digits). */
  txid: string;
  vout: number;
  /** The satoshis of that output (which must pay the dWallet's address of the spend's type). */
  amount: bigint;
  /** nSequence; default 0xffffffff (final). 0xfffffffd signals replace-by-fee (BIP-125). */
  sequence?: number;
}

export interface BitcoinSpendOutput {
  address: string;
  amount: bigint;
}

/** A spend of the dWallet's outputs, without its key. */
export interface BitcoinSpendRequest {
  network: BitcoinNetwork;
  inputs: readonly BitcoinSpendInput[];
  outputs: readonly BitcoinSpendOutput[];
  /** The fee in satoshis, explicit. */
  fee: bigint;
  /**
   * Receives inputs − outputs − fee as a last output (which must not be dust). Without it, inputs
   * − outputs must equal the fee exactly.
   */
  change?: { address: string };
  /** nLockTime; default 0. */
  lockTime?: number;
  /** Upper bound of the fee rate in sat/vB, against costly mistakes; default 10,000. */
  maxFeeRate?: bigint;
}

/** A request, checked: its inputs, its outputs (the change last, if any) with their scripts, fee and size. */
export interface ValidatedBitcoinSpend {
  readonly network: BitcoinNetwork;
  readonly inputs: readonly { readonly txid: string; readonly vout: number; readonly sequence: number; readonly amount: bigint }[];
  readonly outputs: readonly { readonly address: string; readonly script: Uint8Array; readonly amount: bigint }[];
  readonly fee: bigint;
  readonly lockTime: number;
  readonly change: { readonly address: string; readonly amount: bigint; readonly index: number } | undefined;
  readonly estimatedVsize: number;
}

/** The virtual size of the signed spend of `inputCount` dWallet inputs to outputs with these scripts. */
export type VsizeEstimate = (inputCount: number, outputScripts: readonly Uint8Array[]) => number;

export function fail(code: keyof typeof ChainHelperErrorCodes, message: string, details: Record<string, unknown> = {}): ChainHelperError {
  return new ChainHelperError(ChainHelperErrorCodes[code], message, details);
}

function u32(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw fail('BTC_INVALID_OUTPOINT', `${field}: must be an integer in [0, 2^32 − 1]`, { field });
  }
  return value;
}

interface Output {
  readonly address: string;
  readonly script: Uint8Array;
  readonly amount: bigint;
}

function checkDust(output: Output, field: string): void {
  const threshold = dustThreshold(output.script);
  if (output.amount < threshold) {
    throw fail('BTC_DUST_OUTPUT', `${field}: ${output.amount} sat is below the dust threshold of this output type (${threshold} sat)`, {
      field,
      amount: output.amount.toString(),
      threshold: threshold.toString(),
    });
  }
}

/**
 * Every check of a spend that needs no key, with the fee bounds measured against
 * `estimateVsize` (1 sat/vB, the minimum relay fee, up to `maxFeeRate`).
 */
export function validateBitcoinSpend(request: BitcoinSpendRequest, estimateVsize: VsizeEstimate): ValidatedBitcoinSpend {
  if (typeof request !== 'object' || request === null) throw fail('BTC_INVALID_TRANSACTION', 'the request must be an object');
  bitcoinNetworkParams(request.network);
  const network = request.network;
  if (!Array.isArray(request.inputs) || request.inputs.length === 0)
    throw fail('BTC_INVALID_TRANSACTION', 'a transaction needs at least one input');
  if (!Array.isArray(request.outputs) || request.outputs.length === 0)
    throw fail('BTC_INVALID_TRANSACTION', 'a transaction needs at least one output');
  const seen = new Set<string>();
  const inputs = request.inputs.map((input: BitcoinSpendInput, index) => {
    if (typeof input !== 'object' || input === null) throw fail('BTC_INVALID_TRANSACTION', `inputs[${index}] must be an object`, { index });
    if (typeof input.txid !== 'string' || !/^[0-9a-fA-F]{64}$/.test(input.txid)) {
      throw fail('BTC_INVALID_OUTPOINT', `inputs[${index}].txid: a txid is 64 hex digits`, { field: `inputs[${index}].txid` });
    }
    const txid = input.txid.toLowerCase();
    const vout = u32(input.vout, `inputs[${index}].vout`);
    const sequence = input.sequence === undefined ? DEFAULT_SEQUENCE : u32(input.sequence, `inputs[${index}].sequence`);
    const amount = parseSatoshis(input.amount, `inputs[${index}].amount`);
    const key = `${txid}:${vout}`;
    if (seen.has(key)) throw fail('BTC_DUPLICATE_INPUT', `inputs[${index}] spends ${key} a second time`, { index, outpoint: key });
    seen.add(key);
    return { txid, vout, sequence, amount };
  });
  const outputs: Output[] = request.outputs.map((output: BitcoinSpendOutput, index) => {
    if (typeof output !== 'object' || output === null)
      throw fail('BTC_INVALID_TRANSACTION', `outputs[${index}] must be an object`, { index });
    const script = bitcoinOutputScript(output.address, network, `outputs[${index}].address`);
    const result = { address: output.address, script, amount: parseSatoshis(output.amount, `outputs[${index}].amount`) };
    checkDust(result, `outputs[${index}].amount`);
    return result;
  });
  const fee = parseSatoshis(request.fee, 'fee', 0n);
  const lockTime = request.lockTime === undefined ? 0 : u32(request.lockTime, 'lockTime');
  const maxFeeRate = request.maxFeeRate === undefined ? DEFAULT_MAX_FEE_RATE : parseSatoshis(request.maxFeeRate, 'maxFeeRate');

  const totalIn = inputs.reduce((sum, input) => sum + input.amount, 0n);
  const totalOut = outputs.reduce((sum, output) => sum + output.amount, 0n);
  if (totalIn < totalOut + fee) {
    throw fail(
      'BTC_INSUFFICIENT_FUNDS',
      `the inputs (${totalIn} sat) do not cover the outputs (${totalOut} sat) and the fee (${fee} sat)`,
      {
        inputs: totalIn.toString(),
        outputs: totalOut.toString(),
        fee: fee.toString(),
      },
    );
  }
  const rest = totalIn - totalOut - fee;
  let change: { address: string; amount: bigint; index: number } | undefined;
  if (request.change !== undefined) {
    if (typeof request.change !== 'object' || request.change === null) throw fail('BTC_INVALID_TRANSACTION', 'change must be { address }');
    const script = bitcoinOutputScript(request.change.address, network, 'change.address');
    const output = { address: request.change.address, script, amount: rest };
    checkDust(output, 'change');
    change = { address: output.address, amount: rest, index: outputs.length };
    outputs.push(output);
  } else if (rest !== 0n) {
    throw fail(
      'BTC_FEE_MISMATCH',
      `inputs − outputs is ${totalIn - totalOut} sat but the fee is ${fee} sat: add a change address, or make the outputs leave exactly the fee`,
      { leftover: (totalIn - totalOut).toString(), fee: fee.toString() },
    );
  }
  const estimatedVsize = estimateVsize(
    inputs.length,
    outputs.map((output) => output.script),
  );
  if (fee < BigInt(estimatedVsize)) {
    throw fail('BTC_FEE_TOO_LOW', `a fee of ${fee} sat is below 1 sat/vB for about ${estimatedVsize} vbytes (the minimum relay fee)`, {
      fee: fee.toString(),
      estimatedVsize,
    });
  }
  if (fee > maxFeeRate * BigInt(estimatedVsize)) {
    throw fail('BTC_FEE_TOO_HIGH', `a fee of ${fee} sat is above ${maxFeeRate} sat/vB for about ${estimatedVsize} vbytes`, {
      fee: fee.toString(),
      estimatedVsize,
      maxFeeRate: maxFeeRate.toString(),
    });
  }
  return { network, inputs, outputs, fee, lockTime, change, estimatedVsize };
}
