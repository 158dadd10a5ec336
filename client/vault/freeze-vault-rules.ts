/**
 * Freezing a vault's rules for good: the `VaultAdminCap` is destroyed (`vault::destroy_admin_cap`,
 * event `RulesFrozen`), so nobody can change approvers, k, allowlists, limits, the timelock or the
 * Ethereum nonce again. Irreversible: a burnt Ethereum nonce can no longer be set back either.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import type { ActionContext } from '../actions/context.ts';
import type { ChangeVaultRulesOptions } from './change-vault-rules.ts';
import { adminCapRef, readVaultOf, vaultCalls, vaultEventOf } from './vault-reads.ts';

export interface FrozenVaultRules {
  readonly vaultId: string;
  /** The admin cap that was destroyed. */
  readonly adminCapId: string;
  readonly digest: string;
}

/**
 * Destroys the wallet's `VaultAdminCap` of vault `vaultId` (or `options.adminCapId`), freezing its
 * rules.
 *
 * Errors: INVALID_ARGUMENT, UNKNOWN_VAULT, NO_SIGNER, VAULT_ADMIN_CAP_MISSING, TRANSACTION_FAILED,
 * CHAIN_DATA_INVALID (no `RulesFrozen` event for this vault).
 */
export async function freezeVaultRules(
  context: ActionContext,
  vaultId: string,
  options: ChangeVaultRulesOptions = {},
): Promise<FrozenVaultRules> {
  const vault = await readVaultOf(context, vaultId);
  const id = vault.ref.objectId;
  const adminCap = await adminCapRef(context, id, options.adminCapId);
  context.onProgress(`freezing the rules of vault ${id} (destroying admin cap ${adminCap.objectId})`);
  const result = await context.transactions.execute('freeze vault rules', () => {
    const tx = new Transaction();
    vaultCalls(context).destroyAdminCap(tx, { adminCap });
    return Promise.resolve(tx);
  });
  vaultEventOf(context, result, 'RulesFrozen');
  return { vaultId: id, adminCapId: adminCap.objectId, digest: result.digest };
}
