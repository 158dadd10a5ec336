/**
 * Which session work a validator does first, when several steps wait (lower first), by the work
 * a request kind takes (chain/schemas/requests.ts):
 *
 *   0  the agreement on result batches (tiny steps; every result on its way to the chain waits on it)
 *   1  verification sessions (DKG, imported key, future sign: one cheap step), and the inputs of
 *      running sign sessions (combining decryption shares finishes a signature a user waits for)
 *   2  the start of a sign session (the verification of the user's proofs, the heaviest step a
 *      user waits for)
 *   3  inputs of presign sessions; 4  starts of presign sessions: presigns are made ahead of
 *      demand, so they wait while signatures are being made
 * @module
 */
import { isSessionKind, REQUEST_KINDS } from '../../chain/schemas/requests.ts';
import { isBatchKind } from './session-kinds.ts';

export const PRIORITIES = 5;

export function priorityOf(kind: string, action: 'start' | 'input'): number {
  if (isBatchKind(kind)) return 0;
  // A kind outside the table (none is stored) waits behind everything else, as presigns do.
  switch (isSessionKind(kind) ? REQUEST_KINDS[kind].work : 'presign') {
    case 'verification':
      return 1;
    case 'sign':
      return action === 'input' ? 1 : 2;
    default:
      return action === 'input' ? 3 : 4;
  }
}
