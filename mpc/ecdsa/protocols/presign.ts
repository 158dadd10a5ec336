/**
 * The presign session (PROTOCOL.md §8, "Presign"; reference notes §2B (f)): two committed proof
 * aggregations of mpc/session (proof-aggregation.ts), each "commit, agree on the committed set S,
 * reveal and respond, agree on the revealers S' ⊆ S by one aggregate check, sum":
 *
 *   rounds 1, 2  mask shares   EncDH⟨2⟩[ct_key⁰, ct_key¹] (targeted: EncDH⟨1⟩[ct_key]) for the m
 *                              presigns → ct_γ, ct_γx⁰, ct_γx¹ (ct_γx) per presign
 *   rounds 3, 4  nonce shares  ScaleDL[ct_γ] for the two nonce parts of each presign, one part per
 *                              presign → ct_γk⁰, ct_γk¹, R_B,0, R_B,1
 *
 * Each validator verifies one aggregate equation per part over the agreed revealers instead of a
 * batch of every other validator's proof: its work grows with n only by group additions and one
 * hash per reveal (LARGE-COMMITTEES.md).
 *
 * The nonce rounds start once the mask rounds are agreed, since their languages are over the
 * agreed ct_γ; their messages that arrive earlier wait in the session's store. The output is the batch's presigns,
 * identical at every honest validator.
 *
 * Resumable: the state is the two aggregations' own states; the nonce aggregation is rebuilt on
 * restore from the mask aggregation's output (derived from the stored messages).
 * @module
 */
import { bcs } from '@mysten/bcs';
import type { Statement } from '../../proofs/language.ts';
import { type AggregationTimeouts, admitAggregationMessage, sumOfStatements } from '../../session/aggregation.ts';
import type { PartyId } from '../../session/committee.ts';
import type { RoundMessage } from '../../session/message.ts';
import { ProofAggregation, type ProofAggregationConfig, proofAggregationRounds } from '../../session/proof-aggregation.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import type { StoredMessage } from '../../session/store.ts';
import { decodeVersioned, encodeVersioned } from '../../session/versioned.ts';
import { ecdsaCurve } from '../curves.ts';
import { assertDWalletOfKey } from '../dkg/output.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import { assertPresignIds, presignBatchSessionId } from '../presign/batch.ts';
import {
  MASK_ROUND,
  type MaskSums,
  maskParts,
  maskSums,
  maskWitnesses,
  NONCE_ROUND,
  nonceParts,
  nonceShapes,
  nonceWitnesses,
  PRESIGN_PROTOCOL,
  type PresignTarget,
  presignsFromSums,
} from '../presign/contribution.ts';
import type { Presign } from '../presign/presign.ts';
import { presignTarget } from '../presign/target.ts';

export interface PresignSessionConfig {
  readonly key: NetworkKeyParts;
  /** Universal presigns, or targeted presigns for an imported-key dWallet. */
  readonly target: PresignTarget;
  /** The chain session ids of the batch's presigns; the MPC session id must be presignBatchSessionId(presignIds, target). */
  readonly presignIds: readonly Uint8Array[];
  readonly timeouts?: Partial<AggregationTimeouts>;
}

export interface PresignSessionOutput {
  /** In the order of `presignIds`. */
  readonly presigns: readonly Presign[];
  /** The agreed contributors of each round. */
  readonly contributors: { readonly masks: readonly PartyId[]; readonly nonces: readonly PartyId[] };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function checkConfig(config: PresignSessionConfig, identity: SessionIdentity): void {
  assertPresignIds(config.presignIds);
  const { key, target } = config;
  // ECDSA presigns (ct_γ, ct_γx, ct_γk) exist on the ECDSA curves only; Schnorr's are mpc/schnorr.
  ecdsaCurve(key.curve.name);
  let binding: Uint8Array | undefined;
  if (target.kind === 'targeted') {
    assertDWalletOfKey(key, target.dwallet);
    binding = presignTarget(target.dwallet, key.encryptionKey.setup);
  }
  if (!sameBytes(identity.sessionId, presignBatchSessionId(config.presignIds, binding))) {
    throw new EcdsaError(
      EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
      'the session id of a presign batch is presignBatchSessionId(presignIds, target of a targeted batch)',
    );
  }
}

function maskConfig(config: PresignSessionConfig): ProofAggregationConfig<MaskSums[]> {
  const { key, target, presignIds } = config;
  const parts = maskParts(key, target, presignIds.length);
  const sums = sumOfStatements(parts);
  return {
    ...MASK_ROUND,
    parts,
    witnesses: (rng) => [maskWitnesses(key, target, presignIds.length, rng)],
    aggregate: (contributions) => maskSums(sums(contributions)[0] as Statement[]),
    ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
  };
}

function nonceConfig(config: PresignSessionConfig, masks: readonly MaskSums[]): ProofAggregationConfig<Statement[][]> {
  const { key, presignIds } = config;
  return {
    ...NONCE_ROUND,
    parts: nonceParts(key, masks),
    shapes: nonceShapes(key, presignIds.length),
    witnesses: (rng) => nonceWitnesses(key, presignIds.length, rng),
    ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
  };
}

function isMaskRound(round: number): boolean {
  return round === MASK_ROUND.commitRound || round === MASK_ROUND.revealRound;
}

const STATE_VERSION = 2;
const stateSchema = bcs.struct('PresignState', { masks: bcs.byteVector(), nonces: bcs.option(bcs.byteVector()) });

class PresignProtocol implements Protocol<PresignSessionOutput> {
  readonly #config: PresignSessionConfig;
  readonly #identity: SessionIdentity;
  readonly #masks: ProofAggregation<MaskSums[]>;
  #nonces: ProofAggregation<Statement[][]> | undefined;
  #pendingNonces: Uint8Array | undefined;
  #output: PresignSessionOutput | undefined;

