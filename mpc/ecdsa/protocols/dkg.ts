/**
 * The validators' sessions for dWallet creation (PROTOCOL.md §7) and for a future-sign message
 * stored on chain (§8): each is a local verification (verification.ts), no messages between
 * validators. The session id is the chain's id of the request; the user bound it into its
 * message, so a message cannot be replayed into another request.
 *
 *   dkgVerificationSession          user DKG message      → the universal dWallet output (for a
 *                                                           shared dWallet, also x_A·G = X_A of the
 *                                                           share published on chain)
 *   importedKeyVerificationSession  imported-key message  → the imported dWallet output
 *   futureSignVerificationSession   user sign message     → accepted (the network may sign it later
 *                                                           when a matching approval arrives)
 * @module
 */
import { verifyImportedKeyMessageBytes } from '../dkg/imported-key.ts';
import { verifyUserDkgMessageBytes } from '../dkg/network.ts';
import type { DWalletOutput } from '../dkg/output.ts';
import { verifyPublicUserShare } from '../dkg/public-share.ts';
import type { SignDigest } from '../hash-schemes.ts';
import { decodeDWalletOutput, encodeDWalletOutput } from '../messages.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { Presign } from '../presign/presign.ts';
import { verifyUserSignMessageBytes } from '../sign/verify.ts';
import { verificationSession } from './verification.ts';

export const DKG_VERIFICATION_PROTOCOL = '2pc-mpc/ecdsa/dkg-verification';
export const IMPORTED_KEY_VERIFICATION_PROTOCOL = '2pc-mpc/ecdsa/imported-key-verification';
export const FUTURE_SIGN_VERIFICATION_PROTOCOL = '2pc-mpc/ecdsa/future-sign-verification';

export interface DkgVerificationConfig {
  readonly key: NetworkKeyParts;
  /** The user's message as recorded on chain. */
  readonly message: Uint8Array;
  /**
   * The user share x_A published on chain with the request (a shared dWallet,
   * `DWalletDkgRequested.public_user_share`): the DKG is accepted only if x_A·G = X_A.
   */
  readonly publicUserShare?: Uint8Array;
}

const dwalletCodec = {
  encode: (config: DkgVerificationConfig, value: DWalletOutput) => encodeDWalletOutput(value, config.key.encryptionKey.setup),
  decode: (config: DkgVerificationConfig, bytes: Uint8Array) =>
    decodeDWalletOutput(config.key.curve, config.key.encryptionKey.setup, bytes),
};

export const dkgVerificationSession = verificationSession<DkgVerificationConfig, DWalletOutput>({
  protocol: DKG_VERIFICATION_PROTOCOL,
  verify: (config, identity) => {
    const output = verifyUserDkgMessageBytes(config.key, identity.sessionId, config.message);
    if (config.publicUserShare !== undefined) verifyPublicUserShare(config.key.curve, output.userPublicShare, config.publicUserShare);
    return output;
  },
  ...dwalletCodec,
});

export const importedKeyVerificationSession = verificationSession<DkgVerificationConfig, DWalletOutput>({
  protocol: IMPORTED_KEY_VERIFICATION_PROTOCOL,
  verify: (config, identity) => verifyImportedKeyMessageBytes(config.key, identity.sessionId, config.message),
  ...dwalletCodec,
});

export interface FutureSignVerificationConfig {
  readonly key: NetworkKeyParts;
  readonly dwallet: DWalletOutput;
  readonly presign: Presign;
  /** The digest of the message the user's sign message is for (hash scheme applied). */
  readonly digest: SignDigest;
  /** The user's sign message as recorded on chain. */
  readonly message: Uint8Array;
}

export const futureSignVerificationSession = verificationSession<FutureSignVerificationConfig, true>({
  protocol: FUTURE_SIGN_VERIFICATION_PROTOCOL,
  verify: (config) => {
    verifyUserSignMessageBytes(config, config.message);
    return true;
  },
  encode: () => new Uint8Array(0),
  decode: () => true,
});
