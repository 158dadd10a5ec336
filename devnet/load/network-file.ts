/**
 * A network description whose chain does not answer — for the CLI's "no network" tests and
 * benchmark: a loopback port nothing listens on, and a description naming it (ids made up).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A loopback port nothing listens on (just freed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Writes at `path` a network description of a local chain (and indexer) at `chainUrl`. */
export function writeNetworkFile(path: string, chainUrl: string): string {
  writeFileSync(
    path,
    JSON.stringify({
      version: 1,
      chain: { kind: 'local', url: chainUrl },
      indexer: chainUrl,
      packageId: `0x${'01'.repeat(32)}`,
      coordinatorId: `0x${'02'.repeat(32)}`,
      networkKeyId: `0x${'03'.repeat(32)}`,
      curves: ['secp256k1'],
    }),
  );
  return path;
}
