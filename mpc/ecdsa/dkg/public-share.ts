/**
 * A shared dWallet's published user share (PROTOCOL.md §7, "shared dWallet"; PROTOCOL-EXTENSIONS.md
 * §7.1): the chain records x_A as a 32-byte big-endian scalar, and every validator checks it
 * before the network relies on it — x_A ∈ [1, q) and x_A·G = X_A, the user's public share recorded
 * in the dWallet's DKG message or output. The chain cannot check it (Move has no secp256k1 or
 * P-256 scalar multiplication), so this check is what makes the published share the dWallet's.
 *
 * The share is public, so the multiplication is the variable-time one (`multiplyPublic`): there is
 * no secret whose timing could leak. The verdict depends on the bytes alone, so it is the same at
 * every honest validator.
 * @module
 */
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../errors.ts';

/** The check names a rejection carries (`UserMessageRejection.check`), stable across releases. */
export const PublicUserShareChecks = {
  LENGTH: 'public-user-share:length',
  RANGE: 'public-user-share:range',
  MISMATCH: 'public-user-share:mismatch',
} as const;

function reject(check: string, message: string): UserMessageRejection {
  return new UserMessageRejection(EcdsaErrorCodes.ECDSA_INVALID_PUBLIC_USER_SHARE, check, `public user share: ${message}`);
}

/**
 * Decodes a published user share and checks it against X_A (`userPublicShare`); returns x_A.
 * Throws a {@link UserMessageRejection} (code ECDSA_INVALID_PUBLIC_USER_SHARE) when the bytes are
 * not exactly one scalar encoding (`curve.scalarBytes`, big-endian), the scalar is 0 or not below
 * q, or x_A·G ≠ X_A.
 */
export function verifyPublicUserShare(curve: Curve, userPublicShare: CurvePoint, shareBytes: Uint8Array): bigint {
  if (!(shareBytes instanceof Uint8Array) || shareBytes.length !== curve.scalarBytes) {
    throw reject(PublicUserShareChecks.LENGTH, `x_A must be ${curve.scalarBytes} bytes`);
  }
  let share = 0n;
  for (const byte of shareBytes) share = (share << 8n) | BigInt(byte);
  if (share === 0n || share >= curve.order) throw reject(PublicUserShareChecks.RANGE, `x_A must lie in [1, q) on ${curve.name}`);
  if (!curve.multiplyPublic(curve.generator, share).equals(userPublicShare)) {
    throw reject(PublicUserShareChecks.MISMATCH, "x_A·G is not the dWallet's X_A");
  }
  return share;
}
