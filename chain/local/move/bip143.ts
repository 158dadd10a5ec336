/**
 * Mirror of `move/sources/bip143.move`: BIP-143 signature hashes (SIGHASH_ALL) of P2WPKH spends,
 * line by line with the Move code, with the same checks in the same order and the same aborts.
 * Fixed-width integers are written with their BCS (little-endian) encoding as the Move code does
 * with `std::bcs::to_bytes`; SHA-256 is `@noble/hashes`' (Sui's native `std::hash::sha2_256`).
 * @module
 */
import { bcs } from '@mysten/sui/bcs';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import type { Bip143InputValue, Bip143OutputValue } from '../../schemas/bip143.ts';
import { check } from './abort.ts';
import { checkUint } from './integers.ts';

/** Length of a transaction id. */
const TXID_LENGTH = 32;
/** Length of a HASH160 (RIPEMD-160 of SHA-256) public-key hash. */
const PUBKEY_HASH_LENGTH = 20;
/** SIGHASH_ALL: the signature commits to every input and every output. */
export const SIGHASH_ALL = 1;

/** `bip143::Input` (fields private to the Move module: made by {@link new_input} only). */
export type Input = Readonly<Bip143InputValue>;
/** `bip143::Output`. */
export type Output = Readonly<Bip143OutputValue>;

/** An input; `txid` must be 32 bytes, in internal byte order. */
export function new_input(txid: Uint8Array, vout: number, value: bigint, sequence: number): Input {
  checkUint(vout, 32, 'vout');
  checkUint(value, 64, 'value');
  checkUint(sequence, 32, 'sequence');
  check(txid.length === TXID_LENGTH, 'bip143', 'EInvalidTxidLength');
  return { txid: txid.slice(), vout, value, sequence };
}

export function new_output(value: bigint, script_pubkey: Uint8Array): Output {
  checkUint(value, 64, 'value');
  return { value, script_pubkey: script_pubkey.slice() };
}

export function input_txid(self: Input): Uint8Array {
  return self.txid;
}

export function input_vout(self: Input): number {
  return self.vout;
}

export function input_value(self: Input): bigint {
  return self.value;
}

export function input_sequence(self: Input): number {
  return self.sequence;
}

export function output_value(self: Output): bigint {
  return self.value;
}

export function output_script_pubkey(self: Output): Uint8Array {
  return self.script_pubkey;
}

/** The scriptPubKey paying a P2WPKH address (BIP-141): `OP_0 <20-byte pubkey hash>`. */
export function p2wpkh_script_pubkey(pubkey_hash: Uint8Array): Uint8Array {
  check(pubkey_hash.length === PUBKEY_HASH_LENGTH, 'bip143', 'EInvalidPubkeyHashLength');
  return concatBytes(Uint8Array.of(0x00, 0x14), pubkey_hash);
}

/**
 * The BIP-143 preimage (SIGHASH_ALL) for input `input_index`, which spends a P2WPKH output of
 * `pubkey_hash`, of the transaction (`version`, `inputs`, `outputs`, `lock_time`).
 */
export function p2wpkh_sighash_preimage(
  version: number,
  inputs: readonly Input[],
  input_index: bigint,
  pubkey_hash: Uint8Array,
  outputs: readonly Output[],
  lock_time: number,
): Uint8Array {
  checkUint(version, 32, 'version');
  checkUint(input_index, 64, 'input_index');
  checkUint(lock_time, 32, 'lock_time');
  check(inputs.length > 0, 'bip143', 'ENoInputs');
  check(outputs.length > 0, 'bip143', 'ENoOutputs');
  check(input_index < BigInt(inputs.length), 'bip143', 'EInputIndexOutOfRange');
  check(pubkey_hash.length === PUBKEY_HASH_LENGTH, 'bip143', 'EInvalidPubkeyHashLength');
  const prevouts: Uint8Array[] = [];
  const sequences: Uint8Array[] = [];
  for (const input of inputs) {
    prevouts.push(outpoint(input));
    sequences.push(u32(input.sequence));
  }
  const serialized_outputs: Uint8Array[] = [];
  for (const output of outputs) {
    serialized_outputs.push(u64(output.value));
    serialized_outputs.push(compact_size(BigInt(output.script_pubkey.length)));
    serialized_outputs.push(output.script_pubkey);
  }
  const input = inputs[Number(input_index)] as Input;
  return concatBytes(
    u32(version),
    double_sha256(concatBytes(...prevouts)),
    double_sha256(concatBytes(...sequences)),
    outpoint(input),
    Uint8Array.of(0x19, 0x76, 0xa9, 0x14),
    pubkey_hash,
    Uint8Array.of(0x88, 0xac),
    u64(input.value),
    u32(input.sequence),
    double_sha256(concatBytes(...serialized_outputs)),
    u32(lock_time),
    u32(SIGHASH_ALL),
  );
}

/** The digest the signature of an input signs: `SHA256(SHA256(preimage))`. */
export function sighash(preimage: Uint8Array): Uint8Array {
  return double_sha256(preimage);
}

/** `txid ‖ vout` (4 bytes LE), the serialized outpoint. */
function outpoint(input: Input): Uint8Array {
  return concatBytes(input.txid, u32(input.vout));
}

/** Bitcoin's CompactSize: one byte below 0xfd, else 0xfd ‖ u16, 0xfe ‖ u32 or 0xff ‖ u64 (LE). */
function compact_size(value: bigint): Uint8Array {
  if (value < 0xfdn) return Uint8Array.of(Number(value));
  if (value <= 0xffffn) return concatBytes(Uint8Array.of(0xfd), bcs.u16().serialize(Number(value)).toBytes());
  if (value <= 0xffff_ffffn) return concatBytes(Uint8Array.of(0xfe), u32(Number(value)));
  return concatBytes(Uint8Array.of(0xff), u64(value));
}

function double_sha256(data: Uint8Array): Uint8Array {
  return sha256(sha256(data));
}

/** `std::bcs::to_bytes(&x)` of a u32: 4 bytes little endian. */
function u32(value: number): Uint8Array {
  return bcs.u32().serialize(value).toBytes();
}

/** `std::bcs::to_bytes(&x)` of a u64: 8 bytes little endian. */
function u64(value: bigint): Uint8Array {
  return bcs.u64().serialize(value).toBytes();
}
