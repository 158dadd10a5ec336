/**
 * `dwallet vault propose-btc <vault id>`: proposes a Bitcoin spend of the vault's P2WPKH outputs.
 * The spend is checked by the Bitcoin helper first (addresses of the network, amounts, duplicate
 * inputs, dust, funds, fee rate), with the change going back to the vault's own address; the vault
 * checks that the wallet is an approver and every recipient allowlisted.
 */
import { parseChoice, parseIntegerIn, positionalArguments, stringOption } from '../../args.ts';
import { parseSpendOptions } from '../../bitcoin-spend-options.ts';
import { BITCOIN_NETWORK_CHOICES } from '../../choices.ts';
import { defineCommand } from '../../command.ts';
import { parseVaultId, vaultClient } from './shared.ts';

export const proposeBtcCommand = defineCommand({
  name: 'propose-btc',
  summary: "propose a Bitcoin spend of the vault's P2WPKH outputs (approvers)",
  usage: `dwallet vault propose-btc <vault id> --input <txid>:<vout>:<amount> … --output <address>:<amount> … --fee <amount>
                               [--lock-time <n>] [--bitcoin-network mainnet|testnet|regtest]

  --input    an output paying the vault's P2WPKH address (txid as explorers show it; repeatable)
  --output   an allowlisted recipient (repeatable)
  --fee      the fee, explicit; what is left goes back to the vault's own address as change
  amounts are satoshis, or decimals with a unit: btc (e.g. 0.001btc)
  the vault counts inputs − change (payments and fee) against its limits`,
  options: {
    input: { type: 'string', multiple: true },
    output: { type: 'string', multiple: true },
    fee: { type: 'string' },
    'lock-time': { type: 'string' },
    'bitcoin-network': { type: 'string' },
  },
  async parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['vault id']);
    const vaultId = parseVaultId(id as string);
    const { inputs, outputs, fee } = parseSpendOptions(values);
    const lockTime = parseIntegerIn('--lock-time', stringOption(values, 'lock-time') ?? '0', 0, 0xffffffff);
    const network = parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES);
    const spend = { network, inputs, outputs, fee, lockTime };
    // The helper's own checks, as the vault will sign the spend, before anything is sent.
    const { validateVaultSpend } = await import('../../../vault/vault-spend.ts');
    validateVaultSpend(spend);
    return { vaultId, spend };
  },
  async run(plan, context) {
    const vault = await vaultClient(context, 'send');
    const proposed = await vault.proposeBitcoinSpend(plan.vaultId, plan.spend);
    context.globals.output.result({
      vaultId: proposed.vaultId,
      proposalId: proposed.proposalId,
      txid: proposed.txid,
      amountSat: proposed.amount,
      change: proposed.change === null ? null : `${proposed.change.address}:${proposed.change.amount}`,
      transaction: proposed.digest,
    });
    return 0;
  },
});
