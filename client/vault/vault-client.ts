/**
 * The policy vault's side of the SDK, for dApp developers and treasurers: `client.vault`.
 *
 * ```ts
 * const dwallet = await client.createSharedDWallet({ curve: 'secp256k1' });
 * const { vaultId } = await client.vault.create({ dwalletId: dwallet.id, approvers: [a, b, c], requiredApprovals: 2, ethereumChainId: 1 });
 * await client.vault.changeRules(vaultId, [
 *   { rule: 'allow-recipient', recipient: { chain: 'ethereum', address: '0x…' } },
 *   { rule: 'spending-limit', chain: 'ethereum', periodMs: 86_400_000, limitPerPeriod: parseEther('1'), largeAmount: parseEther('0.1') },
 * ]);
 * const { proposalId } = await client.vault.proposeEthereumTransfer(vaultId, { to: '0x…', value, maxFeePerGas, maxPriorityFeePerGas });
 * const { serialized } = await client.vault.executeEthereumTransfer(vaultId, proposalId); // eth_sendRawTransaction
 * ```
 *
 * The vault (move/sources/vault.move) holds a shared dWallet's cap and signs only what its rules
 * allow; the network completes a shared dWallet's signatures alone, so nobody — including this
 * process — holds a secret that could sign around the rules. The SDK checks formats (addresses,
 * amounts) before sending; the rules are the contract's, and a transaction that breaks one fails
 * with the vault's abort (a {@link TransactionFailedError} with `module` `vault`, `abortCode` and
 * `abortName`, listed in chain/abort-codes.ts).
 *
 * Each operation is an action in this folder (one per file), working on the client's context.
 * @module
 */
import type { ActionContext } from '../actions/context.ts';
import { type ApprovedProposal, approveProposal } from './approve-proposal.ts';
import { type CancelledProposal, cancelProposal } from './cancel-proposal.ts';
import { type ChangedVaultRules, type ChangeVaultRulesOptions, changeVaultRules, type VaultRuleChange } from './change-vault-rules.ts';
import { type CreatedVault, type CreateVaultParameters, createVault } from './create-vault.ts';
import { type ExecuteBitcoinSpendOptions, type ExecutedBitcoinSpend, executeBitcoinSpend } from './execute-bitcoin-spend.ts';
import { type ExecutedEthereumTransfer, executeEthereumTransfer } from './execute-ethereum-transfer.ts';
import { type FrozenVaultRules, freezeVaultRules } from './freeze-vault-rules.ts';
import { getProposal } from './get-proposal.ts';
import { type GetVaultOptions, getVault } from './get-vault.ts';
import { listProposals } from './list-proposals.ts';
import { type BitcoinSpendProposal, type ProposedSpend, proposeBitcoinSpend } from './propose-bitcoin-spend.ts';
import { type EthereumTransferProposal, type ProposedTransfer, proposeEthereumTransfer } from './propose-ethereum-transfer.ts';
import type { VaultChainName, VaultRecipient } from './vault-arguments.ts';
import type { ExecuteOptions } from './vault-execution.ts';
import type { ProposalInfo, VaultInfo } from './vault-info.ts';

export class VaultClient {
  readonly #context: ActionContext;

  constructor(context: ActionContext) {
    this.#context = context;
  }

