/**
 * Typed errors of the Schnorr family (PROTOCOL.md §9; PROTOCOL-EXTENSIONS.md §9.1): the layer's
 * own code table. A user's sign message the network refuses is a {@link UserMessageRejection} of
 * mpc/ecdsa/errors.ts with code ECDSA_INVALID_SIGN_MESSAGE, not an error of this table: the chain
 * records rejections by that code (chain/schemas/rejection-reasons.ts, reason 3 "the user's sign
 * message failed a check"), whatever the algorithm, and the sessions recognise that class.
 * @module
 */
import { type CodeOf, DWalletError } from '../errors.ts';

export const SchnorrErrorCodes = {
  /** An algorithm that is not a Schnorr one (ecdsa), or one not offered on the key's curve. */
  SCHNORR_UNSUPPORTED_ALGORITHM: 'SCHNORR_UNSUPPORTED_ALGORITHM',
  /** A hash scheme id the algorithm does not offer (Taproot: sha256, prehashed; EdDSA: sha512). */
  SCHNORR_UNSUPPORTED_HASH_SCHEME: 'SCHNORR_UNSUPPORTED_HASH_SCHEME',
  /** A message that is empty, too long, or not 32 bytes where a BIP-340 message (prehashed) is expected. */
  SCHNORR_INVALID_MESSAGE: 'SCHNORR_INVALID_MESSAGE',
  /** A public key that has no signing key (Taproot: the tweak is not below q or gives the identity). */
  SCHNORR_INVALID_KEY: 'SCHNORR_INVALID_KEY',
  /** A signature that is not 64 bytes or does not verify. */
  SCHNORR_INVALID_SIGNATURE: 'SCHNORR_INVALID_SIGNATURE',
  /** A user secret that does not match the dWallet (x_A·G ≠ X_A) or is out of range. */
  SCHNORR_SECRET_MISMATCH: 'SCHNORR_SECRET_MISMATCH',
  /** A presign of another curve, algorithm or network key, or one already consumed. */
  SCHNORR_PRESIGN_MISMATCH: 'SCHNORR_PRESIGN_MISMATCH',
  /** Configuration of a session or function that does not fit together (batch, session id). */
  SCHNORR_INVALID_CONFIG: 'SCHNORR_INVALID_CONFIG',
} as const;

export type SchnorrErrorCode = CodeOf<typeof SchnorrErrorCodes>;

export class SchnorrError extends DWalletError<SchnorrErrorCode> {}
