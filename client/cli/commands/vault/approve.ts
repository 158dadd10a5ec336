/** `dwallet vault approve <vault id> <proposal id>`: approves a proposal as the wallet (an approver, once). */
import { defineCommand } from '../../command.ts';
import { parseProposalTarget, vaultClient } from './shared.ts';

export const approveCommand = defineCommand({
  name: 'approve',
  summary: 'approve a proposal (approvers; proposing is not approving)',
  usage: `dwallet vault approve <vault id> <proposal id>

  an amount above the chain's large amount needs k approvals (of current approvers) and the timelock`,
  options: {},
  parse({ positionals }) {
    return parseProposalTarget(positionals);
  },
  async run(plan, context) {
    const vault = await vaultClient(context, 'send');
    const approved = await vault.approve(plan.vaultId, plan.proposalId);
    context.globals.output.result({
      vaultId: approved.vaultId,
      proposalId: approved.proposalId,
      approver: approved.approver,
      approvals: approved.approvals,
      transaction: approved.digest,
    });
    return 0;
  },
});