  /** See {@link createVault}. */
  create(parameters: CreateVaultParameters): Promise<CreatedVault> {
    return createVault(this.#context, parameters);
  }

  /** See {@link getVault}. */
  get(vaultId: string, options?: GetVaultOptions): Promise<VaultInfo> {
    return getVault(this.#context, vaultId, options);
  }

  /** See {@link getProposal}. */
  proposal(vaultId: string, proposalId: number | bigint, options?: GetVaultOptions): Promise<ProposalInfo> {
    return getProposal(this.#context, vaultId, proposalId, options);
  }

  /** See {@link listProposals}. */
  proposals(vaultId: string, options?: GetVaultOptions): Promise<ProposalInfo[]> {
    return listProposals(this.#context, vaultId, options);
  }

  // === Rules (the wallet's VaultAdminCap) ===

  /** See {@link changeVaultRules}: several changes in one transaction. */
  changeRules(vaultId: string, changes: readonly VaultRuleChange[], options?: ChangeVaultRulesOptions): Promise<ChangedVaultRules> {
    return changeVaultRules(this.#context, vaultId, changes, options);
  }

  addApprover(vaultId: string, approver: string, options?: ChangeVaultRulesOptions): Promise<ChangedVaultRules> {
    return this.changeRules(vaultId, [{ rule: 'add-approver', approver }], options);
  }

  removeApprover(vaultId: string, approver: string, options?: ChangeVaultRulesOptions): Promise<ChangedVaultRules> {
    return this.changeRules(vaultId, [{ rule: 'remove-approver', approver }], options);
  }

  setRequiredApprovals(vaultId: string, requiredApprovals: number | bigint, options?: ChangeVaultRulesOptions): Promise<ChangedVaultRules> {
    return this.changeRules(vaultId, [{ rule: 'required-approvals', requiredApprovals }], options);
  }

  allowRecipient(vaultId: string, recipient: VaultRecipient, options?: ChangeVaultRulesOptions): Promise<ChangedVaultRules> {
    return this.changeRules(vaultId, [{ rule: 'allow-recipient', recipient }], options);
  }

  disallowRecipient(vaultId: string, recipient: VaultRecipient, options?: ChangeVaultRulesOptions): Promise<ChangedVaultRules> {
    return this.changeRules(vaultId, [{ rule: 'disallow-recipient', recipient }], options);
  }

  setSpendingLimit(
    vaultId: string,
    limit: { chain: VaultChainName; periodMs: number | bigint; limitPerPeriod: bigint; largeAmount: bigint },
    options?: ChangeVaultRulesOptions,
  ): Promise<ChangedVaultRules> {
    return this.changeRules(vaultId, [{ rule: 'spending-limit', ...limit }], options);
  }

  setTimelock(vaultId: string, timelockMs: number | bigint, options?: ChangeVaultRulesOptions): Promise<ChangedVaultRules> {
    return this.changeRules(vaultId, [{ rule: 'timelock', timelockMs }], options);
  }

  /** The nonce of the next Ethereum transfer (after a rejected sign burnt one on Sui). */
  setEthereumNonce(vaultId: string, nonce: number | bigint, options?: ChangeVaultRulesOptions): Promise<ChangedVaultRules> {
    return this.changeRules(vaultId, [{ rule: 'ethereum-nonce', nonce }], options);
  }

  /** See {@link freezeVaultRules}: destroys the admin cap; the rules can never change again. */
  freezeRules(vaultId: string, options?: ChangeVaultRulesOptions): Promise<FrozenVaultRules> {
    return freezeVaultRules(this.#context, vaultId, options);
  }

  // === Proposals (approvers) ===

  /** See {@link proposeEthereumTransfer}. */
  proposeEthereumTransfer(vaultId: string, transfer: EthereumTransferProposal): Promise<ProposedTransfer> {
    return proposeEthereumTransfer(this.#context, vaultId, transfer);
  }

  /** See {@link proposeBitcoinSpend}. */
  proposeBitcoinSpend(vaultId: string, spend: BitcoinSpendProposal): Promise<ProposedSpend> {
    return proposeBitcoinSpend(this.#context, vaultId, spend);
  }

  /** See {@link approveProposal}. */
  approve(vaultId: string, proposalId: number | bigint): Promise<ApprovedProposal> {
    return approveProposal(this.#context, vaultId, proposalId);
  }

  /** See {@link cancelProposal}. */
  cancel(vaultId: string, proposalId: number | bigint): Promise<CancelledProposal> {
    return cancelProposal(this.#context, vaultId, proposalId);
  }

  // === Execution (anyone) ===

  /** See {@link executeEthereumTransfer}. */
  executeEthereumTransfer(vaultId: string, proposalId: number | bigint, options?: ExecuteOptions): Promise<ExecutedEthereumTransfer> {
    return executeEthereumTransfer(this.#context, vaultId, proposalId, options);
  }

  /** See {@link executeBitcoinSpend}. */
  executeBitcoinSpend(vaultId: string, proposalId: number | bigint, options?: ExecuteBitcoinSpendOptions): Promise<ExecutedBitcoinSpend> {
    return executeBitcoinSpend(this.#context, vaultId, proposalId, options);
  }
}
