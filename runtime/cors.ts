/**
 * Cross-origin access for the services a web page reads directly: the local chain (Sui's gRPC API
 * as gRPC-web, plus its faucet) and the indexer's read API. A dApp's page is served from its own
 * origin, so the browser asks each of these with a CORS preflight (`OPTIONS` with
 * `Access-Control-Request-Method`/`-Headers`) before any gRPC-web call (its content type
 * `application/grpc-web+proto` and its `x-grpc-web` header are not CORS-safelisted), and reads a
 * response's headers only when the server lists them in `Access-Control-Expose-Headers`.
 *
 * Sui full nodes answer browsers in the same way (their gRPC-web layer is tonic-web's CORS
 * defaults: any origin, the gRPC-web request headers, `grpc-status`, `grpc-message` and
 * `grpc-status-details-bin` exposed, preflights cached for a day), and the local chain stands in for
 * a full node: a page that works against it must work against Sui. Both services hold no cookie
 * or session, so any origin is allowed and credentials never are (`Access-Control-Allow-Origin: *`
 * cannot carry them).
 *
 * The allowed request headers are a fixed list, not a reflection of whatever a preflight asks:
 * a browser client that starts sending a new header must show up here (and in
 * test/chain/local/cors.test.ts, which checks the list against the headers `SuiGrpcClient` really sends).
 * @module
 */
import type { Hono } from 'hono';
import { cors } from 'hono/cors';

export interface CorsPolicy {
  readonly methods: readonly string[];
  /** Request headers a page may send beyond the CORS-safelisted ones (lower case). */
  readonly allowHeaders: readonly string[];
  /** Response headers a page may read beyond the CORS-safelisted ones (lower case). */
  readonly exposeHeaders: readonly string[];
}

/** How long a browser may cache a preflight's answer: a day, as tonic-web (and so Sui's full nodes) say. */
export const PREFLIGHT_MAX_AGE_SECONDS = 24 * 60 * 60;

/**
 * gRPC-web (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md) as @protobuf-ts's
 * `GrpcWebFetchTransport` speaks it (the transport of `SuiGrpcClient`): `content-type`,
 * `x-grpc-web`, `x-user-agent`, `grpc-timeout` (a call's deadline), plus the
 * `x-sui-client-protocol-version` metadata `@mysten/sui` adds to every call. A status in the
 * headers (a trailers-only answer) is `grpc-status`/`grpc-message`, which the transport reads.
 */
export const GRPC_WEB_CORS: CorsPolicy = {
  methods: ['POST', 'GET', 'OPTIONS'],
  allowHeaders: ['content-type', 'x-grpc-web', 'x-user-agent', 'grpc-timeout', 'x-sui-client-protocol-version'],
  exposeHeaders: ['grpc-status', 'grpc-message', 'grpc-status-details-bin'],
};

/**
 * A JSON read API (the indexer's): GET, with `last-event-id` for resuming the live stream
 * (EventSource and fetch-based readers send it), `retry-after` readable on a 503.
 */
export const READ_API_CORS: CorsPolicy = {
  methods: ['GET', 'HEAD', 'OPTIONS'],
  allowHeaders: ['content-type', 'last-event-id'],
  exposeHeaders: ['retry-after'],
};

/**
 * Answers preflights and marks every response of `app` (errors, 404s and 413s included: a page
 * must be able to read why it was refused) as readable from any origin under `policy`. Install it
 * before any other middleware so that a preflight is answered before a body limit or a route sees it.
 */
export function allowAnyOrigin(app: Hono, policy: CorsPolicy): void {
  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: [...policy.methods],
      allowHeaders: [...policy.allowHeaders],
      exposeHeaders: [...policy.exposeHeaders],
      maxAge: PREFLIGHT_MAX_AGE_SECONDS,
      credentials: false,
    }),
  );
}
