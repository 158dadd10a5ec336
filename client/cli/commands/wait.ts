/**
 * `dwallet wait <id>`: picks a request up again — after a TIMEOUT, a Ctrl-C or from another
 * terminal — by its session id, its sign id or (for a creation) its dWallet id: waits until the
 * network completes or rejects it, then prints it as `status <id>` does (a sign with its
 * signature, verified). A rejection exits 1 with the network's reason, a cancelled request exits 1 too.
 */
import { parseId, positionalArguments } from '../args.ts';
import { defineCommand } from '../command.ts';

export const waitCommand = defineCommand({
  name: 'wait',
  summary: 'wait for a request (by session, sign or dWallet id) to complete, and print it with its signature',
  usage: `dwallet wait <session id | sign id | dwallet id>

  waits up to --timeout seconds (default 180); Ctrl-C stops waiting, the request goes on`,
  options: {},
  parse({ positionals }) {
    const [id] = positionalArguments(positionals, ['id']);
    return { id: parseId('<id>', id as string) };
  },
  async run(plan, { globals, signal }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'read', signal });
    const { describeRequest, findRequest } = await import('./requests.ts');
    const { cancelledError, rejectionError } = await import('../../actions/wait-for-session.ts');
    let found = await findRequest(client, plan.id);
    if (found.session.status === 'pending') {
      globals.output.progress(`waiting for the network: ${found.session.kind} request (session ${found.session.sessionId})`);
      await client.waitForSession(found.session.sessionId);
      found = await findRequest(client, found.session.sessionId);
    }
    globals.output.result(await describeRequest(client, found));
    const { session } = found;
    if (session.status === 'rejected') throw rejectionError(session, `the ${session.kind} request`);
    if (session.status === 'cancelled') throw cancelledError(session, `the ${session.kind} request`);
    return 0;
  },
});
