/** The shape of a subcommand of the `dwallet` tool. */
import type { OptionSpec, ParsedCommandLine } from './args.ts';
import type { Globals } from './context.ts';

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Arguments and options, for `dwallet <command> --help`. */
  readonly usage: string;
  readonly options: OptionSpec;
  /** Runs the command; resolves with the exit status (0 when nothing is returned). */
  run(commandLine: ParsedCommandLine, globals: Globals, signal: AbortSignal): Promise<number | undefined>;
}
