/**
 * Mapping requests to sessions: for each kind of request — and, for presigns and signatures, each
 * signature algorithm (ECDSA: mpc/ecdsa; Taproot and EdDSA: mpc/schnorr) — the mpc/ session
 * definition to run and its configuration, built from the request event as the chain recorded it, the network key, and
 * this validator's key share; and the mapping of the session's result back to chain results.
 * Adding a protocol is adding a case here.
 *
 * Two kinds of failure are kept apart. A request whose data cannot start a session (a message
 * hashed under a scheme the curve does not offer, bytes that do not decode) gets the same
 * rejection at every validator, so it is rejected on chain at once. A failure of this validator
 * (a network key it holds no share of, a chain it cannot reach) is thrown: the request waits,
 * and the other validators go on without it.
 * @module
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ChainError } from '../../chain/errors.ts';
import { REQUEST_KINDS, type SessionKind } from '../../chain/schemas/requests.ts';
import {
  type SessionResult as ChainResult,
  encodeNetworkKeyGeneratedOutput,
  encodeReconfiguredOutput,
} from '../../chain/schemas/result-batch.ts';
import { SessionId } from '../../chain/session-id.ts';
import type { DWalletOutput } from '../../mpc/ecdsa/dkg/output.ts';
import { digestMessage, type HashScheme } from '../../mpc/ecdsa/hash-schemes.ts';
import { decodeDWalletOutput, decodePresign, encodeDWalletOutput, encodePresign } from '../../mpc/ecdsa/messages.ts';
import { presignBatchSessionId } from '../../mpc/ecdsa/presign/batch.ts';
import { PRESIGN_PROTOCOL } from '../../mpc/ecdsa/presign/contribution.ts';
import type { PresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { presignTargetOfOutputBytes } from '../../mpc/ecdsa/presign/target.ts';
import {
  DKG_VERIFICATION_PROTOCOL,
  type DkgVerificationConfig,
  dkgVerificationSession,
  FUTURE_SIGN_VERIFICATION_PROTOCOL,
  futureSignVerificationSession,
  IMPORTED_KEY_VERIFICATION_PROTOCOL,
  importedKeyVerificationSession,
} from '../../mpc/ecdsa/protocols/dkg.ts';
import {
  MAKE_SHARED_VERIFICATION_PROTOCOL,
  type MakeSharedVerificationConfig,
  makeSharedVerificationSession,
} from '../../mpc/ecdsa/protocols/make-shared.ts';
import { NETWORK_KEY_DKG_PROTOCOL } from '../../mpc/ecdsa/protocols/network-key-dkg.ts';
import { NETWORK_RECONFIGURATION_PROTOCOL } from '../../mpc/ecdsa/protocols/network-reconfiguration.ts';
import { type PresignSessionOutput, presignSession } from '../../mpc/ecdsa/protocols/presign.ts';
import { SIGN_SESSION_PROTOCOL, type SignSessionConfig, type SignSessionOutput, signSession } from '../../mpc/ecdsa/protocols/sign.ts';
import type { VerificationOutcome } from '../../mpc/ecdsa/protocols/verification.ts';
import { DWalletError } from '../../mpc/errors.ts';
import {
  decodeSchnorrPresign,
  encodeSchnorrPresign,
  encodeSchnorrUserSignMessage,
  type SchnorrPresign,
  type SchnorrPresignSessionOutput,
  schnorrPresignSession,
  sharedSchnorrUserSignMessage,
} from '../../mpc/schnorr/index.ts';
import { SCHNORR_PRESIGN_PROTOCOL } from '../../mpc/schnorr/presign/contribution.ts';
import {
  SCHNORR_SIGN_SESSION_PROTOCOL,
  type SchnorrSignSessionConfig,
  type SchnorrSignSessionOutput,
  schnorrSignSession,
} from '../../mpc/schnorr/protocols/sign.ts';
import type { AggregationTimeouts } from '../../mpc/session/aggregation.ts';
import type { SessionResult } from '../../mpc/session/machine.ts';
import type { SessionDefinition } from '../../mpc/session/protocol.ts';
import { algorithmById, curveById } from '../../mpc/signing/algorithms.ts';
import { userShareSetup } from '../../mpc/user-share/encryption-key.ts';
import {
  ENCRYPTION_KEY_VERIFICATION_PROTOCOL,
  encryptionKeyVerificationSession,
  SHARE_BACKUP_VERIFICATION_PROTOCOL,
  SHARE_TRANSFER_VERIFICATION_PROTOCOL,
  type ShareEncryptionVerificationConfig,
  shareBackupVerificationSession,
  shareTransferVerificationSession,
} from '../../mpc/user-share/protocols.ts';
import { type CommitteeView, transitionOf } from '../committee-view.ts';
import { ValidatorError, ValidatorErrorCodes } from '../errors.ts';
import type { CurveKey, NetworkKeys } from '../network-keys.ts';
import type { RequestRow } from '../store/database.ts';
import type { ChainEntry, Planned, SessionPlan } from '../types.ts';
import { type NetworkKeyPlanContext, networkKeyDkgPlan } from './network-key-plan.ts';
import { type ReconfigurationPlanContext, reconfigurationPlan } from './reconfiguration-plan.ts';
import { decodeRequestEvent } from './request-events.ts';
import { encodeEntry, rejection } from './results.ts';
import { sharedSignUserMessage } from './shared-sign.ts';

/** The kind of request session (chain/schemas/requests.ts) each MPC protocol serves. */
export const REQUEST_KIND_OF_PROTOCOL: Readonly<Record<string, SessionKind>> = Object.freeze({
  [DKG_VERIFICATION_PROTOCOL]: 'dkg',
  [IMPORTED_KEY_VERIFICATION_PROTOCOL]: 'imported-key',
  [FUTURE_SIGN_VERIFICATION_PROTOCOL]: 'future-sign',
  [MAKE_SHARED_VERIFICATION_PROTOCOL]: 'make-shared',
  [ENCRYPTION_KEY_VERIFICATION_PROTOCOL]: 'register-encryption-key',
  [SHARE_BACKUP_VERIFICATION_PROTOCOL]: 'share-backup',
  [SHARE_TRANSFER_VERIFICATION_PROTOCOL]: 'share-transfer',
  [SIGN_SESSION_PROTOCOL]: 'sign',
  [SCHNORR_SIGN_SESSION_PROTOCOL]: 'sign',
  [PRESIGN_PROTOCOL]: 'presign',
  [SCHNORR_PRESIGN_PROTOCOL]: 'presign',
  [NETWORK_KEY_DKG_PROTOCOL]: 'network-key-dkg',
  [NETWORK_RECONFIGURATION_PROTOCOL]: 'reconfiguration',
});

