/**
 * The lifecycle every long-running service shares: start, log that it is ready, and on SIGINT or
 * SIGTERM stop gracefully (stop accepting work, finish or persist what is in flight) within a
 * deadline, then exit 0; a failed start exits 1 with the reason, never a stack dump of secrets.
 * @module
 */
import type { Logger } from './log.ts';

export interface RunningService {
  /** Stop accepting work and release resources; resolve when done. */
  stop(): Promise<void>;
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
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error('error while stopping', { error });
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
