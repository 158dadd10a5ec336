/**
 * dWallet creation, the user's side (PROTOCOL.md §7): one message, no interaction.
 *
 *   x_A ← Z_q*, X_A = x_A·G, π_DL = UC proof (Fischlin) of knowledge of x_A;
 *   μ⁰, μ¹, μ^G ← transcript(session id, curve, key commitment, X_A, X_B⁰, X_B¹, π_DL);
 *   X_B = μ⁰·X_B⁰ + μ¹·X_B¹ + μ^G·G;  X = X_A + X_B, never the identity.
 *
 * The proof is UC (straight-line extractable) because the network's security proof extracts x_A
 * from it without rewinding (2PC-MPC, eprint 2024/253 §5; 2025/297). The user's work does not
 * depend on the network: two curve multiplications, the proof (16 repetitions of a Schnorr proof
 * with a small hash search) and one 3-point multi-scalar multiplication.
 *
 * In the public-share mode the message also carries x_A (validators check x_A·G = X_A), and the
 * dWallet is "shared": anyone holding its output can act as the user.
 *
 * Secrets: x_A is returned to the caller and never logged; it meets noble's constant-time
 * multiplication and, in the proof's responses, variable-time BigInt arithmetic mod q.
 * @module
 */
import type { CurvePoint } from '../../curves/curve.ts';
import { type RandomSource, randomBelow, systemRandom } from '../../numbers/random.ts';
import { type ProofContext, USER_PARTY_ID } from '../../proofs/context.ts';
import { type FischlinProof, proveFischlin } from '../../proofs/fischlin.ts';
import { dlLanguage } from '../../proofs/languages/dl.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import { encodeDkgUserProof } from './encoding.ts';
import type { DWalletOutput } from './output.ts';
import { dwalletRandomizers, networkEncryptedShare, networkPublicShare } from './randomizers.ts';

export const DKG_PROTOCOL = '2pc-mpc/ecdsa/dkg';
export const DKG_USER_ROUND = 'dkg/user';
export const DKG_USER_PROOF = 'user public key share';

/** The user's DKG message (on chain as `user_dkg_message`). */
export interface UserDkgMessage {
  /** X_A */
  readonly userPublicShare: CurvePoint;
  /** π_DL, UC proof of knowledge of x_A. */
  readonly proof: FischlinProof;
  /** x_A, in the public-share mode only. */
  readonly publicUserSecretShare: bigint | undefined;
}

export function dkgProofContext(sessionId: Uint8Array): ProofContext {
  return { protocol: DKG_PROTOCOL, sessionId, round: DKG_USER_ROUND, proof: DKG_USER_PROOF, partyId: USER_PARTY_ID };
}

export interface UserDkgResult {
  readonly message: UserDkgMessage;
  /** x_A: keep it (or its encrypted backup); never log it. */
  readonly secretShare: bigint;
  /** The dWallet, exactly as the network will record it once it verifies the message. */
  readonly output: DWalletOutput;
}

/** The dWallet output a DKG message leads to (shared by the user and the validators). */
export function universalDWalletOutput(key: NetworkKeyParts, sessionId: Uint8Array, message: UserDkgMessage): DWalletOutput | undefined {
  const { curve } = key;
  const mus = dwalletRandomizers(key, sessionId, message.userPublicShare, encodeDkgUserProof(curve, message.proof));
  const networkShare = networkPublicShare(key, mus);
  const publicKey = message.userPublicShare.add(networkShare);
  if (publicKey.is0() || networkShare.is0()) return undefined;
  return Object.freeze({
    kind: 'universal',
    curve,
    keyCommitment: key.commitment.slice(),
    sessionId: sessionId.slice(),
    userPublicShare: message.userPublicShare,
    networkPublicShare: networkShare,
    publicKey,
    encryptedNetworkShare: networkEncryptedShare(key, mus),
    randomizers: mus,
    publicUserSecretShare: message.publicUserSecretShare,
  });
}

/**
 * The user's DKG message for `sessionId` (the id the chain will register for the request), its
 * secret share and the resulting dWallet. With `publicShare`, x_A is published (a shared dWallet).
 */
export function createUserDkgMessage(
  key: NetworkKeyParts,
  sessionId: Uint8Array,
  options: { readonly publicShare?: boolean; readonly rng?: RandomSource } = {},
): UserDkgResult {
  const { curve } = key;
  const rng = options.rng ?? systemRandom;
  if (!(sessionId instanceof Uint8Array) || sessionId.length !== 32) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, 'a session id is 32 bytes');
  }
  for (;;) {
    const secretShare = 1n + randomBelow(rng, curve.order - 1n);
    const { proof, statement } = proveFischlin(dlLanguage(curve), dkgProofContext(sessionId), [secretShare], rng);
    const message: UserDkgMessage = {
      userPublicShare: statement[0] as CurvePoint,
      proof,
      publicUserSecretShare: options.publicShare === true ? secretShare : undefined,
    };
    const output = universalDWalletOutput(key, sessionId, message);
    // X = identity happens with probability 1/q; a fresh x_A is the only way forward.
    if (output !== undefined) return { message, secretShare, output };
  }
}
