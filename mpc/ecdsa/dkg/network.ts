/**
 * dWallet creation, the network's side (PROTOCOL.md §7): each validator verifies the user's one
 * message on its own — no messages between validators — and derives the same output:
 * recompute μ⁰, μ¹, μ^G and X_B, verify π_DL, X = X_A + X_B ≠ identity,
 * ct_key = μ⁰⊙ct_key⁰ ⊕ μ¹⊙ct_key¹ ⊕ Enc(μ^G; 0); in the public-share mode also x_A·G = X_A.
 * A failed check is a rejection the chain records ({@link UserMessageRejection}, with the check's
 * name).
 * @module
 */
import type { CurvePoint } from '../../curves/curve.ts';
import { DWalletError } from '../../errors.ts';
import { verifyFischlin } from '../../proofs/fischlin.ts';
import { dlLanguage } from '../../proofs/languages/dl.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../errors.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import { decodeUserDkgMessage } from './encoding.ts';
import type { DWalletOutput } from './output.ts';
import { dkgProofContext, type UserDkgMessage, universalDWalletOutput } from './user.ts';

function reject(check: string, message: string, cause?: unknown): UserMessageRejection {
  return new UserMessageRejection(EcdsaErrorCodes.ECDSA_INVALID_DKG_MESSAGE, check, `DKG: ${message}`, {}, cause ? { cause } : undefined);
}

/** Verifies a decoded DKG message and returns the dWallet; throws a {@link UserMessageRejection}. */
export function verifyUserDkgMessage(key: NetworkKeyParts, sessionId: Uint8Array, message: UserDkgMessage): DWalletOutput {
  const { curve } = key;
  const verdict = verifyFischlin(dlLanguage(curve), dkgProofContext(sessionId), [message.userPublicShare], message.proof);
  if (!verdict.valid) throw reject('proof:user-public-share', `the proof of knowledge of x_A does not verify (${verdict.reason})`);
  if (message.publicUserSecretShare !== undefined) {
    const expected: CurvePoint = curve.multiplyPublic(curve.generator, message.publicUserSecretShare);
    if (!expected.equals(message.userPublicShare)) throw reject('public-user-share', 'the published x_A does not match X_A');
  }
  const output = universalDWalletOutput(key, sessionId, message);
  if (output === undefined) throw reject('public-key', 'X = X_A + X_B is the identity');
  return output;
}

/** Decodes and verifies the DKG message bytes recorded on chain. */
export function verifyUserDkgMessageBytes(key: NetworkKeyParts, sessionId: Uint8Array, bytes: Uint8Array): DWalletOutput {
  let message: UserDkgMessage;
  try {
    message = decodeUserDkgMessage(key.curve, bytes);
  } catch (error) {
    if (error instanceof DWalletError) throw reject('encoding', `the message does not decode: ${error.message}`, error);
    throw error;
  }
  return verifyUserDkgMessage(key, sessionId, message);
}
