/**
 * A completed presign's output, as the user's sign message needs it.
 * @module
 */
import { PresignState } from '../../../chain/constants.ts';
import { decodeObject } from '../../../chain/object-reader.ts';
import { Presign as PresignObject } from '../../../chain/schemas/objects.ts';
import { decodePresign, type NetworkKeyParts } from '../../../mpc/ecdsa/index.ts';
import { decodeSchnorrPresign } from '../../../mpc/schnorr/index.ts';
import type { SignatureAlgorithmName } from '../../../mpc/signing/algorithms.ts';
import { ClientError, ClientErrorCodes } from '../../errors.ts';
import type { ActionContext } from '../context.ts';
import type { EcdsaPresignFor, SchnorrPresignFor } from '../reserved-presign.ts';

/** A presign's output bytes decoded for a dWallet of `algorithm` under the network key's part for its curve. */
export function decodePresignFor(
  dwallet: { readonly key: NetworkKeyParts; readonly algorithm: SignatureAlgorithmName },
  output: Uint8Array,
): EcdsaPresignFor | SchnorrPresignFor {
  const { key, algorithm } = dwallet;
  if (algorithm === 'ecdsa') return { algorithm, presign: decodePresign(key.curve, key.encryptionKey.setup, output) };
  return { algorithm, presign: decodeSchnorrPresign(key.curve, algorithm, key.encryptionKey.setup, output) };
}

/**
 * The presign `presignId`, decoded for the dWallet's algorithm under the network key's part for its curve.
 *
 * Errors: CHAIN_DATA_INVALID (no such presign), NO_PRESIGN_AVAILABLE (not completed).
 */
export async function readCompletedPresign(
  context: ActionContext,
  presignId: string,
  dwallet: { readonly key: NetworkKeyParts; readonly algorithm: SignatureAlgorithmName },
): Promise<EcdsaPresignFor | SchnorrPresignFor> {
  const object = await context.chain.getObject(presignId);
  if (object === null) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `presign ${presignId} does not exist`);
  const value = decodeObject(context.network.packageId, object, PresignObject);
  if (value.state !== PresignState.COMPLETED) {
    throw new ClientError(ClientErrorCodes.NO_PRESIGN_AVAILABLE, `presign ${presignId} is not completed (state ${value.state})`);
  }
  return decodePresignFor(dwallet, new Uint8Array(value.output));
}
