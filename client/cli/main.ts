/**
 * `dwallet`: the command-line tool of the dWallet network (`npx dwallet <command> …`).
 *
 *   dwallet devnet                         start a local network and keep it running
 *   dwallet create | list | show           dWallets of the wallet's Sui key
 *   dwallet share <id>                     publish a dWallet's user share (a shared dWallet)
 *   dwallet backup <id> | recover [<id>]   encrypted copies of user shares on chain, and recovery
 *   dwallet transfer <id> --to <address> | accept <id> | withdraw <share id>
 *   dwallet encryption-key register | show the wallet's share-encryption key
 *   dwallet sign | sign-eth-tx | sign-btc-tx [--taproot] | sign-sol-tx
 *   dwallet status [<id>] | wait <id>      the network, or one request
 *   dwallet vault <subcommand>             policy vaults around shared dWallets
 *   dwallet wallet encrypt                 encrypt the wallet's secret shares with a passphrase
 *
 * Exit status: 0 on success, 1 when the attempt failed (network, rejection, timeout), 2 when the
 * command line is wrong (nothing was sent: every input that can be checked without the network is
 * checked first), 130 when interrupted (after saying what was already sent).
 *
 * This module and the commands' `parse` load no SDK: `--help` and argument errors answer at once;
 * each command's `run` loads what it needs.
 * @module
 */

import { DWalletError } from '../../mpc/errors.ts';
import { type OptionSpec, parseCommandLine } from './args.ts';
import { type Command, type CommandGroup, isCommandGroup, type RunContext } from './command.ts';
import { acceptCommand } from './commands/accept.ts';
import { backupCommand } from './commands/backup.ts';
import { cancelCommand } from './commands/cancel.ts';
import { createCommand } from './commands/create.ts';
import { devnetCommand } from './commands/devnet.ts';
import { encryptionKeyCommands } from './commands/encryption-key.ts';
import { listCommand } from './commands/list.ts';
import { recoverCommand } from './commands/recover.ts';
import { shareCommand } from './commands/share.ts';
import { showCommand } from './commands/show.ts';
import { signCommand } from './commands/sign.ts';
import { signBtcTxCommand } from './commands/sign-btc-tx.ts';
import { signEthTxCommand } from './commands/sign-eth-tx.ts';
import { signSolTxCommand } from './commands/sign-sol-tx.ts';
import { statusCommand } from './commands/status.ts';
import { transferCommand } from './commands/transfer.ts';
import { vaultCommands } from './commands/vault/index.ts';
import { waitCommand } from './commands/wait.ts';
import { walletCommands } from './commands/wallet.ts';
import { withdrawCommand } from './commands/withdraw.ts';
import { CliError, usageError } from './errors.ts';
import { GLOBAL_OPTIONS, GLOBAL_USAGE, globalsOf } from './globals.ts';
import { type CliIo, Output } from './output.ts';
import { SentLog } from './sent-log.ts';

export type { CliIo } from './output.ts';

export const COMMANDS: readonly (Command | CommandGroup)[] = [
  devnetCommand,
  createCommand,
  listCommand,
  showCommand,
  shareCommand,
  backupCommand,
  recoverCommand,
  transferCommand,
  acceptCommand,
  withdrawCommand,
  encryptionKeyCommands,
  signCommand,
  signEthTxCommand,
  signBtcTxCommand,
  signSolTxCommand,
  statusCommand,
  waitCommand,
  cancelCommand,
  vaultCommands,
  walletCommands,
];

/** After Ctrl-C, how long a transaction already on its way may take to land before the tool reports anyway. */
const IN_FLIGHT_GRACE_MS = 2_000;

function commandList(entries: readonly (Command | CommandGroup)[]): string {
  const width = Math.max(...entries.map((c) => c.name.length));
  return entries.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
}

export function helpText(): string {
  return `usage: dwallet <command> [options]\n\ncommands:\n${commandList(COMMANDS)}\n\n${GLOBAL_USAGE}\n\nrun dwallet <command> --help for its options\n`;
}

