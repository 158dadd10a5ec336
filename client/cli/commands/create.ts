/**
 * `dwallet create`: a new dWallet (the user's DKG message, the network's half), owned by the
 * wallet's key, on a curve and with a signature algorithm fixed for its life (ECDSA by default,
 * `--algorithm taproot` on secp256k1, EdDSA on ed25519); `--shared` publishes its user share (a
 * shared dWallet, signed by the network on the cap's approval alone).
 */
import { parseChoice, parseId, positionalArguments, stringOption } from '../args.ts';
import { ALGORITHM_CHOICES, BITCOIN_NETWORK_CHOICES, CURVE_ALGORITHMS, CURVE_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';
import { invalidArgument } from '../errors.ts';

export const createCommand = defineCommand({
  name: 'create',
  summary: 'create a dWallet (its cap goes to the wallet, or to --cap-recipient)',
  usage: `dwallet create [--curve secp256k1|p256|ed25519] [--algorithm ecdsa|taproot|eddsa] [--shared] [--backup]
                      [--cap-recipient 0x…] [--bitcoin-network mainnet|testnet|regtest]

  --curve <name>            the dWallet's curve (default secp256k1; the network must offer it: see dwallet status)
  --algorithm <name>        how it signs, fixed for its life: ecdsa (default on secp256k1 and p256), taproot
                            (secp256k1: BIP-340 signatures for Bitcoin P2TR key-path spends), eddsa (ed25519, the
                            default there: Solana and other Ed25519 chains)
  --shared                  publish the user share on chain (a shared dWallet): the network then signs whatever
                            the DWalletCap approves, with no user; as safe as the network threshold and the cap
  --backup                  back the user share up on chain at once, encrypted to the wallet's own key (see
                            dwallet backup; restore with dwallet recover)
  --cap-recipient <address> who receives the DWalletCap, the right to approve messages (default: the wallet's address)
  --bitcoin-network <name>  which Bitcoin address to show (default mainnet)`,
  options: {
    curve: { type: 'string' },
    algorithm: { type: 'string' },
    shared: { type: 'boolean' },
    backup: { type: 'boolean' },
    'cap-recipient': { type: 'string' },
    'bitcoin-network': { type: 'string' },
  },
  parse({ values, positionals }) {
    positionalArguments(positionals, []);
    const recipient = stringOption(values, 'cap-recipient');
    const curve = parseChoice('--curve', stringOption(values, 'curve') ?? 'secp256k1', CURVE_CHOICES);
    const offered: readonly string[] = CURVE_ALGORITHMS[curve];
    const algorithm = parseChoice('--algorithm', stringOption(values, 'algorithm') ?? (offered[0] as string), ALGORITHM_CHOICES);
    if (!offered.includes(algorithm)) {
      throw invalidArgument('--algorithm', `${curve} dWallets sign with ${offered.join(' or ')}, not ${algorithm}`, algorithm);
    }
    const backup = values.backup === true;
    if (backup && values.shared === true)
      throw invalidArgument('--backup', 'a shared dWallet publishes its user share: there is nothing to back up', 'true');
    if (backup && recipient !== undefined)
      throw invalidArgument('--backup', 'a backup needs the DWalletCap to stay with the wallet (no --cap-recipient)', 'true');
    return {
      curve,
      algorithm,
      shared: values.shared === true,
      backup,
      capRecipient: recipient === undefined ? undefined : parseId('--cap-recipient', recipient),
      bitcoinNetwork: parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES),
    };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    const { describeDWallet } = await import('./describe.ts');
    const kind = plan.shared ? 'a shared dWallet (its user share published on chain)' : 'a dWallet';
    globals.output.progress(`creating ${kind}: computing the user DKG message and waiting for the network`);
    const parameters = { curve: plan.curve, algorithm: plan.algorithm, capRecipient: plan.capRecipient };
    if (plan.shared) {
      const dwallet = await client.createSharedDWallet(parameters);
      globals.output.result({ ...describeDWallet({ ...dwallet, state: 'active' }, plan.bitcoinNetwork), sessionId: dwallet.sessionId });
      return 0;
    }
    const dwallet = await client.createDWallet({ ...parameters, backup: plan.backup });
    globals.output.result({
      ...describeDWallet({ ...dwallet, state: 'active' }, plan.bitcoinNetwork),
      sessionId: dwallet.sessionId,
      ...(dwallet.backup === undefined ? {} : { encryptedShareId: dwallet.backup.encryptedShareId }),
    });
    return 0;
  },
});
