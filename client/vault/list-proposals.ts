/**
 * Reading every proposal of a policy vault.
 * @module
 */
import type { ActionContext } from '../actions/context.ts';
import { bitcoinNetworkParams } from '../bitcoin/network.ts';
import type { GetVaultOptions } from './get-vault.ts';
import { type ProposalInfo, proposalInfo } from './vault-info.ts';
import { readProposalOf, readVaultOf } from './vault-reads.ts';

/**
 * Every proposal of vault `vaultId`, oldest first.
 *
 * Errors: INVALID_ARGUMENT, BTC_INVALID_NETWORK, UNKNOWN_VAULT, CHAIN_DATA_INVALID.
 */
export async function listProposals(context: ActionContext, vaultId: string, options: GetVaultOptions = {}): Promise<ProposalInfo[]> {
  const network = options.bitcoinNetwork ?? 'mainnet';
  bitcoinNetworkParams(network);
  const vault = await readVaultOf(context, vaultId);
  const ids = Array.from({ length: Number(vault.value.next_proposal_id) }, (_, i) => BigInt(i));
  const proposals = await Promise.all(ids.map((id) => readProposalOf(context, vault, id)));
  return proposals.map((proposal, i) => proposalInfo(vault.value, ids[i] as bigint, proposal, network));
}
