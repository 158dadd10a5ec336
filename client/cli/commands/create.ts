/** `dwallet create`: a new dWallet (the user's DKG message, the network's half), owned by the wallet's key. */
import { parseChoice, parseId, positionalArguments, stringOption } from '../args.ts';
import { BITCOIN_NETWORK_CHOICES, CURVE_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';

export const createCommand = defineCommand({
  name: 'create',
  summary: 'create a dWallet (its cap goes to the wallet, or to --cap-recipient)',
  usage: `dwallet create [--curve secp256k1|p256] [--cap-recipient 0x…] [--bitcoin-network mainnet|testnet|regtest]

  --curve <name>            the dWallet's curve (default secp256k1; the network must offer it: see dwallet status)
  --cap-recipient <address> who receives the DWalletCap, the right to approve messages (default: the wallet's address)
  --bitcoin-network <name>  which Bitcoin address to show (default mainnet)`,
  options: {
    curve: { type: 'string' },
    'cap-recipient': { type: 'string' },
    'bitcoin-network': { type: 'string' },
  },
  parse({ values, positionals }) {
    positionalArguments(positionals, []);
    const recipient = stringOption(values, 'cap-recipient');
    return {
      curve: parseChoice('--curve', stringOption(values, 'curve') ?? 'secp256k1', CURVE_CHOICES),
      capRecipient: recipient === undefined ? undefined : parseId('--cap-recipient', recipient),
      bitcoinNetwork: parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES),
    };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    const { describeDWallet } = await import('./describe.ts');
    globals.output.progress('creating a dWallet: computing the user DKG message and waiting for the network');
    const dwallet = await client.createDWallet({ curve: plan.curve, capRecipient: plan.capRecipient });
    globals.output.result({ ...describeDWallet({ ...dwallet, state: 'active' }, plan.bitcoinNetwork), sessionId: dwallet.sessionId });
    return 0;
  },
});
