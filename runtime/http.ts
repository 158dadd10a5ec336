/**
 * HTTP conventions shared by the services' hono apps: typed errors become JSON responses
 * `{ error: { code, message, details } }` with a 4xx status for bad input, 503 when a service this
 * one depends on (the chain) is unreachable — the request was fine and may be sent again, which
 * `Retry-After` says — and 500 only for faults of the service itself (details logged, not
 * returned); plus `/health` and `/metrics`.
 * @module
 */
import type { Context, Hono } from 'hono';
import { DWalletError } from '../mpc/errors.ts';
import type { Logger } from './log.ts';
import type { MetricsRegistry } from './metrics.ts';

/** The statuses a service answers a refused request with. */
export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

/**
 * An error the client caused: reported with its HTTP status and the stable code of the layer that
 * refused it (`class IntakeError extends HttpError<RelayerErrorCode> {}`).
 */
export class HttpError<Code extends string = string> extends DWalletError<Code> {
  constructor(
    readonly status: HttpStatus,
    code: Code,
    message: string,
    details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(code, message, details, options);
  }
}

/** The JSON body of an error response. */
export function errorBody(error: DWalletError): { error: { code: string; message: string; details: Readonly<Record<string, unknown>> } } {
  return { error: { code: error.code, message: error.message, details: error.details } };
}

/** Code of the 503 answered while a dependency is unreachable. */
export const DEPENDENCY_UNAVAILABLE = 'DEPENDENCY_UNAVAILABLE';
/** Seconds a client is told to wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 1;

export interface ServiceRoutesOptions {
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly health: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Names the dependency whose outage `error` is (e.g. `chain`), or undefined for any other error. */
  readonly outage?: (error: unknown) => string | undefined;
}

/** Install the error handler, `/health` (with a caller-supplied check) and `/metrics`. */
export function installServiceRoutes(app: Hono, options: ServiceRoutesOptions): void {
  app.onError((error, c: Context) => {
    if (error instanceof HttpError) return c.json(errorBody(error), error.status);
    const dependency = options.outage?.(error);
    if (dependency !== undefined) {
      options.logger.warn('a dependency is unreachable; answered 503', { path: c.req.path, dependency, error });
      const cause = error instanceof DWalletError ? error.code : 'UNKNOWN';
      return c.json(
        {
          error: { code: DEPENDENCY_UNAVAILABLE, message: `the ${dependency} is unreachable; retry later`, details: { dependency, cause } },
        },
        503,
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
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
