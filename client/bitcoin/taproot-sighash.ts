/**
 * The BIP-341 signature hash of a Taproot key-path input with SIGHASH_DEFAULT, computed here from
 * the transaction's parts (https://github.com/bitcoin/bips/blob/master/bip-0341.mediawiki,
 * "Common signature message", with hash_type 0x00, ext_flag 0 and no annex):
 *
 *   SigMsg  = hash_type (1) = 0x00
 *           ‖ nVersion (4, LE) ‖ nLockTime (4, LE)
 *           ‖ sha_prevouts      = SHA256(‖ outpoint_i)           outpoint = txid (internal order, 32) ‖ vout (4, LE)
 *           ‖ sha_amounts       = SHA256(‖ amount_i (8, LE))     the amounts of every spent output
 *           ‖ sha_scriptpubkeys = SHA256(‖ compactSize(len) ‖ scriptPubKey_i)  of every spent output
 *           ‖ sha_sequences     = SHA256(‖ nSequence_i (4, LE))
 *           ‖ sha_outputs       = SHA256(‖ amount_j (8, LE) ‖ compactSize(len) ‖ scriptPubKey_j)
 *           ‖ spend_type (1) = 0x00 (key path, no annex)
 *           ‖ input_index (4, LE)
 *   sighash = hash_TapSighash(0x00 ‖ SigMsg)            (epoch 0)
 *           = SHA256(SHA256("TapSighash") ‖ SHA256("TapSighash") ‖ 0x00 ‖ SigMsg)   (BIP-340 tagged hash)
 *
 * Unlike BIP-143 the hashes are single SHA-256, and every input commits to the amounts and
 * scripts of all spent outputs (so a signer need not trust the amounts it is told).
 *
 * The network signs the sighash itself under hash scheme PREHASHED (3). Because the tagged hash
 * is one SHA-256 of a byte string, the chain can instead approve that string (`preimage` below)
 * under SHA256 (1): the network then signs SHA-256(preimage), the same sighash, and an on-chain
 * policy can read the transaction it approves.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { compactSize, txidBytes, u32le, u64le } from './sighash.ts';

/** BIP-341 SIGHASH_DEFAULT: like SIGHASH_ALL, and the signature carries no sighash byte. */
export const SIGHASH_DEFAULT = 0;

export interface Bip341Input {
  /** The previous transaction's id, as displayed (big-endian hex, 64 digits). */
  readonly txid: string;
  readonly vout: number;
  readonly sequence: number;
  /** The amount of the spent output. */
  readonly amount: bigint;
  /** The scriptPubKey of the spent output. */
  readonly script: Uint8Array;
}

export interface Bip341Transaction {
  readonly version: number;
  readonly inputs: readonly Bip341Input[];
  readonly outputs: readonly { readonly script: Uint8Array; readonly amount: bigint }[];
  readonly lockTime: number;
}

const TAP_SIGHASH_TAG = sha256(utf8ToBytes('TapSighash'));

/** BIP-341 SigMsg(0x00, 0) of input `index`: key-path spend, SIGHASH_DEFAULT, no annex. */
export function taprootSigMsg(tx: Bip341Transaction, index: number): Uint8Array {
  if (tx.inputs[index] === undefined) throw new RangeError(`input ${index} does not exist`);
  const shaPrevouts = sha256(concatBytes(...tx.inputs.map((i) => concatBytes(txidBytes(i.txid), u32le(i.vout)))));
  const shaAmounts = sha256(concatBytes(...tx.inputs.map((i) => u64le(i.amount))));
  const shaScriptPubkeys = sha256(concatBytes(...tx.inputs.map((i) => concatBytes(compactSize(i.script.length), i.script))));
  const shaSequences = sha256(concatBytes(...tx.inputs.map((i) => u32le(i.sequence))));
  const shaOutputs = sha256(concatBytes(...tx.outputs.map((o) => concatBytes(u64le(o.amount), compactSize(o.script.length), o.script))));
  return concatBytes(
    Uint8Array.of(SIGHASH_DEFAULT),
    u32le(tx.version),
    u32le(tx.lockTime),
    shaPrevouts,
    shaAmounts,
    shaScriptPubkeys,
    shaSequences,
    shaOutputs,
    Uint8Array.of(0), // spend_type = ext_flag · 2 + annex_present = 0
    u32le(index),
  );
}

/**
 * The bytes whose SHA-256 is input `index`'s sighash: SHA256("TapSighash") twice ‖ epoch 0x00 ‖
 * SigMsg (the BIP-340 tagged hash written out).
 */
export function taprootSighashPreimage(tx: Bip341Transaction, index: number): Uint8Array {
  return concatBytes(TAP_SIGHASH_TAG, TAP_SIGHASH_TAG, Uint8Array.of(0), taprootSigMsg(tx, index));
}

/** hash_TapSighash(0x00 ‖ SigMsg) of input `index`: the 32-byte BIP-340 message its signature covers. */
export function taprootSighash(tx: Bip341Transaction, index: number): Uint8Array {
  return sha256(taprootSighashPreimage(tx, index));
}
