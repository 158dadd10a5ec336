/**
 * The encryption of a secret share store at rest: the key derivation, the key-check value, the
 * sealed record and the store header. Formats and cryptography only — no I/O and no `node:`
 * module (WebCrypto's `globalThis.crypto.subtle`, @noble/hashes), so the same code can run in a
 * browser; client/encrypted-secret-store.ts keeps the files.
 *
 * Key. scrypt (RFC 7914) turns the passphrase — Unicode NFC (RFC 8265's rule for passwords), so
 * the same passphrase typed on two systems gives the same bytes — and the store's random 32-byte
 * salt into a 32-byte master key, at the store's cost {N, r, p} (default N = 2^17, r = 8, p = 1:
 * 128 MiB and about 1.5 s in this JavaScript scrypt, once per store). HKDF-SHA256 (RFC 5869)
 * expands it into the AES-256-GCM key and a key-check key; the key-check value is
 * HMAC-SHA256(key-check key, {@link KEY_CHECK_LABEL}). It tells a wrong passphrase (another value
 * than the store's) apart from a modified file (the value matches, and then the record's GCM tag
 * does not), and it reveals nothing an attacker could not already test on a ciphertext: each
 * guess costs one scrypt either way.
 *
 * Record. The record's JSON text (client/secret-store.ts `encodeRecord`, checksum included) is
 * sealed with AES-256-GCM, a fresh random 12-byte IV per write (random IVs under one key are safe
 * up to 2^32 writes, NIST SP 800-38D §8.3; a wallet makes a handful), and as additional
 * authenticated data a label and the record's key (its file name): a file copied over another
 * key's name fails its tag. The sealed record repeats the store's KDF parameters and key-check
 * value, so a single file says how it was sealed; a reader requires both to equal its store
 * header's (TAMPERED otherwise), so a store derives one key, whatever its files say.
 *
 * Wallet key. Instead of a passphrase, a store's key may come from a wallet's signature over a
 * fixed message (client/secret-store-key-source.ts gets and checks it): the signature's bytes are
 * the input key material of HKDF-SHA256 with the store's salt — no scrypt, the signature is
 * already a 64-byte secret of full strength — expanded into the AES key
 * ({@link WALLET_KEY_INFO}) and the key-check key, with the same key-check value. The header
 * says `kdf: "wallet-signature"` and `kdfParams: { address, salt }`: the account whose
 * signature opens it, so that another account is told so (WRONG_PASSPHRASE naming the wallet).
 *
 * Bounds. KDF parameters are read from files, so they are checked before scrypt runs
 * ({@link SCRYPT_LIMITS}: at most 256 MiB and 8× the default's work): a hostile file cannot make
 * the process allocate or compute without limit. Out-of-bound parameters are SECRET_STORE_INVALID.
 *
 * Secrets. The passphrase and the keys are never logged nor put in errors. The AES key is a
 * non-extractable `CryptoKey`; the raw master and sub-keys are overwritten once imported. That is
 * best effort: JavaScript cannot zero memory reliably (the passphrase string, the engine's and
 * scrypt's copies stay in the heap until reused), so a dump of the process's memory may show them.
 * @module
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ClientError, ClientErrorCodes, invalidArgument } from './errors.ts';

export const SEALED_RECORD_VERSION = 1;
export const STORE_HEADER_VERSION = 1;
export const KDF_NAME = 'scrypt';
export const WALLET_KDF_NAME = 'wallet-signature';
export const CIPHER_NAME = 'aes-256-gcm';

export const KEY_CHECK_LABEL = 'dwallet/secret-store/key-check/v1';
const AES_KEY_INFO = 'dwallet/secret-store/aes-256-gcm-key/v1';
const KEY_CHECK_KEY_INFO = 'dwallet/secret-store/key-check-key/v1';
/** HKDF's info for the AES key of a wallet-signature store (SPEC-22 item 5). */
export const WALLET_KEY_INFO = 'dwallet/secret-store/wallet-key/v1';
const WALLET_KEY_CHECK_KEY_INFO = 'dwallet/secret-store/wallet-key-check-key/v1';
const RECORD_AAD_LABEL = 'dwallet/secret-store/record/v1';

