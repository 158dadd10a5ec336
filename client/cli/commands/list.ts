/** `dwallet list`: the dWallets the wallet's address created (from the indexer). */
import { parseChoice, parseObjectId, positionalArguments, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { connect } from '../context.ts';
import { BITCOIN_NETWORKS, describeDWallet } from './describe.ts';

export const listCommand: Command = {
  name: 'list',
  summary: "list the dWallets of the wallet's address (or of --owner)",
  usage: `dwallet list [--owner 0x…] [--bitcoin-network mainnet|testnet|regtest]`,
  options: { owner: { type: 'string' }, 'bitcoin-network': { type: 'string' } },
  async run({ values, positionals }, globals) {
    positionalArguments(positionals, []);
    const owner = stringOption(values, 'owner');
    const ownerId = owner === undefined ? undefined : parseObjectId('--owner', owner);
    const bitcoinNetwork = parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORKS);
    const { client, globals: g } = await connect(globals);
    const dwallets = await client.listDWallets(ownerId);
    g.output.list(
      'dwallets',
      dwallets.map((d) => describeDWallet(d, bitcoinNetwork)),
    );
    return 0;
  },
};
