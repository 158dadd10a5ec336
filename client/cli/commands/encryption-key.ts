/**
 * `dwallet encryption-key register | show`: the wallet's share-encryption key, one per curve,
 * derived from its Sui key. Registering it (with a proof of knowledge of its secret, verified by
 * the network) lets others transfer dWallets to this address; `backup` registers it by itself.
 */
import { parseChoice, parseId, positionalArguments, stringOption } from '../args.ts';
import { CURVE_CHOICES } from '../choices.ts';
import { type CommandGroup, defineCommand } from '../command.ts';

const CURVE_USAGE = '--curve <name>  secp256k1 (default), p256 or ed25519: the curve of the dWallets it is for';

const registerCommand = defineCommand({
  name: 'register',
  summary: "register the wallet's share-encryption key on chain (needed to receive transfers)",
  usage: `dwallet encryption-key register [--curve secp256k1|p256|ed25519]

  ${CURVE_USAGE}

  Derives the key from the wallet's Sui key, proves knowledge of its secret, and waits for the network to verify the
  proof. Does nothing when the key is already registered.`,
  options: { curve: { type: 'string' } },
  parse({ values, positionals }) {
    positionalArguments(positionals, []);
    return { curve: parseChoice('--curve', stringOption(values, 'curve') ?? 'secp256k1', CURVE_CHOICES) };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    globals.output.progress(`registering the share-encryption key on ${plan.curve}`);
    const { key, registered } = await client.registerEncryptionKey({ curve: plan.curve });
    globals.output.result({ id: key.id, owner: key.owner, curve: key.curve, state: key.state, sessionId: key.sessionId, registered });
    return 0;
  },
});

const showCommand = defineCommand({
  name: 'show',
  summary: "show an address's share-encryption key (default: the wallet's)",
  usage: `dwallet encryption-key show [<address>] [--curve secp256k1|p256|ed25519]

  ${CURVE_USAGE}`,
  options: { curve: { type: 'string' } },
  parse({ values, positionals }) {
    const owner = positionals.length === 0 ? undefined : parseId('<address>', positionalArguments(positionals, ['address'])[0] as string);
    return { owner, curve: parseChoice('--curve', stringOption(values, 'curve') ?? 'secp256k1', CURVE_CHOICES) };
  },
  async run(plan, { globals, signal }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: plan.owner === undefined ? 'send' : 'read', signal });
    const owner = plan.owner ?? client.address;
    const key = await client.getEncryptionKey(plan.curve, owner);
    globals.output.result(
      key === null
        ? { owner, curve: plan.curve, state: 'none' }
        : { id: key.id, owner: key.owner, curve: key.curve, state: key.state, sessionId: key.sessionId },
    );
    return 0;
  },
});

export const encryptionKeyCommands: CommandGroup = {
  name: 'encryption-key',
  summary: "the wallet's share-encryption key: register it, or show an address's",
  description:
    "A share-encryption key (one per curve, derived from the wallet's Sui key) encrypts the user shares backed up on chain and the shares other addresses transfer to this one.",
  subcommands: [registerCommand, showCommand],
};
