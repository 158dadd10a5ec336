/**
 * `dwallet withdraw <encrypted share id>`: the sender takes back the cap of a transfer the
 * recipient has not accepted; the dWallet is the sender's again.
 */
import { parseId, positionalArguments } from '../args.ts';
import { defineCommand } from '../command.ts';

export const withdrawCommand = defineCommand({
  name: 'withdraw',
  summary: 'take back the cap of a dWallet transfer the recipient has not accepted',
  usage: `dwallet withdraw <encrypted share id>

  The id is the one dwallet transfer printed (encryptedShareId).`,
  options: {},
  parse({ positionals }) {
    const [id] = positionalArguments(positionals, ['encrypted share id']);
    return { id: parseId('<encrypted share id>', id as string) };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    const result = await client.withdrawTransfer(plan.id);
    globals.output.result({ id: result.dwalletId, capId: result.capId, withdrawn: true });
    return 0;
  },
});
