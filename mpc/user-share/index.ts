/**
 * The user's share, encrypted on chain (PROTOCOL.md §7 "encrypted backup of x_A"): pure functions,
 * generic over the curves (secp256k1, P-256, ed25519) and their class-group setups.
 *
 * User (SDK):
 *   userEncryptionKeyPair(setup, rootSeed) → CL key pair; register encodeUserEncryptionKey(pk) with
 *   proveEncryptionKeyOwnership(keyPair, sessionId) (`request_register_encryption_key`);
 *   encryptUserShare({ curve, recipientKey, secretShare, dwalletId, sessionId }) → bytes of a backup
 *   (own key) or transfer (recipient's key); on recovery decryptUserShare({ curve, secretKey,
 *   userPublicShare, encryptedShare }) → x_A, checked against X_A.
 * Validators: encryptionKeyVerificationSession, shareBackupVerificationSession,
 *   shareTransferVerificationSession (local verifications; verdicts from the chain's bytes alone).
 * @module
 */
export { decodeEncryptedUserShare, decodeEncryptionKeyProof, encodeEncryptedUserShare, encodeEncryptionKeyProof } from './encoding.ts';
export {
  DWALLET_ID_BYTES,
  decryptUserShare,
  EncryptedShareChecks,
  type EncryptedUserShare,
  encryptedShareProofContext,
  encryptUserShare,
  USER_SHARE_ENCRYPTION_PROTOCOL,
  verifyEncryptedUserShare,
} from './encrypted-share.ts';
export {
  clKeyLanguage,
  decodeUserEncryptionKey,
  decodeUserEncryptionKeyForOneUse,
  ENCRYPTION_KEY_SEED_PERSONALIZATION,
  EncryptionKeyChecks,
  encodeUserEncryptionKey,
  encryptionKeyProofContext,
  proveEncryptionKeyOwnership,
  ROOT_SEED_BYTES,
  USER_SHARE_ENCRYPTION_KEY_PROTOCOL,
  userEncryptionKeyPair,
  userShareSetup,
  verifyEncryptionKeyOwnership,
  verifyEncryptionKeyProof,
} from './encryption-key.ts';
export {
  ENCRYPTION_KEY_VERIFICATION_PROTOCOL,
  type EncryptionKeyVerificationConfig,
  encryptionKeyVerificationSession,
  SHARE_BACKUP_VERIFICATION_PROTOCOL,
  SHARE_TRANSFER_VERIFICATION_PROTOCOL,
  type ShareEncryptionVerificationConfig,
  shareBackupVerificationSession,
  shareTransferVerificationSession,
} from './protocols.ts';
