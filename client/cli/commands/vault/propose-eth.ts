/**
 * `dwallet vault propose-eth <vault id>`: proposes an Ethereum transfer from the vault. The fields
 * are checked by the Ethereum helper first (EIP-55 checksum, gas, fees, value); the vault checks
 * that the wallet is an approver and the recipient allowlisted (exit 1 with its abort otherwise).
 */
import type { Address } from 'viem';
import { parseAmount, positionalArguments, requiredOption, stringOption } from '../../args.ts';
import { defineCommand } from '../../command.ts';
import { ETH_UNITS } from '../sign-eth-tx.ts';
import { parseVaultId, vaultClient } from './shared.ts';

export const proposeEthCommand = defineCommand({
  name: 'propose-eth',
  summary: 'propose an Ethereum transfer from the vault (approvers)',
  usage: `dwallet vault propose-eth <vault id> --to 0x… --value <amount> [--gas 21000] [--max-fee-per-gas 30gwei]
                               [--max-priority-fee-per-gas 1gwei]

  the vault builds the EIP-1559 transaction itself when it is executed, with its chain id and the
  next nonce it keeps; it counts value + max fee × gas against its limits
  amounts are wei, or decimals with a unit: eth, gwei (e.g. 0.01eth, 30gwei)`,
  options: {
    to: { type: 'string' },
    value: { type: 'string' },
    gas: { type: 'string' },
    'max-fee-per-gas': { type: 'string' },
    'max-priority-fee-per-gas': { type: 'string' },
  },
  async parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['vault id']);
    const vaultId = parseVaultId(id as string);
    const to = requiredOption(values, 'to') as Address;
    const value = parseAmount('--value', requiredOption(values, 'value'), ETH_UNITS);
    const gas = parseAmount('--gas', stringOption(values, 'gas') ?? '21000', {});
    const maxFeePerGas = parseAmount('--max-fee-per-gas', stringOption(values, 'max-fee-per-gas') ?? '30gwei', ETH_UNITS);
    const maxPriorityFeePerGas = parseAmount(
      '--max-priority-fee-per-gas',
      stringOption(values, 'max-priority-fee-per-gas') ?? '1gwei',
      ETH_UNITS,
    );
    // Checked before connecting; chain id and nonce are the vault's, set when it builds the transaction.
    const { validateEip1559Payment } = await import('../../../ethereum/transaction.ts');
    const fields = validateEip1559Payment({ to, value, gas, maxFeePerGas, maxPriorityFeePerGas });
    return { vaultId, transfer: { to: fields.to, value, gasLimit: gas, maxFeePerGas, maxPriorityFeePerGas } };
  },
  async run(plan, context) {
    const vault = await vaultClient(context, 'send');
    const proposed = await vault.proposeEthereumTransfer(plan.vaultId, plan.transfer);
    context.globals.output.result({
      vaultId: proposed.vaultId,
      proposalId: proposed.proposalId,
      to: proposed.to,
      amountWei: proposed.amount,
      transaction: proposed.digest,
    });
    return 0;
  },
});
