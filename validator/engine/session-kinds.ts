/** Kinds of MPC session rows: a request kind (chain/schemas/requests.ts), or `batch/<sequence>` for the agreement on a result batch. */
export function isBatchKind(kind: string): boolean {
  return kind.startsWith('batch/');
}
