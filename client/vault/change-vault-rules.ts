/**
 * Changing a vault's rules with its `VaultAdminCap`: approvers, k, the allowlists, the spending
 * limits, the timelock, the Ethereum nonce. Several changes go in one transaction, applied in
 * order and all or none (a vault set up in one step never runs with half its rules).
 * @module
 */
import { Transaction, type TransactionArgument } from '@mysten/sui/transactions';
import type { VaultClient as VaultCalls, VaultRef } from '../../chain/vault-client.ts';
import { MAX_PERIOD_MS, MAX_TIMELOCK_MS } from '../../chain/vault-constants.ts';
import type { ActionContext } from '../actions/context.ts';
import { addressArgument } from '../arguments.ts';
import { invalidArgument } from '../errors.ts';
import {
  amountArgument,
  integerArgument,
  recipientArgument,
  U64_MAX,
  type VaultChainName,
  type VaultRecipient,
  vaultChainArgument,
} from './vault-arguments.ts';
import { adminCapRef, readVaultOf, vaultCalls } from './vault-reads.ts';

/** One change of a vault's rules. Amounts are in the chain's smallest unit (wei, satoshi). */
export type VaultRuleChange =
  | { readonly rule: 'add-approver'; readonly approver: string }
  | { readonly rule: 'remove-approver'; readonly approver: string }
  | { readonly rule: 'required-approvals'; readonly requiredApprovals: number | bigint }
  | { readonly rule: 'allow-recipient'; readonly recipient: VaultRecipient }
  | { readonly rule: 'disallow-recipient'; readonly recipient: VaultRecipient }
  | {
      readonly rule: 'spending-limit';
      readonly chain: VaultChainName;
      /** The period's length (a day: 86,400,000). */
      readonly periodMs: number | bigint;
      /** What may leave the vault in one period. */
      readonly limitPerPeriod: bigint;
      /** Amounts above it need k approvals and the timelock. */
      readonly largeAmount: bigint;
    }
  | { readonly rule: 'timelock'; readonly timelockMs: number | bigint }
  | { readonly rule: 'ethereum-nonce'; readonly nonce: number | bigint };

export const VAULT_RULES: readonly VaultRuleChange['rule'][] = Object.freeze([
  'add-approver',
  'remove-approver',
  'required-approvals',
  'allow-recipient',
  'disallow-recipient',
  'spending-limit',
  'timelock',
  'ethereum-nonce',
]);

export interface ChangeVaultRulesOptions {
  /** The admin cap to use (default: the one of this vault the wallet holds). */
  readonly adminCapId?: string;
}

export interface ChangedVaultRules {
  readonly vaultId: string;
  readonly changes: number;
  readonly digest: string;
}

/**
 * Applies `changes` to vault `vaultId` in one transaction, in order, with the wallet's admin cap.
 * Every change is checked for its format first; the vault checks its own invariants (an approver
 * named twice, k above the approvers, a recipient allowed twice …) and aborts with their codes.
 *
 * Errors: INVALID_ARGUMENT (an unknown rule or a malformed value), the Ethereum and Bitcoin
 * helpers' address errors (ETH_INVALID_ADDRESS, BTC_INVALID_ADDRESS, BTC_INVALID_NETWORK),
 * UNKNOWN_VAULT, NO_SIGNER, VAULT_ADMIN_CAP_MISSING, TRANSACTION_FAILED (a `vault::E…` abort).
 */
export async function changeVaultRules(
  context: ActionContext,
  vaultId: string,
  changes: readonly VaultRuleChange[],
  options: ChangeVaultRulesOptions = {},
): Promise<ChangedVaultRules> {
  if (!Array.isArray(changes) || changes.length === 0) throw invalidArgument('changes must be a non-empty array of rule changes');
  const checked = changes.map((change, i) => checkChange(change, `changes[${i}]`));
  const vault = await readVaultOf(context, vaultId);
  const id = vault.ref.objectId;
  const adminCap = await adminCapRef(context, id, options.adminCapId);
  context.onProgress(`changing ${changes.length} rule${changes.length === 1 ? '' : 's'} of vault ${id}`);
  const result = await context.transactions.execute('change vault rules', () => {
    const tx = new Transaction();
    const calls = vaultCalls(context);
    const cap = tx.objectRef({ objectId: adminCap.objectId, version: adminCap.version.toString(), digest: adminCap.digest });
    const base = { vault: vault.ref, adminCap: cap };
    for (const change of checked) change(calls, tx, base);
    return Promise.resolve(tx);
  });
  return { vaultId: id, changes: changes.length, digest: result.digest };
}

/** Adds a checked change's call to a transaction. */
type CheckedChange = (calls: VaultCalls, tx: Transaction, base: { vault: VaultRef; adminCap: TransactionArgument }) => void;

/** Checks one change and returns the call it adds. */
function checkChange(change: VaultRuleChange, what: string): CheckedChange {
  if (typeof change !== 'object' || change === null) throw invalidArgument(`${what} must be a rule change object`);
  switch (change.rule) {
    case 'add-approver': {
      const approver = addressArgument(change.approver, `${what}.approver`);
      return (calls, tx, base) => calls.addApprover(tx, { ...base, approver });
    }
    case 'remove-approver': {
      const approver = addressArgument(change.approver, `${what}.approver`);
      return (calls, tx, base) => calls.removeApprover(tx, { ...base, approver });
    }
    case 'required-approvals': {
      const requiredApprovals = integerArgument(change.requiredApprovals, `${what}.requiredApprovals`, 1n, U64_MAX);
      return (calls, tx, base) => calls.setRequiredApprovals(tx, { ...base, requiredApprovals });
    }
    case 'allow-recipient': {
      const { chain, bytes } = recipientArgument(change.recipient, `${what}.recipient`);
      return (calls, tx, base) => calls.allowRecipient(tx, { ...base, chain, recipient: bytes });
    }
    case 'disallow-recipient': {
      const { chain, bytes } = recipientArgument(change.recipient, `${what}.recipient`);
      return (calls, tx, base) => calls.disallowRecipient(tx, { ...base, chain, recipient: bytes });
    }
    case 'spending-limit': {
      const chain = vaultChainArgument(change.chain, `${what}.chain`);
      const periodMs = integerArgument(change.periodMs, `${what}.periodMs`, 1n, MAX_PERIOD_MS);
      const limitPerPeriod = amountArgument(change.limitPerPeriod, `${what}.limitPerPeriod`);
      const largeAmount = amountArgument(change.largeAmount, `${what}.largeAmount`);
      return (calls, tx, base) => calls.setSpendingLimit(tx, { ...base, chain, periodMs, limitPerPeriod, largeAmount });
    }
    case 'timelock': {
      const timelockMs = integerArgument(change.timelockMs, `${what}.timelockMs`, 0n, MAX_TIMELOCK_MS);
      return (calls, tx, base) => calls.setTimelock(tx, { ...base, timelockMs });
    }
    case 'ethereum-nonce': {
      const nonce = integerArgument(change.nonce, `${what}.nonce`, 0n, U64_MAX);
      return (calls, tx, base) => calls.setEthereumNonce(tx, { ...base, nonce });
    }
    default:
      throw invalidArgument(`${what}.rule must be one of ${VAULT_RULES.join(', ')}`, { rule: String((change as { rule?: unknown }).rule) });
  }
}
