/**
 * HTTP conventions shared by the services' hono apps: typed errors become JSON responses
 * `{ error: { code, message, details } }` with a 4xx status for bad input (5xx only for faults of
 * the service itself, whose details are logged, not returned), plus `/health` and `/metrics`.
 * @module
 */
import type { Context, Hono } from 'hono';
import { DWalletError } from '../mpc/errors.ts';
import type { Logger } from './log.ts';
import type { MetricsRegistry } from './metrics.ts';

/** An error the client caused: reported with its HTTP status and stable code. */
export class HttpError extends DWalletError {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}

/** The JSON body of an error response. */
export function errorBody(error: DWalletError): { error: { code: string; message: string; details: Readonly<Record<string, unknown>> } } {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

/** Install the error handler, `/health` (with a caller-supplied check) and `/metrics`. */
export function installServiceRoutes(
  app: Hono,
  options: { logger: Logger; metrics: MetricsRegistry; health: () => Promise<Record<string, unknown>> | Record<string, unknown> },
): void {
  app.onError((error, c: Context) => {
    if (error instanceof HttpError) return c.json(errorBody(error), error.status);
    if (error instanceof DWalletError) return c.json(errorBody(error), 400);
    options.logger.error('request failed', { path: c.req.path, error });
    return c.json({ error: { code: 'INTERNAL', message: 'internal error', details: {} } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}`, details: {} } }, 404));
  app.get('/health', async (c) => {
    try {
      return c.json({ ok: true, ...(await options.health()) });
    } catch (error) {
      return c.json({ ok: false, reason: error instanceof Error ? error.message : String(error) }, 503);
    }
  });
  app.get('/metrics', (c) => c.text(options.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }));
}
