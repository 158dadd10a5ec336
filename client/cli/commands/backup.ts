/**
 * `dwallet backup <dwallet id>`: an encrypted copy of a dWallet's user share on chain, encrypted to
 * the wallet's own share-encryption key (derived from its Sui key; registered first when needed)
 * and verified by the network. With it, the Sui key alone restores the share (`dwallet recover`).
 */
import { parseId, positionalArguments } from '../args.ts';
import { defineCommand } from '../command.ts';

export const backupCommand = defineCommand({
  name: 'backup',
  summary: "back up a dWallet's user share on chain, encrypted to the wallet's own key (restore with recover)",
  usage: `dwallet backup <dwallet id>

  Encrypts the user share of one of the wallet's dWallets to the wallet's share-encryption key (derived from its Sui
  key; registered on chain first if it is not yet) with a proof that it is the dWallet's share, and records it on chain
  once the network has verified the proof. On a new machine, the Sui key alone restores it: dwallet recover.`,
  options: {},
  parse({ positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    return { dwalletId: parseId('<dwallet id>', id as string) };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    globals.output.progress('encrypting the user share to the wallet key and waiting for the network to verify it');
    const result = await client.backupShare(plan.dwalletId);
    globals.output.result({
      id: result.dwalletId,
      encryptedShareId: result.encryptedShareId,
      sessionId: result.sessionId,
      owner: result.owner,
    });
    return 0;
  },
});
