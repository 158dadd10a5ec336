/**
 * The keys of a secret share store and the errors every store shares, without I/O: a record is
 * filed under its dWallet id (`0x` + 64 lowercase hex) or, while its creation request is in
 * flight, under `session-<64 hex>` (client/secret-store.ts says why). The file stores
 * (client/secret-record-files.ts) and the browser's IndexedDB store use the same keys, so a backup
 * moves between them. No `node:` module here: the browser bundle imports it.
 * @module
 */
import { ClientError, ClientErrorCodes } from './errors.ts';

/** The header of an encrypted store folder (client/secret-store-encryption.ts): its KDF parameters and key-check value. */
export const SECRET_STORE_HEADER_FILE = 'store.json';

/** A record (a dWallet output and a few ids) is a few KiB; anything larger is not one and is not read into memory. */
export const MAX_RECORD_FILE_BYTES = 4 * 1024 * 1024;

const DWALLET_KEY = /^0x[0-9a-f]{64}$/;
const SESSION_KEY = /^session-[0-9a-f]{64}$/;

export function isStoreKey(key: string): boolean {
  return typeof key === 'string' && (DWALLET_KEY.test(key) || SESSION_KEY.test(key));
}

/** Whether `key` is a dWallet id (0x + 64 hex, lowercase): a record key, or an id field of a record. */
export function isDWalletKey(key: string): boolean {
  return DWALLET_KEY.test(key);
}

export function isSessionKey(key: string): boolean {
  return SESSION_KEY.test(key);
}

export function assertStoreKey(key: string): void {
  if (!isStoreKey(key)) {
    throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, 'a secret store key is a dWallet id (0x + 64 hex) or session-<64 hex>', {
      key: typeof key === 'string' ? key.slice(0, 80) : typeof key,
    });
  }
}

export function storeInvalid(key: string, message: string, cause?: unknown): ClientError {
  return new ClientError(
    ClientErrorCodes.SECRET_STORE_INVALID,
    `secret store entry ${key}: ${message}`,
    { key },
    cause ? { cause } : undefined,
  );
}

/** An encrypted store opened without a passphrase. */
export function passphraseRequired(dir: string): ClientError {
  return new ClientError(
    ClientErrorCodes.SECRET_STORE_PASSPHRASE_REQUIRED,
    `the secret store ${dir} is encrypted: open it with its passphrase`,
    {
      dir,
    },
  );
}
