/**
 * The public side of a threshold CL key (PROTOCOL.md §4, §6): the encryption key pk = h^sk, one
 * verification key vk_v = h^{s_v} per virtual party, and the bound on shares that every proof of
 * a decryption share is checked against.
 * @module
 */
import type { ClPublicKey } from '../cl/keys.ts';
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
  /** Every share satisfies 0 ≤ s_v < 2^shareBits (the EDL witness bound). */
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
 * Throws THRESHOLD_KEY_MISMATCH unless `keyShare` has one share per virtual id of its party, in
 * order, each within the share bound. (Whether s_v matches vk_v is checked when proving, where
 * h^{s_v} is computed anyway.)
 */
export function assertKeyShareShape(key: ThresholdPublicKey, keyShare: PartyKeyShare): void {
  key.access.assertParty(keyShare.party);
  const ids = key.access.virtualIds(keyShare.party);
  const bound = 1n << BigInt(key.shareBits);
  const ok =
    keyShare.shares.length === ids.length &&
    keyShare.shares.every((share, k) => {
      const value = share.expose();
      return share.virtualId === ids[k] && value >= 0n && value < bound;
    });
  if (!ok) {
    throw new ThresholdError(
      ThresholdErrorCodes.THRESHOLD_KEY_MISMATCH,
      `the key share of party ${keyShare.party} does not match the access structure or the share bound`,
      { party: keyShare.party },
    );
  }
}
