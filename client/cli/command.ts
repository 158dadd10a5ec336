/**
 * The shape of a subcommand of the `dwallet` tool, in two steps:
 *
 * - `parse` checks the command line and every input that can be checked without the network
 *   (hex, amounts, addresses, the Ethereum and Bitcoin helpers' rules). What it throws is a wrong
 *   command line: exit status 2, nothing was sent. It loads no SDK, so help and argument errors
 *   are fast;
 * - `run` does the work (loading what it needs when it needs it).
 *
 * While `run` works, Ctrl-C makes the tool stop waiting, report what was already sent on chain
 * ({@link SentLog}) and exit 130 — except for commands that stop by themselves on the signal
 * (`handlesInterrupt`: the devnet stops its processes and exits 0).
 * @module
 */
import type { OptionSpec, ParsedCommandLine } from './args.ts';
import type { Globals } from './globals.ts';
import type { SentLog } from './sent-log.ts';

export interface RunContext {
  readonly globals: Globals;
  /** Aborts on Ctrl-C (SIGINT) or SIGTERM. */
  readonly signal: AbortSignal;
  /** The transactions the command sends, for the report of an interrupt. */
  readonly sent: SentLog;
}

export interface Command<Plan = unknown> {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Arguments and options, for `dwallet <command> --help`. */
  readonly usage: string;
  readonly options: OptionSpec;
  /** Whether the command ends by itself (exit 0) when the signal aborts. */
  readonly handlesInterrupt?: boolean;
  /** The command line, checked; throws on bad input (exit 2). */
  parse(commandLine: ParsedCommandLine): Plan | Promise<Plan>;
  /** Runs the command; resolves with the exit status (0 when nothing is returned). */
  run(plan: Plan, context: RunContext): Promise<number | undefined>;
}

/**
 * A command made of subcommands (`dwallet vault create …`, `dwallet vault approver add …`): the
 * word after its name picks one of `subcommands`, which may be a group itself.
 */
export interface CommandGroup {
  readonly name: string;
  readonly summary: string;
  /** What the group is about, printed above its subcommands by `dwallet <group> --help`. */
  readonly description: string;
  readonly subcommands: readonly (Command | CommandGroup)[];
}

export function isCommandGroup(entry: Command | CommandGroup): entry is CommandGroup {
  return 'subcommands' in entry;
}

/** A command whose plan type is checked between its `parse` and its `run`, for the command table. */
export function defineCommand<Plan>(command: Command<Plan>): Command {
  return command as unknown as Command;
}
