/**
 * A {@link SecretShareStore} encrypted at rest over any {@link SecretRecordBackend} (SPEC-22
 * item 4): the browser's IndexedDB store is this over client/browser/secret-store/indexeddb-backend.ts.
 *
 * Format and cryptography are the encrypted file store's (client/secret-store-encryption.ts): a
 * header with the store's one salt, its key derivation (scrypt cost, or the wallet account whose
 * signature keys it) and the key-check value; each record's JSON text (client/secret-store.ts
 * `encodeRecord`, checksum included) sealed with AES-256-GCM under a fresh IV, its key as
 * associated data. The key comes from a {@link StoreKeySource} (client/secret-store-key-source.ts):
 * derived once per salt and kept for the store's life.
 *
 * `unlock()` reads the header — creating it with a fresh salt when the backend has none, and
 * adopting whichever header won when another tab created one at the same time — and checks the
 * key against it: a wrong passphrase or another wallet account is refused there, before any record
 * is read (SECRET_STORE_WRONG_PASSPHRASE). Every other method unlocks first.
 *
 * Errors: SECRET_STORE_WRONG_PASSPHRASE, SECRET_STORE_KEY_NOT_DETERMINISTIC (a wallet whose two
 * signatures differ), SECRET_STORE_TAMPERED (a record that fails authentication, was filed under
 * another key, or is plaintext), SECRET_STORE_INVALID (a text that is not a header or a sealed
 * record; a bad backup file). The backend's own errors pass through.
 *
 * Backups (client/secret-backup-file.ts): `exportBackup()` copies the header and the sealed records
 * as they are (checked, never decrypted); `importBackup()` opens every record of the file with the
 * file's key first — nothing is written if one fails — then re-seals each under this store's key.
 * A key already held with the same record is `unchanged`; with a different record it is a
 * `conflict` and is kept as it is (never overwritten: the held share may be the only copy).
 *
 * Only the records' content is encrypted: their keys (dWallet ids, creation session ids: public
 * on chain) and their number are not. The secret share is a BigInt once opened, and BigInt
 * arithmetic is not constant time: timing is observable only on the user's own machine.
 * @module
 */
import { ClientError, ClientErrorCodes, invalidArgument } from './errors.ts';
import { encodeSecretBackup, parseSecretBackup } from './secret-backup-file.ts';
import { decodeRecord, encodeRecord, type SecretShareRecord, type SecretShareStore } from './secret-store.ts';
import type { SecretRecordBackend } from './secret-store-backend.ts';
import {
  assertRecordOfStore,
  assertStorePassphrase,
  encodeStoreHeader,
  isPlaintextRecord,
  isWalletSignatureKdf,
  openSealedRecord,
  parseSealedRecord,
  parseStoreHeader,
  type StoreHeader,
  type StoreKeys,
  sealRecord,
  tampered,
} from './secret-store-encryption.ts';
import { StoreKeyring, type StoreKeySource } from './secret-store-key-source.ts';
import { assertStoreKey } from './secret-store-keys.ts';

export interface EncryptedSecretShareStoreOptions {
  /** How errors name the store (e.g. `IndexedDB database dwallet-secret-shares`); default `the secret store`. */
  readonly label?: string;
}

/** What an import did, by record key (sorted). */
export interface BackupImportReport {
  /** Records the store did not hold: now sealed under its key. */
  readonly imported: string[];
  /** Records the store held already, the same. */
  readonly unchanged: string[];
  /** Records the store holds under the same key with other content: kept as they are, the file's not imported. */
  readonly conflicts: string[];
}

export interface BackupImportOptions {
  /** The file's passphrase when it differs from the store's (default: the store's own passphrase). */
  readonly passphrase?: string;
}

export class EncryptedSecretShareStore implements SecretShareStore {
  readonly label: string;
  readonly #backend: SecretRecordBackend;
  readonly #keyring: StoreKeyring;
  #unlocking: Promise<{ header: StoreHeader; keys: StoreKeys }> | undefined;

  /** Checks the key source now (INVALID_ARGUMENT); the key itself is checked by {@link unlock}. */
  constructor(backend: SecretRecordBackend, key: StoreKeySource, options: EncryptedSecretShareStoreOptions = {}) {
    if (typeof backend !== 'object' || backend === null) throw invalidArgument('an encrypted secret store needs a record backend');
    this.#backend = backend;
    this.#keyring = new StoreKeyring(key);
    this.label = options.label ?? 'the secret store';
  }

  /** How many keys the store derived (one scrypt, or one wallet signature and HKDF, per salt). */
  get kdfRuns(): number {
    return this.#keyring.derivations;
  }

  /** Reads or creates the header and checks the key against it (see the module's notes). */
  async unlock(): Promise<void> {
    await this.#unlocked();
  }

