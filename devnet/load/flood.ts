/**
 * A garbage flood on the validators' peer endpoints, as an outsider with no key of the committee
 * can send it: envelopes of a member's party with a made-up peer key and certificate and no valid
 * signature (the 296-byte "unsigned envelope" of the fault campaign), envelopes correctly signed by
 * a made-up peer key whose certificate is by a BLS key outside the committee (each would cost a
 * pairing), and random bytes. Each of `concurrency` loops per validator sends one, waits for the
 * answer, and sends the next — a client that keeps as many requests open as it can. The envelopes
 * are made before the flood starts (a few hundred distinct ones, far more made-up identities than
 * a source may have checked), so that the flooder's own work does not take the machine's CPU from
 * the validators it measures.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { encodeRoundMessage } from '../../mpc/session/message.ts';
import { ENVELOPE_DOMAIN, envelopeSchema } from '../../validator/peer/envelope.ts';

/** Distinct envelopes made before the flood. */
const POOL = 600;

export interface FloodStats {
  readonly sent: number;
  readonly seconds: number;
  /** Answers by HTTP status (0: no answer). */
  readonly byStatus: Readonly<Record<string, number>>;
}

function envelope(kind: number, epoch: bigint, sender: number): Uint8Array {
  if (kind === 2) return randomBytes(296);
  const peerSecretKey = randomBytes(32);
  const body = {
    version: 1,
    epoch,
    sender,
    peer_key: ed25519.getPublicKey(peerSecretKey),
    certificate: randomBytes(96),
    message: encodeRoundMessage({
      protocol: '2pc-mpc/ecdsa/sign',
      sessionId: randomBytes(32),
      round: 1,
      attempt: 0,
      sender,
      recipient: null,
      kind: 'share',
      payload: randomBytes(16),
    }),
  };
  const unsigned = envelopeSchema.serialize({ ...body, signature: new Uint8Array(64) }).toBytes();
  if (kind === 0) return unsigned;
  const signed = new Uint8Array(ENVELOPE_DOMAIN.length + unsigned.length - 64);
  signed.set(ENVELOPE_DOMAIN, 0);
  signed.set(unsigned.subarray(0, -64), ENVELOPE_DOMAIN.length);
  return envelopeSchema.serialize({ ...body, signature: ed25519.sign(signed, peerSecretKey) }).toBytes();
}

/** The flood's envelopes for a committee of `members` in `epoch`: every kind, every sender, distinct identities. */
export function floodEnvelopes(epoch: bigint, members: number): Uint8Array[] {
  return Array.from({ length: POOL }, (_, i) => envelope(i % 3, epoch, 1 + (i % members)));
}

/** Floods every validator with `envelopes` (cycled) until `stop()`, which resolves with what was sent and answered. */
export function startFlood(options: { validators: readonly string[]; envelopes: readonly Uint8Array[]; concurrency: number }): {
  stop(): Promise<FloodStats>;
} {
  const made = options.envelopes;
  const started = performance.now();
  const byStatus: Record<string, number> = {};
  let sent = 0;
  let running = true;
  const loops = options.validators.flatMap((url, target) =>
    Array.from({ length: options.concurrency }, async (_, lane) => {
      for (let i = target * options.concurrency + lane; running; i += options.concurrency) {
        const bytes = made[i % made.length] as Uint8Array;
        sent += 1;
        let status = 0;
        try {
          const response = await fetch(`${url}/v1/peer/envelopes`, {
            method: 'POST',
            headers: { 'content-type': 'application/octet-stream' },
            body: bytes,
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          status = response.status;
        } catch {
          status = 0;
        }
        byStatus[status] = (byStatus[status] ?? 0) + 1;
      }
    }),
  );
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { sent, seconds: (performance.now() - started) / 1000, byStatus };
    },
  };
}
