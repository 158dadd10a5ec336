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
 * session layer's code in `details.cause`) / PEER_UNKNOWN_PROTOCOL, 429 PEER_QUEUE_FULL /
 * PEER_RATE_LIMITED.
 *
 * An envelope is judged from its header before its body is read (peer/body.ts), and no body above
 * `MAX_ENVELOPE_BYTES` (256 KiB) is read at all: a refusal before the end of the body closes the
 * connection, so the rest is never received. Refusals past a source's budget are answered late
 * (peer/admission.ts); accepted envelopes never are.
 * @module
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { toBase64 } from '@mysten/sui/utils';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Context, Hono } from 'hono';
import { errorBody, HttpError, installServiceRoutes } from '../runtime/http.ts';
import type { Logger } from '../runtime/log.ts';
import type { MetricsRegistry } from '../runtime/metrics.ts';
import { PeerInputError, ValidatorErrorCodes } from './errors.ts';
import type { PeerAdmission } from './peer/admission.ts';
import { readEnvelopeBody } from './peer/body.ts';
import { MAX_ENVELOPE_BYTES } from './peer/envelope.ts';
import type { LocalPeerIdentity } from './peer/identity.ts';
import type { PeerInbound } from './peer/inbound.ts';

/** The remote address of the request's connection ('local' for requests made in process). */
function sourceOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

export interface ValidatorApiOptions {
  readonly inbound: PeerInbound;
  readonly admission: PeerAdmission;
  readonly identity: LocalPeerIdentity;
  readonly epoch: () => bigint;
  readonly decided: (sequence: number) => { batch: Uint8Array; signature: Uint8Array; onChain: boolean } | undefined;
  readonly health: () => Record<string, unknown>;
  /**
   * The threshold public keys (encoded per curve) of a network key for an epoch, as this validator
   * holds them, or undefined: public material a joining validator checks against the chain's digest.
   */
  readonly thresholdKeys?: (networkKeyId: string, epoch: bigint) => readonly Uint8Array[] | undefined;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
}

export function validatorApp(options: ValidatorApiOptions): Hono {
  const app = new Hono();
  installServiceRoutes(app, { logger: options.logger, metrics: options.metrics, health: options.health });
  const refuse = async (c: Context, error: PeerInputError, source: string, bodyRead: boolean) => {
    const answer = options.admission.refused(source);
    // Past its budget a source waits for its refusals; beyond the answers held for it, it gets one at once and loses the connection.
    const headers: Record<string, string> = answer === 'close' || !bodyRead ? { Connection: 'close' } : {};
    if (answer !== 'close' && answer.delayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      options.admission.released(source);
    }
    return c.json(errorBody(error), error.status, headers);
  };
  app.post('/v1/peer/envelopes', async (c) => {
    const source = sourceOf(c);
    let bodyRead = false;
    try {
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith('application/octet-stream')) {
        throw new PeerInputError(415, ValidatorErrorCodes.PEER_CONTENT_TYPE, 'an envelope is sent as application/octet-stream');
      }
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > MAX_ENVELOPE_BYTES) {
        throw new PeerInputError(413, ValidatorErrorCodes.PEER_BODY_TOO_LARGE, `an envelope is at most ${MAX_ENVELOPE_BYTES} bytes`);
      }
      const body = await readEnvelopeBody(c.req.raw.body, (header) => options.inbound.screen(header, source));
      bodyRead = true;
      const status = await options.inbound.receive(body, source);
      return c.json({ status }, status === 'accepted' || status === 'queued' ? 202 : 200);
    } catch (error) {
      if (!(error instanceof PeerInputError)) throw error;
      if (!bodyRead) options.inbound.countRefusal(error);
      return refuse(c, error, source, bodyRead);
    }
  });
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
  app.get('/v1/network-keys/:id/threshold-keys', (c) => {
    const id = c.req.param('id');
    const epoch = c.req.query('epoch') ?? '';
    if (!/^0x[0-9a-f]{64}$/.test(id))
      throw new HttpError(400, 'INVALID_NETWORK_KEY_ID', 'a network key id is 0x and 64 lowercase hex digits');
    if (!/^(0|[1-9][0-9]{0,19})$/.test(epoch)) throw new HttpError(400, 'INVALID_EPOCH', 'epoch is a non-negative integer');
    const keys = options.thresholdKeys?.(id, BigInt(epoch));
    if (keys === undefined) throw new HttpError(404, 'NOT_FOUND', `no threshold keys of ${id} for epoch ${epoch} here`);
    return c.json({ networkKeyId: id, epoch, thresholdKeys: keys.map((k) => bytesToHex(k)) });
  });
  return app;
}
