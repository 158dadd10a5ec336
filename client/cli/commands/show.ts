/** `dwallet show <dwallet id>`: one dWallet as the indexer knows it, with its addresses. */
import { parseChoice, parseId, positionalArguments, stringOption } from '../args.ts';
import { BITCOIN_NETWORK_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';

export const showCommand = defineCommand({
  name: 'show',
  summary: 'show a dWallet: state, public key, Ethereum and Bitcoin addresses',
  usage: `dwallet show <dwallet id> [--bitcoin-network mainnet|testnet|regtest]`,
  options: { 'bitcoin-network': { type: 'string' } },
  parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    return {
      dwalletId: parseId('<dwallet id>', id as string),
      bitcoinNetwork: parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES),
    };
  },
  async run(plan, { globals, signal }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'read', signal });
    const { describeDWallet } = await import('./describe.ts');
    const dwallet = await client.getDWallet(plan.dwalletId);
    globals.output.result(describeDWallet(dwallet, plan.bitcoinNetwork));
    return 0;
  },
});
