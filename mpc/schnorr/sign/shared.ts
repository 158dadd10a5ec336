/**
 * The user's Schnorr sign message of a shared dWallet, computed by the network (PROTOCOL.md §7
 * "public share"; PROTOCOL-EXTENSIONS.md §7.1 and §9.1), exactly as mpc/ecdsa/sign/shared.ts does
 * for ECDSA: x_A is published, so every validator plays the user, and the user's randomness k_A
 * comes from a DRBG (numbers/drbg.ts) seeded by a transcript of everything public the message is
 * for, so that every validator computes the same bytes:
 *
 *     seed = Transcript("dwallet/schnorr/shared-sign/v1")
 *              .append("session id", the chain's sign session id)
 *              .append("presign", BCS(presign)) .append("dwallet output", BCS(output))
 *              .appendNumber("algorithm", id) .appendNumber("hash scheme", id)
 *              .append("message", the approved message)
 *              .append("public user share", x_A, 32 bytes big-endian)
 *              .challengeBytes("seed", 32)
 *     rng  = Drbg("dwallet/schnorr/shared-sign/rng/v1", seed)
 *
 * Why it is safe (PROTOCOL-EXTENSIONS.md §7.1): x_A public makes the key exactly as safe as x_B;
 * the nonce k = k_A + k₀ + μ_k·k₁ stays secret because k₀, k₁ are the network's, shared under its
 * threshold; the seed binds the presign, consumed once, so no k_A is used for two messages.
 * @module
 */
import { encodeDWalletOutput } from '../../ecdsa/dkg/encoding.ts';
import { verifyPublicUserShare } from '../../ecdsa/dkg/public-share.ts';
import { Drbg } from '../../numbers/drbg.ts';
import { SIGNATURE_ALGORITHM_IDS } from '../../signing/algorithms.ts';
import { Transcript } from '../../transcript.ts';
import { SchnorrError, SchnorrErrorCodes } from '../errors.ts';
import { encodeSchnorrPresign } from '../presign/encoding.ts';
import type { SchnorrSignContext, SchnorrUserSignMessage } from './message.ts';
import { schnorrSignSetting } from './randomizers.ts';
import { createSchnorrUserSignMessage } from './user.ts';

export const SHARED_SCHNORR_SIGN_SEED_PROTOCOL = 'dwallet/schnorr/shared-sign/v1';
export const SHARED_SCHNORR_SIGN_RNG_LABEL = 'dwallet/schnorr/shared-sign/rng/v1';
export const SHARED_SCHNORR_SIGN_SEED_BYTES = 32;

export interface SharedSchnorrUserSignInput extends SchnorrSignContext {
  /** The chain's session id of the sign request (32 bytes). */
  readonly sessionId: Uint8Array;
  /** x_A as the chain records it: 32 bytes big-endian, in [1, q), with x_A·G = X_A. */
  readonly publicUserShare: Uint8Array;
}

/** The seed of the user's randomness: a transcript hash of the whole request (any input changed gives an unrelated seed). */
export function sharedSchnorrSignSeed(input: SharedSchnorrUserSignInput): Uint8Array {
  const { key, dwallet, presign, sessionId } = input;
  if (!(sessionId instanceof Uint8Array) || sessionId.length !== SHARED_SCHNORR_SIGN_SEED_BYTES) {
    throw new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_CONFIG, `a sign session id is ${SHARED_SCHNORR_SIGN_SEED_BYTES} bytes`);
  }
  schnorrSignSetting(input);
  const { setup } = key.encryptionKey;
  return new Transcript(SHARED_SCHNORR_SIGN_SEED_PROTOCOL)
    .append('session id', sessionId)
    .append('presign', encodeSchnorrPresign(presign, setup))
    .append('dwallet output', encodeDWalletOutput(dwallet, setup))
    .appendNumber('algorithm', SIGNATURE_ALGORITHM_IDS[input.algorithm])
    .appendNumber('hash scheme', input.hashScheme)
    .append('message', input.message)
    .append('public user share', input.publicUserShare)
    .challengeBytes('seed', SHARED_SCHNORR_SIGN_SEED_BYTES);
}

/**
 * The user's sign message for a shared dWallet's sign request, a function of public data only
 * (the same bytes at every validator). Throws a UserMessageRejection (ECDSA_INVALID_PUBLIC_USER_SHARE)
 * for a share that is not the dWallet's, typed SchnorrErrors for a context that does not fit.
 */
export function sharedSchnorrUserSignMessage(input: SharedSchnorrUserSignInput): SchnorrUserSignMessage {
  const { dwallet } = input;
  const secretShare = verifyPublicUserShare(dwallet.curve, dwallet.userPublicShare, input.publicUserShare);
  if (dwallet.publicUserSecretShare !== undefined && dwallet.publicUserSecretShare !== secretShare) {
    throw new SchnorrError(
      SchnorrErrorCodes.SCHNORR_SECRET_MISMATCH,
      'the public user share differs from the one the dWallet output publishes',
    );
  }
  const rng = new Drbg(SHARED_SCHNORR_SIGN_RNG_LABEL, sharedSchnorrSignSeed(input));
  // No ledger: deriving the message signs nothing; the validator's sign session consumes the presign.
  return createSchnorrUserSignMessage({ ...input, secretShare, rng });
}
