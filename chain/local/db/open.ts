/** Opens the local chain's database with its migrations applied. */
import { fileURLToPath } from 'node:url';
import { type OpenedDatabase, openSqlite } from '../../sqlite.ts';
import * as schema from './schema.ts';

export type LocalDatabase = OpenedDatabase<typeof schema>;

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export function openLocalDatabase(path: string): LocalDatabase {
  return openSqlite(path, schema, migrationsFolder);
}
