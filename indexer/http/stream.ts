/**
 * GET /v1/stream: results as Server-Sent Events (`event: result`, `id:` the feed id, `data:` the
 * result record), optionally filtered by `session`, `dwallet` and `kind`. A client resumes where
 * it stopped with the `Last-Event-ID` header (browsers send it on reconnect) or `?after=<id>`;
 * without either it gets the results committed from now on. A comment line is sent every
 * heartbeat interval (15 s) so proxies keep the connection open and clients notice a dead one.
 * @module
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Indexer } from '../indexer.ts';
import type { ResultFilter } from '../queries.ts';
import { feedIdParam, kindParam, objectIdParam, onlyKnownQuery, sessionIdParam } from './params.ts';

export const HEARTBEAT_MS = 15_000;

export function streamRoutes(app: Hono, indexer: Indexer, options: { heartbeatMs?: number } = {}): void {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  app.get('/v1/stream', async (c) => {
    const query = c.req.query();
    onlyKnownQuery(query, ['session', 'dwallet', 'kind', 'after']);
    const filter: ResultFilter = {
      ...(query.session === undefined ? {} : { sessionId: sessionIdParam('session', query.session) }),
      ...(query.dwallet === undefined ? {} : { dwalletId: objectIdParam('dwallet', query.dwallet) }),
      ...(query.kind === undefined ? {} : { kind: kindParam(query.kind) }),
    };
    const lastEventId = feedIdParam('Last-Event-ID', c.req.header('last-event-id'));
    const after = lastEventId ?? feedIdParam('after', query.after) ?? (await indexer.queries.lastResultId());
    return streamSSE(c, async (stream) => {
      const controller = new AbortController();
      stream.onAbort(() => controller.abort());
      indexer.metrics.sseClients.inc();
      let last = after;
      try {
        await stream.write(': connected\n\n');
        while (!controller.signal.aborted) {
          // As ResultFeed.entries: the mark and the head are taken before the page is read.
          const mark = indexer.feed.mark();
          const head = await indexer.queries.lastResultId();
          const page = await indexer.queries.resultsAfter(last, filter);
          for (const entry of page) {
            last = entry.id;
            await stream.writeSSE({ event: 'result', id: String(entry.id), data: JSON.stringify(entry.result) });
          }
          if (page.length > 0) continue;
          last = Math.max(last, head);
          const notified = await indexer.feed.wait(heartbeatMs, controller.signal, mark);
          if (!notified && !controller.signal.aborted) await stream.write(': heartbeat\n\n');
        }
      } finally {
        indexer.metrics.sseClients.dec();
      }
    });
  });
}