export const SALT_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const KEY_CHECK_BYTES = 32;
/** Longest passphrase accepted, in UTF-16 code units (scrypt hashes any length; this only bounds input). */
export const MAX_PASSPHRASE_LENGTH = 1024;
/** Longest sealed plaintext: a record is a few KiB (client/secret-record-files.ts MAX_RECORD_FILE_BYTES bounds the file). */
const MAX_CIPHERTEXT_BYTES = 2 * 1024 * 1024;

/** scrypt's cost parameters: N (a power of two), block size r, parallelism p. */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** A passphrase store's key derivation: scrypt at this cost over this salt. */
export interface KdfParams extends ScryptCost {
  readonly salt: Uint8Array;
}

/** A wallet-signature store's key derivation: HKDF over the signature of `address`, with this salt. */
export interface WalletSignatureKdf {
  readonly name: typeof WALLET_KDF_NAME;
  /** The Sui address (0x + 64 lowercase hex) whose signature keys the store. */
  readonly address: string;
  readonly salt: Uint8Array;
}

/** How a store's key is derived: from a passphrase ({@link KdfParams}) or a wallet's signature. */
export type StoreKdf = KdfParams | WalletSignatureKdf;

export function isWalletSignatureKdf(kdf: StoreKdf): kdf is WalletSignatureKdf {
  return (kdf as Partial<WalletSignatureKdf>).name === WALLET_KDF_NAME;
}

const SUI_ADDRESS = /^0x[0-9a-f]{64}$/;

/** 2^17, 8, 1: the cost of scrypt's interactive-login recommendation raised for a key kept on disk. */
export const DEFAULT_SCRYPT_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/**
 * What a store accepts, from its options or its files. Memory is 128·r·N bytes (256 MiB at most:
 * twice the default's), work N·r·p (8× the default's at most, about 12 s). The floor N = 2^10
 * (1/128 of the default) is for tests, which choose a low cost with `kdfCost`; a store written
 * with a low cost is as weak as its cost, and only its owner can choose it (a file's parameters
 * must match the header, whose key-check value needs the passphrase).
 */
export const SCRYPT_LIMITS = {
  minLogN: 10,
  maxLogN: 20,
  maxR: 32,
  maxP: 16,
  maxMemoryBytes: 256 * 1024 * 1024,
  maxWork: 8 * 2 ** 17 * 8,
  minSaltBytes: 16,
  maxSaltBytes: 64,
} as const;

/** Why `cost` is out of {@link SCRYPT_LIMITS}; undefined when it is within them. */
export function scryptCostProblem(cost: ScryptCost): string | undefined {
  const { N, r, p } = cost;
  const integer = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v);
  if (!integer(N) || N < 2 ** SCRYPT_LIMITS.minLogN || N > 2 ** SCRYPT_LIMITS.maxLogN || (N & (N - 1)) !== 0) {
    return `N must be a power of two from 2^${SCRYPT_LIMITS.minLogN} to 2^${SCRYPT_LIMITS.maxLogN}`;
  }
  if (!integer(r) || r < 1 || r > SCRYPT_LIMITS.maxR) return `r must be a whole number from 1 to ${SCRYPT_LIMITS.maxR}`;
  if (!integer(p) || p < 1 || p > SCRYPT_LIMITS.maxP) return `p must be a whole number from 1 to ${SCRYPT_LIMITS.maxP}`;
  if (128 * r * N > SCRYPT_LIMITS.maxMemoryBytes) return `128·r·N must be at most ${SCRYPT_LIMITS.maxMemoryBytes} bytes`;
  if (N * r * p > SCRYPT_LIMITS.maxWork) return `N·r·p must be at most ${SCRYPT_LIMITS.maxWork}`;
  return undefined;
}

