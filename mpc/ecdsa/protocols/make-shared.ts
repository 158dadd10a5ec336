/**
 * The validators' session for converting a zero-trust dWallet into a shared one (PROTOCOL.md §7,
 * "shared dWallet"; the chain's `request_make_dwallet_shared`): a local verification
 * (verification.ts), no messages between validators. The user published x_A on chain; each
 * validator checks it against the X_A of the dWallet's output (dkg/public-share.ts) and, when it
 * holds, certifies the share (the chain's `DWalletShared` result records it). The verdict is a
 * function of the chain's bytes alone, so every honest validator reaches the same one.
 *
 *   makeSharedVerificationSession   published x_A   → x_A (accepted), or a rejection
 *                                                     (ECDSA_INVALID_PUBLIC_USER_SHARE)
 * @module
 */
import type { Curve } from '../../curves/curve.ts';
import type { DWalletOutput } from '../dkg/output.ts';
import { verifyPublicUserShare } from '../dkg/public-share.ts';
import { verificationSession } from './verification.ts';

export const MAKE_SHARED_VERIFICATION_PROTOCOL = '2pc-mpc/ecdsa/make-shared-verification';

export interface MakeSharedVerificationConfig {
  readonly curve: Curve;
  /** The dWallet as recorded on chain (its X_A is what the share must match). */
  readonly dwallet: DWalletOutput;
  /** The share x_A as published on chain (32-byte big-endian scalar). */
  readonly publicUserShare: Uint8Array;
}

export const makeSharedVerificationSession = verificationSession<MakeSharedVerificationConfig, bigint>({
  protocol: MAKE_SHARED_VERIFICATION_PROTOCOL,
  verify: (config) => verifyPublicUserShare(config.curve, config.dwallet.userPublicShare, config.publicUserShare),
  encode: (config, share) => config.curve.encodeScalar(share),
  decode: (config, bytes) => config.curve.decodeScalar(bytes),
});
