/**
 * `dwallet transfer <dwallet id> --to <address>`: hands a dWallet to another Sui address. Its user
 * share is re-encrypted to the recipient's registered share-encryption key with a proof that it is
 * the same share, and its cap is escrowed on chain; the network verifies the proof, then the
 * recipient accepts (`dwallet accept`) and receives the cap. Until then the sender may withdraw.
 */
import { parseId, positionalArguments, requiredOption } from '../args.ts';
import { defineCommand } from '../command.ts';

export const transferCommand = defineCommand({
  name: 'transfer',
  summary: 'hand a dWallet (share and cap) to another address, which then accepts it',
  usage: `dwallet transfer <dwallet id> --to <address>

  --to <address>  the recipient; it must have registered a share-encryption key on the dWallet's curve
                  (dwallet encryption-key register, run by the recipient)

  Re-encrypts the wallet's user share to the recipient's key with a proof, escrows the DWalletCap on chain and waits
  for the network to verify the proof. The recipient then runs dwallet accept <dwallet id>; until it does, the
  sender can take the cap back with dwallet withdraw <encrypted share id>.`,
  options: { to: { type: 'string' } },
  parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    return { dwalletId: parseId('<dwallet id>', id as string), recipient: parseId('--to', requiredOption(values, 'to')) };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    globals.output.progress(`re-encrypting the user share to ${plan.recipient} and waiting for the network to verify it`);
    const result = await client.transferDWallet({ dwalletId: plan.dwalletId, recipient: plan.recipient });
    globals.output.result({
      id: result.dwalletId,
      encryptedShareId: result.encryptedShareId,
      sessionId: result.sessionId,
      recipient: result.owner,
      next: `the recipient runs: dwallet accept ${result.dwalletId}`,
    });
    return 0;
  },
});
