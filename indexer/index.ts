/** The indexer library's public surface (for embedders such as the validator, and for tools). */
export { type DatabaseSource, openIndexerDatabase } from './db/database.ts';
export type { PostgresStore } from './db/postgres-store.ts';
export type { SqliteStore } from './db/sqlite-store.ts';
export { type IndexerStore, isPostgresUrl, openIndexerStore, type StoreDialect, type StoreSource } from './db/store.ts';
export { IndexerErrorCodes, IndexerStoreError, InvalidParameterError, NotFoundError } from './errors.ts';
export { ResultFeed } from './feed.ts';
export { indexerApp } from './http/app.ts';
export {
  type CommittedPage,
  DEFAULT_CURSOR_NAME,
  type IndexedEvent,
  Indexer,
  type IndexerExtension,
  type IndexerOptions,
  type IndexerRole,
  type IndexerStatus,
} from './indexer.ts';
export { IndexerMetrics } from './metrics.ts';
export { IndexerQueries, type ResultFilter } from './queries.ts';
export type * from './views.ts';
