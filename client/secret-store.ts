/**
 * Where the user's half of each dWallet is kept: the secret share x_A, and the dWallet output it
 * belongs to. Losing x_A loses the dWallet (the network alone cannot sign), so the SDK writes it
 * BEFORE the request that creates the dWallet is sent, and marks it active once the network has
 * accepted it.
 *
 * Keys: a record is stored under its dWallet id (`0x…`, 64 hex). While the creation request is in
 * flight the dWallet id is not known yet (the chain assigns it when the transaction executes), so
 * the record is first written under its session id (`session-<64 hex>`, derived from the
 * request's preimage before sending) and moved to the dWallet id as soon as the transaction's
 * event names it. If the process dies in between, the share is still on disk under the session id
 * (see `DWalletClient.recoverPending`).
 *
 * `FileSecretShareStore(dir)` (client/file-secret-store.ts, Node only): one JSON file per key in `dir` (created with mode 0700; files 0600),
 * written atomically (temporary file, fsync, rename, fsync of the folder), validated on every read
 * (shape, hex, ranges, and a SHA-256 checksum over the content, so a truncated or edited file is
 * reported as SECRET_STORE_INVALID instead of yielding a wrong share).
 *
 * The secret share is a secret: the SDK never logs it nor puts it in an error (records are plain
 * objects: do not log them either). It is kept as a BigInt, and the signing code does BigInt arithmetic on it
 * (mod q), which is variable-time: the timing is observable only on the user's own machine.
 * This store's files are plaintext at rest, protected by file permissions only; with a passphrase,
 * `EncryptedFileSecretShareStore` (client/encrypted-secret-store.ts) keeps the same files encrypted,
 * and `openSecretShareStore` picks the one a folder needs. A plaintext store refuses an encrypted
 * folder (SECRET_STORE_PASSPHRASE_REQUIRED) rather than write plaintext records into it. In a
 * browser, client/browser/secret-store/ keeps the same sealed records in IndexedDB.
 *
 * This module has no I/O and no `node:` import (a browser bundles it): the record format, its
 * checks, the interface and the memory store.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { type CurveName, getCurve, isCurveName } from '../mpc/curves/curve.ts';
import { findSigningScheme, type SignatureAlgorithmName } from '../mpc/signing/algorithms.ts';
import { assertStoreKey, isDWalletKey, isSessionKey, storeInvalid } from './secret-store-keys.ts';

export { assertStoreKey, SECRET_STORE_HEADER_FILE } from './secret-store-keys.ts';

export const SECRET_RECORD_VERSION = 1;

export type SecretRecordState = 'pending' | 'active' | 'rejected';

/** The user's half of one dWallet. */
export interface SecretShareRecord {
  /** Null while the creation request is in flight (stored under `session-<sessionId>`). */
  readonly dwalletId: string | null;
  readonly capId: string | null;
  /** The creation session's id, hex (64). */
  readonly sessionId: string;
  readonly curve: CurveName;
  /** The dWallet's signature algorithm, fixed at creation (a signing scheme of its curve). */
  readonly algorithm: SignatureAlgorithmName;
  readonly networkKeyId: string;
  readonly imported: boolean;
  readonly state: SecretRecordState;
  /** x_A: never log it. */
  readonly secretShare: bigint;
  /** The dWallet output as encoded on chain (`encodeDWalletOutput`). */
  readonly output: Uint8Array;
  /** X: SEC1 compressed (33 bytes) on secp256k1 and P-256, 32 bytes on ed25519. */
  readonly publicKey: Uint8Array;
  /** ISO 8601. */
  readonly createdAt: string;
}

export interface SecretShareStore {
  /** Writes (or replaces) the record under `key` durably before resolving. */
  put(key: string, record: SecretShareRecord): Promise<void>;
  /** The record under `key`; undefined when there is none; SECRET_STORE_INVALID when it is corrupt. */
  get(key: string): Promise<SecretShareRecord | undefined>;
  delete(key: string): Promise<void>;
  /** Every key held, sorted. */
  keys(): Promise<string[]>;
}

/** The key of a record whose creation request is in flight. */
export function pendingKey(sessionId: string): string {
  return `session-${sessionId.replace(/^0x/, '').toLowerCase()}`;
}

interface RecordJson {
  version: number;
  dwalletId: string | null;
  capId: string | null;
  sessionId: string;
  curve: string;
  /** Absent in records written before Taproot and EdDSA existed: those are ECDSA. */
  algorithm?: string;
  networkKeyId: string;
  imported: boolean;
  state: string;
  secretShare: string;
  output: string;
  publicKey: string;
  createdAt: string;
  checksum: string;
}

function checksumOf(fields: Omit<RecordJson, 'checksum'>): string {
  return bytesToHex(sha256(utf8ToBytes(`dwallet/secret-share-record/v1\n${JSON.stringify(fields)}`)));
}

