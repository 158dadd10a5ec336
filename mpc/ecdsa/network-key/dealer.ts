/**
 * The dealer path of the network key (PROTOCOL.md §4, §6), for tests and single-operator
 * development networks: one process deals the threshold CL key (mpc/threshold/dealer.ts) and
 * hands each validator its key share. The global key parts are then produced by the validators'
 * EncDL aggregation (protocols/network-key-parts.ts), so that nobody, the dealer included, knows
 * x_B⁰ or x_B¹.
 *
 * {@link dealKeyParts} lets the dealer draw the key parts itself instead. It knows x_B⁰ and x_B¹
 * for the instant it encrypts them, so it is only for tests and for a development network run by
 * one operator, who holds the whole decryption key anyway.
 *
 * Secrets: the dealt shares and x_B⁰, x_B¹ go through variable-time BigInt code (see
 * mpc/threshold/dealer.ts); x_B⁰, x_B¹ are dropped when this returns.
 * @module
 */
import { clEncrypt } from '../../cl/encryption.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import type { Curve } from '../../curves/curve.ts';
import { type RandomSource, randomBelow, systemRandom } from '../../numbers/random.ts';
import type { WeightedAccessStructure } from '../../threshold/access-structure.ts';
import { dealThresholdKey } from '../../threshold/dealer.ts';
import type { ThresholdPublicKey } from '../../threshold/keys.ts';
import type { PartyKeyShare } from '../../threshold/secret-share.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { type NetworkKeyParts, networkKeyParts } from './key-parts.ts';

export interface DealtNetworkKey {
  readonly thresholdKey: ThresholdPublicKey;
  /** keyShares[p − 1] belongs to validator p; send each to its validator only. */
  readonly keyShares: readonly PartyKeyShare[];
}

/** Deal the threshold CL key of one curve's setup for `access`. */
export function dealNetworkKey(
  curve: Curve,
  setup: ClassGroupSetup,
  access: WeightedAccessStructure,
  rng: RandomSource = systemRandom,
): DealtNetworkKey {
  if (setup.q !== curve.order) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, `the class-group setup is not the one of ${curve.name}`);
  }
  const { publicKey, keyShares } = dealThresholdKey(setup, access, rng);
  return { thresholdKey: publicKey, keyShares };
}

/** Key parts drawn by the dealer (see the module comment: tests and single-operator networks only). */
export function dealKeyParts(curve: Curve, encryptionKey: ClPublicKey, rng: RandomSource = systemRandom): NetworkKeyParts {
  const draw = () => {
    const x = 1n + randomBelow(rng, curve.order - 1n);
    return { point: curve.multiply(curve.generator, x), ciphertext: clEncrypt(encryptionKey, x, rng).ciphertext };
  };
  const first = draw();
  const second = draw();
  return networkKeyParts(curve, encryptionKey, [first.point, second.point], [first.ciphertext, second.ciphertext]);
}
