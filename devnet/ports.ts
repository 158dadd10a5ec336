/**
 * Loopback ports: free ones, chosen once when a devnet is created and kept in its manifest, and
 * the check before a start that each is still free — naming the process that holds one.
 *
 * A port the system calls free may be chosen by two devnets created at the same moment (tests run
 * two files at once; the kernel hands out nearby ports to quick successive asks), and the first to
 * start its services takes it from the other. So a chosen port is also reserved, machine-wide, by
 * a file in the temporary folder created exclusively (`O_EXCL`): another devnet choosing it passes
 * it over while the reserving process lives, for {@link RESERVATION_MS} — long enough for the
 * services to bind it.
 *
 * Reservations only keep devnets apart. Every other process that asks the kernel for "any port"
 * (`listen(0)`: test servers, outgoing connections) draws from the ephemeral range
 * (/proc/sys/net/ipv4/ip_local_port_range, 32768–60999 by default) and may take a chosen port in
 * the seconds before a service binds it. So ports are chosen at random below that range, where
 * the kernel never hands one out by itself.
 * @module
 */

import { randomInt } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevnetError, DevnetErrorCodes } from './layout.ts';
import { portHolder, processAlive } from './process-info.ts';

/** How long a reservation keeps a chosen port from other devnets. */
export const RESERVATION_MS = 10 * 60_000;
export const RESERVATIONS = join(tmpdir(), 'dwallet-devnet-ports');

/** Whether the reservation at `path` no longer holds: its process is gone, it expired, or it is unreadable. */
function staleReservation(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    return !(Number.isSafeInteger(pid) && pid > 0 && processAlive(pid)) || Date.now() - statSync(path).mtimeMs > RESERVATION_MS;
  } catch {
    return true;
  }
}

let pruned = false;

/** Removes the reservations that no longer hold, once per process, so the folder does not grow. */
function pruneReservations(): void {
  if (pruned) return;
  pruned = true;
  for (const name of readdirSync(RESERVATIONS)) {
    const path = join(RESERVATIONS, name);
    if (staleReservation(path)) rmSync(path, { force: true });
  }
}

/** Reserves `port` for this process; false when a live process reserved it less than RESERVATION_MS ago. */
export function reservePort(port: number): boolean {
  mkdirSync(RESERVATIONS, { recursive: true });
  pruneReservations();
  const path = join(RESERVATIONS, String(port));
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!staleReservation(path)) return false;
    rmSync(path, { force: true });
  }
  return false;
}

/** A port that is free now and reserved for this process (see the module's note). */
export async function freePort(host: string): Promise<number> {
  for (;;) {
    const port = await systemFreePort(host);
    if (reservePort(port)) return port;
  }
}

/** The kernel's ephemeral port range (ports it hands to `listen(0)` and outgoing connections). */
function ephemeralRange(): readonly [number, number] {
  try {
    const [low = 0, high = 0] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isSafeInteger(low) && Number.isSafeInteger(high) && low > 0 && low <= high) return [low, high];
  } catch {
    // Not Linux: the IANA dynamic range, which BSD, macOS and Windows use.
  }
  return [49152, 65535];
}

/** Where devnet ports are drawn from: above the well-known and common service ports, below the ephemeral range. */
const CHOSEN_PORTS_LOW = 20_000;

function systemFreePort(host: string): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const high = ephemeralLow - 1;
  // A machine whose ephemeral range starts low leaves no room below it: ask the kernel instead.
  if (high - CHOSEN_PORTS_LOW < 1_000) return kernelFreePort(host);
  return (async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const port = CHOSEN_PORTS_LOW + randomInt(high - CHOSEN_PORTS_LOW + 1);
      if (await portFree(host, port)) return port;
    }
    return kernelFreePort(host);
  })();
}

function kernelFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(host: string, count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort(host));
  return [...ports];
}

/** Whether something may listen on `host:port` now. */
export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export interface ServicePort {
  readonly port: number;
  /** Whose port it is, e.g. `the chain`, `validator 2`. */
  readonly service: string;
}

/**
 * DEVNET_PORT_IN_USE when a port is held, saying by what: a process of an earlier run of this
 * network (its command line names `dataDir`), another process (PID and command), or unknown.
 */
export async function assertPortsFree(host: string, ports: readonly ServicePort[], dataDir: string): Promise<void> {
  const holders: { port: number; service: string; pid: number | null; command: string | null }[] = [];
  for (const { port, service } of ports) {
    if (await portFree(host, port)) continue;
    const holder = portHolder(port);
    holders.push({ port, service, pid: holder?.pid ?? null, command: holder?.command ?? null });
  }
  if (holders.length === 0) return;
  const lines = holders.map(({ port, service, pid, command }) => {
    if (pid === null) return `  port ${port} (${service}): another process (which one, this user cannot tell)`;
    const ours = command?.includes(dataDir) ? ', left from an earlier run of this network' : '';
    return `  port ${port} (${service}): PID ${pid}${ours} (${command ?? 'command unknown'})`;
  });
  const pids = [...new Set(holders.flatMap((h) => (h.pid === null ? [] : [h.pid])))];
  const advice =
    pids.length === 0
      ? 'free those ports and start again'
      : `stop ${pids.length === 1 ? 'that process' : 'those processes'} (kill ${pids.join(' ')}) and start again`;
  throw new DevnetError(
    DevnetErrorCodes.DEVNET_PORT_IN_USE,
    `cannot start the network of ${dataDir}: ${holders.length === 1 ? 'a port is held by another process' : 'ports are held by other processes'}\n${lines.join('\n')}\n${advice}`,
    { dataDir, ports: holders },
  );
}
