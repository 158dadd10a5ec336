/**
 * The validator's key file: every secret the process holds, as one JSON object, readable by its
 * owner only.
 *
 * ```json
 * { "version": 1,
 *   "blsSecretKey": "<64 hex>",           BLS12-381 (min-pk): certifies result batches and peer keys
 *   "suiSecretKey": "suiprivkey1…",       Ed25519 Sui account: pays for the presign requests it sends
 *   "peerSecretKey": "<64 hex>",          Ed25519: signs every envelope sent to peers
 *   "shareEncryptionSecretKey": "<64 hex>", secp256k1 scalar in [1, n): decrypts the key shares the
 *                                         network encrypts to this validator (network-key DKG,
 *                                         resharing); its public point is the committee member's
 *                                         `share_encryption_key` on chain
 *   "networkKeys": [ { "curve": "secp256k1",
 *                      "thresholdKey": "<hex>",   public threshold CL key (encodeThresholdKey)
 *                      "keyShare": "<hex>" } ] }  this validator's CL key share (encodeKeyShare)
 * ```
 *
 * The file is refused unless its mode grants nothing to group and others (0600 or stricter), so
 * that a key share is never read from a file other users can read. Nothing here is ever logged:
 * errors name the file and the field, never a value.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { ClassGroupSetup } from '../mpc/classgroups/setup.ts';
import type { Curve } from '../mpc/curves/curve.ts';
import { type CurveName, getCurve, isCurveName } from '../mpc/curves/curve.ts';
import { decodeKeyShare, decodeThresholdKey, encodeKeyShare, encodeThresholdKey } from '../mpc/ecdsa/network-key/encoding.ts';
import { DWalletError } from '../mpc/errors.ts';
import type { ThresholdPublicKey } from '../mpc/threshold/keys.ts';
import type { PartyKeyShare } from '../mpc/threshold/secret-share.ts';
import { ValidatorError, ValidatorErrorCodes } from './errors.ts';

export const KEY_FILE_VERSION = 1;

export interface NetworkKeyShareEntry {
  readonly curve: CurveName;
  readonly thresholdKey: Uint8Array;
  readonly keyShare: Uint8Array;
}

export interface ValidatorKeys {
  readonly blsSecretKey: Uint8Array;
  readonly suiKeypair: Ed25519Keypair;
  readonly peerSecretKey: Uint8Array;
  /** The secp256k1 scalar (32 bytes big-endian, in [1, n)) of the validator's share-encryption key. */
  readonly shareEncryptionSecretKey: Uint8Array;
  readonly networkKeys: readonly NetworkKeyShareEntry[];
}

/** The on-chain share-encryption key (33-byte compressed secp256k1 point) of a secret scalar. */
export function shareEncryptionPublicKey(secretKey: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(secretKey, true);
}

/** Whether 32 big-endian bytes are a secp256k1 scalar in [1, n). */
function isSecp256k1Scalar(bytes: Uint8Array): boolean {
  const value = BigInt(`0x${bytesToHex(bytes)}`);
  return value >= 1n && value < secp256k1.Point.CURVE().n;
}

/** A network key share decoded against its class-group setup. */
export interface LoadedKeyShare {
  readonly curve: Curve;
  readonly thresholdKey: ThresholdPublicKey;
  readonly keyShare: PartyKeyShare;
}

function invalid(path: string, field: string, problem: string): never {
  throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_KEY_FILE_INVALID, `key file ${path}: ${field} ${problem}`, { path, field });
}

function hexField(path: string, object: Record<string, unknown>, field: string, length?: number): Uint8Array {
  const value = object[field];
  if (typeof value !== 'string' || !/^([0-9a-f]{2})+$/.test(value)) invalid(path, field, 'must be lowercase hex');
  const bytes = hexToBytes(value);
  if (length !== undefined && bytes.length !== length) invalid(path, field, `must be ${length} bytes`);
  return bytes;
}

