/**
 * Importing an existing key x into a dWallet (PROTOCOL.md §7 "imported key"; the reference's
 * trusted-dealer DKG, reference notes §2B (e)). The user, who knows x, splits it:
 *   x_B ← Z_q*, x_A = x − x_B (≠ 0), X_A = x_A·G, X_B = x_B·G;
 *   ct_key = Enc(x_B; η) under the network key, π_EncDL for (ct_key, X_B), π_DL (UC) for X_A;
 * and sends (X_A, X_B, ct_key, π_DL, π_EncDL). The network verifies both proofs and records X = X_A
 * + X_B. The user knew x_B once, so ct_key is this dWallet's alone: it signs only with presigns made
 * for it (targeted presigns, presign/contribution.ts).
 *
 * Secrets: x, x_A, x_B and η; x_B and η are dropped when the message is made. x_B meets
 * variable-time class-group exponentiation (f^x_B is computed from x_B's inverse mod q) and η the
 * fixed-base tables of h and pk.
 * @module
 */

import type { ClCiphertext } from '../../cl/encryption.ts';
import { clEncrypt } from '../../cl/encryption.ts';
import type { CurvePoint } from '../../curves/curve.ts';
import { DWalletError } from '../../errors.ts';
import { mod } from '../../numbers/modular.ts';
import { type RandomSource, randomBelow, systemRandom } from '../../numbers/random.ts';
import { type ProofContext, USER_PARTY_ID } from '../../proofs/context.ts';
import { type FischlinProof, proveFischlin, verifyFischlin } from '../../proofs/fischlin.ts';
import { dlLanguage } from '../../proofs/languages/dl.ts';
import { encDlLanguage, encDlStatement } from '../../proofs/languages/enc-dl.ts';
import { type MaurerProof, proveMaurer, verifyMaurer } from '../../proofs/maurer.ts';
import { EcdsaError, EcdsaErrorCodes, UserMessageRejection } from '../errors.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import { decodeImportedKeyMessage } from './encoding.ts';
import type { DWalletOutput } from './output.ts';

export const IMPORT_PROTOCOL = '2pc-mpc/ecdsa/imported-key';
export const IMPORT_USER_ROUND = 'import/user';

/** The user's imported-key message (on chain as the DKG message of an imported-key request). */
export interface ImportedKeyMessage {
  /** X_A */
  readonly userPublicShare: CurvePoint;
  /** X_B */
  readonly networkPublicShare: CurvePoint;
  /** ct_key = Enc(x_B) */
  readonly encryptedNetworkShare: ClCiphertext;
  /** UC proof of knowledge of x_A. */
  readonly userProof: FischlinProof;
  /** EncDL proof for (ct_key, X_B). */
  readonly encryptionProof: MaurerProof;
  /** x_A, in the public-share mode only. */
  readonly publicUserSecretShare: bigint | undefined;
}

export function importProofContext(sessionId: Uint8Array, proof: 'user public key share' | 'network key share encryption'): ProofContext {
  return { protocol: IMPORT_PROTOCOL, sessionId, round: IMPORT_USER_ROUND, proof, partyId: USER_PARTY_ID };
}

function importedOutput(key: NetworkKeyParts, sessionId: Uint8Array, message: ImportedKeyMessage): DWalletOutput | undefined {
  const publicKey = message.userPublicShare.add(message.networkPublicShare);
  if (publicKey.is0()) return undefined;
  return Object.freeze({
    kind: 'imported',
    curve: key.curve,
    keyCommitment: key.commitment.slice(),
    sessionId: sessionId.slice(),
    userPublicShare: message.userPublicShare,
    networkPublicShare: message.networkPublicShare,
    publicKey,
    encryptedNetworkShare: message.encryptedNetworkShare,
    randomizers: undefined,
    publicUserSecretShare: message.publicUserSecretShare,
  });
}

export interface ImportedKeyResult {
  readonly message: ImportedKeyMessage;
  /** x_A = x − x_B: the user's share from now on; never log it. */
  readonly secretShare: bigint;
  readonly output: DWalletOutput;
}

