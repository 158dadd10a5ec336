/**
 * The BIP-143 signature hash of a SegWit v0 input, computed here from the transaction's parts
 * (https://github.com/bitcoin/bips/blob/master/bip-0143.mediawiki, "Specification"):
 *
 *   preimage = nVersion (4, LE)
 *            ‖ hashPrevouts   = sha256d(‖ outpoint_i)              outpoint = txid (internal order, 32) ‖ vout (4, LE)
 *            ‖ hashSequence   = sha256d(‖ nSequence_i (4, LE))
 *            ‖ outpoint of this input (36)
 *            ‖ scriptCode of this input      P2WPKH: 0x19 76 a9 14 ‖ HASH160(pubkey) ‖ 88 ac
 *            ‖ amount spent by this input (8, LE)
 *            ‖ nSequence of this input (4, LE)
 *            ‖ hashOutputs    = sha256d(‖ amount_j (8, LE) ‖ compactSize(len) ‖ scriptPubKey_j)
 *            ‖ nLockTime (4, LE)
 *            ‖ sighash type (4, LE)
 *   sighash  = sha256d(preimage)
 *
 * Only SIGHASH_ALL (1) is offered: every input signs every input and output.
 *
 * The chain approves the preimage under hash scheme DOUBLE_SHA256 (2), so the network signs
 * sha256d(preimage), the sighash; or the sighash itself under PREHASHED (3).
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes } from '@noble/hashes/utils.js';

export const SIGHASH_ALL = 1;

export interface Bip143Outpoint {
  /** The previous transaction's id, as displayed (big-endian hex, 64 digits). */
  readonly txid: string;
  readonly vout: number;
  readonly sequence: number;
}

export interface Bip143Output {
  readonly script: Uint8Array;
  readonly amount: bigint;
}

export interface Bip143Transaction {
  readonly version: number;
  readonly inputs: readonly Bip143Outpoint[];
  readonly outputs: readonly Bip143Output[];
  readonly lockTime: number;
}

export function sha256d(bytes: Uint8Array): Uint8Array {
  return sha256(sha256(bytes));
}

/** A u32, 4 bytes little-endian (as every integer of a transaction). */
export function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}

/** A u64, 8 bytes little-endian (output amounts). */
export function u64le(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

/** Bitcoin's CompactSize length prefix. */
export function compactSize(length: number): Uint8Array {
  if (length < 0xfd) return Uint8Array.of(length);
  if (length <= 0xffff) return Uint8Array.of(0xfd, length & 0xff, length >>> 8);
  return concatBytes(Uint8Array.of(0xfe), u32le(length));
}

/** txid as displayed → the 32 bytes serialised in an outpoint (reversed). */
export function txidBytes(txid: string): Uint8Array {
  return hexToBytes(txid).reverse();
}

/** scriptCode of a P2WPKH input (BIP-143): the P2PKH script of the key hash, with its length prefix. */
export function p2wpkhScriptCode(publicKeyHash: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0x19, 0x76, 0xa9, 0x14), publicKeyHash, Uint8Array.of(0x88, 0xac));
}

/**
 * The BIP-143 preimage (SIGHASH_ALL) of input `index`, which spends `amount` under `scriptCode`
 * (serialised with its length prefix, e.g. {@link p2wpkhScriptCode}).
 */
export function bip143Preimage(tx: Bip143Transaction, index: number, scriptCode: Uint8Array, amount: bigint): Uint8Array {
  const input = tx.inputs[index];
  if (input === undefined) throw new RangeError(`input ${index} does not exist`);
  const outpoint = (i: Bip143Outpoint) => concatBytes(txidBytes(i.txid), u32le(i.vout));
  const hashPrevouts = sha256d(concatBytes(...tx.inputs.map(outpoint)));
  const hashSequence = sha256d(concatBytes(...tx.inputs.map((i) => u32le(i.sequence))));
  const hashOutputs = sha256d(concatBytes(...tx.outputs.map((o) => concatBytes(u64le(o.amount), compactSize(o.script.length), o.script))));
  return concatBytes(
    u32le(tx.version),
    hashPrevouts,
    hashSequence,
    outpoint(input),
    scriptCode,
    u64le(amount),
    u32le(input.sequence),
    hashOutputs,
    u32le(tx.lockTime),
    u32le(SIGHASH_ALL),
  );
}
