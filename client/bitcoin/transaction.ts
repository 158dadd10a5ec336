/**
 * Bitcoin transactions spending a dWallet's native SegWit v0 (P2WPKH) outputs.
 *
 *   prepareP2wpkhTransaction(request)  validates the request, builds the transaction with
 *       @scure/btc-signer, and for every input returns what the network must sign: the BIP-143
 *       preimage as the message under DOUBLE_SHA256 (2) — the network signs sha256d(preimage),
 *       the input's sighash — and the sighash itself (`digest`) for the PREHASHED scheme (3).
 *       The preimage is computed in ./sighash.ts from the request, and checked to hash to the
 *       sighash btc-signer computes for the same input (`preimageWitnessV0`), so the two can
 *       never drift apart.
 *   attachBitcoinSignatures(prepared, signatures)  checks each network signature (r ‖ s ‖ v, low
 *       s) against its input's sighash and the dWallet key, encodes it as DER ‖ SIGHASH_ALL,
 *       finalises every input's witness [signature, public key] with btc-signer and returns the
 *       raw transaction.
 *
 * Fees are explicit: the caller gives the fee, and either a change address that receives
 * inputs − outputs − fee, or outputs that leave exactly the fee. Nothing talks to a network: the
 * inputs (outpoints and amounts) come from the caller. Only SIGHASH_ALL is signed.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { DEFAULT_SEQUENCE, Transaction } from '@scure/btc-signer';
import { HashScheme } from '../../chain/constants.ts';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';
import { decodeNetworkSignature } from '../chains/signature.ts';
import { bitcoinOutputScript, bitcoinP2wpkhPayment, type P2wpkhPayment } from './address.ts';
import { dustThreshold, estimateP2wpkhVsize, parseSatoshis } from './amounts.ts';
import { type BitcoinNetwork, bitcoinNetworkParams } from './network.ts';
import { type Bip143Transaction, bip143Preimage, p2wpkhScriptCode, SIGHASH_ALL, sha256d } from './sighash.ts';

export const TRANSACTION_VERSION = 2;

/** Bitcoin Core's default -maxfeerate, 0.1 BTC/kvB. */
export const DEFAULT_MAX_FEE_RATE = 10_000n;

export interface P2wpkhInput {
  /** The previous transaction's id, as displayed by explorers and RPCs (64 hex digits). */
  txid: string;
  vout: number;
  /** The satoshis of that output (which must pay the dWallet's P2WPKH address). */
  amount: bigint;
  /** nSequence; default 0xffffffff (final). 0xfffffffd signals replace-by-fee (BIP-125). */
  sequence?: number;
}

export interface P2wpkhOutput {
  address: string;
  amount: bigint;
}

