/**
 * The session of an epoch change (mpc/ecdsa/protocols/network-reconfiguration.ts): every curve of
 * every active network key reshared from the current committee to the next one, in one session
 * under the union committee (committee-view.ts `transitionOf`). Built from the request as the chain
 * recorded it (the next committee), the chain's active keys with the digest of their current
 * threshold keys, this validator's current shares, and every member's share-encryption key; at its
 * end, this validator's new shares are saved for the next epoch (key-shares.ts) before the result
 * that installs the next committee goes into a batch, which the current committee certifies.
 *
 * The keys are the chain's `active_network_keys`, read when the session is planned: every validator
 * reads the same list, because the chain refuses a network-key DKG while an epoch change is pending
 * and an epoch change while a DKG is (ENetworkKeyGenerationPending).
 *
 * The current threshold keys (verification keys) are public, but the chain keeps only their
 * digest: a validator that holds them (a current member) uses its own; a joining validator fetches
 * them from the current members and accepts them only if they match the digest on chain.
 *
 * Failures of the same kind at every validator reject the request on chain (a key registered by
 * the admin without a committee's digest cannot be reshared; a share-encryption key off the curve);
 * failures of this validator (the chain or peers unreachable) are thrown, and the request waits.
 * @module
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Chain } from '../../chain/chain.ts';
import { UNATTESTED_THRESHOLD_KEY_DIGEST } from '../../chain/constants.ts';
import { readCoordinator, readObject } from '../../chain/object-reader.ts';
import { NetworkKey } from '../../chain/schemas/objects.ts';
import { EcdsaError, EcdsaErrorCodes } from '../../mpc/ecdsa/errors.ts';
import { decodeThresholdKey, thresholdKeysDigest } from '../../mpc/ecdsa/network-key/encoding.ts';
import { networkKeySetup } from '../../mpc/ecdsa/protocols/network-key-dkg.ts';
import { type NetworkReconfigurationConfig, networkReconfigurationSession } from '../../mpc/ecdsa/protocols/network-reconfiguration.ts';
import { DWalletError } from '../../mpc/errors.ts';
import { curveById } from '../../mpc/signing/algorithms.ts';
import { weightedAccessStructure } from '../../mpc/threshold/access-structure.ts';
import { SHARE_ENCRYPTION_CURVE } from '../../mpc/threshold/dkg/params.ts';
import type { DkgTimeouts } from '../../mpc/threshold/dkg/session.ts';
import type { ThresholdPublicKey } from '../../mpc/threshold/keys.ts';
import type { ReshareOutput } from '../../mpc/threshold/reshare/session.ts';
import type { PartyKeyShare } from '../../mpc/threshold/secret-share.ts';
import type { CommitteeView, Transition } from '../committee-view.ts';
import { ValidatorError, ValidatorErrorCodes } from '../errors.ts';
import type { KeyShareStore } from '../key-shares.ts';
import type { NetworkKeys } from '../network-keys.ts';
import type { SessionPlan } from '../types.ts';

export interface ReconfigurationPlanContext {
  readonly chain: Chain;
  readonly view: CommitteeView;
  readonly keys: NetworkKeys;
  readonly keyShares: KeyShareStore;
  /** This validator's share-encryption secret. Secret: never logged. */
  readonly shareEncryptionSecret: bigint;
  readonly timeouts?: Partial<DkgTimeouts>;
  /** Fetches a key's current threshold keys (encoded per curve) from the current members; tests replace it. */
  readonly fetchThresholdKeys?: (networkKeyId: string, epoch: bigint) => Promise<readonly Uint8Array[]>;
}

/** One curve of one active key, as the session reshares it. */
interface KeyCurve {
  readonly networkKeyId: string;
  readonly curve: ReturnType<typeof curveById>;
  readonly key: ThresholdPublicKey;
  readonly share: PartyKeyShare | null;
}

/** GET /v1/network-keys/:id/threshold-keys?epoch= at each current member until one answers. */
async function fetchFromPeers(view: CommitteeView, networkKeyId: string, epoch: bigint): Promise<readonly Uint8Array[]> {
  const reasons: string[] = [];
  for (const member of view.members) {
    if (member.url === null) continue;
    try {
      const response = await fetch(`${member.url}/v1/network-keys/${networkKeyId}/threshold-keys?epoch=${epoch}`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) {
        reasons.push(`party ${member.party}: HTTP ${response.status}`);
        continue;
      }
      const body = (await response.json()) as { thresholdKeys?: unknown };
      if (!Array.isArray(body.thresholdKeys) || !body.thresholdKeys.every((k) => typeof k === 'string' && /^([0-9a-f]{2})+$/.test(k))) {
        reasons.push(`party ${member.party}: malformed answer`);
        continue;
      }
      return body.thresholdKeys.map((k: string) => hexToBytes(k));
    } catch (error) {
      reasons.push(`party ${member.party}: ${(error as Error).message}`);
    }
  }
  throw new ValidatorError(
    ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN,
    `no current member served the threshold keys of network key ${networkKeyId} (${reasons.join('; ')})`,
    { networkKeyId },
  );
}

