/**
 * The user's wallet folder: the Sui key that pays for and authorises the user's transactions
 * (`sui-key.json`), and the dWallets' user secret shares (`shares/`, kept by the SDK's file store).
 * Both are secrets: the folder is created 0700 and the key file 0600, written atomically; the key
 * is never printed (only its address).
 *
 * On first use a new Ed25519 key is generated ({@link openWallet}; commands that only read use
 * {@link readWallet}, which never creates one); an existing file is validated and refused with a
 * clear error when it is not a key file or is readable by others.
 * @module
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { writePrivateFile } from '../../runtime/private-file.ts';
import { CliError, CliErrorCodes } from './errors.ts';
import { WALLET_KEY_FILE, WALLET_SHARES_DIR } from './globals.ts';

const KEY_FILE_VERSION = 1;

export interface WalletFolder {
  readonly dir: string;
  readonly keypair: Ed25519Keypair;
  readonly sharesDir: string;
  /** Whether the key was created by this call. */
  readonly created: boolean;
}

function invalid(path: string, why: string): CliError {
  return new CliError(CliErrorCodes.CLI_WALLET_INVALID, `${path}: ${why}`, { path });
}

function readKey(path: string): Ed25519Keypair {
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) throw invalid(path, `readable by others (mode ${mode.toString(8)}); run chmod 600 on it`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw invalid(path, 'not JSON');
  }
  const file = parsed as { version?: unknown; scheme?: unknown; secretKey?: unknown };
  if (file?.version !== KEY_FILE_VERSION || file.scheme !== 'ed25519' || typeof file.secretKey !== 'string') {
    throw invalid(path, `expected {"version":${KEY_FILE_VERSION},"scheme":"ed25519","secretKey":"suiprivkey…"}`);
  }
  try {
    return Ed25519Keypair.fromSecretKey(file.secretKey);
  } catch {
    throw invalid(path, 'secretKey is not a Sui Ed25519 private key (suiprivkey…)');
  }
}

/** The wallet folder at `dir` if it holds a key; null otherwise (nothing is created). */
export function readWallet(dir: string): WalletFolder | null {
  const path = join(dir, WALLET_KEY_FILE);
  if (!existsSync(path)) return null;
  return { dir, keypair: readKey(path), sharesDir: join(dir, WALLET_SHARES_DIR), created: false };
}

/** Opens the wallet folder at `dir`, creating it and a new key on first use. */
export function openWallet(dir: string): WalletFolder {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = join(dir, WALLET_KEY_FILE);
  const sharesDir = join(dir, WALLET_SHARES_DIR);
  if (existsSync(path)) return { dir, keypair: readKey(path), sharesDir, created: false };
  const keypair = Ed25519Keypair.generate();
  const body = `${JSON.stringify({ version: KEY_FILE_VERSION, scheme: 'ed25519', secretKey: keypair.getSecretKey() }, null, 2)}\n`;
  writePrivateFile(path, body);
  return { dir, keypair, sharesDir, created: true };
}
