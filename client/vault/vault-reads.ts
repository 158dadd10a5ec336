/**
 * What the vault actions read and build with: the typed vault calls (chain/vault-client.ts), the
 * vault and its proposals (chain/vault-reader.ts) with the chain's errors turned into the SDK's,
 * the admin cap the wallet holds, the vault's events in a transaction, and the shared dWallet's
 * public key.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { ObjectRef, TransactionResult } from '../../chain/chain.ts';
import { DWalletState } from '../../chain/constants.ts';
import { ChainError, ChainErrorCodes } from '../../chain/errors.ts';
import { decodeObject, objectRef } from '../../chain/object-reader.ts';
import { DWallet, type DWalletValue } from '../../chain/schemas/objects.ts';
import { type ProposalValue, VaultAdminCap, type VaultEventName, type VaultEventValue } from '../../chain/schemas/vault.ts';
import { VaultClient as VaultCalls } from '../../chain/vault-client.ts';
import { readProposal, readVault, type VaultSnapshot, vaultEvent } from '../../chain/vault-reader.ts';
import { decodeDWalletOutput } from '../../mpc/ecdsa/index.ts';
import { decodeExact } from '../../mpc/encoding/decode.ts';
import { type ActionContext, userAddress } from '../actions/context.ts';
import { addressArgument } from '../arguments.ts';
import { curveOfChain, dwalletStateName } from '../chain-values.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';

/** The typed builder of the vault's Move calls, for the context's deployment. */
export function vaultCalls(context: ActionContext): VaultCalls {
  return new VaultCalls(context.coordinator.deployment);
}

/**
 * Reads vault `vaultId`.
 *
 * Errors: INVALID_ARGUMENT (not an id), UNKNOWN_VAULT (no object, or not a shared vault of this package).
 */
export async function readVaultOf(context: ActionContext, vaultId: string): Promise<VaultSnapshot> {
  const id = addressArgument(vaultId, 'vaultId');
  try {
    return await readVault(context.chain, id);
  } catch (error) {
    if (error instanceof ChainError && (error.code === ChainErrorCodes.NOT_FOUND || error.code === ChainErrorCodes.DATA_INVALID)) {
      throw new ClientError(ClientErrorCodes.UNKNOWN_VAULT, `no policy vault ${id}: ${error.message}`, { vaultId: id }, { cause: error });
    }
    throw error;
  }
}

/**
 * Reads proposal `proposalId` of a vault.
 *
 * Errors: NOT_FOUND (the vault has no such proposal), CHAIN_DATA_INVALID (the object is not it).
 */
export async function readProposalOf(context: ActionContext, vault: VaultSnapshot, proposalId: bigint): Promise<ProposalValue> {
  try {
    return await readProposal(context.chain, vault.value, proposalId);
  } catch (error) {
    if (error instanceof ChainError && error.code === ChainErrorCodes.NOT_FOUND) {
      throw new ClientError(
        ClientErrorCodes.NOT_FOUND,
        `vault ${vault.ref.objectId} has no proposal ${proposalId} (it has ${vault.value.next_proposal_id})`,
        { vaultId: vault.ref.objectId, proposalId: proposalId.toString() },
        { cause: error },
      );
    }
    if (error instanceof ChainError && error.code === ChainErrorCodes.DATA_INVALID) {
      throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, error.message, { proposalId: proposalId.toString() }, { cause: error });
    }
    throw error;
  }
}

/** The first `name` vault event of a transaction; CHAIN_DATA_INVALID when it emitted none. */
export function vaultEventOf<N extends VaultEventName>(context: ActionContext, result: TransactionResult, name: N): VaultEventValue<N> {
  try {
    return vaultEvent(context.network.packageId, result, name);
  } catch (error) {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, (error as Error).message, { digest: result.digest }, { cause: error });
  }
}

/**
 * The `VaultAdminCap` of `vaultId`: `adminCapId` when given (it must be one of this vault), else
 * the first the wallet owns.
 *
 * Errors: NO_SIGNER, VAULT_ADMIN_CAP_MISSING (the wallet holds none; or the given object is not
 * this vault's admin cap).
 */
export async function adminCapRef(context: ActionContext, vaultId: string, adminCapId?: string): Promise<ObjectRef> {
  const { chain, network } = context;
  const type = `${network.packageId}::vault::VaultAdminCap`;
  const capOf = (object: { type: string; bcs: Uint8Array }) =>
    object.type === type ? normalizeSuiAddress(decodeExact(VaultAdminCap.bcs, object.bcs, 'VaultAdminCap').vault_id) : null;
  if (adminCapId !== undefined) {
    const id = addressArgument(adminCapId, 'adminCapId');
    const object = await chain.getObject(id);
    if (object === null || capOf(object) !== vaultId) {
      throw new ClientError(ClientErrorCodes.VAULT_ADMIN_CAP_MISSING, `${id} is not an admin cap of vault ${vaultId}`, {
        adminCapId: id,
        vaultId,
      });
    }
    return objectRef(object);
  }
  const owner = userAddress(context);
  let cursor: string | null = null;
  do {
    const page = await chain.listOwnedObjects(owner, { type, cursor, limit: 50 });
    for (const object of page.objects) if (capOf(object) === vaultId) return objectRef(object);
    cursor = page.nextCursor;
  } while (cursor);
  throw new ClientError(
    ClientErrorCodes.VAULT_ADMIN_CAP_MISSING,
    `the wallet ${owner} holds no admin cap of vault ${vaultId}: only its holder changes the vault's rules`,
    { vaultId, owner },
  );
}

/** The dWallet's object on chain; UNKNOWN_DWALLET when there is none. */
export async function dwalletValueOf(context: ActionContext, dwalletId: string): Promise<DWalletValue> {
  const object = await context.chain.getObject(dwalletId);
  if (object === null) throw new ClientError(ClientErrorCodes.UNKNOWN_DWALLET, `no dWallet ${dwalletId} on chain`, { dwalletId });
  try {
    return decodeObject(context.network.packageId, object, DWallet);
  } catch (error) {
    throw new ClientError(ClientErrorCodes.UNKNOWN_DWALLET, `${dwalletId} is not a dWallet`, { dwalletId }, { cause: error });
  }
}

/** The public key (SEC1 compressed) of an active dWallet, read from the chain; see {@link activeDWalletPublicKey}. */
export async function dwalletPublicKey(context: ActionContext, dwalletId: string): Promise<Uint8Array> {
  return activeDWalletPublicKey(context, dwalletId, await dwalletValueOf(context, dwalletId));
}

/**
 * The public key (SEC1 compressed) of the dWallet whose chain object is `dwallet` (already read),
 * decoded from its output with the network key as getDWallet does; DWALLET_NOT_ACTIVE when it has
 * none yet.
 */
export async function activeDWalletPublicKey(context: ActionContext, dwalletId: string, dwallet: DWalletValue): Promise<Uint8Array> {
  if (dwallet.state !== DWalletState.ACTIVE) {
    throw new ClientError(
      ClientErrorCodes.DWALLET_NOT_ACTIVE,
      `dWallet ${dwalletId} is ${dwalletStateName(dwallet.state)}: it has no public key yet`,
      { dwalletId },
    );
  }
  const key = await context.networkKeys.forCurve(curveOfChain(dwallet.curve));
  return key.curve.encodePoint(decodeDWalletOutput(key.curve, key.encryptionKey.setup, new Uint8Array(dwallet.output)).publicKey);
}
