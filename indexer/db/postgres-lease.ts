/**
 * The writer's lease over a PostgreSQL database shared by several indexer processes: a
 * session-level advisory lock (`pg_advisory_lock`) held on a connection of its own. Only the
 * holder writes; its page transactions run on that same connection, so the lease and the
 * transaction are lost together — a writer whose connection dies cannot commit anything after
 * the lock was released (and the cursor's compare-and-set in the page transaction fences it
 * anyway). A standby waits in `pg_advisory_lock` itself, blocked in the server, and gets the lock
 * the moment the holder's session ends: no polling, no lease expiry to tune.
 *
 * The lock key is derived from `dwallet-indexer/<packageId>/<cursorName>` (sha256, the first 8
 * bytes read big-endian as a signed 64-bit integer, the type `pg_advisory_lock(bigint)` takes), so
 * indexers of different packages or cursors on one database never block each other.
 * @module
 */
import type pg from 'pg';
import { advisoryLockKey } from './postgres-store.ts';

/** The advisory lock key of the writer of `cursorName` for `packageId` (a signed 64-bit integer, in decimal). */
export function leaseKey(packageId: string, cursorName: string): string {
  return advisoryLockKey(`dwallet-indexer/${packageId}/${cursorName}`);
}

/**
 * Session settings of the lease connection, applied before it queues for the lock:
 * - `client_connection_check_interval` (PostgreSQL ≥ 14): a backend blocked in the lock wait
 *   notices that its client went away (a standby stopping) within a second, instead of getting
 *   the lock later and holding it until it fails to answer;
 * - TCP keepalives: a writer whose host vanishes (no FIN ever arrives) is detected by the server
 *   within about 10 + 5 × 3 = 25 s, and its lock released.
 */
const LEASE_SESSION_SETTINGS = `SELECT
  set_config('tcp_keepalives_idle', '10', false),
  set_config('tcp_keepalives_interval', '5', false),
  set_config('tcp_keepalives_count', '3', false),
  CASE WHEN current_setting('server_version_num')::int >= 140000
    THEN set_config('client_connection_check_interval', '1000', false) END`;

/** A held lease: the lock is held as long as `client`'s session lives. */
export interface Lease {
  readonly key: string;
  /** The connection holding the lock; the writer's page transactions run on it. */
  readonly client: pg.Client;
  /** Aborts (with the reason) when the connection errors or ends: the lock is gone with it. */
  readonly lost: AbortSignal;
  /** Ends the session, which releases the lock (idempotent). */
  release(): Promise<void>;
}

export interface AcquireLeaseOptions {
  readonly key: string;
  /** A new, connected client for the lease alone (it must not come from a pool). */
  readonly connect: () => Promise<pg.Client>;
  /** Stops waiting: the connection is closed and `acquireLease` resolves null. */
  readonly signal: AbortSignal;
}

/**
 * Waits (blocked in the server, however long the holder keeps it) until the lock is ours, on a
 * dedicated connection. Resolves null when `signal` aborts first; rejects when the connection
 * cannot be made or breaks while waiting (the caller retries).
 */
export async function acquireLease(options: AcquireLeaseOptions): Promise<Lease | null> {
  if (options.signal.aborted) return null;
  const client = await options.connect();
  const lost = new AbortController();
  const loseWith = (reason: Error) => {
    if (!lost.signal.aborted) lost.abort(reason);
  };
  // An 'error' on an idle client must have a listener (or it crashes the process); both events
  // mean the session, and with it the lock, is gone.
  client.on('error', loseWith);
  client.on('end', () => loseWith(new Error('the lease connection ended')));
  const release = async () => {
    loseWith(new Error('the lease was released'));
    await client.end().catch(() => {});
  };
  const onAbort = () => void release();
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.query(LEASE_SESSION_SETTINGS);
    await client.query('SELECT pg_advisory_lock($1::bigint)', [options.key]);
  } catch (error) {
    await release();
    if (options.signal.aborted) return null;
    throw error;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
  return { key: options.key, client, lost: lost.signal, release };
}
