/**
 * The SDK's actions, one per file, each a function of an {@link ActionContext} and its parameters
 * (`DWalletClient` holds the context and calls them).
 * @module
 */
export { type AcceptTransferResult, acceptTransfer } from './accept-transfer.ts';
export { backupShare, type ShareEncryptionResult } from './backup-share.ts';
export { type CancelSessionResult, cancelSession } from './cancel-session.ts';
export { type CompleteFutureSignParameters, completeFutureSign } from './complete-future-sign.ts';
export { type ActionContext, type ActionContextOptions, createActionContext, userAddress } from './context.ts';
export { type CreateDWalletParameters, type CreateDWalletResult, createDWallet } from './create-dwallet.ts';
export { createSharedDWallet } from './create-shared-dwallet.ts';
export type { DWalletRecord } from './dwallet-creation.ts';
export { type HeldPresign, holdPresign } from './hold-presign.ts';
export { type ImportKeyParameters, type ImportKeyResult, importKey } from './import-key.ts';
export { type MakeDWalletSharedResult, makeDWalletShared } from './make-dwallet-shared.ts';
export { type PreparedSign, prepareSign, type SignRequest } from './prepare-sign.ts';
export { type DWalletInfo, getDWallet } from './reads/get-dwallet.ts';
export { getSession } from './reads/get-session.ts';
export { getSignature, type SignatureInfo } from './reads/get-signature.ts';
export { listDWallets } from './reads/list-dwallets.ts';
export { networkInfo } from './reads/network-info.ts';
export { presignPool } from './reads/presign-pool.ts';
export {
  type EncryptedShareInfo,
  type EncryptionKeyInfo,
  findEncryptedShare,
  readEncryptedShare,
  readEncryptionKey,
} from './reads/user-share.ts';
export { type RecoveredDWallet, recoverDWallets } from './recover-dwallets.ts';
export { recoverPending } from './recover-pending.ts';
export { type RegisterEncryptionKeyResult, registerEncryptionKey } from './register-encryption-key.ts';
export { type FutureSignRequest, type FutureSignResult, requestFutureSign } from './request-future-sign.ts';
export { type RequestPresignsParameters, requestPresigns } from './request-presigns.ts';
export { requestSharedSign } from './request-shared-sign.ts';
export { sign } from './sign.ts';
export { type SignResult, submitSign } from './submit-sign.ts';
export { type TransferDWalletParameters, transferDWallet, withdrawTransfer } from './transfer-dwallet.ts';
export { type WaitForSessionOptions, waitForSession } from './wait-for-session.ts';
