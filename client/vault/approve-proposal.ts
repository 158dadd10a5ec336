/**
 * Approving a vault proposal.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ActionContext } from '../actions/context.ts';
import { proposalIdArgument } from './vault-arguments.ts';
import { readVaultOf, vaultCalls, vaultEventOf } from './vault-reads.ts';

export interface ApprovedProposal {
  readonly vaultId: string;
  readonly proposalId: bigint;
  readonly approver: string;
  /** Approvals the proposal has now. */
  readonly approvals: bigint;
  readonly digest: string;
}

/**
 * Approves proposal `proposalId` of vault `vaultId` as the wallet (`vault::approve`): an approver,
 * once per proposal, while it is open.
 *
 * Errors: INVALID_ARGUMENT, UNKNOWN_VAULT, NO_SIGNER, TRANSACTION_FAILED (`vault::ENotApprover`,
 * `EProposalNotFound`, `EProposalNotOpen`, `EAlreadyApproved`), CHAIN_DATA_INVALID.
 */
export async function approveProposal(context: ActionContext, vaultId: string, proposalId: number | bigint): Promise<ApprovedProposal> {
  const id = proposalIdArgument(proposalId);
  const vault = await readVaultOf(context, vaultId);
  context.onProgress(`approving proposal ${id} of vault ${vault.ref.objectId}`);
  const result = await context.transactions.execute('approve proposal', () => {
    const tx = new Transaction();
    vaultCalls(context).approve(tx, { vault: vault.ref, proposalId: id });
    return Promise.resolve(tx);
  });
  const approved = vaultEventOf(context, result, 'ProposalApproved');
  return {
    vaultId: vault.ref.objectId,
    proposalId: id,
    approver: normalizeSuiAddress(approved.approver),
    approvals: approved.approvals,
    digest: result.digest,
  };
}
