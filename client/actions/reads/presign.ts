/**
 * A completed presign's output, as the user's sign message needs it.
 * @module
 */
import { PresignState } from '../../../chain/constants.ts';
import { decodeObject } from '../../../chain/object-reader.ts';
import { Presign as PresignObject } from '../../../chain/schemas/objects.ts';
import { decodePresign, type NetworkKeyParts, type Presign } from '../../../mpc/ecdsa/index.ts';
import { ClientError, ClientErrorCodes } from '../../errors.ts';
import type { ActionContext } from '../context.ts';

/**
 * The presign `presignId`, decoded under the network key's part for its curve.
 *
 * Errors: CHAIN_DATA_INVALID (no such presign), NO_PRESIGN_AVAILABLE (not completed).
 */
export async function readCompletedPresign(context: ActionContext, presignId: string, key: NetworkKeyParts): Promise<Presign> {
  const object = await context.chain.getObject(presignId);
  if (object === null) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `presign ${presignId} does not exist`);
  const value = decodeObject(context.network.packageId, object, PresignObject);
  if (value.state !== PresignState.COMPLETED) {
    throw new ClientError(ClientErrorCodes.NO_PRESIGN_AVAILABLE, `presign ${presignId} is not completed (state ${value.state})`);
  }
  return decodePresign(key.curve, key.encryptionKey.setup, new Uint8Array(value.output));
}
