/**
 * What the `dwallet vault …` commands share: the parsing of vault and proposal ids, chains and
 * durations, the connection to the network, and how a vault and a proposal are printed. Parsing
 * loads no SDK (types only), so that argument errors answer at once.
 * @module
 */
import type { ProposalInfo, SpendingLimitInfo, VaultClient, VaultInfo } from '../../../vault/index.ts';
import { parseChoice, parseId, parseUnsigned, positionalArguments } from '../../args.ts';
import type { RunContext } from '../../command.ts';
import type { Printable } from '../../output.ts';

/** Proposal ids are u64. */
export const MAX_U64 = (1n << 64n) - 1n;
/** Amounts are u256. */
export const MAX_U256 = (1n << 256n) - 1n;

export const CHAIN_CHOICES = ['eth', 'btc'] as const;
export type ChainChoice = (typeof CHAIN_CHOICES)[number];

export function parseVaultId(value: string): string {
  return parseId('<vault id>', value);
}

export function parseProposalId(value: string): bigint {
  return parseUnsigned('<proposal id>', value, MAX_U64);
}

/** The `<vault id> <proposal id>` positionals of the commands that act on one proposal. */
export function parseProposalTarget(positionals: readonly string[]): { vaultId: string; proposalId: bigint } {
  const [vault, proposal] = positionalArguments(positionals, ['vault id', 'proposal id']);
  return { vaultId: parseVaultId(vault as string), proposalId: parseProposalId(proposal as string) };
}

export function parseChain(value: string): ChainChoice {
  return parseChoice('--chain', value, CHAIN_CHOICES);
}

/** The SDK's name of a chain choice. */
export function chainName(chain: ChainChoice): 'ethereum' | 'bitcoin' {
  return chain === 'eth' ? 'ethereum' : 'bitcoin';
}

/** Connects (sending commands create and fund the wallet's key on first use) and returns the SDK's vault side. */
export async function vaultClient(context: RunContext, mode: 'read' | 'send'): Promise<VaultClient> {
  const { connect } = await import('../../context.ts');
  const { client } = await connect(context.globals, { mode, signal: context.signal, sent: context.sent });
  return client.vault;
}

function time(ms: bigint): string {
  return new Date(Number(ms)).toISOString();
}

function limitRecord(prefix: string, unit: string, limit: SpendingLimitInfo): Record<string, Printable> {
  return {
    [`${prefix}LimitPerPeriod`]: `${limit.limitPerPeriod} ${unit} per ${limit.periodMs} ms`,
    [`${prefix}LargeAmount`]: `${limit.largeAmount} ${unit} (above: k approvals and the timelock)`,
    [`${prefix}SpentInPeriod`]: `${limit.spentInPeriod} ${unit} since ${time(limit.periodStartMs)}`,
  };
}

/** The record printed for a vault: its dWallet and addresses, approvers, and each chain's rules. */
export function vaultRecord(vault: VaultInfo, json: boolean): Record<string, Printable> {
  if (json) return vault as unknown as Record<string, Printable>;
  return {
    vault: vault.id,
    dwallet: `${vault.dwalletId} (shared: the network completes its signatures when the vault approves)`,
    approvers: [...vault.approvers],
    requiredApprovals: `${vault.requiredApprovals} of ${vault.approvers.length}`,
    timelock: `${vault.timelockMs} ms`,
    ethereumAddress: vault.ethereum.address,
    ethereumChainId: vault.ethereum.chainId,
    ethereumNextNonce: vault.ethereum.nextNonce,
    ethereumRecipients: vault.ethereum.recipients.length === 0 ? 'none' : [...vault.ethereum.recipients],
    ...limitRecord('ethereum', 'wei', vault.ethereum.spendingLimit),
    bitcoinAddress: `${vault.bitcoin.own.address} (${vault.bitcoin.network})`,
    bitcoinRecipients: vault.bitcoin.recipients.length === 0 ? 'none' : vault.bitcoin.recipients.map((r) => r.address ?? r.scriptPubKey),
    ...limitRecord('bitcoin', 'sat', vault.bitcoin.spendingLimit),
    proposals: vault.proposalCount,
  };
}

/** The record printed for a proposal: what it does, its state and approvals, when a large amount unlocks. */
export function proposalRecord(proposal: ProposalInfo, json: boolean): Record<string, Printable> {
  if (json) return proposal as unknown as Record<string, Printable>;
  const unit = proposal.chain === 'ethereum' ? 'wei' : 'sat';
  const record: Record<string, Printable> = {
    proposal: proposal.id,
    chain: proposal.chain,
    state: proposal.state,
    proposer: proposal.proposer,
    amount: `${proposal.amount} ${unit}${proposal.large ? ' (large)' : ''}`,
    createdAt: time(proposal.createdAtMs),
    approvals: proposal.approvals.length === 0 ? 'none' : [...proposal.approvals],
    countedApprovals: proposal.countedApprovals,
  };
  if (proposal.unlocksAtMs !== null) record.unlocksAt = time(proposal.unlocksAtMs);
  const eth = proposal.ethereum;
  if (eth !== null) {
    record.to = eth.to;
    record.value = `${eth.value} wei`;
    record.fees = `max ${eth.maxFeePerGas} wei/gas, tip ${eth.maxPriorityFeePerGas} wei/gas, gas limit ${eth.gasLimit}`;
    if (eth.nonce !== null) record.nonce = eth.nonce;
    if (eth.signId !== null) record.signId = eth.signId;
  }
  const btc = proposal.bitcoin;
  if (btc !== null) {
    record.inputs = btc.inputs.map((i) => `${i.txid}:${i.vout}:${i.value}`);
    record.outputs = btc.outputs.map(
      (o) => `${o.address ?? `0x${Buffer.from(o.scriptPubKey).toString('hex')}`}:${o.value}${o.change ? ' (change)' : ''}`,
    );
    record.fee = `${btc.fee} sat`;
    record.lockTime = btc.lockTime;
    const signed = btc.inputs.flatMap((i) => (i.signId === null ? [] : [i.signId]));
    if (signed.length > 0) record.signIds = signed;
  }
  return record;
}
