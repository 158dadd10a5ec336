/**
 * A dWallet as both sides know it after creation (PROTOCOL.md §7): the user's public share X_A,
 * the network's X_B and the public key X = X_A + X_B, the network share's encryption ct_key, and
 * what binds it to the network key. The same value is recorded on chain (messages.ts) and is what
 * presigns and signing sessions are given.
 *
 * Two kinds:
 *  - universal (created by DKG): x_B = μ⁰·x_B⁰ + μ¹·x_B¹ + μ^G, a public affine combination of the
 *    global key parts, so the dWallet signs with universal presigns; its μ's are part of the
 *    output;
 *  - imported (the user knew x): ct_key = Enc(x_B) is the dWallet's own, so it signs only with
 *    presigns made for it (targeted presigns).
 * Either kind may be created with a public user share (PROTOCOL.md §7 "shared dWallet"): x_A is
 * then part of the output, and anyone can act as the user.
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { EcdsaError, EcdsaErrorCodes } from '../errors.ts';
import { assertKeyCommitment, type NetworkKeyParts } from '../network-key/key-parts.ts';

export type DWalletKind = 'universal' | 'imported';

/** μ⁰, μ¹, μ^G of a universal dWallet (dkg/randomizers.ts). */
export interface DWalletRandomizers {
  readonly mu0: bigint;
  readonly mu1: bigint;
  readonly muG: bigint;
}

export interface DWalletOutput {
  readonly kind: DWalletKind;
  readonly curve: Curve;
  /** The network key's commitment (network-key/key-parts.ts). */
  readonly keyCommitment: Uint8Array;
  /** The id of the session that created the dWallet (bound into its μ's and proofs). */
  readonly sessionId: Uint8Array;
  /** X_A */
  readonly userPublicShare: CurvePoint;
  /** X_B */
  readonly networkPublicShare: CurvePoint;
  /** X = X_A + X_B */
  readonly publicKey: CurvePoint;
  /** ct_key = Enc(x_B) */
  readonly encryptedNetworkShare: ClCiphertext;
  /** Universal dWallets only. */
  readonly randomizers: DWalletRandomizers | undefined;
  /** x_A, when the user share is public (a shared dWallet). */
  readonly publicUserSecretShare: bigint | undefined;
}

/** Throws unless the dWallet lives on the key's curve and was made under the key. */
export function assertDWalletOfKey(key: NetworkKeyParts, dwallet: DWalletOutput): void {
  if (dwallet.curve.name !== key.curve.name) {
    throw new EcdsaError(EcdsaErrorCodes.ECDSA_KEY_MISMATCH, `the dWallet is on ${dwallet.curve.name}, the key on ${key.curve.name}`);
  }
  assertKeyCommitment(key, dwallet.keyCommitment, 'the dWallet');
}
