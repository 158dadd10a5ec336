/**
 * A fresh PostgreSQL database per test file (`dwallet_indexer_test_<random>`, dropped after) on the
 * server of DWALLET_TEST_POSTGRES_URL (default: the machine's, trust auth); when it does not
 * answer, `skip` says why and the PostgreSQL cases are skipped.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_TEST_URL = process.env.DWALLET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresTestDatabase {
  readonly name: string;
  readonly url: string;
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export async function postgresTestDatabase(
  label: string,
): Promise<{ skip: string; db?: undefined } | { skip?: undefined; db: PostgresTestDatabase }> {
  const admin = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    const skip = `PostgreSQL at ${POSTGRES_TEST_URL} does not answer: ${(error as Error).message}`;
    process.stdout.write(`# ${skip}\n`);
    return { skip };
  }
  const name = `dwallet_indexer_test_${label}_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    db: {
      name,
      url: url.toString(),
      query: async (text, values) => (await pool.query(text, values)).rows,
      drop: async () => {
        await pool.end();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    },
  };
}
