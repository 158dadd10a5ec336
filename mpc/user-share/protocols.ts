/**
 * The validators' sessions for the user-share requests (PROTOCOL.md §7 "encrypted backup of x_A";
 * the chain's `request_register_encryption_key`, `request_share_backup`, `request_share_transfer`):
 * local verifications (ecdsa/protocols/verification.ts), no messages between validators, like the
 * make-shared session (ecdsa/protocols/make-shared.ts). The session id is the chain's id of the
 * request, which the user bound into its proof. The verdict is a function of the chain's bytes
 * and the session id alone, so every honest validator reaches the same one; the chain records an
 * accepted request by the result variant of its kind and a rejection by its reason code
 * (chain/schemas/rejection-reasons.ts: USER_SHARE_INVALID_ENCRYPTION_KEY 15,
 * USER_SHARE_INVALID_ENCRYPTION 16).
 *
 *   encryptionKeyVerificationSession   key + proof of knowledge of sk  → true, or a rejection
 *                                                                        (USER_SHARE_INVALID_ENCRYPTION_KEY)
 *   shareBackupVerificationSession     encrypted share (owner's key)   → true, or a rejection
 *   shareTransferVerificationSession   encrypted share (recipient's)   → true, or a rejection
 *                                                                        (USER_SHARE_INVALID_ENCRYPTION)
 *
 * Backup and transfer verify the same thing (an EncDL proof under the key the chain names, for the
 * dWallet's X_A); they are two protocols so that their sessions are never confused. A recipient key
 * that does not decode (the chain only records keys the validators accepted, so this means chain
 * data that cannot start a session) is rejected as USER_SHARE_INVALID_ENCRYPTION_KEY,
 * 'encryption-key:encoding'; a configuration whose curve, setup and dWallet do not fit together is
 * the plan's error (ECDSA_INVALID_CONFIG, check 'configuration').
 * @module
 */
import type { ClPublicKey } from '../cl/keys.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import type { Curve } from '../curves/curve.ts';
import type { DWalletOutput } from '../ecdsa/dkg/output.ts';
import { EcdsaError, EcdsaErrorCodes, UserMessageRejection } from '../ecdsa/errors.ts';
import { verificationSession } from '../ecdsa/protocols/verification.ts';
import { DWalletError } from '../errors.ts';
import type { SessionIdentity } from '../session/protocol.ts';
import { verifyEncryptedUserShare } from './encrypted-share.ts';
import { decodeUserEncryptionKeyForOneUse, EncryptionKeyChecks, verifyEncryptionKeyOwnership } from './encryption-key.ts';

export const ENCRYPTION_KEY_VERIFICATION_PROTOCOL = '2pc-mpc/user-share/encryption-key-verification';
export const SHARE_BACKUP_VERIFICATION_PROTOCOL = '2pc-mpc/user-share/backup-verification';
export const SHARE_TRANSFER_VERIFICATION_PROTOCOL = '2pc-mpc/user-share/transfer-verification';

export interface EncryptionKeyVerificationConfig {
  /** The class-group setup of the registration's curve (the network key's setup). */
  readonly setup: ClassGroupSetup;
  /** The key as recorded on chain (`EncryptionKeyRegistrationRequested.encryption_key`). */
  readonly encryptionKey: Uint8Array;
  /** The proof as recorded on chain (`EncryptionKeyRegistrationRequested.proof`). */
  readonly proof: Uint8Array;
}

export interface ShareEncryptionVerificationConfig {
  readonly curve: Curve;
  /** The setup of the dWallet's network key (the recipient's key lives in it). */
  readonly setup: ClassGroupSetup;
  /** The dWallet as recorded on chain (its X_A is the statement). */
  readonly dwallet: DWalletOutput;
  /** The dWallet's object id (32 bytes), bound into the proof. */
  readonly dwalletId: Uint8Array;
  /** The registered key of the share's owner, as recorded on chain. */
  readonly recipientKey: Uint8Array;
  /** The encrypted share as recorded on chain. */
  readonly encryptedShare: Uint8Array;
}

const acceptedCodec = {
  encode: () => new Uint8Array(0),
  decode: () => true as const,
};

export const encryptionKeyVerificationSession = verificationSession<EncryptionKeyVerificationConfig, true>({
  protocol: ENCRYPTION_KEY_VERIFICATION_PROTOCOL,
  verify: (config, identity) => {
    verifyEncryptionKeyOwnership(config.setup, config.encryptionKey, config.proof, identity.sessionId);
    return true;
  },
  ...acceptedCodec,
});

function invalidConfig(message: string): EcdsaError {
  return new EcdsaError(EcdsaErrorCodes.ECDSA_INVALID_CONFIG, `user-share verification: ${message}`);
}

function verifyShareEncryption(config: ShareEncryptionVerificationConfig, identity: SessionIdentity): true {
  const { curve, setup, dwallet } = config;
  if (dwallet.curve.name !== curve.name) throw invalidConfig(`the dWallet is on ${dwallet.curve.name}, not ${curve.name}`);
  if (setup.q !== curve.order) throw invalidConfig(`the class-group setup is not the setup of ${curve.name}`);
  let recipientKey: ClPublicKey;
  try {
    // Decoded for one use: a validator meets a user's key about once per share, and building the
    // key's fixed-base table would cost five times the one exponentiation the proof needs.
    recipientKey = decodeUserEncryptionKeyForOneUse(setup, config.recipientKey);
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    throw new UserMessageRejection(
      EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY,
      EncryptionKeyChecks.ENCODING,
      `user encryption key: the recipient's key does not decode to a valid key: ${error.message}`,
      {},
      { cause: error },
    );
  }
  verifyEncryptedUserShare({
    curve,
    recipientKey,
    userPublicShare: dwallet.userPublicShare,
    dwalletId: config.dwalletId,
    sessionId: identity.sessionId,
    encryptedShare: config.encryptedShare,
  });
  return true;
}

export const shareBackupVerificationSession = verificationSession<ShareEncryptionVerificationConfig, true>({
  protocol: SHARE_BACKUP_VERIFICATION_PROTOCOL,
  verify: verifyShareEncryption,
  ...acceptedCodec,
});

export const shareTransferVerificationSession = verificationSession<ShareEncryptionVerificationConfig, true>({
  protocol: SHARE_TRANSFER_VERIFICATION_PROTOCOL,
  verify: verifyShareEncryption,
  ...acceptedCodec,
});
