/**
 * The commands that change a vault's rules with the wallet's `VaultAdminCap`: `approver add|remove`,
 * `threshold`, `allow`, `disallow`, `limit`, `timelock`, `nonce`. Each checks its values before
 * connecting (exit 2); the vault checks its own invariants on chain (a recipient allowed twice,
 * k above the approvers …) and a refusal exits 1 with the vault's abort.
 */
import { MAX_PERIOD_MS, MAX_SCRIPT_PUBKEY_LENGTH, MAX_TIMELOCK_MS } from '../../../../chain/vault-constants.ts';
import type { VaultRecipient, VaultRuleChange } from '../../../vault/index.ts';
import {
  type OptionSpec,
  type ParsedCommandLine,
  parseAmount,
  parseChoice,
  parseDuration,
  parseHexBytes,
  parseId,
  parseUnsigned,
  positionalArguments,
  requiredOption,
  stringOption,
} from '../../args.ts';
import { BTC_UNITS } from '../../bitcoin-spend-options.ts';
import { BITCOIN_NETWORK_CHOICES } from '../../choices.ts';
import { type Command, defineCommand, type RunContext } from '../../command.ts';
import { invalidArgument, usageError } from '../../errors.ts';
import { ETH_UNITS } from '../sign-eth-tx.ts';
import { chainName, MAX_U64, MAX_U256, parseChain, parseVaultId, vaultClient } from './shared.ts';

interface RulePlan {
  readonly vaultId: string;
  readonly changes: readonly VaultRuleChange[];
  readonly adminCapId: string | undefined;
  /** What the change does, in words, for the result. */
  readonly description: string;
}

const ADMIN_CAP_OPTION = { 'admin-cap': { type: 'string' } } as const satisfies OptionSpec;
const ADMIN_CAP_USAGE = '  --admin-cap <id>  the VaultAdminCap to use (default: the one of this vault the wallet holds)';

/** A rule command: `parse` gives the vault id and the changes; the run is the same for all. */
function ruleCommand(spec: {
  name: string;
  summary: string;
  usage: string;
  options?: OptionSpec;
  positionals: readonly string[];
  parse: (args: string[], values: ParsedCommandLine['values']) => { changes: VaultRuleChange[]; description: string };
}): Command {
  return defineCommand<RulePlan>({
    name: spec.name,
    summary: spec.summary,
    usage: `${spec.usage}\n${ADMIN_CAP_USAGE}`,
    options: { ...spec.options, ...ADMIN_CAP_OPTION },
    parse({ values, positionals }) {
      const [vault, ...rest] = positionalArguments(positionals, ['vault id', ...spec.positionals]);
      const adminCap = stringOption(values, 'admin-cap');
      return {
        vaultId: parseVaultId(vault as string),
        ...spec.parse(rest, values),
        adminCapId: adminCap === undefined ? undefined : parseId('--admin-cap', adminCap),
      };
    },
    run: runRuleChange,
  });
}

/** Sends the changes with the wallet's admin cap (or `--admin-cap`) and prints what changed. */
async function runRuleChange(plan: RulePlan, context: RunContext): Promise<number> {
  const vault = await vaultClient(context, 'send');
  context.globals.output.progress(`${plan.description} (vault ${plan.vaultId})`);
  const changed = await vault.changeRules(plan.vaultId, plan.changes, plan.adminCapId === undefined ? {} : { adminCapId: plan.adminCapId });
  context.globals.output.result({ vaultId: changed.vaultId, changed: plan.description, transaction: changed.digest });
  return 0;
}

export const approverAddCommand = ruleCommand({
  name: 'add',
  summary: 'add an approver',
  usage: 'dwallet vault approver add <vault id> <address>',
  positionals: ['address'],
  parse: ([address]) => {
    const approver = parseId('<address>', address as string);
    return { changes: [{ rule: 'add-approver', approver }], description: `added approver ${approver}` };
  },
});

