/**
 * The session of a network-key DKG request (mpc/ecdsa/protocols/network-key-dkg.ts): its
 * configuration from the request as the chain recorded it (the curves), the committee of the epoch
 * (weights, threshold, every member's registered share-encryption key) and this validator's
 * share-encryption secret; and, at its end, this validator's key shares saved (key-shares.ts)
 * before the result that makes the key active goes into a certified batch.
 *
 * A committee whose registered share-encryption key is not a point of secp256k1 cannot run the DKG
 * at any validator alike: decoding it throws a DWalletError, and plan.ts rejects the request on
 * chain.
 * @module
 */

import { encodeNetworkKey, networkKeyCommitment, thresholdKeysDigest } from '../../mpc/ecdsa/network-key/encoding.ts';
import {
  type NetworkKeyDkgConfig,
  type NetworkKeyDkgOutput,
  networkKeyDkgSession,
  networkKeySetup,
} from '../../mpc/ecdsa/protocols/network-key-dkg.ts';
import type { AggregationTimeouts } from '../../mpc/session/aggregation.ts';
import { curveById } from '../../mpc/signing/algorithms.ts';
import { weightedAccessStructure } from '../../mpc/threshold/access-structure.ts';
import { SHARE_ENCRYPTION_CURVE } from '../../mpc/threshold/dkg/params.ts';
import type { DkgTimeouts } from '../../mpc/threshold/dkg/session.ts';
import type { CommitteeView } from '../committee-view.ts';
import type { KeyShareStore } from '../key-shares.ts';
import type { SessionPlan } from '../types.ts';

/** The public output the chain records for a generated key (`NetworkKeyGenerated`). */
export interface GeneratedKey {
  readonly keyCommitment: Uint8Array;
  readonly globalKeyParts: Uint8Array;
  readonly thresholdKeyDigest: Uint8Array;
}

export interface NetworkKeyPlanContext {
  readonly view: CommitteeView;
  /** This validator's share-encryption secret k (K = k·G is registered on chain). Secret: never logged. */
  readonly shareEncryptionSecret: bigint;
  readonly keyShares: KeyShareStore;
  readonly dkgTimeouts: { readonly dkg?: Partial<DkgTimeouts>; readonly keyParts?: Partial<AggregationTimeouts> };
}

/** The DKG configuration of a request for `curveIds` under the committee of `view`. */
export function networkKeyDkgConfig(ctx: NetworkKeyPlanContext, curveIds: readonly number[]): NetworkKeyDkgConfig {
  const curves = curveIds.map((id) => {
    const curve = curveById(id);
    return { curve, setup: networkKeySetup(curve) };
  });
  const { view } = ctx;
  return {
    curves,
    access: weightedAccessStructure(
      view.threshold,
      view.members.map((m) => m.weight),
    ),
    encryptionKeys: view.members.map((m) => SHARE_ENCRYPTION_CURVE.decodePoint(m.shareEncryptionKey)),
    decryptionKey: ctx.shareEncryptionSecret,
    timeouts: ctx.dkgTimeouts,
  };
}

/** The chain's record of a generated key: commitment, public key parts, digest of the threshold keys. */
export function generatedKeyOf(output: NetworkKeyDkgOutput): GeneratedKey {
  const parts = output.curves.map((c) => c.parts);
  return {
    keyCommitment: networkKeyCommitment(parts),
    globalKeyParts: encodeNetworkKey(parts),
    thresholdKeyDigest: thresholdKeysDigest(output.curves.map((c) => ({ curve: c.curve, key: c.publicKey }))),
  };
}

/**
 * The plan of a network-key DKG. `accepted` makes the chain result of a generated key; the key
 * shares are saved first, so that a crash after the result is certified cannot lose them.
 */
export function networkKeyDkgPlan(
  ctx: NetworkKeyPlanContext,
  networkKeyId: string,
  curveIds: readonly number[],
  results: {
    readonly aborted: (result: Parameters<SessionPlan['results']>[0]) => ReturnType<SessionPlan['results']> | undefined;
    readonly accepted: (key: GeneratedKey) => ReturnType<SessionPlan['results']>;
  },
): SessionPlan {
  const epoch = ctx.view.epoch;
  return {
    definition: networkKeyDkgSession,
    config: networkKeyDkgConfig(ctx, curveIds),
    results: (result) => {
      const failed = results.aborted(result);
      if (failed) return failed;
      const output = (result as { output: NetworkKeyDkgOutput }).output;
      ctx.keyShares.save(networkKeyId, {
        epoch,
        curves: output.curves.map((c) => ({ curve: c.curve, thresholdKey: c.publicKey, keyShare: c.keyShare })),
      });
      return results.accepted(generatedKeyOf(output));
    },
  };
}
