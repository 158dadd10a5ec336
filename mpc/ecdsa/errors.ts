/**
 * Typed errors of 2PC-MPC ECDSA (PROTOCOL.md §6–§8): the layer's own code table, next to the
 * cryptography's (mpc/errors.ts), the proofs' and threshold decryption's.
 *
 * Rejections of a user's message (DKG, import, sign, user-share registration and encrypted share)
 * carry the name of the check that failed in `details.check`, so that the chain can record why a
 * request was refused; they never carry secrets.
 * @module
 */
import { type CodeOf, DWalletError } from '../errors.ts';

/** The stable error codes of ECDSA. */
export const EcdsaErrorCodes = {
  /** A curve that ECDSA is not offered on (ed25519), or a curve id the chain does not know. */
  ECDSA_UNSUPPORTED_CURVE: 'ECDSA_UNSUPPORTED_CURVE',
  /** A hash scheme id that is unknown or not offered on the curve (P-256 signs SHA-256 digests only). */
  ECDSA_UNSUPPORTED_HASH_SCHEME: 'ECDSA_UNSUPPORTED_HASH_SCHEME',
  /** A digest that is not 32 bytes, or an empty message. */
  ECDSA_INVALID_DIGEST: 'ECDSA_INVALID_DIGEST',
  /** Network key material, a dWallet and a presign that belong to different network keys or curves. */
  ECDSA_KEY_MISMATCH: 'ECDSA_KEY_MISMATCH',
  /** A presign that cannot be used with this dWallet (universal for an imported key, targeted for another dWallet). */
  ECDSA_PRESIGN_MISMATCH: 'ECDSA_PRESIGN_MISMATCH',
  /** A presign that was already consumed (PROTOCOL.md §8: a presign is consumed exactly once, ever). */
  ECDSA_PRESIGN_CONSUMED: 'ECDSA_PRESIGN_CONSUMED',
  /** The user's DKG message does not verify (proof, public share, identity public key). */
  ECDSA_INVALID_DKG_MESSAGE: 'ECDSA_INVALID_DKG_MESSAGE',
  /** The user's imported-key message does not verify. */
  ECDSA_INVALID_IMPORT_MESSAGE: 'ECDSA_INVALID_IMPORT_MESSAGE',
  /** The user's sign message does not verify (a proof, a commitment, r = 0). */
  ECDSA_INVALID_SIGN_MESSAGE: 'ECDSA_INVALID_SIGN_MESSAGE',
  /** Bytes of a user message, presign or output that do not decode. */
  ECDSA_MALFORMED: 'ECDSA_MALFORMED',
  /** A user secret that does not match the dWallet (x_A·G ≠ X_A) or is out of range. */
  ECDSA_SECRET_MISMATCH: 'ECDSA_SECRET_MISMATCH',
  /**
   * A user share published on chain (a shared dWallet) that is not a 32-byte big-endian scalar in
   * [1, q), or whose x_A·G is not the dWallet's X_A.
   */
  ECDSA_INVALID_PUBLIC_USER_SHARE: 'ECDSA_INVALID_PUBLIC_USER_SHARE',
  /** A signature that does not verify, or whose recovery id does not recover the public key. */
  ECDSA_INVALID_SIGNATURE: 'ECDSA_INVALID_SIGNATURE',
  /** Configuration of a session or a function that does not fit together (committee vs access structure, batch size). */
  ECDSA_INVALID_CONFIG: 'ECDSA_INVALID_CONFIG',
  /**
   * A user's class-group encryption key registered on chain (mpc/user-share/encryption-key.ts) that
   * does not decode to a valid key, or whose proof of knowledge of the secret key does not decode or
   * does not verify for the registration's session.
   */
  USER_SHARE_INVALID_ENCRYPTION_KEY: 'USER_SHARE_INVALID_ENCRYPTION_KEY',
  /**
   * An encrypted user share (backup or transfer, mpc/user-share/encrypted-share.ts) that does not
   * decode, or whose EncDL proof does not verify for the dWallet's X_A, the recipient's key, the
   * dWallet and the session.
   */
  USER_SHARE_INVALID_ENCRYPTION: 'USER_SHARE_INVALID_ENCRYPTION',
  /**
   * An encrypted user share that does not decrypt, under the secret key used, to an x_A in [1, q)
   * with x_A·G = X_A (a wrong key, or a share of another dWallet).
   */
  USER_SHARE_MISMATCH: 'USER_SHARE_MISMATCH',
} as const;

export type EcdsaErrorCode = CodeOf<typeof EcdsaErrorCodes>;

/** Any failure of the ECDSA layer. */
export class EcdsaError extends DWalletError<EcdsaErrorCode> {}

/**
 * A user's message (DKG, import or sign) that the network rejects. `check` names the failed check
 * (e.g. "proof:ct_A"), stable across releases like the code.
 */
export class UserMessageRejection extends EcdsaError {
  readonly check: string;

  constructor(code: EcdsaErrorCode, check: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(code, message, { ...details, check }, options);
    this.check = check;
  }
}
