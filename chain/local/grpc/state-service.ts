/**
 * `sui.rpc.v2.StateService` on the local chain: the objects an address owns, by page, optionally
 * of one type. Other methods answer UNIMPLEMENTED (router.ts).
 * @module
 */
import type { GrpcTypes } from '@mysten/sui/grpc';
import { fromHex, normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import type { LocalLedger } from '../ledger.ts';
import { objectReadMask, protoObject } from './objects.ts';
import { invalidArgument } from './status.ts';

/** Sui's default and largest page of owned objects (sui-rpc-api list_owned_objects). */
export const DEFAULT_OWNED_PAGE = 50;
export const MAX_OWNED_PAGE = 1000;

export function stateService(ledger: LocalLedger) {
  return {
    ListOwnedObjects: async (request: GrpcTypes.ListOwnedObjectsRequest): Promise<GrpcTypes.ListOwnedObjectsResponse> => {
      // Sui clamps the page size to its maximum rather than refusing it.
      const limit = Math.min(
        request.pageSize === undefined || request.pageSize === 0 ? DEFAULT_OWNED_PAGE : request.pageSize,
        MAX_OWNED_PAGE,
      );
      let cursor: string | null = null;
      if (request.pageToken !== undefined) {
        // The page token is the 32-byte id of the last object of the previous page.
        if (request.pageToken.length !== 32) invalidArgument('invalid page_token');
        cursor = normalizeSuiAddress(toHex(request.pageToken));
      }
      const mask = objectReadMask(request.readMask, ['object_id', 'version', 'object_type']);
      // The ledger refuses a malformed owner (INVALID_ARGUMENT).
      const page = await ledger.listOwnedObjects(request.owner as string, {
        ...(request.objectType === undefined ? {} : { type: request.objectType }),
        cursor,
        limit,
      });
      return {
        objects: page.objects.map((o) => protoObject(o, mask)),
        ...(page.nextCursor === null ? {} : { nextPageToken: fromHex(page.nextCursor) }),
      };
    },
  };
}
