/**
 * The client SDK's public surface: connect to a network described by its `network.json`, create or
 * import dWallets (ECDSA, Taproot, EdDSA), sign (now or, ECDSA, as a future sign), sign Ethereum,
 * Bitcoin (segwit, Taproot) and Solana transactions, look things up, and run policy vaults around
 * shared dWallets (`client.vault`), back user shares up on chain, recover them and transfer dWallets
 * (`backupShare`, `recoverDWallets`, `transferDWallet`, `acceptTransfer`). See `dwallet-client.ts`
 * and `vault/vault-client.ts`.
 * @module
 */
export {
  type AcceptTransferResult,
  type ConnectOptions,
  type CreateDWalletResult,
  DWalletClient,
  type DWalletInfo,
  type DWalletRecord,
  type EncryptedShareInfo,
  type EncryptionKeyInfo,
  type FutureSignResult,
  type HashSchemeInput,
  type HashSchemeName,
  type MakeDWalletSharedResult,
  type PreparedSign,
  parseHashScheme,
  type RecoveredDWallet,
  type RegisterEncryptionKeyResult,
  type SentTransaction,
  type ShareEncryptionResult,
  type SignatureInfo,
  type SignRequest,
  type SignResult,
  type TransferDWalletParameters,
  verifyDWalletSignature,
} from './dwallet-client.ts';
export {
  type BackupImportOptions,
  type BackupImportReport,
  EncryptedSecretShareStore,
  type EncryptedSecretShareStoreOptions,
} from './encrypted-secret-share-store.ts';
export {
  EncryptedFileSecretShareStore,
  encryptSecretShareStore,
  openSecretShareStore,
  type SecretStoreOptions,
  type StoreEncryptionReport,
} from './encrypted-secret-store.ts';
export {
  type CancelRefusal,
  CancelRefusedError,
  ClientError,
  type ClientErrorCode,
  ClientErrorCodes,
  REJECTION_REASONS,
  type Rejection,
  RequestRejectedError,
  rejectionReasonName,
  TransactionFailedError,
} from './errors.ts';
export { FileSecretShareStore } from './file-secret-store.ts';
export {
  type IndexedDWallet,
  IndexerClient,
  type IndexerHealth,
  type NetworkInfo,
  type PartialSignatureRecord,
  type PresignPoolInfo,
  type PresignRecord,
  type SessionKind,
  type SessionRecord,
  type SessionStatus,
  type SignatureRecord,
  type StreamEvent,
} from './indexer-client.ts';
export { chainOfNetwork, loadNetworkDescription, type NetworkChain, type NetworkDescription, parseNetworkDescription } from './network.ts';
export { encodeSecretBackup, parseSecretBackup, SECRET_BACKUP_FORMAT, type SecretBackup } from './secret-backup-file.ts';
export { FileRecordBackend } from './secret-record-files.ts';
export { MemorySecretShareStore, pendingKey, type SecretShareRecord, type SecretShareStore } from './secret-store.ts';
export type { SecretRecordBackend } from './secret-store-backend.ts';
export { DEFAULT_SCRYPT_COST, type ScryptCost } from './secret-store-encryption.ts';
export { STORE_KEY_MESSAGE, type StoreKeySource } from './secret-store-key-source.ts';
export {
  signBitcoinTransaction,
  signEthereumTransaction,
  signSolanaTransfer,
  signTaprootTransaction,
  type TransactionSigner,
} from './sign-transactions.ts';
export { ROOT_SEED_LENGTH, rootSeedOfSignature, USER_SHARE_SEED_MESSAGE, UserShareKeys } from './user-share-keys.ts';
export {
  type ApprovedProposal,
  type BitcoinScriptInfo,
  type BitcoinSpendInfo,
  type BitcoinSpendProposal,
  type CancelledProposal,
  type ChangedVaultRules,
  type ChangeVaultRulesOptions,
  type CreatedVault,
  type CreateVaultParameters,
  type EthereumTransferInfo,
  type EthereumTransferProposal,
  type ExecuteBitcoinSpendOptions,
  type ExecutedBitcoinSpend,
  type ExecutedEthereumTransfer,
  type ExecuteOptions,
  type FrozenVaultRules,
  type GetVaultOptions,
  type ProposalInfo,
  type ProposalState,
  type ProposedSpend,
  type ProposedTransfer,
  type SpendingLimitInfo,
  VAULT_CHAIN_NAMES,
  VAULT_RULES,
  type VaultChainName,
  VaultClient,
  type VaultInfo,
  type VaultRecipient,
  type VaultRuleChange,
} from './vault/index.ts';
export {
  verifyBitcoinTransaction,
  verifyEthereumTransaction,
  verifySolanaTransaction,
  verifyTaprootTransaction,
} from './verify-transactions.ts';
export { ChainSessionFollower, type SessionOutcome, waitForSession } from './wait.ts';
