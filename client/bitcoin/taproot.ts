/**
 * Bitcoin transactions spending a Taproot dWallet's P2TR outputs by the key path (BIP-341 with the
 * BIP-86 tweak, PROTOCOL-EXTENSIONS.md §9.1): the dWallet key X is the internal key, every input
 * is signed by one BIP-340 signature under the output key x(Q), with SIGHASH_DEFAULT.
 *
 *   prepareTaprootSpend(request)  validates the request (the same checks as the P2WPKH helper,
 *       ./spend-request.ts, with the exact size of a key-path spend), builds the transaction with
 *       @scure/btc-signer, and for every input returns what the network must sign: the BIP-341
 *       sighash (32 bytes) under hash scheme PREHASHED (3), and its tagged-hash preimage for
 *       SHA256 (1) instead. The sighash is computed in ./taproot-sighash.ts from the request and
 *       checked to equal the one btc-signer computes for the same input (`preimageWitnessV1`), so
 *       the two can never drift apart. It also returns x(Q), under which every signature must
 *       verify, and `finalize`.
 *   attachTaprootSignatures(prepared, signatures) (= prepared.finalize(signatures))  checks each
 *       64-byte signature with @noble/curves' BIP-340 verification against its input's sighash
 *       and x(Q), puts it as the input's only witness item (no sighash byte: SIGHASH_DEFAULT) with
 *       btc-signer and returns the raw transaction.
 *
 * All inputs must pay the dWallet's P2TR address: BIP-341 commits every input's signature to the
 * scripts and amounts of all spent outputs, which are the dWallet's script and the given amounts.
 * Nothing talks to a network.
 * @module
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { SigHash, Transaction } from '@scure/btc-signer';
import { HashScheme } from '../../chain/constants.ts';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';
import { bitcoinP2trPayment, type P2trPayment } from './address.ts';
import { estimateP2trKeySpendVsize } from './amounts.ts';
import type { BitcoinNetwork } from './network.ts';
import { type BitcoinSpendRequest, fail, type ValidatedBitcoinSpend, validateBitcoinSpend } from './spend-request.ts';
import { type Bip341Transaction, taprootSighashPreimage } from './taproot-sighash.ts';
import { type SignedBitcoinTransaction, TRANSACTION_VERSION, unsignedSpendTransaction } from './transaction.ts';

/** BIP-340 signature length: x(R) ‖ s. */
export const TAPROOT_SIGNATURE_BYTES = 64;

export interface TaprootSpendRequest extends BitcoinSpendRequest {
  /** The Taproot dWallet's secp256k1 key X (33 bytes, or 65); every input pays its P2TR address. */
  publicKey: Uint8Array;
}

export interface PreparedTaprootInput {
  readonly index: number;
  readonly txid: string;
  readonly vout: number;
  readonly amount: bigint;
  readonly sequence: number;
  /** The BIP-341 SIGHASH_DEFAULT sighash: the 32-byte message the chain approves under PREHASHED. */
  readonly sighash: Uint8Array;
  readonly hashScheme: typeof HashScheme.PREHASHED;
  /** SHA256("TapSighash")² ‖ 0x00 ‖ SigMsg, whose SHA-256 is `sighash`: the message to approve under SHA256 instead. */
  readonly preimage: Uint8Array;
}

