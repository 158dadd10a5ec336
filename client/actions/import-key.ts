import { curveOrder } from '../../mpc/curves/curve.ts';
import type { EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import { createImportedKeyMessage, encodeImportedKeyMessage } from '../../mpc/ecdsa/index.ts';
import { bytesToBigint } from '../../mpc/numbers/bytes.ts';
import { addressArgument, bytesArgument, curveArgument } from '../arguments.ts';
import { invalidArgument } from '../errors.ts';
import { type ActionContext, userAddress } from './context.ts';
import { type DWalletRecord, submitDWalletCreation } from './dwallet-creation.ts';

export interface ImportKeyParameters {
  /** The key, 32 bytes big-endian, in [1, q) of the curve. */
  readonly secretKey: Uint8Array;
  /** Default: secp256k1. */
  readonly curve?: EcdsaCurveName;
  /** Who receives the DWalletCap (default: the user). */
  readonly capRecipient?: string;
}

export type ImportKeyResult = DWalletRecord;

/**
 * Imports `secretKey` into a dWallet: the key is split here, the network's part x_B encrypted to
 * the network key, the user's share saved, `request_imported_key_dwallet` sent and the network's
 * verification awaited. The dWallet signs only with presigns made for it.
 *
 * Errors: INVALID_ARGUMENT (a bad curve, a key that is not 32 bytes or out of range, a bad
 * capRecipient, a curve the network does not offer), NO_SIGNER, and those of
 * {@link submitDWalletCreation} (the network key's, TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT,
 * ABORTED, CHAIN_DATA_INVALID).
 */
export async function importKey(context: ActionContext, parameters: ImportKeyParameters): Promise<ImportKeyResult> {
  const curve = curveArgument(parameters.curve ?? 'secp256k1');
  const secretKeyBytes = bytesArgument(parameters.secretKey, 'secretKey');
  if (secretKeyBytes.length !== 32) throw invalidArgument('secretKey must be 32 bytes (big-endian)');
  const secretKey = bytesToBigint(secretKeyBytes);
  if (secretKey <= 0n || secretKey >= curveOrder(curve)) throw invalidArgument(`secretKey must lie in [1, q) of ${curve}`);
  const recipient = parameters.capRecipient === undefined ? userAddress(context) : addressArgument(parameters.capRecipient, 'capRecipient');
  return submitDWalletCreation(context, {
    kind: 'imported-key',
    curve,
    recipient,
    compute: (key, sessionId) => {
      const imported = createImportedKeyMessage(key, sessionId, secretKey);
      return { secretShare: imported.secretShare, output: imported.output, message: encodeImportedKeyMessage(key, imported.message) };
    },
    buildRequest: (tx, request, user) => context.coordinator.requestImportedKeyDWallet(tx, { ...request, userImportMessage: user.message }),
    words: { message: 'the imported-key message', transaction: 'import key', request: 'imported-key', result: 'the imported key' },
  });
}
