/**
 * An encrypted user share (PROTOCOL.md §7 "encrypted backup of x_A"): ct = Enc(pk; x_A; η) under a
 * registered user encryption key (encryption-key.ts), with an EncDL proof (proofs/languages/
 * enc-dl.ts) that ct encrypts the discrete logarithm of the dWallet's X_A. A **backup** is under
 * the owner's own key, a **transfer** under the recipient's; the validators verify the proof
 * before the chain records the share, and the owner (or recipient) decrypts it on recovery.
 *
 * The proof's context is { protocol: USER_SHARE_ENCRYPTION_PROTOCOL, sessionId: the chain session
 * id of the backup or transfer request, round: `dwallet/0x<64 hex of the dWallet id>`, proof:
 * 'encryption of x_A', partyId: 0 }: it binds the session and the dWallet; EncDL's public
 * parameters bind the curve, the setup and the recipient's key; X_A is the statement. So a share
 * cannot be replayed into another request, moved to another dWallet, or presented as encrypted to
 * another key.
 *
 * What the proof shows: EncDL is a Maurer proof over (x, η) ∈ Z_q × ℤ (x a scalar: it meets only
 * bases of order q, G and f; η an integer bounded like a secret key), sound under the same
 * assumptions as the registration's proof (encryption-key.ts: strong root and low order in
 * Cl(Δ_q)) and judged up to order 2 in its class-group factors. The decoded ciphertext is made of
 * square classes, so, as for keys, the "up to order 2" vanishes; and `clDecrypt` squares before
 * reading the message anyway. The decryptor still checks x_A·G = X_A itself (decryptUserShare): its
 * result must never rest on another party's verification.
 *
 * Secrets and variable-time code (mpc/SECURITY.md §5):
 *  - x_A, when encrypting: `powF` (a modInverse of x_A mod q and a branch on its parity), the
 *    prover's response z = r + e·x_A mod q and range check (BigInt); x_A·G is noble's
 *    constant-time multiplication;
 *  - η and the prover's masks: `hTable.pow`, `pk.table.pow` (signed-digit windows, NUCOMP);
 *  - sk, when decrypting: `clDecrypt`'s c1^(−sk) (variable-time exponentiation by the secret key);
 *  - x_A, when decrypting: dlog_F and the halving mod q (BigInt), the range check; x_A·G again
 *    constant time.
 * All of it runs on the user's machine (the validators see only public values); no secret is
 * logged or put in an error.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { type ClCiphertext, clDecrypt, clRandomness } from '../cl/encryption.ts';
import type { ClPublicKey, ClSecretKey } from '../cl/keys.ts';
import type { Curve, CurvePoint } from '../curves/curve.ts';
import { EcdsaError, EcdsaErrorCodes, UserMessageRejection } from '../ecdsa/errors.ts';
import { DWalletError, ErrorCodes, ParameterError } from '../errors.ts';
import { type RandomSource, systemRandom } from '../numbers/random.ts';
import { assertProofContext, type ProofContext, USER_PARTY_ID } from '../proofs/context.ts';
import { encDlLanguage, encDlStatement } from '../proofs/languages/enc-dl.ts';
import { type MaurerProof, proveMaurer, verifyMaurer } from '../proofs/maurer.ts';
import { decodeEncryptedUserShare, encodeEncryptedUserShare } from './encoding.ts';

export const USER_SHARE_ENCRYPTION_PROTOCOL = 'dwallet/user-share/encryption';

/** Bytes of a dWallet id (a Sui object id). */
export const DWALLET_ID_BYTES = 32;

/** The check names a rejection of an encrypted share carries (`UserMessageRejection.check`). */
export const EncryptedShareChecks = {
  ENCODING: 'encrypted-share:encoding',
  PROOF: 'encrypted-share:proof',
} as const;

export interface EncryptedUserShare {
  readonly ciphertext: ClCiphertext;
  readonly proof: MaurerProof;
}

/** The context of the EncDL proof of an encrypted share (see the module comment). */
export function encryptedShareProofContext(dwalletId: Uint8Array, sessionId: Uint8Array): ProofContext {
  if (!(dwalletId instanceof Uint8Array) || dwalletId.length !== DWALLET_ID_BYTES) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `a dWallet id must be ${DWALLET_ID_BYTES} bytes`);
  }
  const context: ProofContext = {
    protocol: USER_SHARE_ENCRYPTION_PROTOCOL,
    sessionId,
    round: `dwallet/0x${bytesToHex(dwalletId)}`,
    proof: 'encryption of x_A',
    partyId: USER_PARTY_ID,
  };
  assertProofContext(context);
  return context;
}

/**
 * x_A encrypted under `recipientKey` with its EncDL proof, as BCS bytes (encoding.ts). Throws a
 * ParameterError when x_A is not in [1, q), and a LanguageParameterError when the key's setup is
 * not the curve's.
 */