/** The imported-key message for the secret key x (1 ≤ x < q). */
export function createImportedKeyMessage(
  key: NetworkKeyParts,
  sessionId: Uint8Array,
  secretKey: bigint,
  options: { readonly publicShare?: boolean; readonly rng?: RandomSource } = {},
): ImportedKeyResult {
  const { curve, encryptionKey } = key;
  const q = curve.order;
  const rng = options.rng ?? systemRandom;
  if (typeof secretKey !== 'bigint' || secretKey <= 0n || secretKey >= q) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_SECRET_MISMATCH, 'the imported key must lie in [1, q)');
  }
  let networkShare: bigint;
  let secretShare: bigint;
  do {
    networkShare = 1n + randomBelow(rng, q - 1n);
    secretShare = mod(secretKey - networkShare, q);
  } while (secretShare === 0n);
  const { ciphertext, randomness } = clEncrypt(encryptionKey, networkShare, rng);
  const encryption = proveMaurer(
    encDlLanguage(curve, encryptionKey),
    importProofContext(sessionId, 'network key share encryption'),
    [[networkShare, randomness]],
    rng,
  );
  const user = proveFischlin(dlLanguage(curve), importProofContext(sessionId, 'user public key share'), [secretShare], rng);
  const encryptionStatement = encryption.statements[0] as readonly unknown[];
  const message: ImportedKeyMessage = {
    userPublicShare: user.statement[0] as CurvePoint,
    networkPublicShare: encryptionStatement[2] as CurvePoint,
    encryptedNetworkShare: ciphertext,
    userProof: user.proof,
    encryptionProof: encryption.proof,
    publicUserSecretShare: options.publicShare === true ? secretShare : undefined,
  };
  const output = importedOutput(key, sessionId, message);
  if (output === undefined) throw new EcdsaError(EcdsaErrorCodes.ECDSA_SECRET_MISMATCH, 'the imported key gives the identity');
  return { message, secretShare, output };
}

function reject(check: string, message: string, cause?: unknown): UserMessageRejection {
  return new UserMessageRejection(
    EcdsaErrorCodes.ECDSA_INVALID_IMPORT_MESSAGE,
    check,
    `imported key: ${message}`,
    {},
    cause ? { cause } : undefined,
  );
}

/** Verifies an imported-key message and returns the dWallet; throws a {@link UserMessageRejection}. */
export function verifyImportedKeyMessage(key: NetworkKeyParts, sessionId: Uint8Array, message: ImportedKeyMessage): DWalletOutput {
  const { curve, encryptionKey } = key;
  const user = verifyFischlin(
    dlLanguage(curve),
    importProofContext(sessionId, 'user public key share'),
    [message.userPublicShare],
    message.userProof,
  );
  if (!user.valid) throw reject('proof:user-public-share', `the proof of knowledge of x_A does not verify (${user.reason})`);
  const encryption = verifyMaurer(
    encDlLanguage(curve, encryptionKey),
    importProofContext(sessionId, 'network key share encryption'),
    [encDlStatement(message.encryptedNetworkShare, message.networkPublicShare)],
    message.encryptionProof,
  );
  if (!encryption.valid) throw reject('proof:network-share-encryption', `the EncDL proof does not verify (${encryption.reason})`);
  if (message.publicUserSecretShare !== undefined) {
    if (!curve.multiplyPublic(curve.generator, message.publicUserSecretShare).equals(message.userPublicShare)) {
      throw reject('public-user-share', 'the published x_A does not match X_A');
    }
  }
  const output = importedOutput(key, sessionId, message);
  if (output === undefined) throw reject('public-key', 'X = X_A + X_B is the identity');
  return output;
}

/** Decodes and verifies the imported-key message bytes recorded on chain. */
export function verifyImportedKeyMessageBytes(key: NetworkKeyParts, sessionId: Uint8Array, bytes: Uint8Array): DWalletOutput {
  let message: ImportedKeyMessage;
  try {
    message = decodeImportedKeyMessage(key, bytes);
  } catch (error) {
    if (error instanceof DWalletError) throw reject('encoding', `the message does not decode: ${error.message}`, error);
    throw error;
  }
  return verifyImportedKeyMessage(key, sessionId, message);
}
