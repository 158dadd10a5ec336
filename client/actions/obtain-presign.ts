/**
 * A presign for one signature of a dWallet, reserved for the operation that obtained it.
 *
 * Presigns are made per (network key, curve, algorithm): an ECDSA dWallet signs with an ECDSA
 * presign, a Taproot or EdDSA one with a Schnorr presign of its curve. A DKG dWallet signs with a
 * universal presign claimed from the network's pool of its scheme (`claim_presign`); when the pool
 * is empty, a presign is requested for the pool, awaited and claimed. An imported-key ECDSA dWallet
 * signs only with presigns made for it (`request_imported_key_presign`); a Schnorr presign does not
 * depend on the key, so imported Schnorr dWallets use the pool too. A presign cap the wallet
 * already holds (an earlier operation that did not use it) is taken first.
 *
 * Concurrent operations of one client never take the same cap: a cap is reserved in the
 * context's `reservedPresignCaps` until {@link releasePresign}.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { type Curve as ChainCurve, PresignState, RequestKind } from '../../chain/constants.ts';
import { availablePresignCount, decodeObject, readCoordinator } from '../../chain/object-reader.ts';
import { PresignCap, Presign as PresignObject } from '../../chain/schemas/objects.ts';
import { CURVE_IDS } from '../../mpc/signing/algorithms.ts';
import { chainAlgorithm } from '../chain-values.ts';
import { ClientError, ClientErrorCodes, TransactionFailedError } from '../errors.ts';
import { createdObjectId, eventOf, requestEventOf } from '../transactions.ts';
import { type ActionContext, dwalletCapRef, newSession, requestFee, userAddress } from './context.ts';
import type { OwnDWallet } from './reads/own-dwallet.ts';
import { decodePresignFor, readCompletedPresign } from './reads/presign.ts';
import { requestPresigns } from './request-presigns.ts';
import type { ReservedPresign } from './reserved-presign.ts';
import { awaitCompleted } from './wait-for-session.ts';

type PresignDWallet = Pick<OwnDWallet, 'id' | 'capId' | 'curve' | 'algorithm' | 'imported' | 'key'>;

/**
 * A presign for `dwallet`: one this client holds with its sign prepared (hold-presign.ts), else
 * {@link obtainFreshPresign}. The caller releases it with {@link releasePresign} when done.
 */
export async function obtainPresign(context: ActionContext, dwallet: PresignDWallet): Promise<ReservedPresign> {
  return takeHeldPresign(context, dwallet.id) ?? obtainFreshPresign(context, dwallet);
}

/**
 * A presign for `dwallet`: one the wallet owns, else (imported key) one requested for it, else
 * one claimed from the pool, requesting one for the pool while it is empty, until the client's
 * timeout. It comes back reserved.
 *
 * Errors: NO_SIGNER, NO_PRESIGN_AVAILABLE (none claimed within the timeout), and those of sending
 * and waiting (TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT, ABORTED).
 */
export async function obtainFreshPresign(context: ActionContext, dwallet: PresignDWallet): Promise<ReservedPresign> {
  const owned = await ownedPresign(context, dwallet);
  if (owned !== undefined) return owned;
  const fee = await requestFee(context, RequestKind.PRESIGN, chainAlgorithm(dwallet.algorithm));
  if (boundPresigns(dwallet)) return requestImportedKeyPresign(context, dwallet, fee);
  return claimPresign(context, dwallet, fee);
}

/** Whether the dWallet signs only with presigns made for it: an imported-key ECDSA dWallet (Schnorr presigns do not depend on the key). */
function boundPresigns(dwallet: Pick<OwnDWallet, 'imported' | 'algorithm'>): boolean {
  return dwallet.imported && dwallet.algorithm === 'ecdsa';
}

/** The first presign held for `dwalletId` (hold-presign.ts), taken out (it stays reserved until released), if any. */
export function takeHeldPresign(context: ActionContext, dwalletId: string): ReservedPresign | undefined {
  const held = context.heldPresigns.get(dwalletId);
  const first = held?.shift();
  if (held !== undefined && held.length === 0) context.heldPresigns.delete(dwalletId);
  if (first !== undefined) context.onProgress(`using presign cap ${first.capId}, held and prepared ahead`);
  return first;
}

/** The operation that reserved this presign cap is done with it (it was used, or may be used by the next). */
export function releasePresign(context: ActionContext, capId: string): void {
  context.reservedPresignCaps.delete(normalizeSuiAddress(capId));
}

/**
 * A presign cap the wallet owns for this dWallet that no operation is using: a completed presign
 * of the dWallet's key, curve and algorithm, bound to this cap, universal (or, for an imported-key
 * ECDSA dWallet, made for this one). It comes back reserved.
 */
async function ownedPresign(context: ActionContext, dwallet: PresignDWallet): Promise<ReservedPresign | undefined> {
  const owned = await reserveOwnedPresignCap(context, dwallet);
  if (owned === undefined) return undefined;
  try {
    return { capId: owned.capId, ...decodePresignFor(dwallet, owned.output) };
  } catch (error) {
    releasePresign(context, owned.capId);
    throw error;
  }
}

/**
 * The cap of a presign the wallet owns for this dWallet that no operation is using (as
 * {@link ownedPresign}), reserved, with the presign's bytes undecoded: for a request that needs
 * the cap only (a shared dWallet's sign, whose user part the network computes).
 */
