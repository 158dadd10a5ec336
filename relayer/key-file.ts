/**
 * The relayer's key file: the Sui account that pays for the result-batch transactions and
 * receives their fees. `{ "version": 1, "suiSecretKey": "suiprivkey1…" }`, mode 0600 or stricter
 * (refused otherwise); the key is never logged.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { RelayerError, RelayerErrorCodes } from './errors.ts';

export function relayerKeyFileText(keypair: Ed25519Keypair): string {
  return `${JSON.stringify({ version: 1, suiSecretKey: keypair.getSecretKey() }, null, 2)}\n`;
}

export function readRelayerKeyFile(path: string): Ed25519Keypair {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw new RelayerError(RelayerErrorCodes.RELAYER_KEY_FILE_UNREADABLE, `key file ${path} cannot be read`, { path }, { cause: error });
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new RelayerError(
      RelayerErrorCodes.RELAYER_KEY_FILE_PERMISSIONS,
      `key file ${path} has mode ${octal}: it must not be readable or writable by group or others (chmod 600 ${path})`,
      { path, mode: octal },
    );
  }
  const invalid = (problem: string): never => {
    throw new RelayerError(RelayerErrorCodes.RELAYER_KEY_FILE_INVALID, `key file ${path}: ${problem}`, { path });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return invalid('not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return invalid('must hold a JSON object');
  const object = parsed as Record<string, unknown>;
  for (const key of Object.keys(object)) if (key !== 'version' && key !== 'suiSecretKey') invalid(`${key} is not a field of a key file`);
  if (object.version !== 1) invalid('version must be 1');
  if (typeof object.suiSecretKey !== 'string') invalid('suiSecretKey must be a suiprivkey string');
  try {
    return Ed25519Keypair.fromSecretKey(object.suiSecretKey as string);
  } catch {
    return invalid('suiSecretKey is not an Ed25519 suiprivkey');
  }
}
