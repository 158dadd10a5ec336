/**
 * The lifecycle every long-running service shares: start, log that it is ready, and on SIGINT or
 * SIGTERM stop gracefully (stop accepting work, finish or persist what is in flight) within a
 * deadline, then exit 0; a failed start exits 1 with the reason, never a stack dump of secrets.
 * A service started by a devnet also stops when the devnet's process is gone ({@link onParentExit}).
 * @module
 */
import type { Logger } from './log.ts';

/** Set by the devnet for the processes it starts: their stdin is a pipe whose other end it holds. */
export const PARENT_PIPE_ENV = 'DWALLET_PARENT_PIPE';

/**
 * Calls `stop` once the process that started this one is gone, when that process asked for it
 * ({@link PARENT_PIPE_ENV} = 1): it holds the write end of our stdin, which the kernel closes when
 * it exits however it exits — SIGKILL included, where no handler of its own could stop us — and
 * our stdin then ends. Without the variable (a service run by hand or by a process manager) stdin
 * is not watched.
 */
export function onParentExit(stop: () => void): void {
  if (process.env[PARENT_PIPE_ENV] !== '1') return;
  process.stdin.once('end', stop);
  process.stdin.once('error', stop);
  process.stdin.resume();
}

export interface RunningService {
  /** Stop accepting work and release resources; resolve when done. */
  stop(): Promise<void>;
  /**
   * Resolves when the service decides to end by itself, with the exit status to end with (e.g. a
   * validator after an epoch change that moved it: 75, EX_TEMPFAIL, "restart me"); it is then
   * stopped gracefully like on a signal.
   */
  readonly ended?: Promise<{ readonly code: number; readonly reason: string }>;
}

export async function runService(
  logger: Logger,
  start: () => Promise<RunningService>,
  options: { stopTimeoutMs?: number } = {},
): Promise<void> {
  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    logger.error('failed to start', { error });
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  let exitCode = 0;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    const deadline = setTimeout(() => {
      logger.error('stop timed out; exiting', { timeoutMs: options.stopTimeoutMs ?? 10_000 });
      process.exit(1);
    }, options.stopTimeoutMs ?? 10_000);
    deadline.unref();
    try {
      await service.stop();
      logger.info('stopped', { code: exitCode });
      process.exit(exitCode);
    } catch (error) {
      logger.error('error while stopping', { error });
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  onParentExit(() => void stop('parent exited'));
  void service.ended?.then(({ code, reason }) => {
    exitCode = code;
    void stop(reason);
  });
}
