/**
 * A network description whose chain does not answer — for the CLI's "no network" tests and
 * benchmark: a loopback port nothing listens on, and a description naming it (ids made up).
 */
import { writeFileSync } from 'node:fs';
import { freePort } from '../ports.ts';

/**
 * A loopback port nothing listens on, and that stays so: chosen outside the kernel's ephemeral
 * range and reserved against other devnets for this process's life (devnet/ports.ts) — a port
 * freed by `listen(0)` could be handed to another test's process a moment later.
 */
export function closedPort(): Promise<number> {
  return freePort('127.0.0.1');
}

/** Writes at `path` a network description of a chain (and indexer) at `chainUrl`. */
export function writeNetworkFile(path: string, chainUrl: string): string {
  writeFileSync(
    path,
    JSON.stringify({
      version: 1,
      chain: { kind: 'sui', url: chainUrl, network: 'localnet' },
      indexer: chainUrl,
      packageId: `0x${'01'.repeat(32)}`,
      coordinatorId: `0x${'02'.repeat(32)}`,
      networkKeyId: `0x${'03'.repeat(32)}`,
      curves: ['secp256k1'],
    }),
  );
  return path;
}
