/**
 * The PostgreSQL store (node-postgres, pooled): a read runs its queries on pooled connections, a
 * write is BEGIN … COMMIT on one connection — a pooled one, or the one the caller gives (the
 * writer's lease connection). Opening connects once (an unreachable server is a clear
 * `INDEXER_STORE_UNREACHABLE` naming host:port and the driver's reason) and migrates the tables
 * under an advisory lock, so several processes starting together migrate once.
 *
 * Millisecond timestamps and feed ids are `bigint` columns, which node-postgres hands over as
 * decimal text; they are parsed to JS numbers here, and a value beyond 2^53 (which the indexer
 * never writes) is refused rather than rounded. The parser is node-postgres's process-wide one for
 * int8 — drizzle reads every column through the global parsers, not a pool's own.
 * @module
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DrizzleQueryError, is, SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from '../../runtime/log.ts';
import { IndexerErrorCodes, IndexerStoreError } from '../errors.ts';
import { MIGRATIONS_TABLE } from './database.ts';
import type * as sqliteSchema from './schema.ts';
import * as schema from './schema-pg.ts';
import type { IndexerStore, WriteOptions } from './store.ts';
import { runAsync, type Step, type Tables, type WorkOf } from './work.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations/postgres', import.meta.url));
/** The indexer's tables (and its migrations table) live in the default schema. */
const MIGRATIONS_SCHEMA = 'public';
/** How long a connection attempt may take before the server counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Connections per process: a writer's page transactions and the API's reads. */
const POOL_SIZE = 10;

/** A signed 64-bit advisory-lock key derived from `name` (sha256, first 8 bytes), as PostgreSQL takes it. */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

const MIGRATION_LOCK = advisoryLockKey('dwallet-indexer/migrations');

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new IndexerStoreError(
      IndexerErrorCodes.INDEXER_STORE_INVALID,
      `PostgreSQL returned the 64-bit integer ${text}, beyond what a JS number holds exactly (2^53)`,
      { value: text },
    );
  }
  return value;
}
pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);

/** Socket-level failures: the server is down, not listening, or not reachable from here. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** PostgreSQL's own "not now": starting up, shutting down, too many connections. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

interface DriverError extends Error {
  code?: string;
  errors?: { code?: string; message?: string }[];
}

/** The driver's error under drizzle's (which names the query and keeps the driver's as its cause). */
function driverErrorOf(error: unknown): unknown {
  return error instanceof DrizzleQueryError && error.cause instanceof Error ? error.cause : error;
}

/** The driver's reason in one line (a failed connection to several addresses is an AggregateError with no message of its own). */
function reasonOf(error: DriverError): string {
  const inner = error.errors?.map((e) => e.message).filter(Boolean) ?? [];
  return error.message || inner.join('; ') || error.code || String(error);
}

function isUnreachable(error: DriverError): boolean {
  const code = error.code ?? error.errors?.[0]?.code;
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code))) return true;
  // node-postgres's own wording for a connection that timed out or was cut (it gives no code).
  return /timeout exceeded when trying to connect|Connection terminated/.test(error.message ?? '');
}

/** `host:port` of a PostgreSQL URL (host from `?host=` for a socket directory), for messages. */
function addressOf(url: URL): string {
  const host = url.searchParams.get('host') ?? (url.hostname || 'localhost');
  return `${host}:${url.port || '5432'}`;
}

/** The credentials of a URL are never repeated in a message or log. */
function redacted(url: URL): string {
  const copy = new URL(url);
  if (copy.password !== '') copy.password = '***';
  return copy.toString();
}

export class PostgresStore implements IndexerStore {
  readonly dialect = 'postgres' as const;
  readonly pool: pg.Pool;
  /** `host:port` of the server. */
  readonly address: string;
  readonly #readKit: Tables;
  readonly #readRun: (step: Step) => Promise<unknown>;
  readonly #clientKits = new WeakMap<pg.Client | pg.PoolClient, { kit: Tables; run: (step: Step) => Promise<unknown> }>();

  /** The server's URL, for the connections that must not come from the pool (dedicatedClient). */
  readonly #url: string;

  private constructor(pool: pg.Pool, url: string, address: string) {
    this.pool = pool;
    this.#url = url;
    this.address = address;
    const db = drizzle(pool);
    this.#readKit = kitOf(db);
    this.#readRun = runnerOf(db);
  }

