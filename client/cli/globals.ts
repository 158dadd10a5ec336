/**
 * The options every command takes (`--network`, `--wallet`, `--timeout`, `--json`) and where they
 * point by default. Nothing here touches the network or loads the SDK: help and argument errors
 * stay fast.
 *
 * Defaults follow the local network: `--network` is `<data dir>/network.json` of `dwallet devnet`
 * (`.data/devnet`), the wallet folder `.data/wallet`; `DWALLET_NETWORK` and `DWALLET_WALLET`
 * override them.
 *
 * The passphrase of the wallet's encrypted shares (client/encrypted-secret-store.ts) comes from
 * `--passphrase-file <path>` or else `DWALLET_PASSPHRASE` — not from an option's value, which
 * other users could read in the process list. It is read here, so that a missing file or an
 * empty passphrase is a wrong command line; it is never printed.
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type OptionSpec, type ParsedCommandLine, parseIntegerIn, stringOption } from './args.ts';
import { invalidArgument } from './errors.ts';
import { type CliIo, Output } from './output.ts';

export const DEFAULT_DATA_DIR = '.data/devnet';
export const DEFAULT_WALLET_DIR = '.data/wallet';
/** In the wallet folder: the user's Sui key (client/cli/wallet.ts), and the secret shares' folder. */
export const WALLET_KEY_FILE = 'sui-key.json';
export const WALLET_SHARES_DIR = 'shares';

export const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  network: { type: 'string' },
  wallet: { type: 'string' },
  timeout: { type: 'string' },
  'passphrase-file': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const GLOBAL_USAGE = `global options:
  --network <file>    network description (default ${DEFAULT_DATA_DIR}/network.json, env DWALLET_NETWORK)
  --wallet <dir>      the user's Sui key and secret shares (default ${DEFAULT_WALLET_DIR}, env DWALLET_WALLET)
  --timeout <s>       how long to wait for the network's results (default 180)
  --passphrase-file <path>
                      the passphrase of the wallet's encrypted shares (env DWALLET_PASSPHRASE; see dwallet wallet encrypt)
  --json              print results as JSON (errors as {"error":{…}} on stderr)`;

export interface Globals {
  readonly output: Output;
  readonly networkPath: string;
  readonly walletDir: string;
  /** Per-request wait, in milliseconds. */
  readonly timeoutMs: number;
  /** The shares' passphrase, if one was given: a function, so that printing the globals never shows it. */
  readonly passphrase: (() => string) | undefined;
}

/** A passphrase file holds one line; anything this long is not one. */
const MAX_PASSPHRASE_FILE_BYTES = 4096;

/** `--passphrase-file` (its trailing newline dropped), else `DWALLET_PASSPHRASE`; neither may be empty. */
function passphraseOf(path: string | undefined, env: NodeJS.ProcessEnv, output: Output): (() => string) | undefined {
  let passphrase: string;
  if (path !== undefined) {
    let text: string;
    try {
      const stat = statSync(path);
      if (stat.size > MAX_PASSPHRASE_FILE_BYTES) throw new Error(`larger than ${MAX_PASSPHRASE_FILE_BYTES} bytes`);
      if ((stat.mode & 0o077) !== 0) output.warning('CLI_PASSPHRASE_FILE_READABLE', `${path} is readable by others; run chmod 600 on it`);
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw invalidArgument(
        '--passphrase-file',
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        path,
      );
    }
    passphrase = text.replace(/\r?\n$/, '');
    if (passphrase.length === 0) throw invalidArgument('--passphrase-file', `${path} holds an empty passphrase`, path);
  } else {
    if (env.DWALLET_PASSPHRASE === undefined) return undefined;
    passphrase = env.DWALLET_PASSPHRASE;
    if (passphrase.length === 0)
      throw invalidArgument('DWALLET_PASSPHRASE', 'the passphrase is empty (unset the variable for no passphrase)');
  }
  return () => passphrase;
}

export function globalsOf(values: ParsedCommandLine['values'], env: NodeJS.ProcessEnv = process.env, io?: CliIo): Globals {
  const networkPath = resolve(stringOption(values, 'network') ?? env.DWALLET_NETWORK ?? join(DEFAULT_DATA_DIR, 'network.json'));
  const walletDir = resolve(stringOption(values, 'wallet') ?? env.DWALLET_WALLET ?? DEFAULT_WALLET_DIR);
  const timeout = stringOption(values, 'timeout');
  const timeoutMs = timeout === undefined ? 180_000 : parseIntegerIn('--timeout', timeout, 1, 3600) * 1000;
  const output = new Output(values.json === true, io?.stdout, io?.stderr);
  const passphrase = passphraseOf(stringOption(values, 'passphrase-file'), env, output);
  return { output, networkPath, walletDir, timeoutMs, passphrase };
}
