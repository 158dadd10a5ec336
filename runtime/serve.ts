/**
 * Serving a hono app on a host and port (0 picks a free one), shared by every service.
 *
 * Idle keep-alive connections are kept by the server for longer (65 s) than any client keeps them
 * (Node's fetch: 4 s), so the client is always the side that closes an idle connection. With the
 * server closing first, a request sent on a connection at the moment the server drops it fails
 * with "other side closed" — seen under load as spurious `fetch failed` between the services.
 * `close` stops accepting and ends open connections (SSE streams included).
 * @module
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export const SERVER_KEEP_ALIVE_MS = 65_000;

export interface RunningHttp {
  readonly url: string;
  close(): Promise<void>;
}

export function serveHono(app: Hono, host: string, port: number): Promise<RunningHttp> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as Server).closeAllConnections?.();
          }),
      });
    }) as Server;
    server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
    server.headersTimeout = SERVER_KEEP_ALIVE_MS + 1_000;
    server.once('error', reject);
  });
}
