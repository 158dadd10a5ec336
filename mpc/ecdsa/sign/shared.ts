/**
 * The user's sign message of a shared dWallet, computed by the network (PROTOCOL.md §7 "public
 * share"; PROTOCOL-EXTENSIONS.md §7.1).
 *
 * A shared dWallet has its user share x_A published on chain, so anyone can play the user: the
 * validators themselves compute the user's sign message (sign/user.ts, PROTOCOL.md §8 steps 1–5)
 * when the chain records an approval and a presign for it, and then run the ordinary sign session
 * on it. Every validator must compute the same bytes — the message is what the session decrypts
 * and what the signature is checked against, and every verdict must be the same at every honest
 * validator — so the user's randomness (k_A, α, β, ρ₀..ρ₃, the proofs' masks, the evaluations'
 * randomizers) is not drawn from the system but from a DRBG (numbers/drbg.ts, cSHAKE256) seeded by
 * a transcript (transcript.ts) of everything the message is for:
 *
 *     seed = Transcript("dwallet/ecdsa/shared-sign/v1")
 *              .append("session id", the chain's sign session id)
 *              .append("presign", BCS(presign)) .append("dwallet output", BCS(output))
 *              .appendNumber("hash scheme", scheme) .append("digest", m's 32 bytes)
 *              .append("public user share", x_A, 32 bytes big-endian)
 *              .challengeBytes("seed", 32)
 *     rng  = Drbg("dwallet/ecdsa/shared-sign/rng/v1", seed)
 *
 * Why deterministic user randomness is safe here (the argument in full: PROTOCOL-EXTENSIONS.md):
 *  - x_A is public, so the user's side holds no secret at all: the model is 2PC-MPC with a
 *    corrupted user who publishes its whole view, which the protocol tolerates. The key
 *    x = x_A + x_B is exactly as safe as x_B, i.e. as the network's threshold.
 *  - The nonce stays secret: the signature's nonce is k = (α·k' + β)/k_A, where k' combines the
 *    presign's k₀, k₁ which only the network holds, shared under its threshold. Knowing k_A, α, β
 *    (anyone can recompute them) does not reveal k.
 *  - No seed repeats: the seed binds the presign, and a presign is consumed once, ever (the chain
 *    consumes the PresignCap of the request; the validators' ledger consumes the presign when the
 *    sign session starts). Re-deriving for the same request gives the same bytes, i.e. the same
 *    signature, not a second nonce.
 *  - Circuit privacy is moot: a₁, a₂ of the partial-signature evaluation hide the user's secrets
 *    from the network; here they are derivable from public data anyway.
 *
 * The presign is not consumed in any caller's ledger here: this computes a message, it signs
 * nothing. The validator's sign session consumes the presign in its own ledger as for any sign
 * (protocols/sign.ts), and the chain has consumed the presign's capability with the request.
 * @module
 */

import { Drbg } from '../../numbers/drbg.ts';
import { runSteps } from '../../steps.ts';
import { Transcript } from '../../transcript.ts';
import { encodeDWalletOutput } from '../dkg/encoding.ts';
import type { DWalletOutput } from '../dkg/output.ts';
import { verifyPublicUserShare } from '../dkg/public-share.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { assertHashScheme, digestScalar, type HashScheme, type SignDigest } from '../hash-schemes.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import { encodePresign } from '../presign/encoding.ts';
import { InMemoryPresignLedger } from '../presign/ledger.ts';
import type { Presign } from '../presign/presign.ts';
import type { UserSignMessage } from './message.ts';
import { completeUserSignMessage, prepareUserSignSteps } from './user.ts';
import { userSignTableSteps } from './user-tables.ts';

/** The transcript protocol label of the seed. */
export const SHARED_SIGN_SEED_PROTOCOL = 'dwallet/ecdsa/shared-sign/v1';
/** The DRBG label of the user's randomness drawn from the seed. */
export const SHARED_SIGN_RNG_LABEL = 'dwallet/ecdsa/shared-sign/rng/v1';
/** Bytes of the seed (and of the sign session id). */
export const SHARED_SIGN_SEED_BYTES = 32;

