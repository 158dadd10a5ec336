/**
 * Typed reads of vaults from any `Chain`: the shared `Vault` object (its type checked, its
 * contents decoded strictly), its proposals (each the `Field<u64, Proposal>` object at the id Sui
 * derives from the `proposals` table's id and the proposal id), and the vault events of a
 * transaction.
 * @module
 */
import { decodeExact } from '../mpc/encoding/decode.ts';
import type { Chain, ChainObject, TransactionResult } from './chain.ts';
import { ChainDataError, ChainErrorCodes, ChainRequestError } from './errors.ts';
import { readTableEntry } from './object-reader.ts';
import {
  decodeVaultEvent,
  isVaultEventType,
  type ProposalValue,
  proposalFieldOf,
  Vault,
  type VaultEvent,
  type VaultEventName,
  type VaultEventValue,
  type VaultValue,
} from './schemas/vault.ts';
import type { VaultRef } from './vault-client.ts';

export interface VaultSnapshot {
  /** The input a transaction names the vault with. */
  ref: VaultRef;
  value: VaultValue;
  object: ChainObject;
}

/** Decodes a vault object of the package at `packageId`; its type must be `<package>::vault::Vault`. */
export function decodeVault(packageId: string, object: ChainObject): VaultValue {
  const expected = `${packageId}::vault::Vault`;
  if (object.type !== expected) {
    throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `object ${object.objectId} is a ${object.type}, not a ${expected}`, {
      objectId: object.objectId,
    });
  }
  try {
    return decodeExact(Vault.bcs, object.bcs, 'Vault');
  } catch (error) {
    throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `object ${object.objectId} does not decode as a Vault`, {}, { cause: error });
  }
}

/** Reads a vault; `NOT_FOUND` when no object has this id, `DATA_INVALID` when it is not a shared vault. */
export async function readVault(chain: Chain, vaultId: string): Promise<VaultSnapshot> {
  const [deployment, object] = await Promise.all([chain.deployment(), chain.getObject(vaultId)]);
  if (!object) throw new ChainRequestError(ChainErrorCodes.NOT_FOUND, `object ${vaultId} does not exist`, { objectId: vaultId });
  const value = decodeVault(deployment.packageId, object);
  if (object.owner.kind !== 'shared') {
    throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `vault ${vaultId} is not a shared object`, { objectId: vaultId });
  }
  return { ref: { objectId: object.objectId, initialSharedVersion: object.owner.initialSharedVersion }, value, object };
}

/** Reads proposal `proposalId` of `vault`; `NOT_FOUND` when the vault has none with this id. */
export async function readProposal(chain: Chain, vault: VaultValue, proposalId: bigint): Promise<ProposalValue> {
  const { packageId } = await chain.deployment();
  const proposal = await readTableEntry(chain, vault.proposals.id, proposalFieldOf(packageId), proposalId);
  if (proposal === null)
    throw new ChainRequestError(ChainErrorCodes.NOT_FOUND, `vault ${vault.id} has no proposal ${proposalId}`, {
      proposalId: proposalId.toString(),
    });
  return proposal;
}

/** Every proposal of `vault`, by id (0 .. next_proposal_id − 1). */
export async function readProposals(chain: Chain, vault: VaultValue): Promise<Array<{ id: bigint; proposal: ProposalValue }>> {
  const ids = Array.from({ length: Number(vault.next_proposal_id) }, (_, i) => BigInt(i));
  return Promise.all(ids.map(async (id) => ({ id, proposal: await readProposal(chain, vault, id) })));
}

/**
 * The vault events a transaction emitted, decoded (events of other modules are left out). Read
 * them from transaction results: `Chain.listEvents` follows the coordinator's events
 * (`<package>::events::…`) only.
 */
export function vaultEvents(packageId: string, result: TransactionResult): VaultEvent[] {
  return result.events
    .filter((event) => isVaultEventType(packageId, event.type))
    .map((event) => decodeVaultEvent(packageId, event.type, event.bcs));
}

/** The first `name` event of a transaction's vault events; `DATA_INVALID` when it emitted none. */
export function vaultEvent<N extends VaultEventName>(packageId: string, result: TransactionResult, name: N): VaultEventValue<N> {
  const found = vaultEvents(packageId, result).find((event) => event.name === name);
  if (!found) throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `the transaction emitted no ${name} event`, { digest: result.digest });
  return found.value as unknown as VaultEventValue<N>;
}