  /** Connects to `url`, migrates the tables (under an advisory lock) and returns the store. */
  static async open(url: string, options: { logger?: Logger } = {}): Promise<PostgresStore> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (error) {
      throw new IndexerStoreError(IndexerErrorCodes.INDEXER_STORE_INVALID, 'the database URL does not parse', {}, { cause: error });
    }
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // An idle connection the server drops emits on the pool; without a listener it would end the process.
    pool.on('error', (error) => options.logger?.warn('an idle PostgreSQL connection failed', { error }));
    const store = new PostgresStore(pool, url, addressOf(parsed));
    try {
      await store.#migrate(redacted(parsed));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  /** A pooled connection; a failure to connect is `INDEXER_STORE_UNREACHABLE` (or `_INVALID`: refused credentials, no such database). */
  async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.#connectionError(error as DriverError);
    }
  }

  /**
   * A new connection of its own, outside the pool, for a session that must stay with its owner:
   * the writer's lease (a session-level advisory lock) and the results listener (LISTEN). TCP
   * keepalives on, so that a server that vanished is noticed. The caller ends it. Errors as `connect`.
   */
  async dedicatedClient(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.#url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw this.#connectionError(error as DriverError);
    }
    return client;
  }

  /** Reads run on pooled connections; a server that went away is `INDEXER_STORE_UNREACHABLE` (the API answers 503). */
  async read<T>(work: WorkOf<T>): Promise<T> {
    try {
      return await runAsync(work(this.#readKit), this.#readRun);
    } catch (error) {
      throw isUnreachable(error as DriverError) ? this.#connectionError(error as DriverError) : error;
    }
  }

  async write<T>(work: WorkOf<T>, options: WriteOptions = {}): Promise<T> {
    const given = options.client;
    const client = given ?? (await this.connect());
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { kit, run } = this.#kitOn(client);
      const value = await runAsync(work(kit), run);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: Error) => {
        // The connection is gone (the transaction with it): a pooled one is discarded.
        broken = rollback;
      });
      throw error;
    } finally {
      if (given === undefined) (client as pg.PoolClient).release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  #connectionError(error: DriverError): IndexerStoreError {
    const unreachable = isUnreachable(error);
    const reason = reasonOf(error);
    return new IndexerStoreError(
      unreachable ? IndexerErrorCodes.INDEXER_STORE_UNREACHABLE : IndexerErrorCodes.INDEXER_STORE_INVALID,
      `${unreachable ? 'cannot reach' : 'cannot connect to'} PostgreSQL at ${this.address}: ${reason}`,
      { address: this.address, reason },
      { cause: error },
    );
  }

  #kitOn(client: pg.Client | pg.PoolClient) {
    let found = this.#clientKits.get(client);
    if (found === undefined) {
      const db = drizzle(client);
      found = { kit: kitOf(db), run: runnerOf(db) };
      this.#clientKits.set(client, found);
    }
    return found;
  }

  /** Runs the migrations not yet applied, holding the migration lock on the same connection. */
  async #migrate(where: string): Promise<void> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle(client), { migrationsFolder, migrationsTable: MIGRATIONS_TABLE, migrationsSchema: MIGRATIONS_SCHEMA });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((error: Error) => {
          broken = error;
        });
      }
    } catch (error) {
      throw new IndexerStoreError(
        IndexerErrorCodes.INDEXER_STORE_INVALID,
        `cannot migrate the indexer's tables in ${where}: ${reasonOf(driverErrorOf(error) as DriverError)}`,
        { address: this.address },
        { cause: error },
      );
    } finally {
      client.release(broken);
    }
  }
}

/**
 * The kit of a PostgreSQL database. THE one cast between the dialects: the pg-core database and
 * tables are handed to the work typed as their SQLite twins, whose builder API the work uses and
 * whose keys, SQL names and row types they share (schema parity test; the whole indexer suite
 * runs on both stores).
 */
function kitOf(db: NodePgDatabase): Tables {
  return { db: db as unknown as Tables['db'], t: schema as unknown as typeof sqliteSchema };
}

/**
 * A pg-core query builder runs when awaited; a raw statement through `execute`. A failure is
 * thrown as the driver's own error (its SQLSTATE `code` and message: what logs and the unreachable
 * check need), not drizzle's wrapper.
 */
function runnerOf(db: NodePgDatabase): (step: Step) => Promise<unknown> {
  return async (step) => {
    try {
      return await (is(step.query, SQL) ? db.execute(step.query) : (step.query as unknown as PromiseLike<unknown>));
    } catch (error) {
      throw driverErrorOf(error);
    }
  };
}
