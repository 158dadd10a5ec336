/**
 * The options every command takes (`--network`, `--wallet`, `--timeout`, `--json`) and where they
 * point by default. Nothing here touches the network or loads the SDK: help and argument errors
 * stay fast.
 *
 * Defaults follow the local network: `--network` is `<data dir>/network.json` of `dwallet devnet`
 * (`.data/devnet`), the wallet folder `.data/wallet`; `DWALLET_NETWORK` and `DWALLET_WALLET`
 * override them.
 * @module
 */
import { join, resolve } from 'node:path';
import { type OptionSpec, type ParsedCommandLine, parseIntegerIn, stringOption } from './args.ts';
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
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export const GLOBAL_USAGE = `global options:
  --network <file>    network description (default ${DEFAULT_DATA_DIR}/network.json, env DWALLET_NETWORK)
  --wallet <dir>      the user's Sui key and secret shares (default ${DEFAULT_WALLET_DIR}, env DWALLET_WALLET)
  --timeout <s>       how long to wait for the network's results (default 180)
  --json              print results as JSON (errors as {"error":{…}} on stderr)`;

export interface Globals {
  readonly output: Output;
  readonly networkPath: string;
  readonly walletDir: string;
  /** Per-request wait, in milliseconds. */
  readonly timeoutMs: number;
}

export function globalsOf(values: ParsedCommandLine['values'], env: NodeJS.ProcessEnv = process.env, io?: CliIo): Globals {
  const networkPath = resolve(stringOption(values, 'network') ?? env.DWALLET_NETWORK ?? join(DEFAULT_DATA_DIR, 'network.json'));
  const walletDir = resolve(stringOption(values, 'wallet') ?? env.DWALLET_WALLET ?? DEFAULT_WALLET_DIR);
  const timeout = stringOption(values, 'timeout');
  const timeoutMs = timeout === undefined ? 180_000 : parseIntegerIn('--timeout', timeout, 1, 3600) * 1000;
  return { output: new Output(values.json === true, io?.stdout, io?.stderr), networkPath, walletDir, timeoutMs };
}