  constructor(config: PresignSessionConfig, identity: SessionIdentity, state?: Uint8Array) {
    checkConfig(config, identity);
    this.#config = config;
    this.#identity = identity;
    const saved = state === undefined ? undefined : decodeVersioned(stateSchema, STATE_VERSION, state, 'presign state');
    this.#masks = new ProofAggregation(maskConfig(config), identity, saved === undefined ? undefined : new Uint8Array(saved.masks));
    this.#pendingNonces = saved?.nonces ? new Uint8Array(saved.nonces) : undefined;
  }

  start(ctx: SessionContext): void {
    this.#masks.start(ctx);
    this.#advance(ctx);
  }

  receive(ctx: SessionContext, message: StoredMessage): void {
    if (isMaskRound(message.message.round)) this.#masks.receive(ctx, message);
    else this.#nonces?.receive(ctx, message);
    this.#advance(ctx);
  }

  timeout(ctx: SessionContext, timer: string): void {
    if (!this.#masks.timeout(ctx, timer)) this.#nonces?.timeout(ctx, timer);
    this.#advance(ctx);
  }

  admit(message: RoundMessage): void {
    if (isMaskRound(message.round)) this.#masks.admit(message);
    else if (this.#nonces !== undefined) this.#nonces.admit(message);
    else admitAggregationMessage(this.#identity, message);
  }

  resume(ctx: SessionContext): void {
    this.#masks.resume(ctx);
    const masks = this.#masks.outcome();
    if (this.#pendingNonces !== undefined && masks?.status === 'completed') {
      this.#nonces = new ProofAggregation(nonceConfig(this.#config, masks.output.aggregate), this.#identity, this.#pendingNonces);
      this.#nonces.resume(ctx);
      this.#pendingNonces = undefined;
    }
  }

  outcome(): ProtocolOutcome<PresignSessionOutput> | undefined {
    const masks = this.#masks.outcome();
    if (masks?.status === 'aborted') return masks;
    const nonces = this.#nonces?.outcome();
    if (nonces?.status === 'aborted') return nonces;
    if (masks === undefined || nonces === undefined) return undefined;
    this.#output ??= {
      presigns: presignsFromSums(
        this.#config.key,
        this.#config.target,
        this.#config.presignIds,
        masks.output.aggregate,
        nonces.output.aggregate,
      ),
      contributors: { masks: masks.output.contributors, nonces: nonces.output.contributors },
    };
    return { status: 'completed', output: this.#output };
  }

  save(): Uint8Array {
    return encodeVersioned(stateSchema, STATE_VERSION, {
      masks: this.#masks.save(),
      nonces: this.#nonces?.save() ?? this.#pendingNonces ?? null,
    });
  }

  /** The nonce rounds start once the mask rounds are agreed: their languages are over the agreed ct_γ. */
  #advance(ctx: SessionContext): void {
    const masks = this.#masks.outcome();
    if (this.#nonces !== undefined || masks?.status !== 'completed') return;
    this.#nonces = new ProofAggregation(nonceConfig(this.#config, masks.output.aggregate), this.#identity);
    this.#nonces.start(ctx);
  }
}

/** The presign session (create it with mpc/session/runtime.ts createSession). */
export const presignSession: SessionDefinition<PresignSessionConfig, PresignSessionOutput> = {
  protocol: PRESIGN_PROTOCOL,
  rounds: (config, identity) => {
    checkConfig(config, identity);
    const count = config.presignIds.length;
    return [
      ...proofAggregationRounds({ ...MASK_ROUND, parts: maskParts(config.key, config.target, count) }, identity.committee),
      ...proofAggregationRounds({ ...NONCE_ROUND, parts: nonceShapes(config.key, count) }, identity.committee),
    ];
  },
  create: (config, identity) => new PresignProtocol(config, identity),
  restore: (config, identity, state) => new PresignProtocol(config, identity, state),
};
