/**
 * Where an encrypted secret share store keeps its texts (SPEC-22 item 4): the store header and one
 * sealed record per key, as text, whatever the medium. `EncryptedSecretShareStore`
 * (client/encrypted-secret-share-store.ts) does the sealing over any backend; the browser's
 * backend is IndexedDB (client/browser/secret-store/indexeddb-backend.ts). The texts are the same
 * as the encrypted file store's files (`store.json` and `<key>.json`), so a backup moves between
 * them.
 *
 * A backend stores what it is given: it neither parses nor checks the texts (the store does, on
 * every read). Its contract:
 * - `write`, `delete` and `writeHeader` resolve once the change is durable (a secret share written
 *   before its creation request is sent must survive a crash);
 * - `writeHeader` creates the header only when there is none and keeps an existing one (two tabs
 *   or processes creating the same store at once must agree on one salt): the caller reads the
 *   header back to learn which one won;
 * - `keys` lists the record keys only (never the header), sorted.
 * @module
 */

export interface SecretRecordBackend {
  /** The header's text; undefined for a new store. */
  readHeader(): Promise<string | undefined>;
  /** Creates the header unless one exists (then it is kept as it is); durable when it resolves. */
  writeHeader(text: string): Promise<void>;
  /** The sealed record's text under `key`; undefined when there is none. */
  read(key: string): Promise<string | undefined>;
  /** Writes (or replaces) the record under `key`; durable when it resolves. */
  write(key: string, text: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every record key held, sorted. */
  keys(): Promise<string[]>;
}
