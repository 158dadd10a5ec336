/**
 * Finishing creations a crash interrupted.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { decodeObject } from '../../chain/object-reader.ts';
import { DWallet } from '../../chain/schemas/objects.ts';
import { dwalletStateName } from '../chain-values.ts';
import type { ActionContext } from './context.ts';
import { getSession } from './reads/get-session.ts';

/**
 * Secret shares still stored under a session id (the process stopped between sending a creation
 * request and recording its dWallet id) are moved to their dWallet id when the request is on
 * chain; returns the ids of the dWallets recovered. A share whose request is not on chain stays.
 *
 * Errors: SECRET_STORE_INVALID (a corrupt record), and the chain's.
 */
export async function recoverPending(context: ActionContext): Promise<string[]> {
  const { secrets } = context;
  const recovered: string[] = [];
  for (const key of await secrets.keys()) {
    if (!key.startsWith('session-')) continue;
    const record = await secrets.get(key);
    if (record === undefined) continue;
    const session = await getSession(context, record.sessionId);
    if (session === null) continue;
    const object = await context.chain.getObject(session.objectId);
    if (object === null) continue;
    const dwallet = decodeObject(context.network.packageId, object, DWallet);
    await secrets.put(session.objectId, {
      ...record,
      dwalletId: session.objectId,
      capId: normalizeSuiAddress(dwallet.cap_id),
      state: dwalletStateName(dwallet.state),
    });
    await secrets.delete(key);
    recovered.push(session.objectId);
  }
  return recovered;
}