/** Checks a record's fields (shape, ranges); throws SECRET_STORE_INVALID naming the field. */
export function validateRecord(key: string, record: SecretShareRecord): SecretShareRecord {
  const fail = (field: string, message: string) => storeInvalid(key, `${field}: ${message}`);
  const id = (value: unknown, field: string, nullable: boolean) => {
    if (value === null && nullable) return;
    if (typeof value !== 'string' || !isDWalletKey(value)) throw fail(field, 'not a 0x-prefixed 64-hex id');
  };
  id(record.dwalletId, 'dwalletId', true);
  id(record.capId, 'capId', true);
  id(record.networkKeyId, 'networkKeyId', false);
  if (typeof record.sessionId !== 'string' || !/^[0-9a-f]{64}$/.test(record.sessionId)) throw fail('sessionId', 'not 64 hex');
  if (!isCurveName(record.curve)) throw fail('curve', 'not secp256k1, p256 or ed25519');
  if (findSigningScheme(record.curve, record.algorithm) === undefined)
    throw fail('algorithm', `not a signature algorithm of ${record.curve}`);
  if (typeof record.imported !== 'boolean') throw fail('imported', 'not a boolean');
  if (!['pending', 'active', 'rejected'].includes(record.state)) throw fail('state', 'not pending, active or rejected');
  const curve = getCurve(record.curve);
  const q = curve.order;
  if (typeof record.secretShare !== 'bigint' || record.secretShare <= 0n || record.secretShare >= q) {
    throw fail('secretShare', 'out of range for the curve');
  }
  if (!(record.output instanceof Uint8Array) || record.output.length === 0) throw fail('output', 'empty');
  if (!(record.publicKey instanceof Uint8Array) || record.publicKey.length !== curve.pointBytes) {
    throw fail('publicKey', `not ${curve.pointBytes} bytes`);
  }
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) throw fail('createdAt', 'not a date');
  if (record.dwalletId !== null && isDWalletKey(key) && record.dwalletId !== key) throw fail('dwalletId', 'does not match its key');
  if (isSessionKey(key) && key !== pendingKey(record.sessionId)) throw fail('sessionId', 'does not match its key');
  return record;
}

/** The file's JSON text of a record (with its checksum). The secret share is in it: write it only to the store. */
export function encodeRecord(key: string, record: SecretShareRecord): string {
  validateRecord(key, record);
  const fields: Omit<RecordJson, 'checksum'> = {
    version: SECRET_RECORD_VERSION,
    dwalletId: record.dwalletId,
    capId: record.capId,
    sessionId: record.sessionId,
    curve: record.curve,
    algorithm: record.algorithm,
    networkKeyId: record.networkKeyId,
    imported: record.imported,
    state: record.state,
    secretShare: record.secretShare.toString(16),
    output: bytesToHex(record.output),
    publicKey: bytesToHex(record.publicKey),
    createdAt: record.createdAt,
  };
  return `${JSON.stringify({ ...fields, checksum: checksumOf(fields) }, null, 2)}\n`;
}

/** Parses and checks a record file's text. */
export function decodeRecord(key: string, text: string): SecretShareRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw storeInvalid(key, 'not JSON (truncated or corrupt)', error);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw storeInvalid(key, 'not a JSON object');
  const raw = json as Partial<RecordJson>;
  if (raw.version !== SECRET_RECORD_VERSION) throw storeInvalid(key, `version ${String(raw.version)} is not ${SECRET_RECORD_VERSION}`);
  const expectedKeys = [
    'version',
    'dwalletId',
    'capId',
    'sessionId',
    'curve',
    'networkKeyId',
    'imported',
    'state',
    'secretShare',
    'output',
    'publicKey',
    'createdAt',
    'checksum',
  ];
  const keys = Object.keys(raw);
  // A record written before Taproot and EdDSA existed has no algorithm field (an ECDSA dWallet).
  if (keys.includes('algorithm')) expectedKeys.splice(5, 0, 'algorithm');
  if (keys.length !== expectedKeys.length || !expectedKeys.every((k) => keys.includes(k))) {
    throw storeInvalid(key, `fields must be exactly ${expectedKeys.join(', ')}`);
  }
  const { checksum, ...fields } = raw as RecordJson;
  if (typeof checksum !== 'string' || checksum !== checksumOf(fields)) throw storeInvalid(key, 'checksum mismatch (the file was altered)');
  const hex = (value: unknown, field: string) => {
    if (typeof value !== 'string' || !/^([0-9a-f]{2})*$/.test(value)) throw storeInvalid(key, `${field}: not lowercase hex`);
    return hexToBytes(value);
  };
  if (typeof fields.secretShare !== 'string' || !/^[0-9a-f]{1,64}$/.test(fields.secretShare)) {
    throw storeInvalid(key, 'secretShare: not hex');
  }
  const record: SecretShareRecord = {
    dwalletId: fields.dwalletId,
    capId: fields.capId,
    sessionId: fields.sessionId,
    curve: fields.curve as CurveName,
    algorithm: (fields.algorithm ?? 'ecdsa') as SignatureAlgorithmName,
    networkKeyId: fields.networkKeyId,
    imported: fields.imported,
    state: fields.state as SecretRecordState,
    secretShare: BigInt(`0x${fields.secretShare}`),
    output: hex(fields.output, 'output'),
    publicKey: hex(fields.publicKey, 'publicKey'),
    createdAt: fields.createdAt,
  };
  return validateRecord(key, record);
}

function cloneRecord(record: SecretShareRecord): SecretShareRecord {
  return { ...record, output: record.output.slice(), publicKey: record.publicKey.slice() };
}

/** A store in memory (tests, short-lived processes, or a cache in front of another store). */
export class MemorySecretShareStore implements SecretShareStore {
  readonly #records = new Map<string, SecretShareRecord>();

  async put(key: string, record: SecretShareRecord): Promise<void> {
    assertStoreKey(key);
    validateRecord(key, record);
    this.#records.set(key, cloneRecord(record));
  }

  async get(key: string): Promise<SecretShareRecord | undefined> {
    assertStoreKey(key);
    const record = this.#records.get(key);
    return record === undefined ? undefined : cloneRecord(record);
  }

  async delete(key: string): Promise<void> {
    assertStoreKey(key);
    this.#records.delete(key);
  }

  async keys(): Promise<string[]> {
    return [...this.#records.keys()].sort();
  }
}
