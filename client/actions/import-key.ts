import type { CurveName } from '../../mpc/curves/curve.ts';
import { curveOrder } from '../../mpc/curves/curve.ts';
import { createImportedKeyMessage, encodeImportedKeyMessage } from '../../mpc/ecdsa/index.ts';
import { bytesToBigint } from '../../mpc/numbers/bytes.ts';
import type { SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import { addressArgument, bytesArgument, signingSchemeArgument } from '../arguments.ts';
import { invalidArgument } from '../errors.ts';
import { type ActionContext, userAddress } from './context.ts';
import { type DWalletRecord, submitDWalletCreation } from './dwallet-creation.ts';

export interface ImportKeyParameters {
  /** The key, 32 bytes big-endian, in [1, q) of the curve (on ed25519 the raw scalar, not an RFC 8032 seed). */
  readonly secretKey: Uint8Array;
  /** Default: secp256k1. */
  readonly curve?: CurveName;
  /** Default: the curve's (ECDSA, EdDSA on ed25519). */
  readonly algorithm?: SignatureAlgorithmName;
  /** Who receives the DWalletCap (default: the user). */
  readonly capRecipient?: string;
}

export type ImportKeyResult = DWalletRecord;

/**
 * Imports `secretKey` into a dWallet: the key is split here, the network's part x_B encrypted to
 * the network key, the user's share saved, `request_imported_key_dwallet` sent and the network's
 * verification awaited. An imported ECDSA dWallet signs only with presigns made for it; Taproot and
 * EdDSA presigns do not depend on the key, so imported Schnorr dWallets use the pool's.
 *
 * Errors: INVALID_ARGUMENT (a bad curve, a key that is not 32 bytes or out of range, a bad
 * capRecipient, a curve the network does not offer), NO_SIGNER, and those of
 * {@link submitDWalletCreation} (the network key's, TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT,
 * ABORTED, CHAIN_DATA_INVALID).
 */
export async function importKey(context: ActionContext, parameters: ImportKeyParameters): Promise<ImportKeyResult> {
  const { curve, algorithm } = signingSchemeArgument(parameters.curve ?? 'secp256k1', parameters.algorithm);
  const secretKeyBytes = bytesArgument(parameters.secretKey, 'secretKey');
  if (secretKeyBytes.length !== 32) throw invalidArgument('secretKey must be 32 bytes (big-endian)');
  const secretKey = bytesToBigint(secretKeyBytes);
  if (secretKey <= 0n || secretKey >= curveOrder(curve)) throw invalidArgument(`secretKey must lie in [1, q) of ${curve}`);
  const recipient = parameters.capRecipient === undefined ? userAddress(context) : addressArgument(parameters.capRecipient, 'capRecipient');
  return submitDWalletCreation(context, {
    kind: 'imported-key',
    curve,
    algorithm,
    recipient,
    compute: (key, sessionId) => {
      const imported = createImportedKeyMessage(key, sessionId, secretKey);
      return { secretShare: imported.secretShare, output: imported.output, message: encodeImportedKeyMessage(key, imported.message) };
    },
    buildRequest: (tx, request, user) => context.coordinator.requestImportedKeyDWallet(tx, { ...request, userImportMessage: user.message }),
    words: { message: 'the imported-key message', transaction: 'import key', request: 'imported-key', result: 'the imported key' },
  });
}
