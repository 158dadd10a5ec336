/**
 * Cancelling a vault proposal.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import type { ActionContext } from '../actions/context.ts';
import { proposalIdArgument } from './vault-arguments.ts';
import { readVaultOf, vaultCalls, vaultEventOf } from './vault-reads.ts';

export interface CancelledProposal {
  readonly vaultId: string;
  readonly proposalId: bigint;
  readonly digest: string;
}

/**
 * Cancels open proposal `proposalId` of vault `vaultId` (`vault::cancel`); only its proposer may.
 *
 * Errors: INVALID_ARGUMENT, UNKNOWN_VAULT, NO_SIGNER, TRANSACTION_FAILED (`vault::EProposalNotFound`,
 * `ENotProposer`, `EProposalNotOpen`), CHAIN_DATA_INVALID.
 */
export async function cancelProposal(context: ActionContext, vaultId: string, proposalId: number | bigint): Promise<CancelledProposal> {
  const id = proposalIdArgument(proposalId);
  const vault = await readVaultOf(context, vaultId);
  context.onProgress(`cancelling proposal ${id} of vault ${vault.ref.objectId}`);
  const result = await context.transactions.execute('cancel proposal', () => {
    const tx = new Transaction();
    vaultCalls(context).cancel(tx, { vault: vault.ref, proposalId: id });
    return Promise.resolve(tx);
  });
  vaultEventOf(context, result, 'ProposalCancelled');
  return { vaultId: vault.ref.objectId, proposalId: id, digest: result.digest };
}
