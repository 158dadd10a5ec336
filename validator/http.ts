/**
 * The validator's HTTP API (hono):
 *
 * | method | path | body | answer |
 * |---|---|---|---|
 * | POST | `/v1/peer/envelopes` | one signed envelope, `application/octet-stream` | 202 `{ status: accepted \| queued }`, 200 `{ status: duplicate \| closed }`, or 4xx `{ error: { code, message, details } }` |
 * | GET | `/v1/peer/identity` | | `{ party, epoch, peerKey, certificate }` (hex) |
 * | GET | `/v1/batches/:sequence` | | the decided batch and this validator's signature (base64), or 404 |
 * | GET | `/health` | | `{ ok, party, epoch, caughtUp, nextSequence, sessionsInFlight }` |
 * | GET | `/metrics` | | Prometheus text |
 *
 * Peer refusals: 400 PEER_MALFORMED / PEER_SENDER_MISMATCH / PEER_WRONG_RECIPIENT, 401
 * PEER_UNSIGNED / PEER_BAD_SIGNATURE / PEER_BAD_IDENTITY, 403 PEER_UNKNOWN_SENDER, 409
 * PEER_WRONG_EPOCH, 413 PEER_BODY_TOO_LARGE, 415 PEER_CONTENT_TYPE, 422 PEER_MESSAGE_REFUSED (the
 * session layer's code in `details.cause`) / PEER_UNKNOWN_PROTOCOL, 429 PEER_QUEUE_FULL.
 * @module
 */
import { toBase64 } from '@mysten/sui/utils';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_PAYLOAD_BYTES } from '../mpc/session/message.ts';
import { errorBody, HttpError, installServiceRoutes } from '../runtime/http.ts';
import type { Logger } from '../runtime/log.ts';
import type { MetricsRegistry } from '../runtime/metrics.ts';
import { PeerInputError, ValidatorErrorCodes } from './errors.ts';
import type { LocalPeerIdentity } from './peer/identity.ts';
import type { PeerInbound } from './peer/inbound.ts';

/** An envelope carries one round message (payload at most MAX_PAYLOAD_BYTES) plus a small header. */
export const MAX_ENVELOPE_BYTES = MAX_PAYLOAD_BYTES + 64 * 1024;

export interface ValidatorApiOptions {
  readonly inbound: PeerInbound;
  readonly identity: LocalPeerIdentity;
  readonly epoch: () => bigint;
  readonly decided: (sequence: number) => { batch: Uint8Array; signature: Uint8Array; onChain: boolean } | undefined;
  readonly health: () => Record<string, unknown>;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
}

export function validatorApp(options: ValidatorApiOptions): Hono {
  const app = new Hono();
  installServiceRoutes(app, { logger: options.logger, metrics: options.metrics, health: options.health });
  app.post(
    '/v1/peer/envelopes',
    bodyLimit({
      maxSize: MAX_ENVELOPE_BYTES,
      onError: (c) =>
        c.json(
          errorBody(new PeerInputError(413, ValidatorErrorCodes.PEER_BODY_TOO_LARGE, `an envelope is at most ${MAX_ENVELOPE_BYTES} bytes`)),
          413,
          { Connection: 'close' },
        ),
    }),
    async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith('application/octet-stream')) {
        return c.json(
          errorBody(new PeerInputError(415, ValidatorErrorCodes.PEER_CONTENT_TYPE, 'an envelope is sent as application/octet-stream')),
          415,
        );
      }
      const body = new Uint8Array(await c.req.arrayBuffer());
      try {
        const status = await options.inbound.receive(body);
        return c.json({ status }, status === 'accepted' || status === 'queued' ? 202 : 200);
      } catch (error) {
        if (error instanceof PeerInputError) return c.json(errorBody(error), error.status);
        throw error;
      }
    },
  );
  app.get('/v1/peer/identity', (c) =>
    c.json({
      party: options.identity.party,
      epoch: options.epoch().toString(),
      peerKey: bytesToHex(options.identity.peerKey),
      certificate: bytesToHex(options.identity.certificate),
    }),
  );
  app.get('/v1/batches/:sequence', (c) => {
    const text = c.req.param('sequence');
    if (!/^(0|[1-9][0-9]{0,15})$/.test(text)) throw new HttpError(400, 'INVALID_SEQUENCE', 'a sequence is a non-negative integer');
    const decided = options.decided(Number(text));
    if (decided === undefined) throw new HttpError(404, 'NOT_FOUND', `no batch decided for sequence ${text}`);
    return c.json({
      sequence: text,
      epoch: options.epoch().toString(),
      signer: options.identity.party - 1,
      batch: toBase64(decided.batch),
      signature: toBase64(decided.signature),
      onChain: decided.onChain,
    });
  });
  return app;
}