export async function reserveOwnedPresignCap(
  context: ActionContext,
  dwallet: Pick<OwnDWallet, 'id' | 'curve' | 'algorithm' | 'imported'>,
): Promise<{ readonly capId: string; readonly output: Uint8Array } | undefined> {
  const { chain, network, reservedPresignCaps } = context;
  const type = `${network.packageId}::coordinator::PresignCap`;
  const curveId = CURVE_IDS[dwallet.curve];
  const algorithmId = chainAlgorithm(dwallet.algorithm);
  const bound = boundPresigns(dwallet);
  let cursor: string | null = null;
  do {
    const page = await chain.listOwnedObjects(userAddress(context), { type, cursor, limit: 50 });
    for (const object of page.objects) {
      const capId = normalizeSuiAddress(object.objectId);
      if (reservedPresignCaps.has(capId)) continue;
      const presignObject = await chain.getObject(decodeObject(network.packageId, object, PresignCap).presign_id);
      if (presignObject === null) continue;
      const presign = decodeObject(network.packageId, presignObject, PresignObject);
      const usable =
        presign.state === PresignState.COMPLETED &&
        presign.cap_id !== null &&
        normalizeSuiAddress(presign.cap_id) === capId &&
        normalizeSuiAddress(presign.network_key_id) === network.networkKeyId &&
        presign.curve === curveId &&
        presign.algorithm === algorithmId &&
        (presign.dwallet_id === null ? !bound : normalizeSuiAddress(presign.dwallet_id) === dwallet.id);
      // Checked again after the reads: a concurrent operation may have reserved it meanwhile.
      if (!usable || reservedPresignCaps.has(capId)) continue;
      reservedPresignCaps.add(capId);
      context.onProgress(`using presign ${normalizeSuiAddress(presignObject.objectId)} the wallet already holds`);
      return { capId, output: new Uint8Array(presign.output) };
    }
    cursor = page.nextCursor;
  } while (cursor);
  return undefined;
}

/** Requests a presign made for an imported-key ECDSA dWallet and waits for it; it comes back reserved. */
async function requestImportedKeyPresign(context: ActionContext, dwallet: PresignDWallet, fee: bigint): Promise<ReservedPresign> {
  const { coordinator, network } = context;
  const session = newSession(context);
  context.onProgress('requesting a presign for the imported-key dWallet');
  const result = await context.transactions.execute('request imported-key presign', async () => {
    const tx = new Transaction();
    const cap = coordinator.requestImportedKeyPresign(tx, {
      dwalletCap: await dwalletCapRef(context, dwallet.capId, dwallet.id),
      sessionPreimage: session.preimage,
      payment: coordinator.payFromGas(tx, fee),
    });
    tx.transferObjects([cap], userAddress(context));
    return tx;
  });
  const presignId = requestEventOf(network.packageId, result, 'presign').presign_id;
  const capId = createdObjectId(network.packageId, result, 'PresignCap');
  context.reservedPresignCaps.add(capId);
  try {
    await awaitCompleted(context, session.prefixed, 'the presign');
    return { capId, ...(await readCompletedPresign(context, presignId, dwallet)) };
  } catch (error) {
    releasePresign(context, capId);
    throw error;
  }
}

/** Claims a universal presign from the pool, requesting one for the pool while it is empty; it comes back reserved. */
async function claimPresign(context: ActionContext, dwallet: PresignDWallet, fee: bigint): Promise<ReservedPresign> {
  const { coordinator, network } = context;
  const curveId = CURVE_IDS[dwallet.curve] as ChainCurve;
  const algorithm = chainAlgorithm(dwallet.algorithm);
  const deadline = Date.now() + context.timeoutMs;
  while (Date.now() < deadline) {
    const pool = (await readCoordinator(context.chain)).presign_pools.find(
      (p) => normalizeSuiAddress(p.network_key_id) === network.networkKeyId && p.curve === curveId && p.algorithm === algorithm,
    );
    if (pool !== undefined && availablePresignCount(pool) > 0) {
      const tx = new Transaction();
      const cap = coordinator.claimPresign(tx, {
        networkKeyId: network.networkKeyId,
        curve: curveId,
        algorithm,
        payment: coordinator.payFromGas(tx, fee),
      });
      tx.transferObjects([cap], userAddress(context));
      try {
        const result = await context.transactions.execute('claim presign', tx);
        const claimed = eventOf(network.packageId, result, 'PresignClaimed');
        const capId = normalizeSuiAddress(claimed.presign_cap_id);
        context.onProgress(`claimed presign ${claimed.presign_id} from the pool`);
        const presign = await readCompletedPresign(context, claimed.presign_id, dwallet);
        context.reservedPresignCaps.add(capId);
        return { capId, ...presign };
      } catch (error) {
        // Someone else emptied the pool first: request one.
        if (!(error instanceof TransactionFailedError && error.abortName === 'EPresignPoolEmpty')) throw error;
      }
    }
    context.onProgress('the presign pool is empty: requesting a presign');
    const [sessionId] = await requestPresigns(context, 1, { curve: dwallet.curve, algorithm: dwallet.algorithm });
    await awaitCompleted(context, sessionId as string, 'the presign');
  }
  throw new ClientError(ClientErrorCodes.NO_PRESIGN_AVAILABLE, `no presign could be claimed from the pool within ${context.timeoutMs} ms`);
}
