/**
 * A presign cap reserved for one operation of a client, and what the operation signs with.
 * @module
 */
import type { Presign, UserSignPreparation } from '../../mpc/ecdsa/index.ts';
import type { IdleWork } from '../idle-work.ts';

/** A presign cap the user owns, reserved for one operation, and the presign it stands for. */
export interface ReservedPresign {
  readonly capId: string;
  readonly presign: Presign;
  /** The user's sign prepared ahead for this presign (a held presign: hold-presign.ts). */
  readonly preparation?: IdleWork<UserSignPreparation>;
}
