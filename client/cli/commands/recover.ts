/**
 * `dwallet recover [<dwallet id>]`: restores the user shares of the wallet's dWallets from their
 * encrypted copies on chain (backups, and transfers it accepted), with the key derived from the
 * wallet's Sui key: a wallet folder holding only its `sui-key.json` gets its dWallets back.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseId, positionalArguments } from '../args.ts';
import { defineCommand } from '../command.ts';
import { CliError, CliErrorCodes } from '../errors.ts';
import { WALLET_KEY_FILE } from '../globals.ts';

export const recoverCommand = defineCommand({
  name: 'recover',
  summary: "restore the wallet's user shares from their encrypted copies on chain (needs only the Sui key)",
  usage: `dwallet recover [<dwallet id>]

  For every dWallet whose cap the wallet's address holds (or the one given), finds the latest encrypted share the
  network verified for this address, decrypts it with the key derived from the wallet's Sui key, checks it against
  the dWallet's public share, and stores it. Shares already in the wallet are left as they are. Exit status 1 when
  a dWallet could not be recovered, or when the wallet has no Sui key (recover never creates one).`,
  options: {},
  parse({ positionals }) {
    if (positionals.length === 0) return { dwalletId: undefined };
    const [id] = positionalArguments(positionals, ['dwallet id']);
    return { dwalletId: parseId('<dwallet id>', id as string) };
  },
  async run(plan, { globals, signal }) {
    // Recovery is worth nothing with a new key (it would find no dWallet): never create one here.
    if (!existsSync(join(globals.walletDir, WALLET_KEY_FILE))) {
      throw new CliError(
        CliErrorCodes.CLI_WALLET_INVALID,
        `no Sui key in ${globals.walletDir} (${WALLET_KEY_FILE}): recovery needs the key that holds the dWallets' caps; copy it there from the old machine`,
        { path: globals.walletDir },
      );
    }
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal });
    globals.output.progress('looking for encrypted shares of the wallet on chain');
    const recovered = await client.recoverDWallets(plan.dwalletId === undefined ? {} : { dwalletId: plan.dwalletId });
    globals.output.list(
      'dwallets',
      recovered.map((entry) => ({ ...entry })),
    );
    return recovered.some((entry) => entry.status === 'failed') ? 1 : 0;
  },
});
