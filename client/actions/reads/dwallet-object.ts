/**
 * A dWallet object as the chain holds it, whoever owns it.
 * @module
 */
import type { ChainObject } from '../../../chain/chain.ts';
import { decodeObject } from '../../../chain/object-reader.ts';
import { DWallet, type DWalletValue } from '../../../chain/schemas/objects.ts';
import { ClientError, ClientErrorCodes } from '../../errors.ts';
import type { ActionContext } from '../context.ts';

export interface DWalletObject {
  readonly object: ChainObject;
  readonly value: DWalletValue;
}

/**
 * Reads dWallet `id` from the chain.
 *
 * Errors: UNKNOWN_DWALLET (no object with this id, or it is not a dWallet).
 */
export async function readDWalletObject(context: ActionContext, id: string): Promise<DWalletObject> {
  const object = await context.chain.getObject(id);
  if (object === null) throw new ClientError(ClientErrorCodes.UNKNOWN_DWALLET, `no dWallet ${id} on chain`, { dwalletId: id });
  try {
    return { object, value: decodeObject(context.network.packageId, object, DWallet) };
  } catch (error) {
    throw new ClientError(ClientErrorCodes.UNKNOWN_DWALLET, `${id} is not a dWallet`, { dwalletId: id }, { cause: error });
  }
}
