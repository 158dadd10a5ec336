/** `dwallet vault cancel <vault id> <proposal id>`: cancels an open proposal (its proposer only). */
import { defineCommand } from '../../command.ts';
import { parseProposalTarget, vaultClient } from './shared.ts';

export const vaultCancelCommand = defineCommand({
  name: 'cancel',
  summary: 'cancel an open proposal (its proposer)',
  usage: 'dwallet vault cancel <vault id> <proposal id>',
  options: {},
  parse({ positionals }) {
    return parseProposalTarget(positionals);
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
