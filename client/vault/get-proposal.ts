/**
 * Reading one proposal of a policy vault.
 * @module
 */
import type { ActionContext } from '../actions/context.ts';
import { bitcoinNetworkParams } from '../bitcoin/network.ts';
import type { GetVaultOptions } from './get-vault.ts';
import { proposalIdArgument } from './vault-arguments.ts';
import { type ProposalInfo, proposalInfo } from './vault-info.ts';
import { readProposalOf, readVaultOf } from './vault-reads.ts';

/**
 * Proposal `proposalId` of vault `vaultId`, with its approvals and state.
 *
 * Errors: INVALID_ARGUMENT, BTC_INVALID_NETWORK, UNKNOWN_VAULT, NOT_FOUND (no such proposal), CHAIN_DATA_INVALID.
 */
export async function getProposal(
  context: ActionContext,
  vaultId: string,
  proposalId: number | bigint,
  options: GetVaultOptions = {},
): Promise<ProposalInfo> {
  const id = proposalIdArgument(proposalId);
  const network = options.bitcoinNetwork ?? 'mainnet';
  bitcoinNetworkParams(network);
  const vault = await readVaultOf(context, vaultId);
  return proposalInfo(vault.value, id, await readProposalOf(context, vault, id), network);
}
