/**
 * The backup file of an encrypted secret share store (SPEC-22 item 6), in Node and in a browser:
 *
 *   { "format": "dwallet-secret-shares-backup", "version": 1,
 *     "header": <the store header, as JSON>, "records": { "<key>": "<sealed record text>", … } }
 *
 * The records stay sealed: exporting never decrypts them, and the file is exactly as secret as the
 * store it came from (anyone with it and the passphrase — or the wallet's signature — has the
 * shares; without them, only the record keys, public dWallet ids and session ids, and their
 * number). Importing opens every record with the file's own key (client/encrypted-secret-share-store.ts).
 *
 * Parsing is strict, because the file comes from outside: a size bound before `JSON.parse`, exactly
 * these four fields, the format name and version, a valid header, at most
 * {@link MAX_BACKUP_RECORDS} records, every key a store key, every record a sealed record (its
 * size bounded) written under the file's header (its KDF parameters and key-check value — TAMPERED
 * otherwise, as in a store). A bad file is SECRET_STORE_INVALID, its message saying what is wrong.
 * No `node:` module: the browser bundle imports it.
 * @module
 */
import { ClientError, ClientErrorCodes } from './errors.ts';
import {
  assertRecordOfStore,
  exactFields,
  parseObject,
  parseSealedRecord,
  parseStoreHeader,
  type SealedRecord,
  type StoreHeader,
} from './secret-store-encryption.ts';
import { isStoreKey, MAX_RECORD_FILE_BYTES } from './secret-store-keys.ts';

export const SECRET_BACKUP_FORMAT = 'dwallet-secret-shares-backup';
export const SECRET_BACKUP_VERSION = 1;
/** Most records in one backup file (a wallet holds a handful of dWallets; this bounds the work of one import). */
export const MAX_BACKUP_RECORDS = 4096;
/** Longest backup file, in characters (a sealed record is a few KiB; this is far above any real wallet's). */
export const MAX_BACKUP_CHARS = 64 * 1024 * 1024;

/** A parsed backup file: its header and its sealed records, not opened. */
export interface SecretBackup {
  readonly header: StoreHeader;
  /** The header's text as the store writes it. */
  readonly headerText: string;
  /** Sealed records by key, in key order. */
  readonly records: ReadonlyMap<string, SealedRecord>;
  /** The records' texts as in the file, by key. */
  readonly recordTexts: ReadonlyMap<string, string>;
}

function backupInvalid(message: string): ClientError {
  return new ClientError(ClientErrorCodes.SECRET_STORE_INVALID, `secret share backup: ${message}`, { backup: true });
}

/** The backup file's text of a store's header text and its sealed records' texts (not opened). */
export function encodeSecretBackup(headerText: string, records: Iterable<readonly [string, string]>): string {
  const header = JSON.parse(headerText) as unknown;
  const sorted = [...records].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const json = {
    format: SECRET_BACKUP_FORMAT,
    version: SECRET_BACKUP_VERSION,
    header,
    records: Object.fromEntries(sorted),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** Parses and checks a backup file's text (see the module's notes); nothing is decrypted. */
export function parseSecretBackup(text: unknown): SecretBackup {
  if (typeof text !== 'string') throw backupInvalid('not text');
  if (text.length > MAX_BACKUP_CHARS) throw backupInvalid(`${text.length} characters, more than any backup (${MAX_BACKUP_CHARS})`);
  const raw = parseObject(text, backupInvalid);
  exactFields(raw, ['format', 'version', 'header', 'records'], backupInvalid);
  if (raw.format !== SECRET_BACKUP_FORMAT) throw backupInvalid(`format is not ${SECRET_BACKUP_FORMAT}`);
  if (raw.version !== SECRET_BACKUP_VERSION) throw backupInvalid(`version ${String(raw.version)} is not ${SECRET_BACKUP_VERSION}`);
  if (typeof raw.header !== 'object' || raw.header === null || Array.isArray(raw.header)) throw backupInvalid('header is not an object');
  const headerText = `${JSON.stringify(raw.header, null, 2)}\n`;
  const header = parseStoreHeader('of the backup', headerText);
  if (typeof raw.records !== 'object' || raw.records === null || Array.isArray(raw.records))
    throw backupInvalid('records is not an object');
  const entries = Object.entries(raw.records as Record<string, unknown>);
  if (entries.length > MAX_BACKUP_RECORDS) throw backupInvalid(`${entries.length} records, more than ${MAX_BACKUP_RECORDS}`);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const records = new Map<string, SealedRecord>();
  const recordTexts = new Map<string, string>();
  for (const [key, value] of entries) {
    if (!isStoreKey(key))
      throw backupInvalid(`record key ${JSON.stringify(key.slice(0, 80))} is not a dWallet id (0x + 64 hex) or session-<64 hex>`);
    if (typeof value !== 'string') throw backupInvalid(`record ${key} is not a sealed record's text`);
    if (value.length > MAX_RECORD_FILE_BYTES) throw backupInvalid(`record ${key} is larger than any record`);
    const sealed = parseSealedRecord(key, value);
    assertRecordOfStore(key, header, sealed);
    records.set(key, sealed);
    recordTexts.set(key, value);
  }
  return { header, headerText, records, recordTexts };
}