/** The protocols request sessions run. */
export const REQUEST_PROTOCOLS: ReadonlySet<string> = new Set(Object.keys(REQUEST_KIND_OF_PROTOCOL));

export interface PlanContext {
  readonly keys: NetworkKeys;
  readonly view: CommitteeView;
  /** The presign ledger as seen by one session (it may consume its presign again when re-run). */
  readonly ledgerFor: (mpcSessionId: string) => PresignLedger;
  readonly timeouts: AggregationTimeouts;
  readonly signResendMs: number;
  /** A standby's wait in sign sessions; 0: no standbys. */
  readonly signStandbyWaitMs: number;
  /** What the network's own sessions (network-key DKG, epoch change) need beyond the above. */
  readonly network: NetworkKeyPlanContext & Omit<ReconfigurationPlanContext, 'view' | 'keys'>;
}

/**
 * The rejections of an aborted session's requests: reason SESSION_ABORTED, `blamed` = the committee
 * indices of the validators its machine proved faulty (parties p are members p − 1).
 */
export function abortedEntries(
  view: CommitteeView,
  requests: readonly Pick<RequestRow, 'sessionId'>[],
  result: SessionResult<unknown>,
): ChainEntry[] | undefined {
  if (result.status !== 'aborted') return undefined;
  const blamed = view.indicesOf(result.culprits.map((b) => b.party));
  return requests.map((r) => ({
    sessionId: r.sessionId,
    entry: encodeEntry(rejection(SessionId.bytes(r.sessionId), 'SESSION_ABORTED', null, blamed)),
  }));
}

