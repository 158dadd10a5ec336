/** Shared fixtures of the DKG tests: parameters, share-encryption key pairs, a decryption check. */
import assert from 'node:assert/strict';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { clEncrypt } from '../../../mpc/cl/encryption.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import type { WeightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { combineShareMessages } from '../../../mpc/threshold/combine.ts';
import { decryptionShareMessage } from '../../../mpc/threshold/decryption-share.ts';
import { type DkgParams, SHARE_ENCRYPTION_CURVE } from '../../../mpc/threshold/dkg/params.ts';
import { assertKeyShareMatches, type ThresholdPublicKey } from '../../../mpc/threshold/keys.ts';
import type { PartyKeyShare } from '../../../mpc/threshold/secret-share.ts';
import { DecryptionSession } from '../../../mpc/threshold/session.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

export const DKG_PROTOCOL = 'test/threshold-dkg';

/** k_p of party p (fixed per label, so a test knows every key). */
export function decryptionKeyOf(party: number, label = 'dkg'): bigint {
  return randomBelow(new Drbg('dwallet/test/dkg-share-key', utf8ToBytes(`${label}/${party}`)), SHARE_ENCRYPTION_CURVE.order - 1n) + 1n;
}

export function dkgParams(access: WeightedAccessStructure, sessionLabel = 'dkg session'): DkgParams {
  const curve = SHARE_ENCRYPTION_CURVE;
  return {
    protocol: DKG_PROTOCOL,
    sessionId: new Drbg('dwallet/test/session-id', utf8ToBytes(sessionLabel)).bytes(32),
    setup: testSetup(),
    access,
    encryptionKeys: access.parties().map((p) => curve.multiply(curve.generator, decryptionKeyOf(p))),
  };
}

/**
 * Checks that the key shares match the public key and that every authorized set among `holders`
 * given decrypts a fresh CL ciphertext through the threshold combine.
 */
export function assertKeyDecrypts(
  key: ThresholdPublicKey,
  keyShares: readonly PartyKeyShare[],
  sets: readonly (readonly number[])[],
): void {
  for (const share of keyShares) assertKeyShareMatches(key, share);
  const rng = testRng('dkg decryption');
  const plaintext = randomBelow(rng, key.setup.q);
  const { ciphertext } = clEncrypt(key.encryptionKey, plaintext, rng);
  const session = new DecryptionSession(key, [ciphertext], {
    protocol: DKG_PROTOCOL,
    sessionId: new Uint8Array(32).fill(3),
    round: 'dkg-check',
  });
  const messages = new Map(keyShares.map((share) => [share.party, decryptionShareMessage(session, share)]));
  for (const set of sets) {
    const chosen = set.map((p) => {
      const message = messages.get(p);
      assert.ok(message !== undefined, `no key share of party ${p}`);
      return message;
    });
    assert.deepEqual(combineShareMessages(session, chosen), [plaintext], `set ${set}`);
  }
}
