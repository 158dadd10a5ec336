/**
 * The `main.ts` every service shares: parse the command line strictly, load the validated
 * configuration, create the logger at the configured level, start the service under
 * {@link runService} and print its ready line (`{ "url": … }` and what else identifies it) as the
 * first line on stdout, which process managers and the devnet wait for. Bad arguments or a bad
 * configuration exit with status 2 and the reason, before anything starts.
 * @module
 */
import { parseArgs } from 'node:util';
import { DWalletError } from '../mpc/errors.ts';
import { createLogger, type Logger, parseLevel } from './log.ts';
import { type RunningService, runService } from './service.ts';

/** The parsed options: each given option's value. */
export type OptionValues = Readonly<Record<string, string | undefined>>;

/** The flags given on the command line (options without a value, e.g. `--read-only`). */
export type FlagValues = ReadonlySet<string>;

export interface ServiceMain<Config extends { readonly logLevel: string }, Service extends RunningService> {
  /** The process's name, for messages and the logger. */
  readonly name: string;
  /** Arguments after the script, e.g. `--config <file>`. */
  readonly usage: string;
  /** Options of the command line that take a value (all strings). */
  readonly options: readonly string[];
  /** Options of the command line that take no value (booleans). */
  readonly flags?: readonly string[];
  /** Options that must be given. */
  readonly required?: readonly string[];
  /** The configuration from the parsed options; throws a DWalletError for a bad one. */
  load(values: OptionValues, flags: FlagValues): Config;
  start(config: Config, logger: Logger): Promise<Service>;
  /** The fields of the ready line. */
  ready(service: Service): Record<string, unknown>;
}

export async function serviceMain<Config extends { readonly logLevel: string }, Service extends RunningService>(
  main: ServiceMain<Config, Service>,
  args: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const usage = (message: string): never => {
    process.stderr.write(`${main.name}: ${message}\nusage: ${main.usage}\n`);
    process.exit(2);
  };
  const values: Record<string, string | undefined> = {};
  const flags = new Set<string>();
  try {
    const parsed = parseArgs({
      args: [...args],
      options: Object.fromEntries([
        ...main.options.map((option) => [option, { type: 'string' as const }]),
        ...(main.flags ?? []).map((flag) => [flag, { type: 'boolean' as const }]),
      ]),
      strict: true,
    }).values;
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value === 'string') values[name] = value;
      else if (value === true) flags.add(name);
    }
  } catch (error) {
    return usage((error as Error).message);
  }
  for (const option of main.required ?? []) if (values[option] === undefined) return usage(`--${option} is required`);
  let loaded: Config;
  try {
    loaded = main.load(values, flags);
  } catch (error) {
    return usage(error instanceof DWalletError ? error.message : String(error));
  }
  const logger = createLogger(main.name, { level: parseLevel(loaded.logLevel) ?? 'info' });
  await runService(logger, async () => {
    const service = await main.start(loaded, logger);
    process.stdout.write(`${JSON.stringify(main.ready(service))}\n`);
    return service;
  });
}
