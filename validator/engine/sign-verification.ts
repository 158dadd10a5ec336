/**
 * Verifying the user messages of several pending sign requests together, before their sessions
 * start. The heaviest work of a signature is each validator's check of the user's proofs
 * (mpc/ecdsa/sign/verify.ts, PROTOCOL.md §8); checked for several messages at once, proofs of the
 * same languages combine into one batch check with random weights (mpc/proofs batch
 * verification) at a fraction of the cost per message. The signing worker (engine/worker.ts)
 * hands this module the sign sessions that wait to start (engine option `prepareStarts`), at most
 * `signVerifyTogether` of them (validator config); each that verifies starts with
 * `verifiedBefore`, so its session does not check the proofs again.
 *
 * Same verdict at every honest validator: a message found valid here is valid by the
 * one-by-one rules (a batch verifier must give exactly the per-message verdicts); a message found
 * invalid starts WITHOUT `verifiedBefore`, and its session verifies it alone and rejects it with
 * the check that failed (the rejection's reason code and check name are the one-by-one
 * verification's, whatever the batch saw).
 *
 * Two verifiers: {@link verifyEach} decodes and verifies each message alone (the reference), and
 * {@link verifyTogether} hands the decoded messages to `verifyUserSignMessages` of mpc/ecdsa/sign
 * (batch.ts), which checks the DComEval proofs of all of them in one combined multi-exponentiation
 * and bisects on failure, with per-message verdicts exactly those of verifying each alone. The
 * worker uses {@link verifyTogether} when `signVerifyTogether` > 1.
 * @module
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { isSignStandby, type SignSessionConfig, signSession } from '../../mpc/ecdsa/protocols/sign.ts';
import { verifyUserSignMessages } from '../../mpc/ecdsa/sign/batch.ts';
import { decodeUserSignMessage } from '../../mpc/ecdsa/sign/encoding.ts';
import type { UserSignMessage } from '../../mpc/ecdsa/sign/message.ts';
import { verifyUserSignMessageBytes } from '../../mpc/ecdsa/sign/verify.ts';
import { DWalletError } from '../../mpc/errors.ts';
import type { SessionPlan } from '../types.ts';
import type { PlannedStart } from './session-engine.ts';

/** What verifying one user sign message needs (a sign session's configuration has it). */
export type SignVerificationItem = Pick<SignSessionConfig, 'key' | 'dwallet' | 'presign' | 'digest' | 'userMessage'>;

/** Verdicts on several user sign messages: `true` where the message verifies, in the items' order. */
export type VerifyMany = (items: readonly SignVerificationItem[]) => readonly boolean[];

/** The one-by-one verifier: each message decoded and verified alone (a typed rejection is `false`). */
export const verifyEach: VerifyMany = (items) =>
  items.map(({ key, dwallet, presign, digest, userMessage }) => {
    try {
      verifyUserSignMessageBytes({ key, dwallet, presign, digest }, userMessage);
      return true;
    } catch (error) {
      if (error instanceof DWalletError) return false;
      throw error;
    }
  });

/**
 * The batch verifier: messages that do not decode are invalid (their sessions reject them with the
 * encoding check), the others are verified together (mpc/ecdsa/sign/batch.ts).
 */
export const verifyTogether: VerifyMany = (items) => {
  const decoded: (UserSignMessage | undefined)[] = items.map(({ key, userMessage }) => {
    try {
      return decodeUserSignMessage(key, userMessage);
    } catch (error) {
      if (error instanceof DWalletError) return undefined;
      throw error;
    }
  });
  const toVerify = items.flatMap((item, i) => {
    const message = decoded[i];
    return message === undefined ? [] : [{ index: i, context: item, message }];
  });
  const verdicts = verifyUserSignMessages(
    toVerify.map(({ context: { key, dwallet, presign, digest }, message }) => ({ context: { key, dwallet, presign, digest }, message })),
  );
  const valid = items.map(() => false);
  toVerify.forEach(({ index }, j) => {
    valid[index] = verdicts[j]?.valid === true;
  });
  return valid;
};

/**
 * The engine's `prepareStarts` for sign sessions: verifies the user messages of `starting`
 * together and returns the plans of those that verified, marked `verifiedBefore`. Sessions whose
 * message was already verified (a future sign), those where this validator stands by, and those
 * that failed keep their plan.
 */
export function prepareSignStarts(verifyMany: VerifyMany, onVerdict?: (valid: boolean) => void) {
  return (kind: string, starting: readonly PlannedStart[]): ReadonlyMap<string, SessionPlan> => {
    const plans = new Map<string, SessionPlan>();
    if (kind !== 'sign') return plans;
    // ECDSA sign sessions only: a Schnorr user message (mpc/schnorr) is two points and a scalar,
    // checked by its session in one multi-scalar multiplication; there is nothing to batch.
    // A standby verifies only if it steps in (mpc/ecdsa/protocols/sign.ts, "Standbys").
    const pending = starting.filter(({ id, plan }) => {
      if (plan.definition !== signSession) return false;
      const config = plan.config as SignSessionConfig;
      return config.verifiedBefore !== true && !(config.standbys === true && isSignStandby(config, hexToBytes(id)));
    });
    if (pending.length === 0) return plans;
    const verdicts = verifyMany(pending.map(({ plan }) => plan.config as SignSessionConfig));
    if (verdicts.length !== pending.length)
      throw new Error(`verifyMany answered ${verdicts.length} verdicts for ${pending.length} messages`);
    pending.forEach(({ id, plan }, i) => {
      onVerdict?.(verdicts[i] === true);
      if (verdicts[i] === true) plans.set(id, { ...plan, config: { ...(plan.config as SignSessionConfig), verifiedBefore: true } });
    });
    return plans;
  };
}
