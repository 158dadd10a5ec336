/**
 * The network key's generation without a dealer (PROTOCOL.md §4 and §6): for every curve of the
 * key, the committee runs the distributed key generation of the threshold CL key
 * (mpc/threshold/dkg) and then, under the key it produced, the EncDL aggregation of the global key
 * parts (network-key-parts.ts). Nobody ever knows the CL secret key, x_B⁰ or x_B¹.
 *
 * One session serves the whole chain request (its id is the request's session id). Each curve's
 * two parts run in their own namespace (mpc/session/namespace.ts):
 *
 *   curve k   rounds 10k + 1 .. 10k + 3   the DKG (dealing, complaints, qualified set)
 *             round  10k + 4              the key parts (contributions and their agreement)
 *
 * The curves run side by side; a curve's key parts start as soon as its DKG has an output, and
 * messages of that round that arrive earlier wait in the store. The output, identical at every
 * honest validator, is per curve the threshold public key, this validator's key share, and the
 * key parts; the session completes when every curve has them, and aborts if any part aborts.
 *
 * Resumable: the state is each part's own state; a curve's key-parts part is rebuilt on restore
 * once its DKG output has been rebuilt from the stored messages (the DKG keeps no secret in its
 * state, see dkg/session.ts).
 * @module
 */
import { bcs } from '@mysten/bcs';
import { clPublicKey } from '../../cl/keys.ts';
import type { ClassGroupSetup, SecurityLevel } from '../../classgroups/setup.ts';
import { loadSetup } from '../../classgroups/setups.ts';
import { type Curve, type CurveName, type CurvePoint, curveOrder } from '../../curves/curve.ts';
import type { AggregationTimeouts } from '../../session/aggregation.ts';
import { admitAggregationMessage, aggregationRound } from '../../session/aggregation.ts';
import type { PartyId } from '../../session/committee.ts';
import type { RoundMessage } from '../../session/message.ts';
import {
  inNamespace,
  localMessage,
  type Namespace,
  NamespacedContext,
  namespacedIdentity,
  namespacedRounds,
} from '../../session/namespace.ts';
import type { Protocol, ProtocolOutcome, SessionContext, SessionDefinition, SessionIdentity } from '../../session/protocol.ts';
import type { RoundSpec } from '../../session/rounds.ts';
import type { StoredMessage } from '../../session/store.ts';
import { decodeVersioned, encodeVersioned } from '../../session/versioned.ts';
import type { WeightedAccessStructure } from '../../threshold/access-structure.ts';
import { type DkgConfig, type DkgOutput, type DkgTimeouts, dkgSession } from '../../threshold/dkg/session.ts';
import type { ThresholdPublicKey } from '../../threshold/keys.ts';
import type { PartyKeyShare } from '../../threshold/secret-share.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { keyPartsProofParts } from '../network-key/contribution.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import { KEY_PARTS_ROUND, type NetworkKeyPartsConfig, type NetworkKeyPartsOutput, networkKeyPartsSession } from './network-key-parts.ts';

export const NETWORK_KEY_DKG_PROTOCOL = '2pc-mpc/ecdsa/network-key-dkg';

/**
 * The class-group security level of every network key the committee generates (the level the
 * dealer path has always used). Every validator must build the same setups, so it is a constant
 * of the protocol, not a validator setting; changing it is a protocol version change.
 */
export const NETWORK_KEY_SECURITY_LEVEL: SecurityLevel = 112;

/** The class-group setup of a curve's network key (made once per process, mpc/classgroups/setups.ts). */
export function networkKeySetup(curve: Curve): ClassGroupSetup {
  return loadSetup(curveOrder(curve.name as CurveName), NETWORK_KEY_SECURITY_LEVEL);
}

/** Rounds each curve occupies: the DKG's three, the key parts' one, and room to grow. */
const ROUNDS_PER_CURVE = 10;
const DKG_SPAN = 4;
const PARTS_SPAN = 2;

export interface NetworkKeyDkgCurve {
  readonly curve: Curve;
  /** The class-group setup of the curve's order (mpc/classgroups/setups.ts). */
  readonly setup: ClassGroupSetup;
}

