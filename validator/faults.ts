/**
 * Deliberate misbehaviour for the multi-process tests, switched on by configuration (`faults`):
 * a validator that runs the real code but corrupts what it sends in one chosen way, so that the
 * tests can watch the network blame it and go on without it. A validator logs a warning at start
 * when any fault is on; none is on unless configured.
 *
 *   corrupt-decryption-shares   its sign-session decryption shares (unproven and proven) are
 *                               wrong: the first share multiplied by h, proof responses + 1
 * @module
 */
import { SIGN_SESSION_PROTOCOL, SignKinds, signShareSchemas } from '../mpc/ecdsa/protocols/sign.ts';
import type { RoundMessage } from '../mpc/session/message.ts';
import type { ThresholdPublicKey } from '../mpc/threshold/keys.ts';

export const FAULTS = ['corrupt-decryption-shares'] as const;
export type Fault = (typeof FAULTS)[number];

export function isFault(name: string): name is Fault {
  return (FAULTS as readonly string[]).includes(name);
}

/** The message actually sent in place of `message`, under the configured faults. */
export function applyFaults(faults: ReadonlySet<Fault>, message: RoundMessage, thresholdKey: ThresholdPublicKey | undefined): RoundMessage {
  if (!faults.has('corrupt-decryption-shares') || message.protocol !== SIGN_SESSION_PROTOCOL || thresholdKey === undefined) return message;
  const schemas = signShareSchemas(thresholdKey);
  const { group, h } = thresholdKey.setup;
  if (message.kind === SignKinds.SHARE) {
    const share = schemas.unproven.parse(message.payload);
    const shares = share.shares.map((row, i) => (i === 0 ? row.map((d, c) => (c === 0 ? group.compose(d, h) : d)) : row));
    return { ...message, payload: schemas.unproven.serialize({ ...share, shares }).toBytes() };
  }
  if (message.kind === SignKinds.PROVEN_SHARE) {
    const share = schemas.proven.parse(message.payload);
    const proof = { ...share.proof, responses: share.proof.responses.map((z) => z + 1n) };
    return { ...message, payload: schemas.proven.serialize({ ...share, proof }).toBytes() };
  }
  return message;
}
