/**
 * The public side of a threshold CL key (PROTOCOL.md §4, §6): the encryption key pk = h^sk, one
 * verification key vk_v = h^{s_v} per virtual party, and the bound on shares that every proof of
 * a decryption share is checked against.
 * @module
 */
import { assertKeyForm, type ClPublicKey } from '../cl/keys.ts';
import type { Form } from '../classgroups/form.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import type { WeightedAccessStructure } from './access-structure.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';
import type { PartyKeyShare } from './secret-share.ts';

export interface ThresholdPublicKey {
  readonly setup: ClassGroupSetup;
  readonly access: WeightedAccessStructure;
  /** pk = h^sk: what users encrypt to. */
  readonly encryptionKey: ClPublicKey;
  /** vk_v = h^{s_v}, at index v − 1, for v = 1..W. */
  readonly verificationKeys: readonly Form[];
  /**
   * Every share satisfies |s_v| < 2^shareBits (the EDL witness bound). Dealt and DKG shares are
   * non-negative; reshared shares are signed (reshare/README.md): s'_u = Δ'·Z − Σ R'_i(u).
   */
  readonly shareBits: number;
}

/** vk_v */
export function verificationKey(key: ThresholdPublicKey, virtualId: number): Form {
  const vk = Number.isSafeInteger(virtualId) ? key.verificationKeys[virtualId - 1] : undefined;
  if (vk === undefined) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, `no verification key for virtual id ${virtualId}`, { virtualId });
  }
  return vk;
}

/**
 * Throws unless the public key is well formed: one verification key per virtual party, each a
 * group element that is neither the identity nor of order 2 (`FORM_SMALL_ORDER_KEY`, cl/keys.ts);
 * the encryption key was checked the same way when its ClPublicKey was made.
 */
export function assertThresholdPublicKey(key: ThresholdPublicKey): void {
  if (key.verificationKeys.length !== key.access.totalWeight) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_KEY_MISMATCH, 'a threshold key has one verification key per unit of weight', {
      expected: key.access.totalWeight,
      received: key.verificationKeys.length,
    });
  }
  key.verificationKeys.forEach((vk, i) => {
    assertKeyForm(key.setup, vk, `verification key of virtual id ${i + 1}`);
  });
}

/**
 * Throws THRESHOLD_KEY_MISMATCH unless every share of the party matches its verification key,
 * h^{s_v} = vk_v: checked when a key share is loaded, so that a wrong key file is refused at start
 * rather than discovered when a proof of a decryption share fails to verify. One fixed-base
 * exponentiation per unit of the party's weight; variable time in s_v (classgroups/exponentiation.ts).
 */
export function assertKeyShareMatches(key: ThresholdPublicKey, keyShare: PartyKeyShare): void {
  assertKeyShareShape(key, keyShare);
  for (const share of keyShare.shares) {
    if (!key.setup.group.equals(key.setup.hTable.pow(share.expose()), verificationKey(key, share.virtualId))) {
      throw new ThresholdError(
        ThresholdErrorCodes.THRESHOLD_KEY_MISMATCH,
        `party ${keyShare.party}: the share of virtual id ${share.virtualId} does not match its verification key`,
        { party: keyShare.party, virtualId: share.virtualId },
      );
    }
  }
}

/**
 * Throws THRESHOLD_KEY_MISMATCH unless `keyShare` has one share per virtual id of its party, in
 * order, each within the share bound −2^shareBits < s_v < 2^shareBits. Shares are signed: a
 * reshared key's shares are negative in general (reshare/README.md). The proof of a decryption
 * share needs nothing more: the EDL witness is an integer with |s| < 2^shareBits (proofs/factors.ts
 * `assertWitnessInRange`), its mask hides a negative witness as well as a positive one (the
 * response z = r + e·s is off by at most 2^(shareBits+128) either way from the uniform r), and the
 * extracted witness is bound by vk_v whatever its sign. (Whether s_v matches vk_v is
 * {@link assertKeyShareMatches}.)
 */
export function assertKeyShareShape(key: ThresholdPublicKey, keyShare: PartyKeyShare): void {
  key.access.assertParty(keyShare.party);
  const ids = key.access.virtualIds(keyShare.party);
  const bound = 1n << BigInt(key.shareBits);
  const ok =
    keyShare.shares.length === ids.length &&
    keyShare.shares.every((share, k) => {
      const value = share.expose();
      return share.virtualId === ids[k] && value > -bound && value < bound;
    });
  if (!ok) {
    throw new ThresholdError(
      ThresholdErrorCodes.THRESHOLD_KEY_MISMATCH,
      `the key share of party ${keyShare.party} does not match the access structure or the share bound`,
      { party: keyShare.party },
    );
  }
}