export interface NetworkKeyDkgConfig {
  /** The key's curves, in the order the chain request lists them. */
  readonly curves: readonly NetworkKeyDkgCurve[];
  /** The committee's weights and threshold. */
  readonly access: WeightedAccessStructure;
  /** encryptionKeys[p − 1] = K_p, the share-encryption keys registered for the committee. */
  readonly encryptionKeys: readonly CurvePoint[];
  /** k_self with K_self = k_self·G. Secret: never logged, never part of the session state. */
  readonly decryptionKey: bigint;
  readonly timeouts?: { readonly dkg?: Partial<DkgTimeouts>; readonly keyParts?: Partial<AggregationTimeouts> };
}

export interface NetworkKeyDkgCurveOutput {
  readonly curve: Curve;
  readonly publicKey: ThresholdPublicKey;
  /** Null when a qualified dealer's share to this validator was bad (dkg/README.md, "Limitations"). */
  readonly keyShare: PartyKeyShare | null;
  readonly parts: NetworkKeyParts;
  /** The qualified dealers of the DKG and the agreed contributors of the key parts. */
  readonly dealers: readonly PartyId[];
  readonly contributors: readonly PartyId[];
}

export interface NetworkKeyDkgOutput {
  readonly curves: readonly NetworkKeyDkgCurveOutput[];
}

function dkgNamespace(index: number, curve: Curve): Namespace {
  return { name: `${curve.name}/dkg`, base: index * ROUNDS_PER_CURVE, span: DKG_SPAN };
}

function partsNamespace(index: number, curve: Curve): Namespace {
  return { name: `${curve.name}/key-parts`, base: index * ROUNDS_PER_CURVE + DKG_SPAN - 1, span: PARTS_SPAN };
}

function checkConfig(config: NetworkKeyDkgConfig): void {
  if (config.curves.length === 0) throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'a network key has at least one curve');
  const names = new Set<string>();
  for (const { curve, setup } of config.curves) {
    if (setup.q !== curve.order) {
      throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, `the class-group setup is not the one of ${curve.name}`);
    }
    if (names.has(curve.name)) throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, `curve ${curve.name} is listed twice`);
    names.add(curve.name);
  }
}

function dkgConfig(config: NetworkKeyDkgConfig, setup: ClassGroupSetup): DkgConfig {
  return {
    setup,
    access: config.access,
    encryptionKeys: config.encryptionKeys,
    decryptionKey: config.decryptionKey,
    ...(config.timeouts?.dkg === undefined ? {} : { timeouts: config.timeouts.dkg }),
  };
}

function partsConfig(config: NetworkKeyDkgConfig, curve: Curve, publicKey: ThresholdPublicKey): NetworkKeyPartsConfig {
  return {
    curve,
    encryptionKey: publicKey.encryptionKey,
    ...(config.timeouts?.keyParts === undefined ? {} : { timeouts: config.timeouts.keyParts }),
  };
}

/**
 * The key-parts round as declared before the key exists: the encodings of EncDL statements and
 * proofs depend on the setup only, so any valid key of the setup (its generator h) gives them.
 */
function partsRoundShape(curve: Curve, setup: ClassGroupSetup, identity: SessionIdentity): RoundSpec {
  return aggregationRound({ ...KEY_PARTS_ROUND, parts: keyPartsProofParts(curve, clPublicKey(setup, setup.h)) }, identity.committee);
}

/** One curve's two parts, each with its namespace, identity and (once created) protocol. */
class CurveKeyGeneration {
  readonly dkgNs: Namespace;
  readonly partsNs: Namespace;
  readonly dkgIdentity: SessionIdentity;
  readonly partsIdentity: SessionIdentity;
  readonly dkg: Protocol<DkgOutput>;
  parts: Protocol<NetworkKeyPartsOutput> | undefined;
  pendingParts: Uint8Array | undefined;
  readonly #contexts = new WeakMap<SessionContext, { dkg: NamespacedContext; parts: NamespacedContext }>();

