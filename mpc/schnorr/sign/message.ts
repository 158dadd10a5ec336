/**
 * The user's Schnorr sign message (PROTOCOL.md §9; PROTOCOL-EXTENSIONS.md §9.1) and the context it
 * is made in. One message, two values:
 *     K_A = k_A·G,   z_A = σ_K·k_A + e·(a·x_A + b)
 * (scheme.ts: d = a·x + b is the signing secret, σ_K the nonce's sign, e the scheme's challenge).
 * It is a Schnorr signature of the user's share under the combined nonce, which the network checks
 * (z_A·G = σ_K·K_A + e·(a·X_A + b·G)) before it completes the signature by threshold decryption.
 * @module
 */
import type { CurvePoint } from '../../curves/curve.ts';
import type { DWalletOutput } from '../../ecdsa/dkg/output.ts';
import type { NetworkKeyParts } from '../../ecdsa/network-key/key-parts.ts';
import type { SchnorrPresign } from '../presign/presign.ts';
import type { SchnorrAlgorithm } from '../scheme.ts';

export const SCHNORR_SIGN_PROTOCOL = '2pc-mpc/schnorr/sign';

/** What a sign message is made for: the chain's approval (algorithm, hash scheme, message) and a presign. */
export interface SchnorrSignContext {
  readonly key: NetworkKeyParts;
  readonly dwallet: DWalletOutput;
  readonly presign: SchnorrPresign;
  readonly algorithm: SchnorrAlgorithm;
  /** A hash scheme id of the algorithm (mpc/signing/algorithms.ts HASH_SCHEME_IDS). */
  readonly hashScheme: number;
  /** The approved message bytes (message.ts turns them into what is signed). */
  readonly message: Uint8Array;
}

export interface SchnorrUserSignMessage {
  /** K_A = k_A·G */
  readonly nonce: CurvePoint;
  /** z_A = σ_K·k_A + e·(a·x_A + b) mod q */
  readonly response: bigint;
}
