/** `dwallet show <dwallet id>`: one dWallet as the indexer knows it, with its addresses. */
import { parseChoice, parseObjectId, positionalArguments, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { connect } from '../context.ts';
import { BITCOIN_NETWORKS, describeDWallet } from './describe.ts';

export const showCommand: Command = {
  name: 'show',
  summary: 'show a dWallet: state, public key, Ethereum and Bitcoin addresses',
  usage: `dwallet show <dwallet id> [--bitcoin-network mainnet|testnet|regtest]`,
  options: { 'bitcoin-network': { type: 'string' } },
  async run({ values, positionals }, globals) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseObjectId('<dwallet id>', id as string);
    const bitcoinNetwork = parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORKS);
    const { client, globals: g } = await connect(globals);
    const dwallet = await client.getDWallet(dwalletId);
    g.output.result(describeDWallet(dwallet, bitcoinNetwork));
    return 0;
  },
};
