/**
 * The terms both sides of a Schnorr signature compute from public data (PROTOCOL-EXTENSIONS.md
 * §9.1): the nonce randomizer, the combined nonce, its sign and the challenge.
 *
 *   μ_k ← transcript(presign id, curve, algorithm, hash scheme, message, X, dWallet, K_A, K_B0,
 *                    K_B1, key commitment, presign), squeezed with |q| + 192 bits, reduced mod q
 *   K_B = K_B0 + μ_k·K_B1,   K = K_A + K_B ≠ identity
 *   σ_K, e from the scheme (taproot.ts: even y of K, BIP-340 challenge under x(Q); eddsa.ts: 1,
 *   SHA-512 challenge under enc(X))
 *
 * μ_k is hashed from K_A as the user sent it, before any normalisation: the user fixes K_A first,
 * the presign fixed K_B0, K_B1 before, and only then is the combination drawn, so neither the user
 * nor a coalition of validators chooses K (the binding factor of FROST/MuSig2, which defeats the
 * ROS attack of a user running many sessions concurrently). Normalising K_A (or K) first would
 * make μ_k a function of a value the user can flip the sign of, for nothing.
 *
 * Everything here is public.
 * @module
 */
import type { CurvePoint } from '../../curves/curve.ts';
import { encodeDWalletOutput } from '../../ecdsa/dkg/encoding.ts';
import { assertDWalletOfKey } from '../../ecdsa/dkg/output.ts';
import { DWalletError } from '../../errors.ts';
import { curveIdOf, SIGNATURE_ALGORITHM_IDS } from '../../signing/algorithms.ts';
import { Transcript } from '../../transcript.ts';
import { SchnorrError, SchnorrErrorCodes } from '../errors.ts';
import { schnorrSignedMessage } from '../message.ts';
import { encodeSchnorrPresign } from '../presign/encoding.ts';
import { assertSchnorrPresignFor } from '../presign/presign.ts';
import type { SchnorrScheme, SchnorrSigningKey, Sign } from '../scheme.ts';
import { schnorrScheme } from '../schemes.ts';
import type { SchnorrSignContext } from './message.ts';

export const SCHNORR_NONCE_RANDOMIZER_LABEL = '2pc-mpc/schnorr/sign/nonce-randomizer/v1';

/** The context checked: the scheme, the dWallet's signing key and the bytes signed. */
export interface SchnorrSignSetting {
  readonly scheme: SchnorrScheme;
  readonly signingKey: SchnorrSigningKey;
  /** m (Taproot, 32 bytes) or M (EdDSA), message.ts. */
  readonly signedMessage: Uint8Array;
}

/**
 * Checks that the context fits together (algorithm on the key's curve, dWallet and presign under
 * the key, presign of the algorithm, hash scheme of the algorithm, message) and returns the
 * setting. Throws typed errors (SchnorrError, or EcdsaError ECDSA_KEY_MISMATCH for a dWallet of
 * another key).
 */
export function schnorrSignSetting(context: SchnorrSignContext): SchnorrSignSetting {
  const { key, dwallet, presign, algorithm } = context;
  const scheme = schnorrScheme(algorithm);
  if (scheme.curve.name !== key.curve.name) {
    throw new SchnorrError(SchnorrErrorCodes.SCHNORR_UNSUPPORTED_ALGORITHM, `${algorithm} is not offered on ${key.curve.name}`);
  }
  assertDWalletOfKey(key, dwallet);
  assertSchnorrPresignFor(key, algorithm, presign);
  const signedMessage = schnorrSignedMessage(scheme, context.hashScheme, context.message);
  return { scheme, signingKey: scheme.signingKey(dwallet.publicKey), signedMessage };
}

/** {@link schnorrSignSetting}, any typed failure turned into `onError(error)`'s throw. */
export function schnorrSignSettingOr(context: SchnorrSignContext, onError: (error: DWalletError) => Error): SchnorrSignSetting {
  try {
    return schnorrSignSetting(context);
  } catch (error) {
    if (error instanceof DWalletError) throw onError(error);
    throw error;
  }
}

/** μ_k for the user's K_A (see the module comment). */
export function schnorrNonceRandomizer(context: SchnorrSignContext, userNonce: CurvePoint): bigint {
  const { key, dwallet, presign } = context;
  const { curve } = key;
  const { setup } = key.encryptionKey;
  const transcript = new Transcript(SCHNORR_NONCE_RANDOMIZER_LABEL);
  transcript.append('presign-session-id', presign.sessionId);
  transcript.appendNumber('curve', curveIdOf(curve));
  transcript.appendNumber('algorithm', SIGNATURE_ALGORITHM_IDS[context.algorithm]);
  transcript.appendNumber('hash-scheme', context.hashScheme);
  transcript.append('message', context.message);
  transcript.append('public-key', curve.encodePoint(dwallet.publicKey));
  transcript.append('dwallet', encodeDWalletOutput(dwallet, setup));
  transcript.append('user-nonce', curve.encodePoint(userNonce));
  transcript.append('network-nonce/0', curve.encodePoint(presign.noncePublicParts[0]));
  transcript.append('network-nonce/1', curve.encodePoint(presign.noncePublicParts[1]));
  transcript.append('key-commitment', key.commitment);
  transcript.append('presign', encodeSchnorrPresign(presign, setup));
  return transcript.challengeScalar('mu', curve.order);
}

/** The public terms of one signature. */
export interface SchnorrSignTerms {
  /** μ_k */
  readonly mu: bigint;
  /** K = K_A + K_B0 + μ_k·K_B1, as combined (not normalised). */
  readonly nonce: CurvePoint;
  /** σ_K */
  readonly nonceSign: Sign;
  /** e */
  readonly challenge: bigint;
}

/** The terms for K_A, or undefined when K is the identity (probability 1/q; the user draws again). */
export function schnorrSignTerms(
  context: SchnorrSignContext,
  setting: SchnorrSignSetting,
  userNonce: CurvePoint,
): SchnorrSignTerms | undefined {
  const { curve } = context.key;
  const [k0, k1] = context.presign.noncePublicParts;
  const mu = schnorrNonceRandomizer(context, userNonce);
  const nonce = userNonce.add(curve.multiScalarMultiply([k0, k1], [1n, mu]));
  if (nonce.is0()) return undefined;
  return {
    mu,
    nonce,
    nonceSign: setting.scheme.nonceSign(nonce),
    challenge: setting.scheme.challenge(nonce, setting.signingKey, setting.signedMessage),
  };
}
