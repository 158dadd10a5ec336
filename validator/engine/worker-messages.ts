/**
 * The messages between a validator's main thread and its session workers (worker.ts). The main
 * thread owns the network, the chain follower and the agreement on result batches; the workers own
 * the request sessions, whose steps (proof verification, decryption shares) take up to seconds of
 * CPU — in threads of their own they never hold up an agreement round or an HTTP answer, and
 * presigns (made ahead of demand) run in a worker apart, so they never delay a signature.
 * @module
 */
import type { ChainDescription } from '../../chain/connect.ts';
import type { CommitteeValue } from '../../chain/schemas/objects.ts';
import type { AggregationTimeouts } from '../../mpc/session/aggregation.ts';
import type { LogLevel } from '../../runtime/log.ts';
import type { Acceptance } from '../types.ts';

export interface WorkerSetup {
  /** The worker's name in logs, e.g. "signing". */
  readonly name: string;
  /** The session kinds this worker runs (session-workers.ts). */
  readonly kinds: readonly string[];
  readonly dbPath: string;
  readonly keyFile: string;
  /** The folder of the key shares this validator made by DKG or resharing (key-shares.ts). */
  readonly keySharesDir: string;
  /** The chain the validator follows (the worker reads network keys from it). */
  readonly chain: ChainDescription;
  readonly party: number;
  readonly epoch: bigint;
  readonly committee: CommitteeValue;
  readonly logLevel: LogLevel;
  readonly faults: readonly string[];
  readonly timeouts: AggregationTimeouts;
  readonly signResendMs: number;
  readonly closeGraceMs: number;
  readonly retryPlanMs: number;
  readonly maxQueuedPerSender: number;
  /** Pending sign requests whose user messages are verified together (engine/sign-verification.ts); 1: one at a time. */
  readonly signVerifyTogether: number;
  /** A standby's wait in sign sessions; 0: no standbys (validator config `signStandbyWaitMs`). */
  readonly signStandbyWaitMs: number;
}

export type ToWorker =
  | { readonly type: 'start'; readonly id: string }
  | { readonly type: 'close'; readonly id: string }
  | { readonly type: 'nudge'; readonly id: string; readonly timer: string }
  | { readonly type: 'receive'; readonly request: number; readonly envelope: Uint8Array }
  | { readonly type: 'committee'; readonly epoch: bigint; readonly committee: CommitteeValue }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'answer'; readonly request: number; readonly status: Acceptance }
  | {
      readonly type: 'refused';
      readonly request: number;
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly details: Record<string, unknown>;
    }
  | { readonly type: 'sent'; readonly recipients: readonly number[] }
  | { readonly type: 'ended'; readonly id: string; readonly kind: string }
  | { readonly type: 'metric'; readonly name: string; readonly method: string; readonly args: readonly unknown[] }
  | { readonly type: 'stopped' };
