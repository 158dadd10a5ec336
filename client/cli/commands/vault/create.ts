/**
 * `dwallet vault create <dwallet id>`: a policy vault around a shared dWallet whose cap the
 * wallet holds (the cap goes into the vault for good; the wallet gets the vault's admin cap).
 */
import { MAX_TIMELOCK_MS, MAX_VAULT_APPROVERS } from '../../../../chain/vault-constants.ts';
import {
  listOption,
  parseChoice,
  parseDuration,
  parseId,
  parseIntegerIn,
  parseUnsigned,
  positionalArguments,
  requiredOption,
  stringOption,
} from '../../args.ts';
import { BITCOIN_NETWORK_CHOICES } from '../../choices.ts';
import { defineCommand } from '../../command.ts';
import { invalidArgument, usageError } from '../../errors.ts';
import { MAX_U64, vaultClient } from './shared.ts';

export const vaultCreateCommand = defineCommand({
  name: 'create',
  summary: 'create a policy vault around a shared dWallet',
  usage: `dwallet vault create <dwallet id> --approver 0x… [--approver 0x… …] --threshold <k> --eth-chain-id <id>
                          [--timelock <duration>] [--admin-cap-recipient 0x…] [--bitcoin-network mainnet|testnet|regtest]

  <dwallet id>            a shared secp256k1 dWallet whose cap the wallet holds (its user share is public:
                          the network alone completes its signatures, so only the vault's rules guard it)
  --approver <address>    a Sui address that may propose and approve (repeatable, 1 to 64)
  --threshold <k>         approvals an amount above the large amount needs (1 ≤ k ≤ approvers)
  --eth-chain-id <id>     the EIP-155 chain id of every Ethereum transfer (1 mainnet, 11155111 Sepolia)
  --timelock <duration>   how long a large amount waits after its proposal (e.g. 10m, 24h; default 0)
  --admin-cap-recipient   who gets the VaultAdminCap, which changes the rules (default: the wallet)
  the vault starts with limits of 0 on both chains: nothing moves until \`dwallet vault limit\``,
  options: {
    approver: { type: 'string', multiple: true },
    threshold: { type: 'string' },
    'eth-chain-id': { type: 'string' },
    timelock: { type: 'string' },
    'admin-cap-recipient': { type: 'string' },
    'bitcoin-network': { type: 'string' },
  },
  parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const approvers = listOption(values, 'approver').map((a) => parseId('--approver', a));
    if (approvers.length === 0) throw usageError('give at least one --approver');
    if (approvers.length > Number(MAX_VAULT_APPROVERS)) throw usageError(`a vault has at most ${MAX_VAULT_APPROVERS} approvers`);
    const twice = approvers.find((a, i) => approvers.indexOf(a) !== i);
    if (twice !== undefined) throw usageError(`--approver ${twice} is given twice`);
    const recipient = stringOption(values, 'admin-cap-recipient');
    const chainId = requiredOption(values, 'eth-chain-id');
    const ethereumChainId = parseUnsigned('--eth-chain-id', chainId, MAX_U64);
    if (ethereumChainId === 0n) throw invalidArgument('--eth-chain-id', 'a chain id is at least 1', chainId);
    return {
      dwalletId: parseId('<dwallet id>', id as string),
      approvers,
      requiredApprovals: parseIntegerIn('--threshold', requiredOption(values, 'threshold'), 1, approvers.length),
      ethereumChainId,
      timelockMs: parseDuration('--timelock', stringOption(values, 'timelock') ?? '0', MAX_TIMELOCK_MS),
      adminCapRecipient: recipient === undefined ? undefined : parseId('--admin-cap-recipient', recipient),
      bitcoinNetwork: parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES),
    };
  },
  async run(plan, context) {
    const vault = await vaultClient(context, 'send');
    const created = await vault.create(plan);
    const info = await vault.get(created.vaultId, { bitcoinNetwork: plan.bitcoinNetwork });
    context.globals.output.result({
      vaultId: created.vaultId,
      adminCapId: created.adminCapId,
      dwalletId: created.dwalletId,
      ethereumAddress: created.ethereumAddress,
      bitcoinAddress: info.bitcoin.own.address,
      bitcoinNetwork: plan.bitcoinNetwork,
      transaction: created.digest,
    });
    return 0;
  },
});
