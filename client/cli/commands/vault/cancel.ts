/** `dwallet vault cancel <vault id> <proposal id>`: cancels an open proposal (its proposer only). */
import { positionalArguments } from '../../args.ts';
import { defineCommand } from '../../command.ts';
import { parseProposalId, parseVaultId, vaultClient } from './shared.ts';

export const vaultCancelCommand = defineCommand({
  name: 'cancel',
  summary: 'cancel an open proposal (its proposer)',
  usage: 'dwallet vault cancel <vault id> <proposal id>',
  options: {},
  parse({ positionals }) {
    const [vault, proposal] = positionalArguments(positionals, ['vault id', 'proposal id']);
    return { vaultId: parseVaultId(vault as string), proposalId: parseProposalId(proposal as string) };
  },
  async run(plan, context) {
    const vault = await vaultClient(context, 'send');
    const cancelled = await vault.cancel(plan.vaultId, plan.proposalId);
    context.globals.output.result({
      vaultId: cancelled.vaultId,
      proposalId: cancelled.proposalId,
      state: 'cancelled',
      transaction: cancelled.digest,
    });
    return 0;
  },
});
