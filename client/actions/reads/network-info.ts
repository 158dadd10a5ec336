/**
 * The network: its package and coordinator, epoch, committee and network keys.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { decodeObject, readCoordinator } from '../../../chain/object-reader.ts';
import { NetworkKey } from '../../../chain/schemas/objects.ts';
import type { NetworkInfo } from '../../indexer-client.ts';
import type { ActionContext } from '../context.ts';

/** The network as the indexer reports it, else as the coordinator and the described network key on chain say. */
export async function networkInfo(context: ActionContext): Promise<NetworkInfo> {
  const { chain, network } = context;
  return context.lookup.read(
    (indexer) => indexer.network(),
    async () => {
      const coordinator = await readCoordinator(chain);
      const keyObject = await chain.getObject(network.networkKeyId);
      const key = keyObject === null ? null : decodeObject(network.packageId, keyObject, NetworkKey);
      return {
        packageId: network.packageId,
        coordinatorId: network.coordinatorId,
        epoch: coordinator.epoch,
        committee:
          coordinator.committee.members.length === 0
            ? null
            : {
                epoch: coordinator.epoch,
                threshold: coordinator.committee.threshold,
                totalWeight: coordinator.committee.total_weight,
                members: coordinator.committee.members.map((m) => ({
                  suiAddress: normalizeSuiAddress(m.sui_address),
                  weight: m.weight,
                  networkAddress: m.network_address,
                  publicKey: new Uint8Array(m.public_key),
                })),
              },
        networkKeys: key === null ? [] : [{ id: network.networkKeyId, curves: [...key.curves], epoch: key.registered_at_epoch }],
      };
    },
  );
}
