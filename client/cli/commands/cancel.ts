/**
 * `dwallet cancel <session id>`: cancels one of the wallet's own requests that the network has
 * not completed within the coordinator's session timeout, and gets its fee back. A refusal (too
 * early, not the wallet's, no longer pending, unknown) exits 1 with the chain's reason.
 */
import { parseId, positionalArguments } from '../args.ts';
import { defineCommand } from '../command.ts';

export const cancelCommand = defineCommand({
  name: 'cancel',
  summary: 'cancel a request of the wallet still pending after the session timeout, and get its fee back',
  usage: `dwallet cancel <session id>

  only the account that made the request can cancel it, once it has been pending for the network's
  session timeout (1 hour unless the administrator set another); the fee comes back to it, and a
  result the network lands later is ignored. A presign a cancelled sign used stays used.`,
  options: {},
  parse({ positionals }) {
    const [id] = positionalArguments(positionals, ['session id']);
    return { sessionId: parseId('<session id>', id as string) };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    globals.output.progress(`cancelling session ${plan.sessionId}`);
    const cancelled = await client.cancelSession(plan.sessionId);
    globals.output.result({
      sessionId: cancelled.sessionId,
      status: 'cancelled',
      refundMist: cancelled.refund,
      transaction: cancelled.digest,
    });
    return 0;
  },
});