export function encryptUserShare(args: {
  curve: Curve;
  recipientKey: ClPublicKey;
  secretShare: bigint;
  dwalletId: Uint8Array;
  sessionId: Uint8Array;
  rng?: RandomSource;
}): Uint8Array {
  const { curve, recipientKey, secretShare, dwalletId, sessionId, rng = systemRandom } = args;
  if (typeof secretShare !== 'bigint' || secretShare <= 0n || secretShare >= curve.order) {
    throw new ParameterError(ErrorCodes.OUT_OF_RANGE, `the user share must be a scalar in [1, q) of ${curve.name}`);
  }
  const context = encryptedShareProofContext(dwalletId, sessionId);
  const language = encDlLanguage(curve, recipientKey);
  const eta = clRandomness(recipientKey.setup, rng);
  const { proof, statements } = proveMaurer(language, context, [[secretShare, eta]], rng);
  const [c1, c2] = statements[0] as readonly [ClCiphertext['c1'], ClCiphertext['c2']];
  return encodeEncryptedUserShare(curve, recipientKey.setup, { ciphertext: { c1, c2 }, proof });
}

function reject(check: string, message: string, cause?: unknown): UserMessageRejection {
  return new UserMessageRejection(
    EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION,
    check,
    `encrypted user share: ${message}`,
    {},
    cause === undefined ? undefined : { cause },
  );
}

function decodeOrReject(curve: Curve, setup: ClPublicKey['setup'], bytes: Uint8Array): EncryptedUserShare {
  try {
    return decodeEncryptedUserShare(curve, setup, bytes);
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    throw reject(EncryptedShareChecks.ENCODING, `the bytes do not decode: ${error.message}`, error);
  }
}

/**
 * Throws UserMessageRejection code USER_SHARE_INVALID_ENCRYPTION, checks
 * 'encrypted-share:encoding' | 'encrypted-share:proof'. Returns the ciphertext. Arguments that
 * are the caller's to get right (a dWallet id or session id of the wrong length, a key of another
 * curve's setup) throw a ParameterError or LanguageParameterError instead.
 */
export function verifyEncryptedUserShare(args: {
  curve: Curve;
  recipientKey: ClPublicKey;
  userPublicShare: CurvePoint;
  dwalletId: Uint8Array;
  sessionId: Uint8Array;
  encryptedShare: Uint8Array;
}): ClCiphertext {
  const { curve, recipientKey, userPublicShare, dwalletId, sessionId, encryptedShare } = args;
  const context = encryptedShareProofContext(dwalletId, sessionId);
  const language = encDlLanguage(curve, recipientKey);
  const share = decodeOrReject(curve, recipientKey.setup, encryptedShare);
  const result = verifyMaurer(language, context, [encDlStatement(share.ciphertext, userPublicShare)], share.proof);
  if (!result.valid) throw reject(EncryptedShareChecks.PROOF, `the EncDL proof does not verify (${result.reason})`);
  return share.ciphertext;
}

function mismatch(message: string, cause?: unknown): EcdsaError {
  return new EcdsaError(EcdsaErrorCodes.USER_SHARE_MISMATCH, `encrypted user share: ${message}`, {}, cause === undefined ? {} : { cause });
}

/**
 * Decrypts and checks 0 < x_A < q and x_A·G = X_A; throws (USER_SHARE_MISMATCH) otherwise, in
 * particular under a wrong secret key, which never yields a wrong value. Bytes that do not decode
 * throw the verifier's rejection (USER_SHARE_INVALID_ENCRYPTION, 'encrypted-share:encoding').
 */
export function decryptUserShare(args: {
  curve: Curve;
  secretKey: ClSecretKey;
  userPublicShare: CurvePoint;
  encryptedShare: Uint8Array;
}): bigint {
  const { curve, secretKey, userPublicShare, encryptedShare } = args;
  if (secretKey.setup.q !== curve.order) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `the secret key's setup is not the setup of ${curve.name}`);
  }
  const { ciphertext } = decodeOrReject(curve, secretKey.setup, encryptedShare);
  let share: bigint;
  try {
    share = clDecrypt(secretKey, ciphertext);
  } catch (error) {
    // Under another key c2·c1^(−sk) is (almost always) outside the message subgroup.
    if (!(error instanceof DWalletError)) throw error;
    throw mismatch('it does not decrypt under this key', error);
  }
  if (share <= 0n || share >= curve.order) throw mismatch('the decrypted share is not in [1, q)');
  if (!curve.multiply(curve.generator, share).equals(userPublicShare)) {
    throw mismatch("the decrypted share's x_A·G is not the dWallet's X_A");
  }
  return share;
}
