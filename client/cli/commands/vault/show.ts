/** `dwallet vault show <vault id>`: a vault's rules and its proposals with their approvals and state. */
import { parseChoice, positionalArguments, stringOption } from '../../args.ts';
import { BITCOIN_NETWORK_CHOICES } from '../../choices.ts';
import { defineCommand } from '../../command.ts';
import { parseVaultId, proposalRecord, vaultClient, vaultRecord } from './shared.ts';

export const vaultShowCommand = defineCommand({
  name: 'show',
  summary: "show a vault's rules and its proposals",
  usage: `dwallet vault show <vault id> [--bitcoin-network mainnet|testnet|regtest]

  prints the vault (its shared dWallet and addresses, approvers and k, timelock, each chain's
  allowlist and spending limit) and every proposal (what it pays, its state, its approvals, when a
  large amount's timelock ends); --bitcoin-network says which addresses Bitcoin scripts are shown as`,
  options: { 'bitcoin-network': { type: 'string' } },
  parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['vault id']);
    return {
      vaultId: parseVaultId(id as string),
      bitcoinNetwork: parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES),
    };
  },
  async run(plan, context) {
    const { output } = context.globals;
    const vault = await vaultClient(context, 'read');
    const info = await vault.get(plan.vaultId, { bitcoinNetwork: plan.bitcoinNetwork });
    const proposals = await vault.proposals(plan.vaultId, { bitcoinNetwork: plan.bitcoinNetwork });
    if (output.json) {
      output.result({ vault: vaultRecord(info, true), proposals: proposals.map((p) => proposalRecord(p, true)) });
      return 0;
    }
    // One block for the vault, then one per proposal.
    output.list('vault', [vaultRecord(info, false), ...proposals.map((p) => proposalRecord(p, false))]);
    return 0;
  },
});
