/**
 * `dwallet wallet …`: the wallet folder itself, without the network.
 *
 * `dwallet wallet encrypt` encrypts the dWallets' secret shares of the wallet in place under the
 * passphrase of `--passphrase-file` or `DWALLET_PASSPHRASE` (client/encrypted-secret-store.ts);
 * from then on every command that opens the wallet's shares needs it. A wallet created with a
 * passphrase (the first `dwallet create` given one) is encrypted from its first share already.
 */
import { positionalArguments } from '../args.ts';
import { type CommandGroup, defineCommand } from '../command.ts';
import { CliError, CliErrorCodes, usageError } from '../errors.ts';
import { WALLET_KEY_FILE } from '../globals.ts';

export const walletEncryptCommand = defineCommand({
  name: 'encrypt',
  summary: "encrypt the wallet's secret shares with a passphrase (--passphrase-file or DWALLET_PASSPHRASE)",
  usage: `dwallet wallet encrypt   (with --passphrase-file <path> or DWALLET_PASSPHRASE)

  Encrypts the secret shares of the wallet (--wallet) in place: scrypt derives a key from the passphrase, each share is
  sealed with AES-256-GCM, and the plaintext files are replaced. From then on every command that uses the wallet's
  shares needs the passphrase; it cannot be recovered. Running it again resumes an interrupted run, or only checks
  the passphrase. The Sui key (${WALLET_KEY_FILE}) stays as it is (mode 0600, not encrypted). Needs no network.`,
  options: {},
  parse({ positionals }) {
    positionalArguments(positionals, []);
    return {};
  },
  async run(_plan, { globals }) {
    const passphrase = globals.passphrase?.();
    if (passphrase === undefined)
      throw usageError('dwallet wallet encrypt needs the passphrase: --passphrase-file <path> or DWALLET_PASSPHRASE');
    const [{ readWallet }, { encryptSecretShareStore }] = await Promise.all([
      import('../wallet.ts'),
      import('../../encrypted-secret-store.ts'),
    ]);
    const wallet = readWallet(globals.walletDir);
    if (wallet === null) {
      throw new CliError(CliErrorCodes.CLI_WALLET_INVALID, `no wallet at ${globals.walletDir}: it has no ${WALLET_KEY_FILE}`, {
        path: globals.walletDir,
      });
    }
    globals.output.progress(`encrypting the secret shares in ${wallet.sharesDir} (deriving the key takes a few seconds)`);
    const report = await encryptSecretShareStore(wallet.sharesDir, passphrase);
    globals.output.result({
      wallet: wallet.dir,
      shares: wallet.sharesDir,
      encrypted: report.encrypted,
      alreadyEncrypted: report.alreadyEncrypted,
    });
    return 0;
  },
});

export const walletCommands: CommandGroup = {
  name: 'wallet',
  summary: 'the wallet folder: encrypt its secret shares with a passphrase',
  description: `The wallet folder (--wallet, DWALLET_WALLET) holds the user's Sui key and the secret shares of
the user's dWallets. Without a passphrase the shares are plaintext files (mode 0600); with one
(--passphrase-file <path> or DWALLET_PASSPHRASE) they are encrypted, and every command that opens
them needs it.`,
  subcommands: [walletEncryptCommand],
};
