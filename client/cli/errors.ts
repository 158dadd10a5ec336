/**
 * The command-line tool's own errors. Every failure the tool reports carries a stable code (its
 * own, or the SDK's, chain's or cryptography's it passes through) and maps to an exit status:
 * 2 when the command line itself is wrong (nothing was attempted), 1 when the attempt failed,
 * 130 when Ctrl-C interrupted it.
 * @module
 */
import { type CodeOf, DWalletError } from '../../mpc/errors.ts';

export const CliErrorCodes = {
  /** Unknown command or option, missing or extra argument. */
  CLI_USAGE: 'CLI_USAGE',
  /** An argument that does not parse as what the option takes. */
  CLI_INVALID_ARGUMENT: 'CLI_INVALID_ARGUMENT',
  /** No network description where one was looked for. */
  CLI_NETWORK_NOT_FOUND: 'CLI_NETWORK_NOT_FOUND',
  /** The wallet folder's key file is unreadable or not a key file. */
  CLI_WALLET_INVALID: 'CLI_WALLET_INVALID',
  /** The network description names a chain that does not answer. */
  CLI_NETWORK_UNREACHABLE: 'CLI_NETWORK_UNREACHABLE',
  /** Ctrl-C (or SIGTERM) stopped the command; the details say what was already sent. */
  CLI_INTERRUPTED: 'CLI_INTERRUPTED',
} as const;

export type CliErrorCode = CodeOf<typeof CliErrorCodes>;

export class CliError extends DWalletError<CliErrorCode> {
  /** Usage errors exit with 2: the command line was wrong and nothing was attempted; an interrupt with 130. */
  get exitCode(): number {
    if (this.code === CliErrorCodes.CLI_INTERRUPTED) return 130;
    return this.code === CliErrorCodes.CLI_USAGE || this.code === CliErrorCodes.CLI_INVALID_ARGUMENT ? 2 : 1;
  }
}

export function usageError(message: string, details: Record<string, unknown> = {}): CliError {
  return new CliError(CliErrorCodes.CLI_USAGE, message, details);
}

export function invalidArgument(option: string, message: string, value?: string): CliError {
  return new CliError(CliErrorCodes.CLI_INVALID_ARGUMENT, `${option}: ${message}`, value === undefined ? { option } : { option, value });
}
