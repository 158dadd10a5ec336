/**
 * `dwallet`: the command-line tool of the dWallet network (`npx dwallet <command> …`).
 *
 *   dwallet devnet                         start a local network and keep it running
 *   dwallet create | list | show           dWallets of the wallet's Sui key
 *   dwallet sign | sign-eth-tx | sign-btc-tx
 *   dwallet status [<session id>]
 *
 * Exit status: 0 on success, 1 when the attempt failed (network, rejection, timeout), 2 when the
 * command line is wrong, 130 when interrupted.
 * @module
 */
import { type OptionSpec, parseCommandLine } from './args.ts';
import type { Command } from './command.ts';
import { createCommand } from './commands/create.ts';
import { devnetCommand } from './commands/devnet.ts';
import { listCommand } from './commands/list.ts';
import { showCommand } from './commands/show.ts';
import { signCommand } from './commands/sign.ts';
import { signBtcTxCommand } from './commands/sign-btc-tx.ts';
import { signEthTxCommand } from './commands/sign-eth-tx.ts';
import { statusCommand } from './commands/status.ts';
import { GLOBAL_OPTIONS, globalsOf } from './context.ts';
import { CliError, usageError } from './errors.ts';
import { Output } from './output.ts';

export const COMMANDS: readonly Command[] = [
  devnetCommand,
  createCommand,
  listCommand,
  showCommand,
  signCommand,
  signEthTxCommand,
  signBtcTxCommand,
  statusCommand,
];

const GLOBAL_USAGE = `global options:
  --network <file>    network description (default .data/devnet/network.json, env DWALLET_NETWORK)
  --wallet <dir>      the user's Sui key and secret shares (default .data/wallet, env DWALLET_WALLET)
  --timeout <s>       how long to wait for the network's results (default 180)
  --json              print results as JSON (errors as {"error":{…}} on stderr)`;

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: dwallet <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n${GLOBAL_USAGE}\n\nrun dwallet <command> --help for its options\n`;
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_IO: CliIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

/** Global options that take a value (their value is never the command's name). */
const VALUED_GLOBALS = new Set(Object.entries(GLOBAL_OPTIONS).flatMap(([name, spec]) => (spec.type === 'string' ? [`--${name}`] : [])));

/** Where the command's name is: the first argument that is neither an option nor a global option's value. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (VALUED_GLOBALS.has(arg)) i += 1;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}

/** Runs the tool on `argv` (without node and the script); resolves with the exit status. */
export async function runCli(
  argv: readonly string[],
  signal: AbortSignal = new AbortController().signal,
  io: CliIo = PROCESS_IO,
): Promise<number> {
  const wantsJson = argv.includes('--json');
  const at = commandIndex(argv);
  const name = at === -1 ? undefined : argv[at];
  const rest = argv.filter((_, i) => i !== at);
  if (name === undefined || name === 'help') {
    const asked = name === 'help' || argv.includes('--help') || argv.includes('-h');
    (asked ? io.stdout : io.stderr)(helpText());
    return asked ? 0 : 2;
  }
  try {
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined)
      throw usageError(`unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    const options: OptionSpec = { ...GLOBAL_OPTIONS, ...command.options };
    const commandLine = parseCommandLine(rest, options);
    if (commandLine.values.help === true) {
      io.stdout(`usage: ${command.usage}\n\n${GLOBAL_USAGE}\n`);
      return 0;
    }
    const globals = globalsOf(commandLine.values, process.env, io);
    return (await command.run(commandLine, globals, signal)) ?? 0;
  } catch (error) {
    new Output(wantsJson, io.stdout, io.stderr).error(error);
    if (error instanceof CliError) return error.exitCode;
    return 1;
  }
}
