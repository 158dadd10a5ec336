/**
 * `sui.rpc.v2.SubscriptionService/SubscribeCheckpoints` on the local chain: a live stream, first
 * the latest checkpoint, then each new one as the chain records it (a checkpoint per transaction
 * here), until the client goes away. Only `sequence_number` and `digest` of the checkpoint are
 * served (its summary, contents and signature are UNIMPLEMENTED); a transaction filter is
 * UNIMPLEMENTED. `chain/sui` waits for events with it (`SuiChain.waitForEvents`).
 * @module
 */
import type { GrpcTypes } from '@mysten/sui/grpc';
import type { LocalLedger } from '../ledger.ts';
import { readMaskPaths } from './read-mask.ts';
import { GrpcError, GrpcStatus, invalidArgument } from './status.ts';

/** How long one wait for the next checkpoint lasts before it is renewed (the ledger's bound). */
const WAIT_MS = 20_000;

function checkReadMask(mask: { paths: string[] } | undefined): void {
  for (const path of readMaskPaths(mask) ?? []) {
    if (path === 'sequence_number' || path === 'digest') continue;
    if (/^(summary|contents|signature|transactions|objects)\b/.test(path)) {
      throw new GrpcError(GrpcStatus.UNIMPLEMENTED, `the local chain does not serve the checkpoint's ${path}`);
    }
    invalidArgument(`invalid read_mask path: ${path}`);
  }
}

export function subscriptionService(ledger: LocalLedger) {
  return {
    SubscribeCheckpoints: (
      request: GrpcTypes.SubscribeCheckpointsRequest,
      signal: AbortSignal,
    ): AsyncIterable<GrpcTypes.SubscribeCheckpointsResponse> => {
      checkReadMask(request.readMask);
      if (request.filter !== undefined) throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'the local chain does not filter checkpoints');
      const frame = (sequence: bigint): GrpcTypes.SubscribeCheckpointsResponse => ({
        cursor: sequence,
        checkpoint: { sequenceNumber: sequence, transactions: [] },
      });
      return (async function* () {
        let last = ledger.latestCheckpoint();
        yield frame(last);
        while (!signal.aborted) {
          if (!(await ledger.waitForCheckpoint(last, WAIT_MS, signal))) continue;
          const now = ledger.latestCheckpoint();
          for (let sequence = last + 1n; sequence <= now; sequence++) yield frame(sequence);
          last = now;
        }
      })();
    },
  };
}
