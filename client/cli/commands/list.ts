/** `dwallet list`: the dWallets the wallet's address created (from the indexer). */
import { parseChoice, parseId, positionalArguments, stringOption } from '../args.ts';
import { BITCOIN_NETWORK_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';

export const listCommand = defineCommand({
  name: 'list',
  summary: "list the dWallets of the wallet's address (or of --owner)",
  usage: `dwallet list [--owner 0x…] [--bitcoin-network mainnet|testnet|regtest]`,
  options: { owner: { type: 'string' }, 'bitcoin-network': { type: 'string' } },
  parse({ values, positionals }) {
    positionalArguments(positionals, []);
    const owner = stringOption(values, 'owner');
    return {
      owner: owner === undefined ? undefined : parseId('--owner', owner),
      bitcoinNetwork: parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES),
    };
  },
  async run(plan, { globals, signal }) {
    const { connect } = await import('../context.ts');
    const { client, wallet } = await connect(globals, { mode: 'read', signal });
    const { describeDWallet } = await import('./describe.ts');
    if (plan.owner === undefined && wallet === null) {
      globals.output.progress(`no wallet key in ${globals.walletDir} yet (\`dwallet create\` makes one): no dWallets`);
      globals.output.list('dwallets', []);
      return 0;
    }
    const dwallets = await client.listDWallets(plan.owner);
    globals.output.list(
      'dwallets',
      dwallets.map((d) => describeDWallet(d, plan.bitcoinNetwork)),
    );
    return 0;
  },
});