export const approverRemoveCommand = ruleCommand({
  name: 'remove',
  summary: 'remove an approver (its approvals of open proposals stop counting)',
  usage: 'dwallet vault approver remove <vault id> <address>',
  positionals: ['address'],
  parse: ([address]) => {
    const approver = parseId('<address>', address as string);
    return { changes: [{ rule: 'remove-approver', approver }], description: `removed approver ${approver}` };
  },
});

export const thresholdCommand = ruleCommand({
  name: 'threshold',
  summary: 'set k, the approvals a large amount needs',
  usage: 'dwallet vault threshold <vault id> <k>',
  positionals: ['k'],
  parse: ([k]) => {
    const requiredApprovals = parseUnsigned('<k>', k as string, MAX_U64);
    if (requiredApprovals === 0n) throw invalidArgument('<k>', 'at least 1 approval', k);
    return {
      changes: [{ rule: 'required-approvals', requiredApprovals }],
      description: `large amounts need ${requiredApprovals} approvals`,
    };
  },
});

const RECIPIENT_OPTIONS = {
  eth: { type: 'string' },
  btc: { type: 'string' },
  'btc-script': { type: 'string' },
  'bitcoin-network': { type: 'string' },
} as const satisfies OptionSpec;

const RECIPIENT_USAGE = `  --eth <address>          an Ethereum address (0x, 20 bytes; a mixed-case one must have a correct EIP-55 checksum)
  --btc <address>          a Bitcoin address of --bitcoin-network (default mainnet): its scriptPubKey is what the vault compares
  --btc-script <hex>       a raw Bitcoin scriptPubKey (1 to ${MAX_SCRIPT_PUBKEY_LENGTH} bytes)
  exactly one of them`;

/** The recipient of `--eth`, `--btc` or `--btc-script`, checked as the Ethereum and Bitcoin helpers check addresses. */
async function parseRecipient(values: ParsedCommandLine['values']): Promise<{ recipient: VaultRecipient; words: string }> {
  const given = (['eth', 'btc', 'btc-script'] as const).filter((name) => stringOption(values, name) !== undefined);
  if (given.length !== 1) throw usageError('give exactly one of --eth, --btc, --btc-script');
  const value = stringOption(values, given[0] as string) as string;
  if (given[0] === 'eth') {
    const { parseEthereumAddress } = await import('../../../ethereum/address.ts');
    const address = parseEthereumAddress(value, '--eth');
    return { recipient: { chain: 'ethereum', address }, words: `Ethereum ${address}` };
  }
  if (given[0] === 'btc') {
    const network = parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES);
    const { bitcoinOutputScript } = await import('../../../bitcoin/address.ts');
    bitcoinOutputScript(value, network, '--btc');
    return { recipient: { chain: 'bitcoin', address: value, network }, words: `Bitcoin ${value}` };
  }
  const script = parseHexBytes('--btc-script', value);
  if (script.length === 0 || script.length > Number(MAX_SCRIPT_PUBKEY_LENGTH)) {
    throw invalidArgument('--btc-script', `a scriptPubKey is 1 to ${MAX_SCRIPT_PUBKEY_LENGTH} bytes, got ${script.length}`, value);
  }
  return { recipient: { chain: 'bitcoin', scriptPubKey: script }, words: `Bitcoin script ${value}` };
}