/** The current threshold keys of one active key, with this validator's shares, checked against the digest on chain. */
async function keyCurves(ctx: ReconfigurationPlanContext, networkKeyId: string): Promise<KeyCurve[]> {
  const { value } = await readObject(ctx.chain, networkKeyId, NetworkKey);
  const version = value.versions.at(-1);
  const digest = version === undefined ? UNATTESTED_THRESHOLD_KEY_DIGEST : new Uint8Array(version.threshold_key_digest);
  if (bytesToHex(digest) === bytesToHex(UNATTESTED_THRESHOLD_KEY_DIGEST)) {
    throw new EcdsaError(
      EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
      `network key ${networkKeyId} was registered without a committee's digest of its threshold keys (the admin path): it cannot be reshared`,
    );
  }
  const curves = value.curves.map((id) => curveById(id));
  const own = ctx.keyShares.at(networkKeyId, ctx.view.epoch);
  let held: KeyCurve[] | undefined;
  if (own !== undefined) {
    held = curves.map((curve) => {
      const stored = own.curves.find((c) => c.curve.name === curve.name);
      if (stored === undefined) {
        throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN, `no stored ${curve.name} key of ${networkKeyId}`);
      }
      return { networkKeyId, curve, key: stored.thresholdKey, share: stored.keyShare };
    });
  } else {
    const fetched = await (ctx.fetchThresholdKeys ?? ((id, epoch) => fetchFromPeers(ctx.view, id, epoch)))(networkKeyId, ctx.view.epoch);
    if (fetched.length !== curves.length) {
      throw new ValidatorError(
        ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN,
        `the threshold keys fetched for ${networkKeyId} miss a curve`,
      );
    }
    try {
      held = curves.map((curve, i) => ({
        networkKeyId,
        curve,
        key: decodeThresholdKey(curve, networkKeySetup(curve), fetched[i] as Uint8Array),
        share: null,
      }));
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      throw new ValidatorError(
        ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN,
        `the threshold keys fetched for ${networkKeyId} do not decode`,
      );
    }
  }
  const computed = thresholdKeysDigest(held.map((h) => ({ curve: h.curve, key: h.key })));
  if (bytesToHex(computed) !== bytesToHex(digest)) {
    throw new ValidatorError(
      ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN,
      `the threshold keys of ${networkKeyId} held here do not match the chain's digest for epoch ${ctx.view.epoch}`,
      { networkKeyId },
    );
  }
  return held;
}

/**
 * The plan of a reconfiguration to `transition`. `accepted` makes the chain result from the new
 * digests (one per active key, in the chain's order); `aborted` makes the rejection.
 */
export async function reconfigurationPlan(
  ctx: ReconfigurationPlanContext,
  transition: Transition,
  results: {
    readonly aborted: (result: Parameters<SessionPlan['results']>[0]) => ReturnType<SessionPlan['results']> | undefined;
    readonly accepted: (versions: { network_key_id: string; threshold_key_digest: Uint8Array }[]) => ReturnType<SessionPlan['results']>;
  },
): Promise<SessionPlan> {
  const { view } = ctx;
  const coordinator = await readCoordinator(ctx.chain);
  const active = coordinator.active_network_keys;
  if (active.length === 0) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'no active network key to reshare');
  }
  const perKey = await Promise.all(active.map((id) => keyCurves(ctx, id)));
  const { next, newMembers } = transition;
  const newAccess = weightedAccessStructure(
    Number(next.threshold),
    next.members.map((m) => Number(m.weight)),
  );
  const decode = (bytes: Iterable<number>) => SHARE_ENCRYPTION_CURVE.decodePoint(new Uint8Array(bytes));
  const oldEncryptionKeys = view.members.map((m) => decode(m.shareEncryptionKey));
  const newEncryptionKeys = next.members.map((m) => decode(m.share_encryption_key));
  const flat = perKey.flatMap((curves, k) => curves.map((c) => ({ ...c, name: `key${k}/${c.curve.name}` })));
  const config: NetworkReconfigurationConfig = {
    parts: flat.map((c) => ({
      name: c.name,
      reshare: {
        key: c.key,
        oldEncryptionKeys,
        newAccess,
        newEncryptionKeys,
        newMembers,
        keyShare: c.share,
        decryptionKey: ctx.shareEncryptionSecret,
        ...(ctx.timeouts === undefined ? {} : { timeouts: ctx.timeouts }),
      },
    })),
  };
  const nextEpoch = transition.union.epoch;
  return {
    definition: networkReconfigurationSession,
    config,
    view: transition.union,
    results: (result) => {
      const failed = results.aborted(result);
      if (failed) return failed;
      const outputs = (result as { output: ReshareOutput[] }).output;
      const versions = active.map((networkKeyId) => {
        const curves = flat.map((c, i) => ({ c, output: outputs[i] as ReshareOutput })).filter(({ c }) => c.networkKeyId === networkKeyId);
        ctx.keyShares.save(networkKeyId, {
          epoch: nextEpoch,
          curves: curves.map(({ c, output }) => ({ curve: c.curve, thresholdKey: output.key, keyShare: output.keyShare })),
        });
        return {
          network_key_id: networkKeyId,
          threshold_key_digest: thresholdKeysDigest(curves.map(({ c, output }) => ({ curve: c.curve, key: output.key }))),
        };
      });
      return results.accepted(versions);
    },
  };
}
