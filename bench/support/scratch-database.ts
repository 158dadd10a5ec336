/**
 * A fresh PostgreSQL database for one bench run, on the server of an administrative URL
 * (`postgres://user@host:port/postgres`): created with a random name, dropped at the end
 * (`WITH (FORCE)`, so that connections a killed process left do not keep it). An unreachable
 * server is reported with its host, port and the driver's reason, so that the bench can skip
 * what needs it and say why.
 * @module
 */
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import pg from 'pg';

/** How long the bench waits for the server before it says it is unreachable. */
const CONNECT_TIMEOUT_MS = 3000;

export interface ScratchDatabase {
  /** The database's URL (the administrative URL with its name). */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Where `url` points, for messages (no password). */
export function serverOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}`;
}

async function withAdmin<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL at ${serverOf(adminUrl)} is unreachable: ${(error as Error).message || (error as { code?: string }).code}`,
      {
        cause: error,
      },
    );
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates `<prefix>_<random>` on the server of `adminUrl`; throws (naming the server) when it does not answer. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`a database name prefix is lower-case letters, digits and _: ${prefix}`);
  const name = `${prefix}_${bytesToHex(randomBytes(6))}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
