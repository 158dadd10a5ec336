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
 * Fees are explicit (the checks of ./spend-request.ts): the caller gives the fee, and either a
 * change address that receives inputs − outputs − fee, or outputs that leave exactly the fee.
 * Nothing talks to a network: the inputs (outpoints and amounts) come from the caller. Only
 * SIGHASH_ALL is signed.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Transaction } from '@scure/btc-signer';
import { HashScheme } from '../../chain/constants.ts';
import { decodeNetworkSignature } from '../chains/signature.ts';
import { bitcoinP2wpkhPayment, type P2wpkhPayment } from './address.ts';
import { estimateP2wpkhVsize } from './amounts.ts';
import type { BitcoinNetwork } from './network.ts';
import { type Bip143Transaction, bip143Preimage, p2wpkhScriptCode, SIGHASH_ALL, sha256d } from './sighash.ts';
import {
  type BitcoinSpendInput,
  type BitcoinSpendOutput,
  type BitcoinSpendRequest,
  DEFAULT_MAX_FEE_RATE,
  fail,
  type ValidatedBitcoinSpend,
  validateBitcoinSpend,
} from './spend-request.ts';

export { DEFAULT_MAX_FEE_RATE };

export const TRANSACTION_VERSION = 2;

/** An output of the dWallet's P2WPKH address to spend. */
export type P2wpkhInput = BitcoinSpendInput;

export type P2wpkhOutput = BitcoinSpendOutput;

export interface P2wpkhTransactionRequest extends BitcoinSpendRequest {
  /** The dWallet's secp256k1 public key (33 or 65 bytes); every input pays its P2WPKH address. */
  publicKey: Uint8Array;
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

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** A request, checked (./spend-request.ts), with the size of its P2WPKH spend. */
export type ValidatedP2wpkhRequest = ValidatedBitcoinSpend;

/**
 * Every check of a request that needs no key — network, amounts, outpoints, duplicate inputs,
 * addresses of the network, dust, funds, fee — so that a caller can refuse a bad transaction
 * before asking anyone to sign it. {@link prepareP2wpkhTransaction} runs it too.
 */
export function validateP2wpkhRequest(request: Omit<P2wpkhTransactionRequest, 'publicKey'>): ValidatedP2wpkhRequest {
  return validateBitcoinSpend(request, estimateP2wpkhVsize);
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
 * The unsigned version-2 transaction of a validated spend whose inputs are outputs of `script`
 * (the dWallet's P2WPKH or P2TR script), each input carrying `inputFields` too (a key-path P2TR
 * input's internal key, BIP-371); its fee is checked against the validated one.
 */
export function unsignedSpendTransaction(
  spend: Pick<ValidatedBitcoinSpend, 'inputs' | 'outputs' | 'fee' | 'lockTime'>,
  script: Uint8Array,
  inputFields: { readonly tapInternalKey?: Uint8Array } = {},
): Transaction {
  const tx = new Transaction({ version: TRANSACTION_VERSION, lockTime: spend.lockTime });
  for (const input of spend.inputs) {
    tx.addInput({
      txid: input.txid,
      index: input.vout,
      sequence: input.sequence,
      witnessUtxo: { script, amount: input.amount },
      ...inputFields,
    });
  }
  for (const output of spend.outputs) tx.addOutput({ script: output.script, amount: output.amount });
  if (tx.fee !== spend.fee) throw fail('BTC_PREPARED_MISMATCH', `internal: the transaction's fee is ${tx.fee} sat, not ${spend.fee} sat`);
  return tx;
}

/**
 * What the network must sign for a transaction spending the dWallet's P2WPKH outputs: one
 * message (BIP-143 preimage, DOUBLE_SHA256) per input.
 */
export function prepareP2wpkhTransaction(request: P2wpkhTransactionRequest): PreparedP2wpkhTransaction {
  if (typeof request !== 'object' || request === null) throw fail('BTC_INVALID_TRANSACTION', 'the request must be an object');
  const payment = bitcoinP2wpkhPayment(request.publicKey, request.network);
  const { network, inputs, outputs, fee, lockTime, change, estimatedVsize } = validateP2wpkhRequest(request);
  const tx = unsignedSpendTransaction({ inputs, outputs, fee, lockTime }, payment.script);

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
