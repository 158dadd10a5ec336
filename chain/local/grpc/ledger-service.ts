/**
 * `sui.rpc.v2.LedgerService` on the local chain: service info, objects by id, a transaction by
 * digest (its effects, events and the data and signatures its sender submitted; the chain's own
 * transactions have none), the epoch's reference gas price, the chain's events (events.ts). Other
 * methods answer UNIMPLEMENTED (router.ts).
 * @module
 */
import type { GrpcTypes } from '@mysten/sui/grpc';
import { fromBase64 } from '@mysten/sui/utils';
import { isDigest } from '../../wire.ts';
import type { LocalLedger } from '../ledger.ts';
import { executedTransaction } from './effects.ts';
import { listEvents } from './events.ts';
import { objectReadMask, protoObject } from './objects.ts';
import { readMaskPaths } from './read-mask.ts';
import { GrpcError, GrpcStatus, grpcStatusOf, invalidArgument } from './status.ts';
import { checkExecutedPath } from './transaction-service.ts';

/** Sui's cap on the ids of one BatchGetObjects request (sui-rpc-api, `MAX_BATCH_REQUESTS`). */
export const MAX_BATCH_OBJECTS = 1000;

export function ledgerService(ledger: LocalLedger) {
  /** The object, or NOT_FOUND; a version other than the latest is refused (the local chain keeps no history). */
  const object = async (request: GrpcTypes.GetObjectRequest, mask: ReturnType<typeof objectReadMask>): Promise<GrpcTypes.Object> => {
    const id = request.objectId as string;
    // The ledger refuses a malformed id (INVALID_ARGUMENT).
    const found = await ledger.getObject(id);
    if (found === null) throw new GrpcError(GrpcStatus.NOT_FOUND, `object ${id} not found`);
    if (request.version !== undefined && request.version !== found.version) {
      throw new GrpcError(
        GrpcStatus.NOT_FOUND,
        `object ${id} at version ${request.version} not found (the local chain keeps the latest only)`,
      );
    }
    return protoObject(found, mask);
  };
  return {
    GetServiceInfo: async (): Promise<GrpcTypes.GetServiceInfoResponse> => ({
      chainId: ledger.chainIdentifier(),
      chain: 'localnet',
      epoch: 0n,
      checkpointHeight: ledger.latestCheckpoint(),
      lowestAvailableCheckpoint: 0n,
      lowestAvailableCheckpointObjects: 0n,
      server: 'dwallet-network local chain',
    }),
    GetObject: async (request: GrpcTypes.GetObjectRequest): Promise<GrpcTypes.GetObjectResponse> => ({
      object: await object(request, objectReadMask(request.readMask, ['object_id', 'version', 'digest'])),
    }),
    BatchGetObjects: async (request: GrpcTypes.BatchGetObjectsRequest): Promise<GrpcTypes.BatchGetObjectsResponse> => {
      if (request.requests.length > MAX_BATCH_OBJECTS) {
        invalidArgument(`${request.requests.length} objects requested; at most ${MAX_BATCH_OBJECTS} per request`);
      }
      const mask = objectReadMask(request.readMask, ['object_id', 'version', 'digest']);
      const objects: GrpcTypes.GetObjectResult[] = [];
      for (const one of request.requests) {
        try {
          objects.push({ result: { oneofKind: 'object', object: await object(one, mask) } });
        } catch (error) {
          // Per object, as Sui answers: a missing or malformed id is that entry's error.
          const status = grpcStatusOf(error);
          if (status === null) throw error;
          objects.push({ result: { oneofKind: 'error', error: { code: status.status, message: status.message, details: [] } } });
        }
      }
      return { objects };
    },
    ListEvents: (request: GrpcTypes.ListEventsRequest): Promise<GrpcTypes.ListEventsResponse[]> => listEvents(ledger, request),
    GetTransaction: async (request: GrpcTypes.GetTransactionRequest): Promise<GrpcTypes.GetTransactionResponse> => {
      for (const path of readMaskPaths(request.readMask) ?? []) checkExecutedPath(path);
      const digest = request.digest;
      if (!isDigest(digest)) invalidArgument('digest: not a transaction digest');
      const found = ledger.getTransaction(digest);
      if (found === null) throw new GrpcError(GrpcStatus.NOT_FOUND, `transaction ${digest} not found`);
      const signatures: GrpcTypes.UserSignature[] = (found.signed?.signatures ?? []).map((signature) => ({
        bcs: { name: 'UserSignatureBytes', value: fromBase64(signature) },
        signature: { oneofKind: undefined },
      }));
      return { transaction: executedTransaction(found.result, found.signed?.bytes ?? new Uint8Array(), signatures) };
    },
    GetEpoch: async (request: GrpcTypes.GetEpochRequest): Promise<GrpcTypes.GetEpochResponse> => {
      if (request.epoch !== undefined && request.epoch !== 0n)
        throw new GrpcError(GrpcStatus.NOT_FOUND, `epoch ${request.epoch} not found`);
      for (const path of readMaskPaths(request.readMask) ?? []) {
        if (!['epoch', 'reference_gas_price'].includes(path)) {
          throw new GrpcError(GrpcStatus.UNIMPLEMENTED, `the local chain does not serve the epoch field ${path}`);
        }
      }
      return { epoch: { epoch: 0n, referenceGasPrice: await ledger.getReferenceGasPrice() } };
    },
  };
}