  async put(key: string, record: SecretShareRecord): Promise<void> {
    assertStoreKey(key);
    const text = encodeRecord(key, record);
    const { header, keys } = await this.#unlocked();
    await this.#backend.write(key, await sealRecord(header, keys, key, text));
  }

  async get(key: string): Promise<SecretShareRecord | undefined> {
    assertStoreKey(key);
    const { header, keys } = await this.#unlocked();
    const text = await this.#backend.read(key);
    if (text === undefined) return undefined;
    if (isPlaintextRecord(text)) throw tampered(key, 'a plaintext record in an encrypted store');
    const sealed = parseSealedRecord(key, text);
    assertRecordOfStore(key, header, sealed);
    return decodeRecord(key, await openSealedRecord(keys, key, sealed));
  }

  async delete(key: string): Promise<void> {
    assertStoreKey(key);
    await this.#unlocked();
    await this.#backend.delete(key);
  }

  async keys(): Promise<string[]> {
    await this.#unlocked();
    return (await this.#backend.keys()).filter((key) => typeof key === 'string').sort();
  }

  /** The backup file's text: the header and every sealed record, checked but not decrypted. */
  async exportBackup(): Promise<string> {
    const { header } = await this.#unlocked();
    const headerText = await this.#backend.readHeader();
    if (headerText === undefined) throw this.#headerVanished();
    const records: [string, string][] = [];
    for (const key of await this.#backend.keys()) {
      const text = await this.#backend.read(key);
      if (text === undefined) continue;
      // A record that would make the whole backup unimportable is reported now, not at import.
      assertRecordOfStore(key, header, parseSealedRecord(key, text));
      records.push([key, text]);
    }
    return encodeSecretBackup(headerText, records);
  }

  /** Imports a backup file's records (see the module's notes); nothing is written unless every record opens. */
  async importBackup(text: string, options: BackupImportOptions = {}): Promise<BackupImportReport> {
    if (typeof options !== 'object' || options === null) throw invalidArgument('import options are an object');
    const backup = parseSecretBackup(text);
    await this.#unlocked();
    const fileKeys = await this.#backupKeys(backup.header, options.passphrase);
    const opened = new Map<string, SecretShareRecord>();
    for (const [key, sealed] of backup.records) opened.set(key, decodeRecord(key, await openSealedRecord(fileKeys, key, sealed)));
    // Decide everything before writing anything.
    const imported: string[] = [];
    const unchanged: string[] = [];
    const conflicts: string[] = [];
    for (const [key, record] of opened) {
      const held = await this.get(key);
      if (held === undefined) imported.push(key);
      else if (encodeRecord(key, held) === encodeRecord(key, record)) unchanged.push(key);
      else conflicts.push(key);
    }
    for (const key of imported) await this.put(key, opened.get(key) as SecretShareRecord);
    return { imported, unchanged, conflicts };
  }

  /** The keys of a backup's header: its passphrase (or the store's), or this store's wallet. */
  async #backupKeys(header: StoreHeader, passphrase: string | undefined): Promise<StoreKeys> {
    const label = 'of the backup file';
    let keyring = this.#keyring;
    if (!isWalletSignatureKdf(header.kdf) && passphrase !== undefined) {
      keyring = new StoreKeyring({ kind: 'passphrase', passphrase });
    } else if (!isWalletSignatureKdf(header.kdf) && this.#keyring.kind !== 'passphrase') {
      throw invalidArgument('the backup file is sealed with a passphrase: give it (options.passphrase)');
    }
    const keys = await keyring.derive(label, header.kdf);
    assertStorePassphrase(label, header, keys);
    return keys;
  }

  #unlocked(): Promise<{ header: StoreHeader; keys: StoreKeys }> {
    this.#unlocking ??= (async () => {
      const header = (await this.#readHeader()) ?? (await this.#createHeader());
      const keys = await this.#keyring.unlock(this.label, header);
      return { header, keys };
    })();
    // A failure (a wrong key, a refused signature, storage unavailable) is not kept: the next call tries again.
    this.#unlocking.catch(() => {
      this.#unlocking = undefined;
    });
    return this.#unlocking;
  }

  async #readHeader(): Promise<StoreHeader | undefined> {
    const text = await this.#backend.readHeader();
    return text === undefined ? undefined : parseStoreHeader(this.label, text);
  }

  /** Creates the header (a fresh salt) unless another writer did first; returns the one that won. */
  async #createHeader(): Promise<StoreHeader> {
    const kdf = this.#keyring.newKdf();
    const { keyCheck } = await this.#keyring.derive(this.label, kdf);
    await this.#backend.writeHeader(encodeStoreHeader({ kdf, keyCheck: keyCheck.slice() }));
    const header = await this.#readHeader();
    if (header === undefined) throw this.#headerVanished();
    return header;
  }

  #headerVanished(): ClientError {
    return new ClientError(ClientErrorCodes.SECRET_STORE_INVALID, `secret store header ${this.label}: missing after it was written`, {
      dir: this.label,
    });
  }
}