export interface PreparedTaprootSpend {
  readonly network: BitcoinNetwork;
  /** The compressed dWallet key X (the internal key is its x coordinate). */
  readonly publicKey: Uint8Array;
  readonly address: string;
  readonly scriptPubKey: Uint8Array;
  /** x(X), the BIP-341 internal key. */
  readonly internalKey: Uint8Array;
  /** x(Q), the tweaked output key: every signature must verify under it (BIP-340). */
  readonly outputKey: Uint8Array;
  /** The unsigned transaction as a PSBT (btc-signer's serialisation): the state attach resumes from. */
  readonly psbt: Uint8Array;
  /** The unsigned transaction without witnesses (hex). */
  readonly unsignedHex: string;
  /** The final txid: witnesses do not change it, so it is known before signing. */
  readonly txid: string;
  readonly fee: bigint;
  /** The change output, if any (its index is the last). */
  readonly change?: { readonly address: string; readonly amount: bigint; readonly index: number };
  /** The signed transaction's virtual size (exact: every witness is one 64-byte signature). */
  readonly vsize: number;
  readonly inputs: readonly PreparedTaprootInput[];
  /** {@link attachTaprootSignatures} of this prepared spend. */
  finalize(signatures: readonly Uint8Array[]): SignedBitcoinTransaction;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/**
 * Every check of a Taproot spend that needs no key (network, amounts, outpoints, duplicate inputs,
 * addresses, dust, funds, fee against the exact key-path size), before anyone is asked to sign.
 */
export function validateTaprootRequest(request: Omit<TaprootSpendRequest, 'publicKey'>): ValidatedBitcoinSpend {
  return validateBitcoinSpend(request, estimateP2trKeySpendVsize);
}

/** Each input's sighash (./taproot-sighash.ts) must be btc-signer's for the same input. */
function checkedSighash(tx: Transaction, description: Bip341Transaction, index: number) {
  const preimage = taprootSighashPreimage(description, index);
  const sighash = sha256(preimage);
  const library = tx.preimageWitnessV1(
    index,
    description.inputs.map((input) => input.script),
    SigHash.DEFAULT,
    description.inputs.map((input) => input.amount),
  );
  if (!bytesEqual(sighash, library)) {
    throw fail('BTC_SIGHASH_MISMATCH', `input ${index}: the BIP-341 sighash does not equal @scure/btc-signer's`, { index });
  }
  return { preimage, sighash };
}

/**
 * What the network must sign for a transaction spending the dWallet's P2TR outputs by the key
 * path: one BIP-341 sighash (PREHASHED) per input, and x(Q) to check the signatures under.
 */
export function prepareTaprootSpend(request: TaprootSpendRequest): PreparedTaprootSpend {
  if (typeof request !== 'object' || request === null) throw fail('BTC_INVALID_TRANSACTION', 'the request must be an object');
  const payment = bitcoinP2trPayment(request.publicKey, request.network);
  const { network, inputs, outputs, fee, lockTime, change, estimatedVsize } = validateTaprootRequest(request);
  // BIP-371: the internal key of a key-path input (no merkle root: BIP-86)
  const tx = unsignedSpendTransaction({ inputs, outputs, fee, lockTime }, payment.script, { tapInternalKey: payment.internalKey });

  const description: Bip341Transaction = {
    version: TRANSACTION_VERSION,
    inputs: inputs.map((input) => ({ ...input, script: payment.script })),
    outputs,
    lockTime,
  };
  const prepared = inputs.map((input, index): PreparedTaprootInput => {
    const { preimage, sighash } = checkedSighash(tx, description, index);
    return Object.freeze({ index, ...input, sighash, hashScheme: HashScheme.PREHASHED, preimage });
  });
  const spend: PreparedTaprootSpend = Object.freeze({
    network,
    publicKey: payment.publicKey,
    address: payment.address,
    scriptPubKey: payment.script,
    internalKey: payment.internalKey,
    outputKey: payment.outputKey,
    psbt: tx.toPSBT(),
    unsignedHex: bytesToHex(tx.toBytes(true, false)),
    txid: tx.id,
    fee,
    ...(change === undefined ? {} : { change: Object.freeze(change) }),
    vsize: estimatedVsize,
    inputs: Object.freeze(prepared),
    finalize: (signatures: readonly Uint8Array[]) => attachTaprootSignatures(spend, signatures),
  });
  return spend;
}

/** The transaction of a prepared spend, checked against everything else it carries. */
function restore(prepared: PreparedTaprootSpend): { tx: Transaction; payment: P2trPayment } {
  const mismatch = (message: string) => fail('BTC_PREPARED_MISMATCH', `the prepared transaction is inconsistent: ${message}`);
  if (typeof prepared !== 'object' || prepared === null || !(prepared.psbt instanceof Uint8Array) || !Array.isArray(prepared.inputs)) {
    throw mismatch('not a prepared Taproot spend');
  }
  const payment = bitcoinP2trPayment(prepared.publicKey, prepared.network);
  if (
    payment.address !== prepared.address ||
    !bytesEqual(payment.script, prepared.scriptPubKey) ||
    !(prepared.outputKey instanceof Uint8Array) ||
    !bytesEqual(payment.outputKey, prepared.outputKey)
  ) {
    throw mismatch('address, output key and public key differ');
  }
  let tx: Transaction;
  try {
    tx = Transaction.fromPSBT(prepared.psbt);
  } catch {
    throw mismatch('the PSBT does not parse');
  }
  if (tx.id !== prepared.txid || tx.inputsLength !== prepared.inputs.length || tx.fee !== prepared.fee)
    throw mismatch('txid, input count or fee differ');
  const scripts: Uint8Array[] = [];
  const amounts: bigint[] = [];
  for (let index = 0; index < tx.inputsLength; index++) {
    const input = tx.getInput(index);
    const entry = prepared.inputs[index];
    const utxo = input.witnessUtxo;
    if (
      entry === undefined ||
      utxo === undefined ||
      !bytesEqual(utxo.script, payment.script) ||
      utxo.amount !== entry.amount ||
      input.tapInternalKey === undefined ||
      !bytesEqual(input.tapInternalKey, payment.internalKey)
    ) {
      throw mismatch(`input ${index} does not spend the dWallet's P2TR output of the stated amount`);
    }
    scripts.push(utxo.script);
    amounts.push(utxo.amount);
  }
  prepared.inputs.forEach((entry, index) => {
    const sighash = tx.preimageWitnessV1(index, scripts, SigHash.DEFAULT, amounts);
    if (
      !(entry.sighash instanceof Uint8Array) ||
      !(entry.preimage instanceof Uint8Array) ||
      !bytesEqual(entry.sighash, sighash) ||
      !bytesEqual(sha256(entry.preimage), sighash)
    ) {
      throw mismatch(`input ${index}: sighash or preimage is not the input's BIP-341 sighash`);
    }
  });
  return { tx, payment };
}

/**
 * The broadcastable transaction from the network's signatures, one 64-byte BIP-340 signature
 * x(R) ‖ s per input in input order. Each is checked to verify under x(Q) against its input's
 * sighash before it is put in the witness.
 */
export function attachTaprootSignatures(prepared: PreparedTaprootSpend, signatures: readonly Uint8Array[]): SignedBitcoinTransaction {
  const { tx, payment } = restore(prepared);
  if (!Array.isArray(signatures) || signatures.length !== tx.inputsLength) {
    throw fail(
      'BTC_SIGNATURE_COUNT',
      `expected ${tx.inputsLength} signatures (one per input), got ${Array.isArray(signatures) ? signatures.length : 'none'}`,
      { expected: tx.inputsLength, got: Array.isArray(signatures) ? signatures.length : null },
    );
  }
  signatures.forEach((signature, index) => {
    if (!(signature instanceof Uint8Array) || signature.length !== TAPROOT_SIGNATURE_BYTES) {
      throw new ChainHelperError(
        ChainHelperErrorCodes.SIGNATURE_MALFORMED,
        `signature ${index}: a BIP-340 signature is ${TAPROOT_SIGNATURE_BYTES} bytes x(R) ‖ s`,
        { index, length: signature instanceof Uint8Array ? signature.length : null },
      );
    }
    const sighash = (prepared.inputs[index] as PreparedTaprootInput).sighash;
    // BIP-340 Verify: also false for x(R) ≥ p or s ≥ n
    if (!schnorr.verify(signature, sighash, payment.outputKey)) {
      throw fail('BTC_SIGNATURE_INVALID', `signature ${index} does not verify under x(Q) against input ${index}'s sighash`, { index });
    }
    // SIGHASH_DEFAULT: the 64-byte signature without a sighash byte (BIP-341)
    tx.updateInput(index, { tapKeySig: signature.slice() });
    tx.finalizeIdx(index);
  });
  const raw = tx.extract();
  if (tx.id !== prepared.txid || tx.vsize !== prepared.vsize)
    throw fail('BTC_PREPARED_MISMATCH', 'internal: the signed transaction has another txid or size than the prepared one');
  return Object.freeze({ hex: bytesToHex(raw), txid: tx.id, vsize: tx.vsize, fee: prepared.fee });
}
