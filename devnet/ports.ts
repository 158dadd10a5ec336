/**
 * Loopback ports: free ones, chosen once when a devnet is created and kept in its manifest, and
 * the check before a start that each is still free — naming the process that holds one.
 * @module
 */
import { createServer } from 'node:net';
import { DevnetError, DevnetErrorCodes } from './layout.ts';
import { portHolder } from './process-info.ts';

export function freePort(host: string): Promise<number> {
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
