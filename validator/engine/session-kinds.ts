/** Kinds of MPC session rows: a request kind (engine/request-events.ts), or `batch/<sequence>` for the agreement on a result batch. */
export function isBatchKind(kind: string): boolean {
  return kind.startsWith('batch/');
}