/** A caller's passphrase: a non-empty string of at most {@link MAX_PASSPHRASE_LENGTH}; never echoed. */
export function assertPassphrase(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw invalidArgument('the passphrase must be a non-empty string');
  if (passphrase.length > MAX_PASSPHRASE_LENGTH) throw invalidArgument(`the passphrase is longer than ${MAX_PASSPHRASE_LENGTH} characters`);
}

/** A caller's `kdfCost` (INVALID_ARGUMENT when out of bounds). */
export function checkedScryptCost(cost: ScryptCost | undefined): ScryptCost {
  if (cost === undefined) return DEFAULT_SCRYPT_COST;
  const problem = typeof cost === 'object' && cost !== null ? scryptCostProblem(cost) : 'not an object';
  if (problem !== undefined) throw invalidArgument(`kdfCost: ${problem}`);
  return { N: cost.N, r: cost.r, p: cost.p };
}

/** WebCrypto's types, taken from the global (the project's TypeScript library has no DOM types). */
type Subtle = typeof globalThis.crypto.subtle;
type WebCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;

/** The keys of one passphrase and salt. Secret: never log them. */
export interface StoreKeys {
  readonly aesKey: WebCryptoKey;
  readonly keyCheck: Uint8Array;
}

function subtle(): Subtle {
  const crypto = globalThis.crypto;
  if (crypto?.subtle === undefined)
    throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, 'WebCrypto (globalThis.crypto.subtle) is not available');
  return crypto.subtle;
}

export function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/** Runs scrypt (parameters checked first) and derives the AES key and the key-check value. */
export async function deriveStoreKeys(passphrase: string, kdf: KdfParams): Promise<StoreKeys> {
  assertPassphrase(passphrase);
  const problem = scryptCostProblem(kdf);
  if (problem !== undefined) throw invalidArgument(`scrypt parameters: ${problem}`);
  const { N, r, p, salt } = kdf;
  const master = await scryptAsync(passphrase.normalize('NFC'), salt, { N, r, p, dkLen: 32, maxmem: 128 * r * (N + p + 1) });
  try {
    return await expandStoreKeys(master, undefined, AES_KEY_INFO, KEY_CHECK_KEY_INFO);
  } finally {
    master.fill(0);
  }
}

/**
 * The AES key and the key-check value from input key material: HKDF-SHA256 (RFC 5869) expanded
 * once per `info` into the AES key and the key-check key; the intermediate bytes are zeroed.
 */
