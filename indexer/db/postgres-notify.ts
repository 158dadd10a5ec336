/**
 * The live feed across processes on PostgreSQL: the writer's page transaction runs
 * `SELECT pg_notify('dwallet_indexer_results', '<last feed id>')` when it appended results — the
 * server delivers it at COMMIT, never for a page rolled back — and every indexer process (writer,
 * standby and readers) LISTENs on a connection of its own and wakes its feed's waiters, which
 * re-read the `results` table after the id they last sent. The payload is informational (a
 * `LISTEN` in psql shows how far the feed is); waking is what matters.
 *
 * The connection is re-made with backoff when it breaks. A notification sent while nobody
 * listened is lost, so every waiter is woken after each (re)connection: re-reading the table
 * then covers the gap. No loop polls the table; the stream's heartbeat re-read is only a safety net.
 * @module
 */
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { sleep } from '../../chain/retry.ts';
import type { Logger } from '../../runtime/log.ts';
import { exec, type Work } from './work.ts';

/** The channel of the results feed. */
export const RESULTS_CHANNEL = 'dwallet_indexer_results';

/** What the writer's page transaction runs once it appended results up to feed id `lastId` (PostgreSQL only). */
export function* notifyResults(lastId: number): Work<void> {
  yield* exec(sql`SELECT pg_notify(${RESULTS_CHANNEL}, ${String(lastId)})`);
}

export interface ResultNotificationsOptions {
  /** A new, connected client for listening alone (it must not come from a pool). */
  readonly connect: () => Promise<pg.Client>;
  /** Called on each notification and after each (re)connection. */
  readonly onNotify: () => void;
  readonly logger: Logger;
  /** First wait before reconnecting (100 ms), doubled per failure in a row. */
  readonly retryMs?: number;
  /** Longest wait before reconnecting (5 s). */
  readonly maxRetryMs?: number;
}

/** Listens on {@link RESULTS_CHANNEL} until closed, reconnecting whenever the connection breaks. */
export class ResultNotifications {
  readonly #options: ResultNotificationsOptions;
  readonly #closed = new AbortController();
  readonly #loop: Promise<void>;
  #client: pg.Client | undefined;

  constructor(options: ResultNotificationsOptions) {
    this.#options = options;
    this.#loop = this.#run();
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    this.#closed.abort();
    await this.#client?.end().catch(() => {});
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { logger, onNotify } = this.#options;
    const retryMs = this.#options.retryMs ?? 100;
    const maxRetryMs = this.#options.maxRetryMs ?? 5_000;
    const closed = this.#closed.signal;
    let backoff = retryMs;
    let interrupted = false;
    while (!closed.aborted) {
      let client: pg.Client | undefined;
      let onClose: (() => void) | undefined;
      try {
        client = await this.#options.connect();
        const connection = client;
        const broken = new Promise<Error>((resolve) => {
          connection.on('error', resolve);
          connection.on('end', () => resolve(new Error('the connection ended')));
          onClose = () => resolve(new Error('closed'));
          closed.addEventListener('abort', onClose, { once: true });
        });
        connection.on('notification', (message) => {
          if (message.channel === RESULTS_CHANNEL) onNotify();
        });
        this.#client = connection;
        if (closed.aborted) break;
        await connection.query(`LISTEN ${RESULTS_CHANNEL}`);
        if (interrupted) logger.info('listening for results again', { channel: RESULTS_CHANNEL });
        interrupted = false;
        backoff = retryMs;
        // Whatever was notified while nobody listened is found by re-reading the table.
        onNotify();
        const reason = await broken;
        if (closed.aborted) break;
        interrupted = true;
        logger.warn('lost the connection listening for results; reconnecting', { error: reason, retryInMs: backoff });
      } catch (error) {
        if (closed.aborted) break;
        interrupted = true;
        logger.warn('cannot listen for results; retrying', { error, retryInMs: backoff });
      } finally {
        if (onClose !== undefined) closed.removeEventListener('abort', onClose);
        await client?.end().catch(() => {});
      }
      await sleep(backoff, closed);
      backoff = Math.min(backoff * 2, maxRetryMs);
    }
  }
}
