/**
 * The dWallets an address holds the caps of.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { decodeObject } from '../../../chain/object-reader.ts';
import { DWalletCap } from '../../../chain/schemas/objects.ts';
import { addressArgument } from '../../arguments.ts';
import { type ActionContext, userAddress } from '../context.ts';
import { type DWalletInfo, findDWallet } from './get-dwallet.ts';

/** At most this many pages of the indexer's listing are read (100 dWallets each). */
const MAX_INDEXER_PAGES = 1000;

/**
 * The dWallets whose caps `owner` (default: this user) holds.
 *
 * Errors: INVALID_ARGUMENT (not an address), NO_SIGNER (no owner given and no signer), and those
 * of {@link findDWallet} for each dWallet.
 */
export async function listDWallets(context: ActionContext, owner?: string): Promise<DWalletInfo[]> {
  const address = owner === undefined ? userAddress(context) : addressArgument(owner, 'owner');
  const ids = await context.lookup.read(
    async (indexer) => {
      const found: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < MAX_INDEXER_PAGES; page++) {
        const result = await indexer.listDWallets({ owner: address, limit: 100, cursor });
        found.push(...result.dwallets.map((d) => d.id));
        cursor = result.nextCursor;
        if (cursor === null) break;
      }
      return found;
    },
    () => dwalletIdsOfCapsOnChain(context, address),
  );
  const out: DWalletInfo[] = [];
  for (const id of ids) {
    const info = await findDWallet(context, id);
    if (info !== null) out.push(info);
  }
  return out;
}

/** The ids of the dWallets whose caps `owner` holds, read from the chain's owned objects (not the indexer). */
export async function dwalletIdsOfCapsOnChain(context: ActionContext, owner: string): Promise<string[]> {
  const { chain, network } = context;
  const type = `${network.packageId}::coordinator::DWalletCap`;
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await chain.listOwnedObjects(owner, { type, cursor, limit: 50 });
    for (const object of page.objects) found.push(normalizeSuiAddress(decodeObject(network.packageId, object, DWalletCap).dwallet_id));
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}