  constructor(
    readonly config: NetworkKeyDkgConfig,
    readonly index: number,
    identity: SessionIdentity,
    state?: { dkg: Uint8Array; parts: Uint8Array | undefined },
  ) {
    const { curve, setup } = config.curves[index] as NetworkKeyDkgCurve;
    this.dkgNs = dkgNamespace(index, curve);
    this.partsNs = partsNamespace(index, curve);
    this.dkgIdentity = namespacedIdentity(identity, this.dkgNs);
    this.partsIdentity = namespacedIdentity(identity, this.partsNs);
    const dkg = dkgConfig(config, setup);
    this.dkg = state === undefined ? dkgSession.create(dkg, this.dkgIdentity) : dkgSession.restore(dkg, this.dkgIdentity, state.dkg);
    this.pendingParts = state?.parts;
  }

  get curve(): NetworkKeyDkgCurve {
    return this.config.curves[this.index] as NetworkKeyDkgCurve;
  }

  contexts(outer: SessionContext) {
    let contexts = this.#contexts.get(outer);
    if (contexts === undefined) {
      const { curve, setup } = this.curve;
      contexts = {
        dkg: new NamespacedContext(outer, this.dkgNs, this.dkgIdentity, dkgSession.rounds(dkgConfig(this.config, setup), this.dkgIdentity)),
        parts: new NamespacedContext(outer, this.partsNs, this.partsIdentity, [partsRoundShape(curve, setup, this.partsIdentity)]),
      };
      this.#contexts.set(outer, contexts);
    }
    return contexts;
  }

  /** Creates (or, after a restore, rebuilds) the key-parts part once the DKG has its key. */
  advance(outer: SessionContext, resuming: boolean): void {
    if (this.parts !== undefined) return;
    const dkg = this.dkg.outcome();
    if (dkg?.status !== 'completed') return;
    const config = partsConfig(this.config, this.curve.curve, dkg.output.publicKey);
    const ctx = this.contexts(outer).parts;
    if (this.pendingParts !== undefined) {
      this.parts = networkKeyPartsSession.restore(config, this.partsIdentity, this.pendingParts);
      this.pendingParts = undefined;
      this.parts.resume?.(ctx);
    } else if (!resuming) {
      this.parts = networkKeyPartsSession.create(config, this.partsIdentity);
      this.parts.start(ctx);
    }
  }

  output(): NetworkKeyDkgCurveOutput | undefined {
    const dkg = this.dkg.outcome();
    const parts = this.parts?.outcome();
    if (dkg?.status !== 'completed' || parts?.status !== 'completed') return undefined;
    return {
      curve: this.curve.curve,
      publicKey: dkg.output.publicKey,
      keyShare: dkg.output.keyShare,
      parts: parts.output.parts,
      dealers: dkg.output.qualified,
      contributors: parts.output.contributors,
    };
  }

  aborted(): string | undefined {
    const dkg = this.dkg.outcome();
    if (dkg?.status === 'aborted') return `${this.curve.curve.name} DKG: ${dkg.reason}`;
    const parts = this.parts?.outcome();
    if (parts?.status === 'aborted') return `${this.curve.curve.name} key parts: ${parts.reason}`;
    return undefined;
  }
}

const STATE_VERSION = 1;
const stateSchema = bcs.struct('NetworkKeyDkgState', {
  curves: bcs.vector(bcs.struct('NetworkKeyDkgCurveState', { dkg: bcs.byteVector(), parts: bcs.option(bcs.byteVector()) })),
});

class NetworkKeyGeneration implements Protocol<NetworkKeyDkgOutput> {
  readonly #curves: CurveKeyGeneration[];
  #output: NetworkKeyDkgOutput | undefined;