function single(sessionId: SessionId, result: ChainResult): ChainEntry[] {
  return [{ sessionId, entry: encodeEntry(result) }];
}

/** What a presign batch's session id binds beyond its presign ids: the scheme's chain ids and, for targeted presigns, the dWallet's output. */
export interface PresignBatchOf {
  /** The chain's curve and algorithm ids of the batch's presigns (they are all of one pool). */
  readonly curve: number;
  readonly algorithm: number;
  /** The output bytes of the dWallet targeted presigns are made for, as the request event carries them. */
  readonly targetOutput?: Uint8Array;
}

/**
 * The session id of the MPC session that serves `requests` (a presign batch has its own, bound to
 * its scheme — Schnorr batches bind curve and algorithm, ECDSA ones keep the id they always had —
 * and to the dWallet's output for targeted presigns).
 */
export function mpcSessionIdOf(kind: SessionKind, sessionIds: readonly SessionId[], batch?: PresignBatchOf): string {
  if (kind !== 'presign') return sessionIds[0] as string;
  if (batch === undefined) {
    throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_REQUEST_INVALID, 'a presign batch session id needs its curve and algorithm');
  }
  const target = batch.targetOutput === undefined ? undefined : presignTargetOfOutputBytes(batch.targetOutput);
  const scheme = { curve: curveById(batch.curve).name, algorithm: algorithmById(batch.algorithm) };
  return bytesToHex(presignBatchSessionId(sessionIds.map(SessionId.bytes), target, scheme));
}

function verificationPlan<C, T>(
  view: CommitteeView,
  request: RequestRow,
  definition: SessionDefinition<C, VerificationOutcome<T>>,
  config: C,
  accepted: (sessionId: Uint8Array, value: T) => ChainResult,
): SessionPlan {
  const sid = SessionId.bytes(request.sessionId);
  return {
    definition,
    config,
    results: (result) => {
      const failed = abortedEntries(view, [request], result);
      if (failed) return failed;
      const outcome = (result as { output: VerificationOutcome<T> }).output;
      return single(
        request.sessionId,
        outcome.status === 'accepted' ? accepted(sid, outcome.value) : rejection(sid, outcome.code, outcome.check),
      );
    },
  };
}

async function requireShare(key: CurveKey, networkKeyId: string) {
  if (key.share === null) {
    throw new ValidatorError(
      ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN,
      `this validator holds no share of network key ${networkKeyId} on ${key.curve.name}`,
      { networkKeyId, curve: key.curve.name },
    );
  }
  return key.share;
}

/**
 * A session that verifies the user's message creating a dWallet (DKG or imported key); its result
 * carries the output. `publicUserShare`: the x_A a shared DKG published on chain, checked too.
 */
async function dwalletPlan(
  ctx: PlanContext,
  request: RequestRow,
  kind: 'dkg' | 'imported-key',
  event: { network_key_id: string; curve: number },
  definition: SessionDefinition<DkgVerificationConfig, VerificationOutcome<DWalletOutput>>,
  message: Iterable<number>,
  publicUserShare: Iterable<number> | null = null,
): Promise<SessionPlan> {
  const key = await ctx.keys.get(event.network_key_id, event.curve);
  const setup = key.parts.encryptionKey.setup;
  const variant = REQUEST_KINDS[kind].result;
  return verificationPlan(
    ctx.view,
    request,
    definition,
    {
      key: key.parts,
      message: new Uint8Array(message),
      ...(publicUserShare === null ? {} : { publicUserShare: new Uint8Array(publicUserShare) }),
    },
    (session_id, output: DWalletOutput) => ({ [variant]: { session_id, output: encodeDWalletOutput(output, setup) } }) as ChainResult,
  );
}