/** `allow` / `disallow`: parsing the recipient is asynchronous (it loads the helpers), so these are written out. */
function recipientCommand(name: 'allow' | 'disallow'): Command {
  const allow = name === 'allow';
  return defineCommand<RulePlan>({
    name,
    summary: allow ? 'allow paying a recipient (Ethereum address or Bitcoin script)' : 'take a recipient off the allowlist',
    usage: `dwallet vault ${name} <vault id> (--eth <address> | --btc <address> [--bitcoin-network …] | --btc-script <hex>)\n\n${RECIPIENT_USAGE}\n${ADMIN_CAP_USAGE}`,
    options: { ...RECIPIENT_OPTIONS, ...ADMIN_CAP_OPTION },
    async parse({ values, positionals }) {
      const [vault] = positionalArguments(positionals, ['vault id']);
      const vaultId = parseVaultId(vault as string);
      const { recipient, words } = await parseRecipient(values);
      const adminCap = stringOption(values, 'admin-cap');
      return {
        vaultId,
        changes: [{ rule: allow ? 'allow-recipient' : 'disallow-recipient', recipient }],
        description: allow ? `allowed ${words}` : `disallowed ${words}`,
        adminCapId: adminCap === undefined ? undefined : parseId('--admin-cap', adminCap),
      };
    },
    run: runRuleChange,
  });
}

export const allowCommand = recipientCommand('allow');
export const disallowCommand = recipientCommand('disallow');

export const limitCommand = ruleCommand({
  name: 'limit',
  summary: "set a chain's spending limit per period and its large amount",
  usage: `dwallet vault limit <vault id> --chain eth|btc --per <duration> --limit <amount> --large <amount>

  --per <duration>   the period (e.g. 24h, 7d; at most 365d); a new one starts now
  --limit <amount>   what may leave the vault in one period, fees included
  --large <amount>   amounts above it need k approvals and the timelock
  amounts are wei / satoshis, or decimals with a unit: eth, gwei / btc (e.g. 0.5eth, 0.01btc)`,
  options: { chain: { type: 'string' }, per: { type: 'string' }, limit: { type: 'string' }, large: { type: 'string' } },
  positionals: [],
  parse: (_, values) => {
    const chain = parseChain(requiredOption(values, 'chain'));
    const units = chain === 'eth' ? ETH_UNITS : BTC_UNITS;
    const periodMs = parseDuration('--per', requiredOption(values, 'per'), MAX_PERIOD_MS);
    if (periodMs === 0n) throw invalidArgument('--per', 'a period is at least 1ms', requiredOption(values, 'per'));
    const limitPerPeriod = parseAmount('--limit', requiredOption(values, 'limit'), units);
    const largeAmount = parseAmount('--large', requiredOption(values, 'large'), units);
    for (const [option, amount] of [
      ['--limit', limitPerPeriod],
      ['--large', largeAmount],
    ] as const) {
      if (amount > MAX_U256) throw invalidArgument(option, 'at most 2^256 − 1', amount.toString());
    }
    const unit = chain === 'eth' ? 'wei' : 'sat';
    return {
      changes: [{ rule: 'spending-limit', chain: chainName(chain), periodMs, limitPerPeriod, largeAmount }],
      description: `${chainName(chain)}: ${limitPerPeriod} ${unit} per ${periodMs} ms, large above ${largeAmount} ${unit}`,
    };
  },
});

export const timelockCommand = ruleCommand({
  name: 'timelock',
  summary: 'set how long a large amount waits after its proposal',
  usage: 'dwallet vault timelock <vault id> <duration>    (e.g. 0, 90s, 24h; at most 365d)',
  positionals: ['duration'],
  parse: ([duration]) => {
    const timelockMs = parseDuration('<duration>', duration as string, MAX_TIMELOCK_MS);
    return { changes: [{ rule: 'timelock', timelockMs }], description: `timelock ${timelockMs} ms` };
  },
});

export const nonceCommand = ruleCommand({
  name: 'nonce',
  summary: 'set the nonce of the next Ethereum transfer (after a rejected sign burnt one)',
  usage: 'dwallet vault nonce <vault id> <nonce>',
  positionals: ['nonce'],
  parse: ([nonce]) => {
    const value = parseUnsigned('<nonce>', nonce as string, MAX_U64);
    return { changes: [{ rule: 'ethereum-nonce', nonce: value }], description: `next Ethereum nonce ${value}` };
  },
});
