/**
 * A unit of work on the indexer's tables, written once for both stores. better-sqlite3 runs a
 * query synchronously and its transactions must stay synchronous (an `await` inside one would
 * let other code on an embedder's connection run inside it); node-postgres answers a query with a
 * Promise. So the work is a generator: it builds a drizzle query with the `Tables` kit, yields it
 * (`yield* rows(query)`, `yield* exec(query)`), and receives the result; the SQLite store drives
 * it synchronously (`.all()`, `.run()`), the PostgreSQL store with `await` (store.ts).
 *
 * The kit is typed with the SQLite tables and database: the query builder API the work uses
 * (select/from/where/orderBy/limit/groupBy, insert/values/onConflictDoNothing/onConflictDoUpdate/
 * returning, update/set) is the same in pg-core, whose tables have the same keys, SQL names and
 * row types (schema-pg.ts; the schema parity test and the whole indexer suite run on both).
 * @module
 */
import type { SQL } from 'drizzle-orm';
import type { IndexerDb } from './database.ts';
import type * as schema from './schema.ts';

/** The tables and the database a unit of work queries. */
export interface Tables {
  readonly db: IndexerDb;
  readonly t: typeof schema;
}

/** A query whose rows the work wants (a select, or a write with `returning`). */
export interface RowsQuery<R> {
  all(): R[];
}

/** A write whose rows the work does not need, or a raw SQL statement. */
export type ExecQuery = { run(): unknown } | SQL;

/** What a unit of work hands its store to run. */
export type Step = { readonly kind: 'rows'; readonly query: RowsQuery<unknown> } | { readonly kind: 'exec'; readonly query: ExecQuery };

export type Work<T> = Generator<Step, T, unknown>;

/** A unit of work, given the store's tables. */
export type WorkOf<T> = (kit: Tables) => Work<T>;

/** The rows of a query. */
export function* rows<R>(query: RowsQuery<R>): Work<R[]> {
  return (yield { kind: 'rows', query }) as R[];
}

/** Runs a write (or a raw SQL statement: `sql\`…\``) for its effect. */
export function* exec(query: ExecQuery): Work<void> {
  yield { kind: 'exec', query };
}

/** Drives `work` to its end, running each step synchronously; a failing step is thrown into the work. */
export function runSync<T>(work: Work<T>, run: (step: Step) => unknown): T {
  let next = work.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = run(next.value);
    } catch (error) {
      next = work.throw(error);
      continue;
    }
    next = work.next(result);
  }
  return next.value;
}

/** Drives `work` to its end, awaiting each step; a failing step is thrown into the work. */
export async function runAsync<T>(work: Work<T>, run: (step: Step) => Promise<unknown>): Promise<T> {
  let next = work.next();
  while (!next.done) {
    let result: unknown;
    try {
      result = await run(next.value);
    } catch (error) {
      next = work.throw(error);
      continue;
    }
    next = work.next(result);
  }
  return next.value;
}