async function planOne(kind: SessionKind, requests: readonly RequestRow[], ctx: PlanContext): Promise<SessionPlan> {
  const request = requests[0] as RequestRow;
  const bytes = new Uint8Array(request.event);
  switch (kind) {
    case 'dkg': {
      const event = decodeRequestEvent('dkg', bytes);
      return dwalletPlan(ctx, request, 'dkg', event, dkgVerificationSession, event.user_dkg_message, event.public_user_share);
    }
    case 'imported-key': {
      const event = decodeRequestEvent('imported-key', bytes);
      return dwalletPlan(ctx, request, 'imported-key', event, importedKeyVerificationSession, event.user_import_message);
    }
    case 'future-sign': {
      const event = decodeRequestEvent('future-sign', bytes);
      const key = await ctx.keys.get(event.network_key_id, event.curve);
      const setup = key.parts.encryptionKey.setup;
      return verificationPlan(
        ctx.view,
        request,
        futureSignVerificationSession,
        {
          key: key.parts,
          dwallet: decodeDWalletOutput(key.curve, setup, new Uint8Array(event.dwallet_output)),
          presign: decodePresign(key.curve, setup, new Uint8Array(event.presign)),
          digest: digestMessage(key.curve, event.hash_scheme as HashScheme, new Uint8Array(event.message)),
          message: new Uint8Array(event.user_sign_message),
        },
        (session_id) => ({ FutureSignVerified: { session_id } }),
      );
    }
    case 'make-shared': {
      const event = decodeRequestEvent('make-shared', bytes);
      const key = await ctx.keys.get(event.network_key_id, event.curve);
      const config: MakeSharedVerificationConfig = {
        curve: key.curve,
        dwallet: decodeDWalletOutput(key.curve, key.parts.encryptionKey.setup, new Uint8Array(event.dwallet_output)),
        publicUserShare: new Uint8Array(event.public_user_share),
      };
      return verificationPlan(ctx.view, request, makeSharedVerificationSession, config, (session_id, share: bigint) => ({
        DWalletShared: { session_id, public_user_share: key.curve.encodeScalar(share) },
      }));
    }
    case 'sign': {
      const event = decodeRequestEvent('sign', bytes);
      const key = await ctx.keys.get(event.network_key_id, event.curve);
      const share = await requireShare(key, event.network_key_id);
      const setup = key.parts.encryptionKey.setup;
      const sid = SessionId.bytes(request.sessionId);
      const dwallet = decodeDWalletOutput(key.curve, setup, new Uint8Array(event.dwallet_output));
      const algorithm = algorithmById(event.algorithm);
      const hashScheme = event.hash_scheme;
      const message = new Uint8Array(event.message);
      // A shared dWallet's sign (request_sign_shared) carries no user message: this validator
      // computes it from the request, as every other does (PROTOCOL-EXTENSIONS.md §7.1). The
      // presign is consumed by the session below, in this validator's ledger, as for any sign.
      const shared = event.public_user_share === null ? null : new Uint8Array(event.public_user_share);
      const common = {
        key: key.parts,
        thresholdKey: share.thresholdKey,
        keyShare: share.keyShare,
        dwallet,
        ledger: ctx.ledgerFor(request.sessionId),
        // A future sign's message was verified when it was stored; a shared sign's was computed here.
        verifiedBefore: event.partial_signature_id !== null || shared !== null,
        resendMs: ctx.signResendMs,
        standbys: ctx.signStandbyWaitMs > 0,
        ...(ctx.signStandbyWaitMs > 0 ? { standbyWaitMs: ctx.signStandbyWaitMs } : {}),
      };
      const results = (result: SessionResult<unknown>): ChainEntry[] => {
        const failed = abortedEntries(ctx.view, [request], result);
        if (failed) return failed;
        const output = (result as { output: SignSessionOutput | SchnorrSignSessionOutput }).output;
        return single(
          request.sessionId,
          output.status === 'signed'
            ? { Signature: { session_id: sid, signature: output.encoded } }
            : rejection(sid, output.code, output.check),
        );
      };
      if (algorithm !== 'ecdsa') {
        // Taproot and EdDSA (PROTOCOL-EXTENSIONS.md §9.1): the approved message itself goes into the
        // session, which derives what is signed from it under the hash scheme.
        const presign = decodeSchnorrPresign(key.curve, algorithm, setup, new Uint8Array(event.presign));
        const context = { key: key.parts, dwallet, presign, algorithm, hashScheme, message };
        const userMessage =
          shared === null
            ? new Uint8Array(event.user_sign_message)
            : encodeSchnorrUserSignMessage(
                key.curve,
                sharedSchnorrUserSignMessage({ ...context, sessionId: sid, publicUserShare: shared }),
              );
        const config: SchnorrSignSessionConfig = { ...common, ...context, userMessage };
        return { definition: schnorrSignSession, config, thresholdKey: share.thresholdKey, results };
      }
      const presign = decodePresign(key.curve, setup, new Uint8Array(event.presign));
      const digest = digestMessage(key.curve, hashScheme as HashScheme, message);
      const userMessage =
        shared === null
          ? new Uint8Array(event.user_sign_message)
          : await sharedSignUserMessage({
              key: key.parts,
              dwallet,
              presign,
              sessionId: sid,
              hashScheme: hashScheme as HashScheme,
              digest,
              publicUserShare: shared,
            });
      const config: SignSessionConfig = { ...common, presign, digest, userMessage };
      return { definition: signSession, config, thresholdKey: share.thresholdKey, results };
    }
    case 'presign': {
      const events = requests.map((r) => decodeRequestEvent('presign', new Uint8Array(r.event)));
      const first = events[0] as (typeof events)[number];
      const key = await ctx.keys.get(first.network_key_id, first.curve);
      const setup = key.parts.encryptionKey.setup;
      const ids = requests.map((r) => SessionId.bytes(r.sessionId));
      const algorithm = algorithmById(first.algorithm);
      if (algorithm !== 'ecdsa') {
        // Universal Schnorr presigns (PROTOCOL-EXTENSIONS.md §9.1): they depend on no dWallet.
        return {
          definition: schnorrPresignSession,
          config: { key: key.parts, algorithm, presignIds: ids, timeouts: ctx.timeouts },
          results: (result) => {
            const failed = abortedEntries(ctx.view, requests, result);
            if (failed) return failed;
            const output = (result as { output: SchnorrPresignSessionOutput }).output;
            return requests.map((r, j) => ({
              sessionId: r.sessionId,
              entry: encodeEntry({
                Presign: { session_id: ids[j] as Uint8Array, output: encodeSchnorrPresign(output.presigns[j] as SchnorrPresign, setup) },
              }),
            }));
          },
        };
      }
      const target =
        first.dwallet_id === null
          ? ({ kind: 'universal' } as const)
          : ({ kind: 'targeted', dwallet: decodeDWalletOutput(key.curve, setup, new Uint8Array(first.dwallet_output)) } as const);
      return {
        definition: presignSession,
        config: { key: key.parts, target, presignIds: ids, timeouts: ctx.timeouts },
        results: (result) => {
          const failed = abortedEntries(ctx.view, requests, result);
          if (failed) return failed;
          const output = (result as { output: PresignSessionOutput }).output;
          return requests.map((r, j) => ({
            sessionId: r.sessionId,
            entry: encodeEntry({
              Presign: { session_id: ids[j] as Uint8Array, output: encodePresign(output.presigns[j] as never, setup) },
            }),
          }));
        },
      };
    }
    case 'network-key-dkg': {
      const event = decodeRequestEvent('network-key-dkg', bytes);
      const sid = SessionId.bytes(request.sessionId);
      return networkKeyDkgPlan(ctx.network, event.network_key_id, event.curves, {
        aborted: (result) => abortedEntries(ctx.view, [request], result),
        accepted: (key) =>
          single(request.sessionId, {
            NetworkKeyGenerated: {
              session_id: sid,
              output: encodeNetworkKeyGeneratedOutput({
                key_commitment: key.keyCommitment,
                global_key_parts: key.globalKeyParts,
                threshold_key_digest: key.thresholdKeyDigest,
              }),
            },
          }),
      });
    }
    case 'reconfiguration': {
      const event = decodeRequestEvent('reconfiguration', bytes);
      const { view } = ctx;
      if (event.epoch !== view.epoch) {
        // Behind: the committee of the request's epoch is not known here yet. Ahead: the change is
        // done, and its completion closes this session. Either way the request waits.
        throw new ValidatorError(
          ValidatorErrorCodes.VALIDATOR_REQUEST_INVALID,
          `a reconfiguration requested in epoch ${event.epoch}; this validator is in epoch ${view.epoch}`,
          { epoch: event.epoch.toString(), current: view.epoch.toString() },
        );
      }
      const transition = transitionOf(
        view,
        { members: event.members, total_weight: event.total_weight, threshold: event.threshold },
        event.next_epoch,
      );
      const sid = SessionId.bytes(request.sessionId);
      return reconfigurationPlan({ ...ctx.network, view, keys: ctx.keys }, transition, {
        aborted: (result) => abortedEntries(view, [request], result),
        accepted: (versions) =>
          single(request.sessionId, { Reconfigured: { session_id: sid, output: encodeReconfiguredOutput({ versions }) } }),
      });
    }
    case 'register-encryption-key': {
      // The user's share (PROTOCOL.md §7 "encrypted backup of x_A"): the key's setup is its
      // curve's at the network key's level (userShareSetup), since a registration names no network
      // key; the verdict depends on the event's bytes and the session id alone.
      const event = decodeRequestEvent('register-encryption-key', bytes);
      const config = {
        setup: userShareSetup(curveById(event.curve)),
        encryptionKey: new Uint8Array(event.encryption_key),
        proof: new Uint8Array(event.proof),
      };
      return verificationPlan(ctx.view, request, encryptionKeyVerificationSession, config, (session_id) => ({
        EncryptionKeyVerified: { session_id },
      }));
    }
    case 'share-backup':
    case 'share-transfer': {
      // A backup (the owner's own key) and a transfer (the recipient's) verify the same EncDL
      // proof for the dWallet's X_A; the dWallet's output decodes in its network key's setup, the
      // registered key in the user keys' setup of the curve.
      const event = decodeRequestEvent(kind, bytes);
      const key = await ctx.keys.get(event.network_key_id, event.curve);
      const config: ShareEncryptionVerificationConfig = {
        curve: key.curve,
        setup: userShareSetup(key.curve),
        dwallet: decodeDWalletOutput(key.curve, key.parts.encryptionKey.setup, new Uint8Array(event.dwallet_output)),
        dwalletId: hexToBytes(event.dwallet_id.slice(2)),
        recipientKey: new Uint8Array(event.encryption_key),
        encryptedShare: new Uint8Array(event.encrypted_share),
      };
      return kind === 'share-backup'
        ? verificationPlan(ctx.view, request, shareBackupVerificationSession, config, (session_id) => ({
            ShareBackupVerified: { session_id },
          }))
        : verificationPlan(ctx.view, request, shareTransferVerificationSession, config, (session_id) => ({
            ShareTransferVerified: { session_id },
          }));
    }
    default: {
      // A kind of the request table without a case here does not compile: its protocol is missing.
      const missing: never = kind;
      throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_REQUEST_INVALID, `no session for ${String(missing)} (${request.eventName})`);
    }
  }
}

/**
 * The session that serves `requests` (one request, or the presigns of one batch), or their
 * rejections when the chain's data cannot start it.
 */
export async function planSession(kind: SessionKind, requests: readonly RequestRow[], ctx: PlanContext): Promise<Planned> {
  try {
    return { type: 'session', plan: await planOne(kind, requests, ctx) };
  } catch (error) {
    if (error instanceof ValidatorError || error instanceof ChainError || !(error instanceof DWalletError)) throw error;
    // Bytes on chain that do not decode are one reason (the decoder's code says which check failed).
    const malformed = error.code.startsWith('ENCODING_') || error.code === 'ECDSA_MALFORMED';
    const [code, check] = malformed ? ['REQUEST_MALFORMED', error.code] : [error.code, 'request'];
    return {
      type: 'rejected',
      results: requests.map((r) => ({ sessionId: r.sessionId, entry: encodeEntry(rejection(SessionId.bytes(r.sessionId), code, check)) })),
    };
  }
}