  constructor(config: NetworkKeyDkgConfig, identity: SessionIdentity, state?: Uint8Array) {
    checkConfig(config);
    const saved = state === undefined ? undefined : decodeVersioned(stateSchema, STATE_VERSION, state, 'network key DKG state');
    if (saved !== undefined && saved.curves.length !== config.curves.length) {
      throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'the saved network key DKG state has another number of curves');
    }
    this.#curves = config.curves.map((_, index) => {
      const curveState = saved?.curves[index];
      return new CurveKeyGeneration(
        config,
        index,
        identity,
        curveState === undefined
          ? undefined
          : { dkg: new Uint8Array(curveState.dkg), parts: curveState.parts ? new Uint8Array(curveState.parts) : undefined },
      );
    });
  }

  /** The curve part and whether the round is its DKG's (else its key parts'), or undefined. */
  #route(round: number): { part: CurveKeyGeneration; dkg: boolean } | undefined {
    for (const part of this.#curves) {
      if (inNamespace(part.dkgNs, round)) return { part, dkg: true };
      if (inNamespace(part.partsNs, round)) return { part, dkg: false };
    }
    return undefined;
  }

  start(ctx: SessionContext): void {
    for (const part of this.#curves) part.dkg.start(part.contexts(ctx).dkg);
    this.#advance(ctx);
  }

  receive(ctx: SessionContext, message: StoredMessage): void {
    const route = this.#route(message.message.round);
    if (route !== undefined) {
      const contexts = route.part.contexts(ctx);
      if (route.dkg) route.part.dkg.receive(contexts.dkg, contexts.dkg.local(message));
      else route.part.parts?.receive(contexts.parts, contexts.parts.local(message));
    }
    this.#advance(ctx);
  }

  timeout(ctx: SessionContext, timer: string): void {
    for (const part of this.#curves) {
      const contexts = part.contexts(ctx);
      const dkgTimer = contexts.dkg.localTimer(timer);
      if (dkgTimer !== undefined) part.dkg.timeout(contexts.dkg, dkgTimer);
      const partsTimer = contexts.parts.localTimer(timer);
      if (partsTimer !== undefined) part.parts?.timeout(contexts.parts, partsTimer);
    }
    this.#advance(ctx);
  }

  admit(message: RoundMessage, payload: unknown): void {
    const route = this.#route(message.round);
    if (route === undefined) return;
    if (route.dkg) {
      route.part.dkg.admit?.(localMessage(route.part.dkgNs, message), payload);
    } else if (route.part.parts !== undefined) {
      route.part.parts.admit?.(localMessage(route.part.partsNs, message), payload);
    } else {
      admitAggregationMessage(route.part.partsIdentity, localMessage(route.part.partsNs, message));
    }
  }

  resume(ctx: SessionContext): void {
    for (const part of this.#curves) {
      part.dkg.resume?.(part.contexts(ctx).dkg);
      part.advance(ctx, true);
    }
    this.#settle();
  }

  #advance(ctx: SessionContext): void {
    for (const part of this.#curves) part.advance(ctx, false);
    this.#settle();
  }

  #settle(): void {
    if (this.#output !== undefined) return;
    const outputs = this.#curves.map((part) => part.output());
    if (outputs.every((output) => output !== undefined)) this.#output = { curves: outputs as NetworkKeyDkgCurveOutput[] };
  }

  outcome(): ProtocolOutcome<NetworkKeyDkgOutput> | undefined {
    for (const part of this.#curves) {
      const reason = part.aborted();
      if (reason !== undefined) return { status: 'aborted', reason };
    }
    return this.#output === undefined ? undefined : { status: 'completed', output: this.#output };
  }

  save(): Uint8Array {
    return encodeVersioned(stateSchema, STATE_VERSION, {
      curves: this.#curves.map((part) => ({
        dkg: part.dkg.save(),
        parts: part.parts !== undefined ? part.parts.save() : (part.pendingParts ?? null),
      })),
    });
  }
}

/** The network key's DKG as a session (create it with mpc/session/runtime.ts createSession). */
export const networkKeyDkgSession: SessionDefinition<NetworkKeyDkgConfig, NetworkKeyDkgOutput> = {
  protocol: NETWORK_KEY_DKG_PROTOCOL,
  rounds: (config, identity) => {
    checkConfig(config);
    return config.curves.flatMap(({ curve, setup }, index) => {
      const dkgNs = dkgNamespace(index, curve);
      const partsNs = partsNamespace(index, curve);
      const dkgIdentity = namespacedIdentity(identity, dkgNs);
      return [
        ...namespacedRounds(dkgSession.rounds(dkgConfig(config, setup), dkgIdentity), dkgNs),
        ...namespacedRounds([partsRoundShape(curve, setup, namespacedIdentity(identity, partsNs))], partsNs),
      ];
    });
  },
  create: (config, identity) => new NetworkKeyGeneration(config, identity),
  restore: (config, identity, state) => new NetworkKeyGeneration(config, identity, state),
};
