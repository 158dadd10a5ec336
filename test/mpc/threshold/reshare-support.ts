/** Shared fixtures of the resharing tests: committees of named validators, their keys, and the whole protocol run in process with the library's pieces. */
import assert from 'node:assert/strict';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import type { WeightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { SHARE_ENCRYPTION_CURVE } from '../../../mpc/threshold/dkg/params.ts';
import type { ThresholdPublicKey } from '../../../mpc/threshold/keys.ts';
import { openSharing, Sharing } from '../../../mpc/threshold/reshare/complaint.ts';
import { checkReshareDealing, createReshareDealing, type ReshareDealing } from '../../../mpc/threshold/reshare/dealing.ts';
import { reshareKey, reshareKeyShare } from '../../../mpc/threshold/reshare/output.ts';
import type { ReshareParams } from '../../../mpc/threshold/reshare/params.ts';
import { badReveals, createReveal, maskCommitments, type Reveal, revealedSecret } from '../../../mpc/threshold/reshare/reveal.ts';
import type { PartyKeyShare } from '../../../mpc/threshold/secret-share.ts';
import { testRng } from '../../support/random.ts';

export const RESHARE_PROTOCOL = 'test/threshold-reshare';

/** k of the validator named `name` (the same in every committee it sits in). */
export function shareKeyOf(name: string): bigint {
  return randomBelowOrder(new Drbg('dwallet/test/reshare-share-key', utf8ToBytes(name)));
}

function randomBelowOrder(drbg: Drbg): bigint {
  const order = SHARE_ENCRYPTION_CURVE.order;
  let k = 0n;
  while (k === 0n || k >= order) k = BigInt(`0x${Buffer.from(drbg.bytes(32)).toString('hex')}`);
  return k;
}

export function encryptionKeysOf(names: readonly string[]) {
  const curve = SHARE_ENCRYPTION_CURVE;
  return names.map((name) => curve.multiply(curve.generator, shareKeyOf(name)));
}

export function reshareParams(
  key: ThresholdPublicKey,
  oldNames: readonly string[],
  newAccess: WeightedAccessStructure,
  newNames: readonly string[],
  label: string,
): ReshareParams {
  return {
    protocol: RESHARE_PROTOCOL,
    sessionId: new Drbg('dwallet/test/session-id', utf8ToBytes(label)).bytes(32),
    key,
    oldEncryptionKeys: encryptionKeysOf(oldNames),
    newAccess,
    newEncryptionKeys: encryptionKeysOf(newNames),
  };
}

export interface InProcessReshare {
  readonly key: ThresholdPublicKey;
  readonly keyShares: PartyKeyShare[];
  readonly revealed: bigint;
  readonly dealings: ReshareDealing[];
  readonly reveals: Reveal[];
}

/**
 * The honest protocol with the library's pieces, every old party dealing and revealing (no
 * session): `tamperReveal` may change one party's reveal before the public check.
 */
export function reshareInProcess(
  params: ReshareParams,
  oldNames: readonly string[],
  oldShares: readonly PartyKeyShare[],
  newNames: readonly string[],
  label: string,
  tamperReveal?: (party: number, reveal: Reveal) => Reveal,
): InProcessReshare {
  const rng = testRng(label);
  const oldAccess = params.key.access;
  const dealings = oldAccess.parties().map((dealer) => createReshareDealing(params, dealer, rng));
  for (const dealing of dealings) assert.equal(checkReshareDealing(params, dealing), undefined);
  const reveals = oldShares.map((share) => {
    const k = shareKeyOf(oldNames[share.party - 1] as string);
    const masks = dealings.map((dealing, i) => {
      const opened = openSharing(params, Sharing.MASK, share.party, k, i + 1, dealing);
      assert.deepEqual(opened.bad, []);
      return opened.shares;
    });
    const reveal = createReveal(share, masks);
    return tamperReveal?.(share.party, reveal) ?? reveal;
  });
  const commitments = maskCommitments(params, dealings);
  const valid = new Map<number, bigint>();
  reveals.forEach((reveal, k) => {
    const party = (oldShares[k] as PartyKeyShare).party;
    if (badReveals(params, commitments, party, reveal).length > 0) return;
    oldAccess.virtualIds(party).forEach((v, j) => {
      valid.set(v, reveal.values[j] as bigint);
    });
  });
  const revealed = revealedSecret(params, valid);
  const key = reshareKey(params, revealed, dealings);
  const keyShares = params.newAccess.parties().map((party) => {
    const k = shareKeyOf(newNames[party - 1] as string);
    const shares = dealings.map((dealing, i) => {
      const opened = openSharing(params, Sharing.FRESH, party, k, i + 1, dealing);
      assert.deepEqual(opened.bad, []);
      return opened.shares;
    });
    return reshareKeyShare(params, party, revealed, shares);
  });
  return { key, keyShares, revealed, dealings, reveals };
}
