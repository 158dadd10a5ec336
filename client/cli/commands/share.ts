/**
 * `dwallet share <dwallet id>`: converts one of the wallet's zero-trust dWallets into a shared one
 * by publishing its user share on chain (`request_make_dwallet_shared`; the validators check it
 * against the dWallet's public share). Irreversible: from then on the network signs whatever the
 * dWallet's cap approves, with no user (`dwallet sign` does so for a shared dWallet).
 */
import { parseId, positionalArguments } from '../args.ts';
import { defineCommand } from '../command.ts';

export const shareCommand = defineCommand({
  name: 'share',
  summary: "publish a dWallet's user share: it becomes shared, signed by the network on the cap's approval alone (irreversible)",
  usage: `dwallet share <dwallet id>

  Publishes the user share of one of the wallet's dWallets (its share must be in the wallet). The network checks it
  against the dWallet and records it: from then on it signs whatever the DWalletCap approves, with no user. The key
  is then as safe as the network threshold and whoever holds the cap. This cannot be undone.`,
  options: {},
  parse({ positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    return { dwalletId: parseId('<dwallet id>', id as string) };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    const { SHARED_USER_SHARE_NOTE } = await import('../dwallet-signer.ts');
    globals.output.progress('publishing the user share (irreversible) and waiting for the network to check it');
    const result = await client.makeDWalletShared(plan.dwalletId);
    globals.output.result({
      id: result.dwalletId,
      sessionId: result.sessionId,
      shared: true,
      userShare: SHARED_USER_SHARE_NOTE,
      publicUserShare: result.publicUserShare,
    });
    return 0;
  },
});