async function expandStoreKeys(ikm: Uint8Array, salt: Uint8Array | undefined, aesInfo: string, checkInfo: string): Promise<StoreKeys> {
  const aesBytes = hkdf(sha256, ikm, salt, utf8ToBytes(aesInfo), 32);
  const checkKey = hkdf(sha256, ikm, salt, utf8ToBytes(checkInfo), 32);
  try {
    const keyCheck = hmac(sha256, checkKey, utf8ToBytes(KEY_CHECK_LABEL));
    const aesKey = await subtle().importKey('raw', aesBytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    return { aesKey, keyCheck };
  } finally {
    aesBytes.fill(0);
    checkKey.fill(0);
  }
}

/**
 * The keys of a wallet-signature store: HKDF-SHA256 (RFC 5869) with the signature as input key
 * material and the store's salt, one expansion for the AES key, one for the key-check key.
 */
export async function deriveWalletStoreKeys(signature: Uint8Array, kdf: WalletSignatureKdf): Promise<StoreKeys> {
  if (!(signature instanceof Uint8Array) || signature.length < 32)
    throw invalidArgument('a wallet signature key needs the signature bytes');
  return expandStoreKeys(signature, kdf.salt, WALLET_KEY_INFO, WALLET_KEY_CHECK_KEY_INFO);
}

/** A stable text id of a key derivation (cache key: one derivation per salt and parameters). */
export function kdfId(kdf: StoreKdf): string {
  return isWalletSignatureKdf(kdf)
    ? `${WALLET_KDF_NAME}/${kdf.address}/${bytesToHex(kdf.salt)}`
    : `${KDF_NAME}/${kdf.N}/${kdf.r}/${kdf.p}/${bytesToHex(kdf.salt)}`;
}

/** Constant-time equality of two byte strings of public length. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

export function sameKdf(a: StoreKdf, b: StoreKdf): boolean {
  if (isWalletSignatureKdf(a) || isWalletSignatureKdf(b)) {
    return isWalletSignatureKdf(a) && isWalletSignatureKdf(b) && a.address === b.address && equalBytes(a.salt, b.salt);
  }
  return a.N === b.N && a.r === b.r && a.p === b.p && equalBytes(a.salt, b.salt);
}

function recordAad(key: string): Uint8Array {
  return utf8ToBytes(`${RECORD_AAD_LABEL}\n${key}`);
}

// === the store header ===

/** The header of an encrypted store: its one salt and cost (or wallet account), and the key's key-check value. */
export interface StoreHeader {
  readonly kdf: StoreKdf;
  readonly keyCheck: Uint8Array;
}

type KdfJson = { N: number; r: number; p: number; salt: string } | { address: string; salt: string };

function kdfName(kdf: StoreKdf): string {
  return isWalletSignatureKdf(kdf) ? WALLET_KDF_NAME : KDF_NAME;
}

function kdfJson(kdf: StoreKdf): KdfJson {
  if (isWalletSignatureKdf(kdf)) return { address: kdf.address, salt: bytesToHex(kdf.salt) };
  return { N: kdf.N, r: kdf.r, p: kdf.p, salt: bytesToHex(kdf.salt) };
}

export function encodeStoreHeader(header: StoreHeader): string {
  const json = {
    version: STORE_HEADER_VERSION,
    encrypted: true,
    kdf: kdfName(header.kdf),
    kdfParams: kdfJson(header.kdf),
    cipher: CIPHER_NAME,
    keyCheck: bytesToHex(header.keyCheck),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Parses a header file's text (structure and bounds; no scrypt). SECRET_STORE_INVALID names what is wrong. */
export function parseStoreHeader(file: string, text: string): StoreHeader {
  const fail = (message: string) =>
    new ClientError(ClientErrorCodes.SECRET_STORE_INVALID, `secret store header ${file}: ${message}`, { file });
  const raw = parseObject(text, fail);
  exactFields(raw, ['version', 'encrypted', 'kdf', 'kdfParams', 'cipher', 'keyCheck'], fail);
  if (raw.version !== STORE_HEADER_VERSION) throw fail(`version ${String(raw.version)} is not ${STORE_HEADER_VERSION}`);
  if (raw.encrypted !== true) throw fail('encrypted is not true');
  return { kdf: parseKdf(raw, fail), keyCheck: hexField(raw.keyCheck, 'keyCheck', KEY_CHECK_BYTES, KEY_CHECK_BYTES, fail) };
}

/** WRONG_PASSPHRASE unless `keys` were derived from the store's passphrase or wallet signature (constant-time compare). */
export function assertStorePassphrase(dir: string, header: StoreHeader, keys: StoreKeys): void {
  if (!equalBytes(header.keyCheck, keys.keyCheck)) {
    const what = isWalletSignatureKdf(header.kdf)
      ? `the signature of wallet account ${header.kdf.address} does not open the secret store ${dir} (the wallet signs the store-key message differently from when the store was created)`
      : `the passphrase does not open the secret store ${dir}`;
    throw new ClientError(ClientErrorCodes.SECRET_STORE_WRONG_PASSPHRASE, what, { dir });
  }
}

/** WRONG_PASSPHRASE for a key of the other kind than the store's (a passphrase for a wallet-keyed store, or the reverse). */
export function otherKeyKind(dir: string, kdf: StoreKdf): ClientError {
  const what = isWalletSignatureKdf(kdf)
    ? `the secret store ${dir} is keyed by the signature of wallet account ${kdf.address}, not by a passphrase: open it with that wallet`
    : `the secret store ${dir} is keyed by a passphrase, not by a wallet signature: open it with its passphrase`;
  return new ClientError(ClientErrorCodes.SECRET_STORE_WRONG_PASSPHRASE, what, { dir });
}

// === sealed records ===

export interface SealedRecord {
  readonly kdf: StoreKdf;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
  readonly keyCheck: Uint8Array;
}

const SEALED_FIELDS = ['version', 'kdf', 'kdfParams', 'cipher', 'iv', 'ciphertext', 'tag', 'keyCheck'];

/** Seals a record's text under the store's keys, bound to its key; returns the file's text. */
export async function sealRecord(header: StoreHeader, keys: StoreKeys, key: string, plaintext: string): Promise<string> {
  const iv = randomBytes(IV_BYTES);
  const sealed = new Uint8Array(
    await subtle().encrypt(
      { name: 'AES-GCM', iv, additionalData: recordAad(key), tagLength: TAG_BYTES * 8 },
      keys.aesKey,
      utf8ToBytes(plaintext),
    ),
  );
  const json = {
    version: SEALED_RECORD_VERSION,
    kdf: kdfName(header.kdf),
    kdfParams: kdfJson(header.kdf),
    cipher: CIPHER_NAME,
    iv: bytesToHex(iv),
    ciphertext: bytesToHex(sealed.subarray(0, sealed.length - TAG_BYTES)),
    tag: bytesToHex(sealed.subarray(sealed.length - TAG_BYTES)),
    keyCheck: bytesToHex(header.keyCheck),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Parses a sealed record file's text (structure and bounds; no scrypt). SECRET_STORE_INVALID names what is wrong. */
export function parseSealedRecord(key: string, text: string): SealedRecord {
  const fail = (message: string) =>
    new ClientError(ClientErrorCodes.SECRET_STORE_INVALID, `secret store entry ${key}: ${message}`, { key });
  const raw = parseObject(text, fail);
  exactFields(raw, SEALED_FIELDS, fail);
  if (raw.version !== SEALED_RECORD_VERSION) throw fail(`version ${String(raw.version)} is not ${SEALED_RECORD_VERSION}`);
  return {
    kdf: parseKdf(raw, fail),
    iv: hexField(raw.iv, 'iv', IV_BYTES, IV_BYTES, fail),
    ciphertext: hexField(raw.ciphertext, 'ciphertext', 1, MAX_CIPHERTEXT_BYTES, fail),
    tag: hexField(raw.tag, 'tag', TAG_BYTES, TAG_BYTES, fail),
    keyCheck: hexField(raw.keyCheck, 'keyCheck', KEY_CHECK_BYTES, KEY_CHECK_BYTES, fail),
  };
}

/**
 * TAMPERED unless the sealed record was written under the store's parameters and key-check value.
 * Checked before the passphrase: a record whose key-check value differs from its header's was
 * modified (or comes from another store), whichever the passphrase.
 */
export function assertRecordOfStore(key: string, header: StoreHeader, sealed: SealedRecord): void {
  if (!sameKdf(header.kdf, sealed.kdf)) {
    throw tampered(
      key,
      `its ${isWalletSignatureKdf(header.kdf) ? 'wallet account or salt' : 'scrypt parameters'} are not its store header's`,
    );
  }
  if (!equalBytes(header.keyCheck, sealed.keyCheck)) throw tampered(key, "its key-check value is not its store header's");
}

/** Opens a sealed record (the passphrase already checked): its text, or TAMPERED when authentication fails. */
export async function openSealedRecord(keys: StoreKeys, key: string, sealed: SealedRecord): Promise<string> {
  let plaintext: ArrayBuffer;
  try {
    plaintext = await subtle().decrypt(
      { name: 'AES-GCM', iv: sealed.iv, additionalData: recordAad(key), tagLength: TAG_BYTES * 8 },
      keys.aesKey,
      concatBytes(sealed.ciphertext, sealed.tag),
    );
  } catch {
    throw tampered(key, "it fails authentication (AES-GCM): modified, or written under another key's name");
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch {
    throw tampered(key, 'its plaintext is not UTF-8');
  }
}

/** Whether a record's text is a plaintext record (as FileSecretShareStore writes it) rather than a sealed one. */
export function isPlaintextRecord(text: string): boolean {
  try {
    const json = JSON.parse(text) as unknown;
    return typeof json === 'object' && json !== null && 'secretShare' in json;
  } catch {
    return false;
  }
}

export function tampered(key: string, why: string): ClientError {
  return new ClientError(ClientErrorCodes.SECRET_STORE_TAMPERED, `secret store entry ${key}: ${why}`, { key });
}

// === strict JSON reading ===

export type Fail = (message: string) => ClientError;

/** `text` as a JSON object, or `fail`'s error (not JSON, or not an object). */
export function parseObject(text: string, fail: Fail): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fail('not JSON (truncated or corrupt)');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail('not a JSON object');
  return json as Record<string, unknown>;
}

/** `fail`'s error unless `raw` has exactly the fields `expected`. */
export function exactFields(raw: Record<string, unknown>, expected: readonly string[], fail: Fail): void {
  const keys = Object.keys(raw);
  if (keys.length !== expected.length || !expected.every((k) => keys.includes(k)))
    throw fail(`fields must be exactly ${expected.join(', ')}`);
}

function hexField(value: unknown, field: string, min: number, max: number, fail: Fail): Uint8Array {
  if (typeof value !== 'string' || !/^([0-9a-f]{2})*$/.test(value)) throw fail(`${field}: not lowercase hex`);
  const length = value.length / 2;
  if (length < min || length > max) throw fail(`${field}: ${length} bytes, expected ${min === max ? min : `${min} to ${max}`}`);
  return hexToBytes(value);
}

function parseKdf(raw: Record<string, unknown>, fail: Fail): StoreKdf {
  if (raw.kdf !== KDF_NAME && raw.kdf !== WALLET_KDF_NAME) throw fail(`kdf is not ${KDF_NAME} or ${WALLET_KDF_NAME}`);
  if (raw.cipher !== CIPHER_NAME) throw fail(`cipher is not ${CIPHER_NAME}`);
  const params = raw.kdfParams;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw fail('kdfParams is not an object');
  const fields = params as Record<string, unknown>;
  if (raw.kdf === WALLET_KDF_NAME) {
    exactFields(fields, ['address', 'salt'], (m) => fail(`kdfParams: ${m}`));
    if (typeof fields.address !== 'string' || !SUI_ADDRESS.test(fields.address))
      throw fail('kdfParams.address: not a Sui address (0x + 64 lowercase hex)');
    const salt = hexField(fields.salt, 'kdfParams.salt', SCRYPT_LIMITS.minSaltBytes, SCRYPT_LIMITS.maxSaltBytes, fail);
    return { name: WALLET_KDF_NAME, address: fields.address, salt };
  }
  exactFields(fields, ['N', 'r', 'p', 'salt'], (m) => fail(`kdfParams: ${m}`));
  const cost = { N: fields.N, r: fields.r, p: fields.p } as ScryptCost;
  const problem = scryptCostProblem(cost);
  if (problem !== undefined) throw fail(`kdfParams: ${problem}`);
  const salt = hexField(fields.salt, 'kdfParams.salt', SCRYPT_LIMITS.minSaltBytes, SCRYPT_LIMITS.maxSaltBytes, fail);
  return { N: cost.N, r: cost.r, p: cost.p, salt };
}