/** `dwallet <path> --help` of a command group: what it is about and its subcommands. */
export function groupHelpText(path: readonly string[], group: CommandGroup): string {
  const name = `dwallet ${path.join(' ')}`;
  return `usage: ${name} <command> [options]\n\n${group.description}\n\ncommands:\n${commandList(group.subcommands)}\n\nrun ${name} <command> --help for its options\n`;
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

/** The session id an ABORTED wait of the SDK names, if the run ended with one. */
function waitedSession(error: unknown): string | undefined {
  if (!(error instanceof DWalletError) || error.code !== 'ABORTED') return undefined;
  const sessionId = error.details.sessionId;
  return typeof sessionId === 'string' ? sessionId : undefined;
}

/**
 * Runs the command; when `signal` aborts first, stops waiting for it (a transaction on its way
 * gets {@link IN_FLIGHT_GRACE_MS} to land) and throws the interrupt, which says what was sent.
 */
async function untilInterrupted(command: Command, plan: unknown, context: RunContext): Promise<number> {
  const { signal, sent } = context;
  let onAbort: () => void = () => {};
  const interrupted = new Promise<'interrupted'>((resolve) => {
    onAbort = () => resolve('interrupted');
    if (signal.aborted) resolve('interrupted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  let runError: unknown;
  const running = command.run(plan, context).then(
    (status) => status ?? 0,
    (error: unknown) => {
      runError = error;
      return 'failed' as const;
    },
  );
  try {
    const outcome = await Promise.race([running, interrupted]);
    if (outcome !== 'interrupted' && !signal.aborted) {
      if (outcome === 'failed') throw runError;
      return outcome;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  await sent.settled(IN_FLIGHT_GRACE_MS);
  throw sent.interrupted(waitedSession(runError));
}

/** Runs the tool on `argv` (without node and the script); resolves with the exit status. */
export async function runCli(
  argv: readonly string[],
  signal: AbortSignal = new AbortController().signal,
  io: CliIo = PROCESS_IO,
): Promise<number> {
  const output = new Output(argv.includes('--json'), io.stdout, io.stderr);
  const at = commandIndex(argv);
  const name = at === -1 ? undefined : argv[at];
  const rest = argv.filter((_, i) => i !== at);
  if (name === undefined || name === 'help') {
    const asked = name === 'help' || argv.includes('--help') || argv.includes('-h');
    (asked ? io.stdout : io.stderr)(helpText());
    return asked ? 0 : 2;
  }
  let command: Command;
  let plan: unknown;
  let context: RunContext;
  try {
    const path = [name];
    let entry = COMMANDS.find((c) => c.name === name);
    if (entry === undefined)
      throw usageError(`unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    let args = rest;
    // A group's subcommand is the next word that is not an option (nor a global option's value).
    while (isCommandGroup(entry)) {
      const group: CommandGroup = entry;
      const next = commandIndex(args);
      if (next === -1) {
        const asked = args.includes('--help') || args.includes('-h');
        (asked ? io.stdout : io.stderr)(groupHelpText(path, group));
        return asked ? 0 : 2;
      }
      const word = args[next] as string;
      args = args.filter((_, i) => i !== next);
      path.push(word);
      entry = group.subcommands.find((c) => c.name === word);
      if (entry === undefined) {
        throw usageError(
          `unknown command ${JSON.stringify(path.join(' '))}; ${path.slice(0, -1).join(' ')} commands: ${group.subcommands.map((c) => c.name).join(', ')}`,
        );
      }
    }
    command = entry;
    const options: OptionSpec = { ...GLOBAL_OPTIONS, ...command.options };
    const commandLine = parseCommandLine(args, options);
    if (commandLine.values.help === true) {
      io.stdout(`usage: ${command.usage}\n\n${GLOBAL_USAGE}\n`);
      return 0;
    }
    context = { globals: globalsOf(commandLine.values, process.env, io), signal, sent: new SentLog() };
    plan = await command.parse(commandLine);
  } catch (error) {
    // Everything found here is wrong input, found before anything was sent.
    output.error(error);
    return error instanceof DWalletError ? 2 : 1;
  }
  try {
    if (command.handlesInterrupt) return (await command.run(plan, context)) ?? 0;
    return await untilInterrupted(command, plan, context);
  } catch (error) {
    output.error(error);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
