/**
 * The network's pools of universal presigns.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { availablePresignCount, readCoordinator } from '../../../chain/object-reader.ts';
import { algorithmById } from '../../../mpc/signing/algorithms.ts';
import type { PresignPoolInfo } from '../../indexer-client.ts';
import type { ActionContext } from '../context.ts';

/** The presign pools: available and pending presigns per network key, curve and signature algorithm. */
export async function presignPool(context: ActionContext): Promise<PresignPoolInfo[]> {
  return context.lookup.read(
    (indexer) => indexer.presignPools(),
    async () =>
      (await readCoordinator(context.chain)).presign_pools.map((p) => ({
        networkKeyId: normalizeSuiAddress(p.network_key_id),
        curve: p.curve,
        algorithm: algorithmById(p.algorithm),
        available: availablePresignCount(p),
        pending: Number(p.pending),
      })),
  );
}
