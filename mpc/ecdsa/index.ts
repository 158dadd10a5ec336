/**
 * 2PC-MPC ECDSA on secp256k1 and P-256 (PROTOCOL.md §6–§8): the public surface the validator
 * (issue 6) and the client SDK (issue 7) use. Every function is pure; sessions are explicit state
 * machines on mpc/session.
 *
 * Network key, once per key and curve (validators):
 *   dealNetworkKey → threshold CL key and key shares (dealer path), then the networkKeyPartsSession
 *   (EncDL aggregation) → NetworkKeyParts with its 32-byte commitment; on chain: encodeNetworkKey
 *   as `global_key_parts`, networkKeyCommitment as `key_commitment`.
 *
 * dWallet creation:
 *   user       createUserDkgMessage(key, sessionId) / createImportedKeyMessage(key, sessionId, x)
 *              → message (encodeUserDkgMessage / encodeImportedKeyMessage), x_A, output
 *   validators dkgVerificationSession / importedKeyVerificationSession (no messages between
 *              validators) → accepted DWalletOutput (encodeDWalletOutput, on chain) or a rejection
 *
 * Shared dWallets (x_A published on chain): verifyPublicUserShare(curve, X_A, bytes) → x_A; the
 *   validators check it in the DKG (dkgVerificationSession's publicUserShare) or when a dWallet
 *   is converted (makeSharedVerificationSession).
 *
 * Presign (validators): presignSession over presignBatchSessionId(ids) → Presign[] (encodePresign,
 *   one per chain presign request; targeted for imported keys).
 *
 * Sign:
 *   user       createUserSignMessage({ key, dwallet, presign, digest, secretShare, ledger })
 *              → encodeUserSignMessage (the chain's `user_sign_message`, also the future-sign
 *              consent); digest = digestMessage(curve, hashScheme, message) or rawDigest(bytes).
 *              In two parts, for a wallet that holds a presign before the message is known:
 *              prepareUserSign({ key, dwallet, presign, secretShare, ledger }) ahead, then
 *              completeUserSignMessage(preparation, digest) (the same message, once)
 *   validators futureSignVerificationSession when a future-sign message is stored; signSession
 *              (optimistic decryption, EDL blame round) → 65-byte r ‖ s ‖ recovery id, or a
 *              rejection, or an abort naming the culprits
 * @module
 */
export { ECDSA_CURVE_IDS, ECDSA_CURVES, type EcdsaCurveName, ecdsaCurve } from './curves.ts';
export { createImportedKeyMessage, type ImportedKeyMessage, verifyImportedKeyMessageBytes } from './dkg/imported-key.ts';
export { verifyUserDkgMessageBytes } from './dkg/network.ts';
export type { DWalletKind, DWalletOutput, DWalletRandomizers } from './dkg/output.ts';
export { PublicUserShareChecks, verifyPublicUserShare } from './dkg/public-share.ts';
export { createUserDkgMessage, type UserDkgMessage } from './dkg/user.ts';
export { EcdsaError, EcdsaErrorCodes, UserMessageRejection } from './errors.ts';
export { DIGEST_BYTES, digestMessage, HASH_SCHEMES_BY_CURVE, HashSchemes, rawDigest, type SignDigest } from './hash-schemes.ts';
export {
  decodeDWalletOutput,
  decodeImportedKeyMessage,
  decodePresign,
  decodeUserDkgMessage,
  decodeUserSignMessage,
  dwalletOutputPublicKey,
  encodeDWalletOutput,
  encodeImportedKeyMessage,
  encodePresign,
  encodeUserDkgMessage,
  encodeUserSignMessage,
} from './messages.ts';
export { dealKeyParts, dealNetworkKey } from './network-key/dealer.ts';
export {
  decodeKeyShare,
  decodeNetworkKey,
  decodeNetworkKeyParts,
  decodeThresholdKey,
  encodeKeyShare,
  encodeNetworkKey,
  encodeNetworkKeyParts,
  encodeThresholdKey,
  networkKeyCommitment,
} from './network-key/encoding.ts';
export { KEY_COMMITMENT_BYTES, type NetworkKeyParts } from './network-key/key-parts.ts';
export { presignBatchSessionId } from './presign/batch.ts';
export type { PresignTarget } from './presign/contribution.ts';
export { InMemoryPresignLedger, type PresignLedger } from './presign/ledger.ts';
export { type Presign, presignKey } from './presign/presign.ts';
export {
  dkgVerificationSession,
  futureSignVerificationSession,
  importedKeyVerificationSession,
} from './protocols/dkg.ts';
export { MAKE_SHARED_VERIFICATION_PROTOCOL, makeSharedVerificationSession } from './protocols/make-shared.ts';
export { type NetworkKeyPartsOutput, networkKeyPartsSession } from './protocols/network-key-parts.ts';
export { type PresignSessionConfig, type PresignSessionOutput, presignSession } from './protocols/presign.ts';
export { type SignSessionConfig, type SignSessionOutput, signSession } from './protocols/sign.ts';
export type { VerificationOutcome } from './protocols/verification.ts';
export type { SignContext, UserSignMessage } from './sign/message.ts';
export {
  type SharedUserSignInput,
  sharedSignSeed,
  sharedUserSignMessage,
  sharedUserSignMessageSteps,
} from './sign/shared.ts';
export {
  completeUserSignMessage,
  createUserSignMessage,
  prepareUserSign,
  prepareUserSignSteps,
  type UserSignInput,
  type UserSignPreparation,
  type UserSignPreparationInput,
} from './sign/user.ts';
export { userSignTableBits, userSignTableSteps, userSignTablesReady } from './sign/user-tables.ts';
export { verifyUserSignMessageBytes } from './sign/verify.ts';
export { decodeSignature, type EcdsaSignature, encodeSignature, recoverPublicKey, SIGNATURE_BYTES, verifyEcdsa } from './signature.ts';