/** What the network knows when a shared dWallet's sign is requested (all of it public, all of it on chain). */
export interface SharedUserSignInput {
  readonly key: NetworkKeyParts;
  readonly dwallet: DWalletOutput;
  readonly presign: Presign;
  /** The chain's session id of the sign request (32 bytes). */
  readonly sessionId: Uint8Array;
  /** The hash scheme the approval names (hash-schemes.ts ids). */
  readonly hashScheme: HashScheme;
  /** The digest of the approved message under `hashScheme`. */
  readonly digest: SignDigest;
  /** x_A as the chain records it: 32 bytes big-endian, in [1, q), with x_A·G = X_A. */
  readonly publicUserShare: Uint8Array;
}

/**
 * x_A from its 32 bytes, checked against the dWallet (dkg/public-share.ts: in [1, q), x_A·G = X_A),
 * and equal to the share the output itself publishes, if it publishes one.
 */
function publicShareOf(input: SharedUserSignInput): bigint {
  const { dwallet, publicUserShare } = input;
  const share = verifyPublicUserShare(dwallet.curve, dwallet.userPublicShare, publicUserShare);
  if (dwallet.publicUserSecretShare !== undefined && dwallet.publicUserSecretShare !== share) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_SECRET_MISMATCH, 'the public user share differs from the one the dWallet output publishes');
  }
  return share;
}

/**
 * The seed of the user's randomness (see the module comment): a transcript hash of the whole
 * request. Any input changed gives an unrelated seed.
 */
export function sharedSignSeed(input: SharedUserSignInput): Uint8Array {
  const { key, dwallet, presign, sessionId, hashScheme, digest, publicUserShare } = input;
  const { setup } = key.encryptionKey;
  if (!(sessionId instanceof Uint8Array) || sessionId.length !== SHARED_SIGN_SEED_BYTES) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, `a sign session id is ${SHARED_SIGN_SEED_BYTES} bytes`);
  }
  assertHashScheme(key.curve, hashScheme);
  // Checks the digest is 32 bytes.
  digestScalar(key.curve, digest);
  return new Transcript(SHARED_SIGN_SEED_PROTOCOL)
    .append('session id', sessionId)
    .append('presign', encodePresign(presign, setup))
    .append('dwallet output', encodeDWalletOutput(dwallet, setup))
    .appendNumber('hash scheme', hashScheme)
    .append('digest', digest.bytes)
    .append('public user share', publicUserShare)
    .challengeBytes('seed', SHARED_SIGN_SEED_BYTES);
}

/**
 * {@link sharedUserSignMessage} in steps (mpc/steps.ts): the share, session id, scheme and digest
 * are checked and the seed drawn on the first `next()`, then the key's tables grown if they are
 * not yet (one row per step), the preparation's steps (prepareUserSignSteps, which checks the
 * dWallet and the presign in its first), and the digest's part (about half the work) in the last.
 */
export function* sharedUserSignMessageSteps(input: SharedUserSignInput): Generator<void, UserSignMessage, void> {
  const secretShare = publicShareOf(input);
  const rng = new Drbg(SHARED_SIGN_RNG_LABEL, sharedSignSeed(input));
  const { key, dwallet, presign, digest } = input;
  // The tables of h and pk live with the key (sign/user-tables.ts): the first shared sign of a
  // process grows them a row per step instead of in one long step; later ones find them built.
  yield* userSignTableSteps(key);
  // A ledger of this computation alone: deriving the message signs nothing (see the module comment).
  const preparation = yield* prepareUserSignSteps({ key, dwallet, presign, secretShare, ledger: new InMemoryPresignLedger(), rng });
  yield;
  return completeUserSignMessage(preparation, digest);
}

/**
 * The user's sign message for a shared dWallet's sign request, a function of public data only:
 * every validator computes the same message (same bytes under encodeUserSignMessage), and it
 * verifies as any user's message does (sign/verify.ts). Throws typed EcdsaErrors for a share that
 * is not the dWallet's, a scheme the curve does not offer, a digest that is not 32 bytes, a
 * presign that does not serve the dWallet, or the rare presign that cannot sign the digest (r = 0).
 */
export function sharedUserSignMessage(input: SharedUserSignInput): UserSignMessage {
  return runSteps(sharedUserSignMessageSteps(input));
}
