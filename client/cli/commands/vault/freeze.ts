/**
 * `dwallet vault freeze <vault id> --yes`: destroys the wallet's `VaultAdminCap`, so the vault's
 * rules can never change again (nor a burnt Ethereum nonce be set back). Irreversible, so it asks
 * for `--yes` and refuses without it (exit 2) before connecting.
 */
import { parseId, positionalArguments, stringOption } from '../../args.ts';
import { defineCommand } from '../../command.ts';
import { usageError } from '../../errors.ts';
import { parseVaultId, vaultClient } from './shared.ts';

export const vaultFreezeCommand = defineCommand({
  name: 'freeze',
  summary: "freeze the vault's rules for good (destroys the admin cap; irreversible)",
  usage: `dwallet vault freeze <vault id> --yes
  --yes             confirm: no rule of the vault can change afterwards, not even a burnt Ethereum nonce
  --admin-cap <id>  the VaultAdminCap to destroy (default: the one of this vault the wallet holds)`,
  options: { yes: { type: 'boolean' }, 'admin-cap': { type: 'string' } },
  parse({ values, positionals }) {
    const [vault] = positionalArguments(positionals, ['vault id']);
    const vaultId = parseVaultId(vault as string);
    const adminCap = stringOption(values, 'admin-cap');
    const adminCapId = adminCap === undefined ? undefined : parseId('--admin-cap', adminCap);
    if (values.yes !== true) {
      throw usageError('freezing a vault cannot be undone: no rule can change afterwards; add --yes to confirm', { vaultId });
    }
    return { vaultId, adminCapId };
  },
  async run(plan, context) {
    const vault = await vaultClient(context, 'send');
    const frozen = await vault.freezeRules(plan.vaultId, plan.adminCapId === undefined ? {} : { adminCapId: plan.adminCapId });
    context.globals.output.result({
      vaultId: frozen.vaultId,
      state: 'rules frozen',
      destroyedAdminCap: frozen.adminCapId,
      transaction: frozen.digest,
    });
    return 0;
  },
});
