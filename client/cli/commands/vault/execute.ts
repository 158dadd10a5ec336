/**
 * `dwallet vault execute <vault id> <proposal id>`: executes a proposal the rules allow (anyone
 * may, paying the fees), waits for the network's signature(s) and prints the signed transaction,
 * checked with viem or @scure/btc-signer. A refusal exits 1 with the vault's abort (module, code,
 * name). Run again after an interrupt: what was executed is awaited, not executed twice.
 */
import { parseChoice, parseUnsigned, stringOption } from '../../args.ts';
import { BITCOIN_NETWORK_CHOICES } from '../../choices.ts';
import { defineCommand } from '../../command.ts';
import { invalidArgument } from '../../errors.ts';
import { parseProposalTarget, vaultClient } from './shared.ts';

/** Sui's max_tx_gas (chain/sui-limits.ts MAX_GAS_BUDGET), kept here so that parsing loads no chain code. */
const MAX_GAS_BUDGET = 50_000_000_000_000n;

export const executeCommand = defineCommand({
  name: 'execute',
  summary: 'execute a proposal and print the signed Ethereum or Bitcoin transaction',
  usage: `dwallet vault execute <vault id> <proposal id> [--bitcoin-network mainnet|testnet|regtest] [--gas-budget <MIST>]

  the vault checks its rules (allowlist, period limit, and for a large amount k approvals and the
  timelock), builds the transaction and requests the network's signature of its shared dWallet —
  no user share is involved; a presign is claimed from the network's pool in the same transaction.
  prints rawTransaction (for eth_sendRawTransaction / sendrawtransaction), its hash or txid
  --gas-budget <MIST>  send without a simulation first (a refusal then lands on chain as a failed transaction)`,
  options: { 'bitcoin-network': { type: 'string' }, 'gas-budget': { type: 'string' } },
  parse({ values, positionals }) {
    const target = parseProposalTarget(positionals);
    const budget = stringOption(values, 'gas-budget');
    const gasBudget = budget === undefined ? undefined : parseUnsigned('--gas-budget', budget, MAX_GAS_BUDGET);
    if (gasBudget === 0n) throw invalidArgument('--gas-budget', 'a budget is at least 1 MIST', budget);
    return {
      ...target,
      bitcoinNetwork: parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES),
      gasBudget,
    };
  },
  async run(plan, context) {
    const { output } = context.globals;
    const vault = await vaultClient(context, 'send');
    const proposal = await vault.proposal(plan.vaultId, plan.proposalId);
    const sending = plan.gasBudget === undefined ? {} : { gasBudget: plan.gasBudget };
    if (proposal.chain === 'ethereum') {
      const executed = await vault.executeEthereumTransfer(plan.vaultId, plan.proposalId, sending);
      output.result({
        vaultId: executed.vaultId,
        proposalId: executed.proposalId,
        chain: 'ethereum',
        from: executed.from,
        nonce: executed.nonce,
        hash: executed.hash,
        signId: executed.signId,
        rawTransaction: executed.serialized,
      });
      return 0;
    }
    const executed = await vault.executeBitcoinSpend(plan.vaultId, plan.proposalId, { network: plan.bitcoinNetwork, ...sending });
    output.result({
      vaultId: executed.vaultId,
      proposalId: executed.proposalId,
      chain: 'bitcoin',
      txid: executed.txid,
      vsize: executed.vsize,
      feeSat: executed.fee,
      signIds: [...executed.signIds],
      rawTransaction: executed.hex,
    });
    return 0;
  },
});