export interface P2wpkhTransactionRequest {
  /** The dWallet's secp256k1 public key (33 or 65 bytes); every input pays its P2WPKH address. */
  publicKey: Uint8Array;
  network: BitcoinNetwork;
  inputs: readonly P2wpkhInput[];
  outputs: readonly P2wpkhOutput[];
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

export interface PreparedP2wpkhInput {
  readonly index: number;
  readonly txid: string;
  readonly vout: number;
  readonly amount: bigint;
  readonly sequence: number;
  /** The BIP-143 preimage: the message the chain approves under DOUBLE_SHA256. */
  readonly message: Uint8Array;
  readonly hashScheme: typeof HashScheme.DOUBLE_SHA256;
  /** sha256d(message), the input's sighash: the message to approve under PREHASHED instead. */
  readonly digest: Uint8Array;
}

export interface PreparedP2wpkhTransaction {
  readonly network: BitcoinNetwork;
  /** The compressed public key the inputs pay to. */
  readonly publicKey: Uint8Array;
  readonly address: string;
  readonly scriptPubKey: Uint8Array;
  /** The unsigned transaction as a PSBT (btc-signer's serialisation): the state attach resumes from. */
  readonly psbt: Uint8Array;
  /** The unsigned transaction without witnesses (hex). */
  readonly unsignedHex: string;
  /** The final txid: SegWit signatures do not change it, so it is known before signing. */
  readonly txid: string;
  readonly fee: bigint;
  /** The change output, if any (its index is the last). */
  readonly change?: { readonly address: string; readonly amount: bigint; readonly index: number };
  /** Upper bound of the signed transaction's virtual size. */
  readonly estimatedVsize: number;
  readonly inputs: readonly PreparedP2wpkhInput[];
}

export interface SignedBitcoinTransaction {
  /** The raw signed transaction, for sendrawtransaction. */
  readonly hex: string;
  readonly txid: string;
  readonly vsize: number;
  readonly fee: bigint;
}

function fail(code: keyof typeof ChainHelperErrorCodes, message: string, details: Record<string, unknown> = {}): ChainHelperError {
  return new ChainHelperError(ChainHelperErrorCodes[code], message, details);
}

function u32(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw fail('BTC_INVALID_OUTPOINT', `${field}: must be an integer in [0, 2^32 − 1]`, { field });
  }
  return value;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
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

/** A request, checked: its inputs, its outputs (the change last, if any) with their scripts, fee and size. */
export interface ValidatedP2wpkhRequest {
  readonly network: BitcoinNetwork;
  readonly inputs: readonly { readonly txid: string; readonly vout: number; readonly sequence: number; readonly amount: bigint }[];
  readonly outputs: readonly { readonly address: string; readonly script: Uint8Array; readonly amount: bigint }[];
  readonly fee: bigint;
  readonly lockTime: number;
  readonly change: { readonly address: string; readonly amount: bigint; readonly index: number } | undefined;
  readonly estimatedVsize: number;
}

/**
 * Every check of a request that needs no key — network, amounts, outpoints, duplicate inputs,
 * addresses of the network, dust, funds, fee — so that a caller can refuse a bad transaction
 * before asking anyone to sign it. {@link prepareP2wpkhTransaction} runs it too.
 */
export function validateP2wpkhRequest(request: Omit<P2wpkhTransactionRequest, 'publicKey'>): ValidatedP2wpkhRequest {
  if (typeof request !== 'object' || request === null) throw fail('BTC_INVALID_TRANSACTION', 'the request must be an object');
  bitcoinNetworkParams(request.network);
  const network = request.network;
  if (!Array.isArray(request.inputs) || request.inputs.length === 0)
    throw fail('BTC_INVALID_TRANSACTION', 'a transaction needs at least one input');
  if (!Array.isArray(request.outputs) || request.outputs.length === 0)
    throw fail('BTC_INVALID_TRANSACTION', 'a transaction needs at least one output');
  const seen = new Set<string>();
  const inputs = request.inputs.map((input: P2wpkhInput, index) => {
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
  const outputs: Output[] = request.outputs.map((output: P2wpkhOutput, index) => {
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
  const estimatedVsize = estimateP2wpkhVsize(
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

/** Each input's preimage (from ./sighash.ts) must hash to btc-signer's sighash of the same input. */
function checkedPreimage(tx: Transaction, description: Bip143Transaction, index: number, publicKeyHash: Uint8Array, amount: bigint) {
  const scriptCode = p2wpkhScriptCode(publicKeyHash);
  const message = bip143Preimage(description, index, scriptCode, amount);
  const digest = sha256d(message);
  // btc-signer takes the script without its length prefix
  const library = tx.preimageWitnessV0(index, scriptCode.subarray(1), SIGHASH_ALL, amount);
  if (!bytesEqual(digest, library)) {
    throw fail('BTC_SIGHASH_MISMATCH', `input ${index}: the BIP-143 preimage does not hash to @scure/btc-signer's sighash`, { index });
  }
  return { message, digest };
}

/**
 * What the network must sign for a transaction spending the dWallet's P2WPKH outputs: one
 * message (BIP-143 preimage, DOUBLE_SHA256) per input.
 */
export function prepareP2wpkhTransaction(request: P2wpkhTransactionRequest): PreparedP2wpkhTransaction {
  if (typeof request !== 'object' || request === null) throw fail('BTC_INVALID_TRANSACTION', 'the request must be an object');
  const payment = bitcoinP2wpkhPayment(request.publicKey, request.network);
  const { network, inputs, outputs, fee, lockTime, change, estimatedVsize } = validateP2wpkhRequest(request);
  const tx = new Transaction({ version: TRANSACTION_VERSION, lockTime });
  for (const input of inputs) {
    tx.addInput({
      txid: input.txid,
      index: input.vout,
      sequence: input.sequence,
      witnessUtxo: { script: payment.script, amount: input.amount },
    });
  }
  for (const output of outputs) tx.addOutput({ script: output.script, amount: output.amount });
  if (tx.fee !== fee) throw fail('BTC_PREPARED_MISMATCH', `internal: the transaction's fee is ${tx.fee} sat, not ${fee} sat`);

  const description: Bip143Transaction = { version: TRANSACTION_VERSION, inputs, outputs, lockTime };
  const prepared = inputs.map((input, index): PreparedP2wpkhInput => {
    const { message, digest } = checkedPreimage(tx, description, index, payment.hash, input.amount);
    return Object.freeze({ index, ...input, message, hashScheme: HashScheme.DOUBLE_SHA256, digest });
  });
  return preparedP2wpkhTransaction({ tx, payment, network, fee, change, estimatedVsize, inputs: prepared });
}

/**
 * The prepared form of the unsigned transaction `tx`, whose inputs spend `payment`'s outputs and
 * whose per-input messages are `inputs`: what {@link attachBitcoinSignatures} resumes from.
 */
export function preparedP2wpkhTransaction(args: {
  readonly tx: Transaction;
  readonly payment: P2wpkhPayment;
  readonly network: BitcoinNetwork;
  readonly fee: bigint;
  readonly change?: { readonly address: string; readonly amount: bigint; readonly index: number } | undefined;
  readonly estimatedVsize: number;
  readonly inputs: readonly PreparedP2wpkhInput[];
}): PreparedP2wpkhTransaction {
  const { tx, payment, change } = args;
  return Object.freeze({
    network: args.network,
    publicKey: payment.publicKey,
    address: payment.address,
    scriptPubKey: payment.script,
    psbt: tx.toPSBT(),
    unsignedHex: bytesToHex(tx.toBytes(true, false)),
    txid: tx.id,
    fee: args.fee,
    ...(change === undefined ? {} : { change: Object.freeze(change) }),
    estimatedVsize: args.estimatedVsize,
    inputs: Object.freeze(args.inputs),
  });
}

/** The transaction of a prepared object, checked against everything else it carries. */
function restore(prepared: PreparedP2wpkhTransaction): { tx: Transaction; publicKey: Uint8Array } {
  const mismatch = (message: string) => fail('BTC_PREPARED_MISMATCH', `the prepared transaction is inconsistent: ${message}`);
  if (typeof prepared !== 'object' || prepared === null || !(prepared.psbt instanceof Uint8Array) || !Array.isArray(prepared.inputs)) {
    throw mismatch('not a prepared transaction');
  }
  const payment = bitcoinP2wpkhPayment(prepared.publicKey, prepared.network);
  if (payment.address !== prepared.address || !bytesEqual(payment.script, prepared.scriptPubKey))
    throw mismatch('address and public key differ');
  let tx: Transaction;
  try {
    tx = Transaction.fromPSBT(prepared.psbt);
  } catch {
    throw mismatch('the PSBT does not parse');
  }
  if (tx.id !== prepared.txid || tx.inputsLength !== prepared.inputs.length || tx.fee !== prepared.fee)
    throw mismatch('txid, input count or fee differ');
  for (let index = 0; index < tx.inputsLength; index++) {
    const input = tx.getInput(index);
    const entry = prepared.inputs[index];
    const utxo = input.witnessUtxo;
    if (entry === undefined || utxo === undefined || !bytesEqual(utxo.script, payment.script) || utxo.amount !== entry.amount) {
      throw mismatch(`input ${index} does not spend the dWallet's output of the stated amount`);
    }
    const sighash = tx.preimageWitnessV0(index, p2wpkhScriptCode(payment.hash).subarray(1), SIGHASH_ALL, utxo.amount);
    if (!(entry.digest instanceof Uint8Array) || !bytesEqual(entry.digest, sighash) || !bytesEqual(sha256d(entry.message), sighash)) {
      throw mismatch(`input ${index}: message or digest is not the input's sighash`);
    }
  }
  return { tx, publicKey: payment.publicKey };
}

/**
 * The broadcastable transaction from the network's signatures, one 65-byte r ‖ s ‖ v per input in
 * input order. Each is checked to verify against its input's sighash and the dWallet key.
 */
export function attachBitcoinSignatures(prepared: PreparedP2wpkhTransaction, signatures: readonly Uint8Array[]): SignedBitcoinTransaction {
  const { tx, publicKey } = restore(prepared);
  if (!Array.isArray(signatures) || signatures.length !== tx.inputsLength) {
    throw fail(
      'BTC_SIGNATURE_COUNT',
      `expected ${tx.inputsLength} signatures (one per input), got ${Array.isArray(signatures) ? signatures.length : 'none'}`,
      {
        expected: tx.inputsLength,
        got: Array.isArray(signatures) ? signatures.length : null,
      },
    );
  }
  signatures.forEach((bytes, index) => {
    const signature = decodeNetworkSignature(bytes, `signature ${index}`);
    const sighash = (prepared.inputs[index] as PreparedP2wpkhInput).digest;
    if (!secp256k1.verify(signature.compact, sighash, publicKey, { prehash: false, lowS: true })) {
      throw fail('BTC_SIGNATURE_INVALID', `signature ${index} does not verify against input ${index}'s sighash and the dWallet key`, {
        index,
      });
    }
    const der = new secp256k1.Signature(signature.r, signature.s).toBytes('der');
    const witnessSignature = new Uint8Array(der.length + 1);
    witnessSignature.set(der);
    witnessSignature[der.length] = SIGHASH_ALL;
    tx.updateInput(index, { partialSig: [[publicKey, witnessSignature]] });
    tx.finalizeIdx(index);
  });
  const raw = tx.extract();
  if (tx.id !== prepared.txid)
    throw fail('BTC_PREPARED_MISMATCH', 'internal: the signed transaction has another txid than the prepared one');
  return Object.freeze({ hex: bytesToHex(raw), txid: tx.id, vsize: tx.vsize, fee: prepared.fee });
}
