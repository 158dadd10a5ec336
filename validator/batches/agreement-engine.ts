/**
 * The main thread's session engine: it runs the agreements on result batches (session rows of kind
 * `batch/<sequence>`, planned by the batch decider) and nothing else. Request sessions (DKG,
 * presign, sign …) share the store but belong to the session workers (engine/worker.ts), each of
 * which runs its own engine over its own kinds; without this filter a restarted validator's main
 * thread would also try to plan every open request session as a result batch.
 * @module
 */
import { type EngineOptions, SessionEngine } from '../engine/session-engine.ts';
import { isBatchKind } from '../engine/session-kinds.ts';
import type { BatchDecider } from './decider.ts';

export type AgreementEngineOptions = Omit<EngineOptions, 'plan' | 'accepts' | 'onEnded'> & { readonly decider: BatchDecider };

export function agreementEngine(options: AgreementEngineOptions): SessionEngine {
  const { decider, ...engine } = options;
  return new SessionEngine({
    ...engine,
    accepts: isBatchKind,
    plan: async (row) => ({ type: 'session', plan: decider.plan(row.kind) }),
    onEnded: (row, result) => decider.onEnded(row.kind, result),
  });
}
