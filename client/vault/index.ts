/**
 * The policy vault's side of the SDK (see vault-client.ts): its actions, one per file, and the
 * pure assembly of the transactions the vault had signed.
 * @module
 */
export { type ApprovedProposal, approveProposal } from './approve-proposal.ts';
export { type CancelledProposal, cancelProposal } from './cancel-proposal.ts';
export {
  type ChangedVaultRules,
  type ChangeVaultRulesOptions,
  changeVaultRules,
  VAULT_RULES,
  type VaultRuleChange,
} from './change-vault-rules.ts';
export { type CreatedVault, type CreateVaultParameters, createVault } from './create-vault.ts';
export { type ExecuteBitcoinSpendOptions, type ExecutedBitcoinSpend, executeBitcoinSpend } from './execute-bitcoin-spend.ts';
export { type ExecutedEthereumTransfer, executeEthereumTransfer } from './execute-ethereum-transfer.ts';
export { type FrozenVaultRules, freezeVaultRules } from './freeze-vault-rules.ts';
export { getProposal } from './get-proposal.ts';
export { type GetVaultOptions, getVault } from './get-vault.ts';
export { listProposals } from './list-proposals.ts';
export { type BitcoinSpendProposal, type ProposedSpend, proposeBitcoinSpend } from './propose-bitcoin-spend.ts';
export { type EthereumTransferProposal, type ProposedTransfer, proposeEthereumTransfer } from './propose-ethereum-transfer.ts';
export { VAULT_CHAIN_NAMES, type VaultChainName, type VaultRecipient } from './vault-arguments.ts';
export { assembleBitcoinSpend, unsignedBitcoinTransaction, type VaultBitcoinSpend } from './vault-bitcoin.ts';
export { VaultClient } from './vault-client.ts';
export { assembleEthereumTransfer, type VaultEthereumTransfer } from './vault-ethereum.ts';
export type { ExecuteOptions } from './vault-execution.ts';
export type {
  BitcoinScriptInfo,
  BitcoinSpendInfo,
  EthereumTransferInfo,
  ProposalInfo,
  ProposalState,
  SpendingLimitInfo,
  VaultInfo,
} from './vault-info.ts';
export { validateVaultSpend } from './vault-spend.ts';
