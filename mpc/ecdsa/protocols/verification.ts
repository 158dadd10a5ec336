/**
 * Sessions that are a verification by each validator alone, with no messages between validators
 * (PROTOCOL.md §7: dWallet creation and key import; §8: a future-sign message checked when it is
 * stored). They run on the same session runtime as the interactive protocols so that the validator
 * engine drives, persists and reports every request the same way: the session completes in
 * `start()` with either the accepted value or the rejection (code, failed check, reason) that the
 * chain records. A rejection is a completed session, not an abort: no validator misbehaved.
 *
 * The state saved is the verdict (the accepted value's encoding, or the rejection), so a restored
 * session reports its result without verifying again.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { DWalletError } from '../../errors.ts';
import type { Protocol, ProtocolOutcome, SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import { decodeVersioned, encodeVersioned } from '../../session/versioned.ts';
import { UserMessageRejection } from '../errors.ts';

export type VerificationOutcome<T> =
  | { readonly status: 'accepted'; readonly value: T }
  | { readonly status: 'rejected'; readonly code: string; readonly check: string; readonly reason: string };

/** What a verification session needs to know about its value. */
export interface VerificationSpec<Config, T> {
  readonly protocol: string;
  /** Verifies the request; throws a DWalletError (a UserMessageRejection names its check) to reject it. */
  verify(config: Config, identity: SessionIdentity): T;
  encode(config: Config, value: T): Uint8Array;
  decode(config: Config, bytes: Uint8Array): T;
}

const STATE_VERSION = 1;
const stateSchema = bcs.struct('VerificationState', {
  verdict: bcs.option(
    bcs.enum('Verdict', {
      Accepted: bcs.byteVector(),
      Rejected: bcs.struct('Rejection', { code: bcs.string(), check: bcs.string(), reason: bcs.string() }),
    }),
  ),
});

/** The rejection a verification error stands for (a non-DWalletError is a bug and is rethrown). */
export function rejectionOf(error: unknown): { status: 'rejected'; code: string; check: string; reason: string } {
  if (!(error instanceof DWalletError)) throw error;
  const check = error instanceof UserMessageRejection ? error.check : 'configuration';
  return { status: 'rejected', code: error.code, check, reason: error.message };
}

class VerificationProtocol<Config, T> implements Protocol<VerificationOutcome<T>> {
  readonly #spec: VerificationSpec<Config, T>;
  readonly #config: Config;
  readonly #identity: SessionIdentity;
  #outcome: VerificationOutcome<T> | undefined;

  constructor(spec: VerificationSpec<Config, T>, config: Config, identity: SessionIdentity, state?: Uint8Array) {
    this.#spec = spec;
    this.#config = config;
    this.#identity = identity;
    if (state === undefined) return;
    const saved = decodeVersioned(stateSchema, STATE_VERSION, state, 'verification state');
    const verdict = saved.verdict;
    if (verdict === null || verdict === undefined) return;
    this.#outcome =
      verdict.$kind === 'Accepted'
        ? { status: 'accepted', value: spec.decode(config, new Uint8Array(verdict.Accepted)) }
        : { status: 'rejected', ...verdict.Rejected };
  }

  start(): void {
    if (this.#outcome !== undefined) return;
    try {
      this.#outcome = { status: 'accepted', value: this.#spec.verify(this.#config, this.#identity) };
    } catch (error) {
      this.#outcome = rejectionOf(error);
    }
  }
  receive(): void {}
  timeout(): void {}
  outcome(): ProtocolOutcome<VerificationOutcome<T>> | undefined {
    return this.#outcome === undefined ? undefined : { status: 'completed', output: this.#outcome };
  }
  save(): Uint8Array {
    const outcome = this.#outcome;
    const verdict =
      outcome === undefined
        ? null
        : outcome.status === 'accepted'
          ? { Accepted: this.#spec.encode(this.#config, outcome.value) }
          : { Rejected: { code: outcome.code, check: outcome.check, reason: outcome.reason } };
    return encodeVersioned(stateSchema, STATE_VERSION, { verdict });
  }
}

/** A session definition that verifies a request locally (see the module comment). */
export function verificationSession<Config, T>(spec: VerificationSpec<Config, T>): SessionDefinition<Config, VerificationOutcome<T>> {
  return {
    protocol: spec.protocol,
    rounds: () => [],
    create: (config, identity) => new VerificationProtocol(spec, config, identity),
    restore: (config, identity, state) => new VerificationProtocol(spec, config, identity, state),
  };
}
