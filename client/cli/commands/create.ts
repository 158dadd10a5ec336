/** `dwallet create`: a new dWallet (the user's DKG message, the network's half), owned by the wallet's key. */
import { parseChoice, parseObjectId, positionalArguments, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { connect } from '../context.ts';
import { BITCOIN_NETWORKS, describeDWallet } from './describe.ts';

export const createCommand: Command = {
  name: 'create',
  summary: 'create a dWallet (its cap goes to the wallet, or to --cap-recipient)',
  usage: `dwallet create [--curve secp256k1|p256] [--cap-recipient 0x…] [--bitcoin-network mainnet|testnet|regtest]

  --curve <name>            the dWallet's curve (default secp256k1)
  --cap-recipient <address> who receives the DWalletCap, the right to approve messages (default: the wallet's address)
  --bitcoin-network <name>  which Bitcoin address to show (default mainnet)`,
  options: {
    curve: { type: 'string' },
    'cap-recipient': { type: 'string' },
    'bitcoin-network': { type: 'string' },
  },
  async run({ values, positionals }, globals) {
    positionalArguments(positionals, []);
    const curve = parseChoice('--curve', stringOption(values, 'curve') ?? 'secp256k1', ['secp256k1', 'p256'] as const);
    const recipient = stringOption(values, 'cap-recipient');
    const capRecipient = recipient === undefined ? undefined : parseObjectId('--cap-recipient', recipient);
    const bitcoinNetwork = parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORKS);
    const { client, globals: g } = await connect(globals);
    g.output.progress('creating a dWallet: computing the user DKG message and waiting for the network');
    const dwallet = await client.createDWallet({ curve, ...(capRecipient === undefined ? {} : { capRecipient }) });
    g.output.result({ ...describeDWallet({ ...dwallet, state: 'active' }, bitcoinNetwork), sessionId: dwallet.sessionId });
    return 0;
  },
};