/** Throws unless the file at `path` grants no permission to group or others. */
export function assertPrivateFile(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new ValidatorError(
      ValidatorErrorCodes.VALIDATOR_KEY_FILE_UNREADABLE,
      `key file ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      { path },
      { cause: error },
    );
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new ValidatorError(
      ValidatorErrorCodes.VALIDATOR_KEY_FILE_PERMISSIONS,
      `key file ${path} has mode ${octal}: it must not be readable or writable by group or others (chmod 600 ${path})`,
      { path, mode: octal },
    );
  }
}

/** Reads and validates the key file (permissions first, then every field). */
export function readKeyFile(path: string): ValidatorKeys {
  assertPrivateFile(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidatorError(
      ValidatorErrorCodes.VALIDATOR_KEY_FILE_INVALID,
      `key file ${path} is not JSON`,
      { path },
      {
        cause: error instanceof SyntaxError ? undefined : error,
      },
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) invalid(path, 'the file', 'must hold a JSON object');
  const object = parsed as Record<string, unknown>;
  const known = new Set(['version', 'blsSecretKey', 'suiSecretKey', 'peerSecretKey', 'shareEncryptionSecretKey', 'networkKeys']);
  for (const key of Object.keys(object)) if (!known.has(key)) invalid(path, key, 'is not a field of a key file');
  if (object.version !== KEY_FILE_VERSION) invalid(path, 'version', `must be ${KEY_FILE_VERSION}`);
  const blsSecretKey = hexField(path, object, 'blsSecretKey', 32);
  const peerSecretKey = hexField(path, object, 'peerSecretKey', 32);
  const shareEncryptionSecretKey = hexField(path, object, 'shareEncryptionSecretKey', 32);
  if (!isSecp256k1Scalar(shareEncryptionSecretKey)) invalid(path, 'shareEncryptionSecretKey', 'must be a secp256k1 scalar in [1, n)');
  if (typeof object.suiSecretKey !== 'string') invalid(path, 'suiSecretKey', 'must be a suiprivkey string');
  let suiKeypair: Ed25519Keypair;
  try {
    suiKeypair = Ed25519Keypair.fromSecretKey(object.suiSecretKey as string);
  } catch {
    invalid(path, 'suiSecretKey', 'is not an Ed25519 suiprivkey');
  }
  if (!Array.isArray(object.networkKeys)) invalid(path, 'networkKeys', 'must be a list');
  const seen = new Set<string>();
  const networkKeys = (object.networkKeys as unknown[]).map((entry, i): NetworkKeyShareEntry => {
    const field = `networkKeys[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) invalid(path, field, 'must be an object');
    const record = entry as Record<string, unknown>;
    if (!isCurveName(record.curve)) invalid(path, `${field}.curve`, 'must be secp256k1, p256 or ed25519');
    if (seen.has(record.curve as string)) invalid(path, `${field}.curve`, 'appears twice');
    seen.add(record.curve as string);
    return {
      curve: record.curve as CurveName,
      thresholdKey: hexField(path, record, 'thresholdKey'),
      keyShare: hexField(path, record, 'keyShare'),
    };
  });
  return { blsSecretKey, suiKeypair, peerSecretKey, shareEncryptionSecretKey, networkKeys };
}

/** Decodes the key share of one entry against the setup of its curve. */
export function loadKeyShare(path: string, entry: NetworkKeyShareEntry, setup: ClassGroupSetup): LoadedKeyShare {
  const curve = getCurve(entry.curve);
  try {
    const thresholdKey = decodeThresholdKey(curve, setup, entry.thresholdKey);
    const keyShare = decodeKeyShare(curve, thresholdKey, entry.keyShare);
    return { curve, thresholdKey, keyShare };
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    throw new ValidatorError(
      ValidatorErrorCodes.VALIDATOR_KEY_FILE_INVALID,
      `key file ${path}: the ${entry.curve} key share does not decode (${error.code})`,
      { path, curve: entry.curve, cause: error.code },
    );
  }
}

/** The JSON text of a key file. */
export function keyFileText(keys: {
  blsSecretKey: Uint8Array;
  suiKeypair: Ed25519Keypair;
  peerSecretKey: Uint8Array;
  shareEncryptionSecretKey: Uint8Array;
  networkKeys: readonly { curve: Curve; thresholdKey: ThresholdPublicKey; keyShare: PartyKeyShare }[];
}): string {
  return `${JSON.stringify(
    {
      version: KEY_FILE_VERSION,
      blsSecretKey: bytesToHex(keys.blsSecretKey),
      suiSecretKey: keys.suiKeypair.getSecretKey(),
      peerSecretKey: bytesToHex(keys.peerSecretKey),
      shareEncryptionSecretKey: bytesToHex(keys.shareEncryptionSecretKey),
      networkKeys: keys.networkKeys.map((entry) => ({
        curve: entry.curve.name,
        thresholdKey: bytesToHex(encodeThresholdKey(entry.curve, entry.thresholdKey)),
        keyShare: bytesToHex(encodeKeyShare(entry.curve, entry.thresholdKey, entry.keyShare)),
      })),
    },
    null,
    2,
  )}\n`;
}
