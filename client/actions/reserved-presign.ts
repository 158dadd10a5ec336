/**
 * A presign cap reserved for one operation of a client, and what the operation signs with: an
 * ECDSA presign (mpc/ecdsa) or a Schnorr presign (mpc/schnorr) of the dWallet's algorithm.
 * @module
 */
import type { Presign, UserSignPreparation } from '../../mpc/ecdsa/index.ts';
import type { SchnorrAlgorithm, SchnorrPresign } from '../../mpc/schnorr/index.ts';
import type { IdleWork } from '../idle-work.ts';

/** The presign of an ECDSA dWallet's signature. */
export interface EcdsaPresignFor {
  readonly algorithm: 'ecdsa';
  readonly presign: Presign;
  /** The user's sign prepared ahead for this presign (a held presign: hold-presign.ts). */
  readonly preparation?: IdleWork<UserSignPreparation>;
}

/** The presign of a Taproot or EdDSA dWallet's signature (nothing to prepare: the user's part is one scalar multiplication). */
export interface SchnorrPresignFor {
  readonly algorithm: SchnorrAlgorithm;
  readonly presign: SchnorrPresign;
}

/** A presign cap the user owns, reserved for one operation, and the presign it stands for. */
export type ReservedPresign = { readonly capId: string } & (EcdsaPresignFor | SchnorrPresignFor);
