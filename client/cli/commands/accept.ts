/**
 * `dwallet accept <dwallet id | encrypted share id>`: the recipient's side of a transfer: checks the
 * re-encrypted share with the wallet's key, stores it, and takes the DWalletCap in one transaction.
 */
import { parseId, positionalArguments } from '../args.ts';
import { defineCommand } from '../command.ts';

export const acceptCommand = defineCommand({
  name: 'accept',
  summary: 'accept a dWallet transferred to the wallet: check and store its share, take its cap',
  usage: `dwallet accept <dwallet id | encrypted share id>

  Decrypts the share a sender re-encrypted to this wallet's key, checks it against the dWallet's public share (and
  the proof), stores it in the wallet, then takes the DWalletCap out of escrow on chain.`,
  options: {},
  parse({ positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id | encrypted share id']);
    return { id: parseId('<id>', id as string) };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    globals.output.progress('checking the transferred share with the wallet key and accepting it');
    const result = await client.acceptTransfer(plan.id);
    globals.output.result({ id: result.dwalletId, capId: result.capId, encryptedShareId: result.encryptedShareId, sender: result.sender });
    return 0;
  },
});
