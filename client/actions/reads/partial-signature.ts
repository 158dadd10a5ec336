/**
 * A verified future sign's partial signature, found from its cap.
 * @module
 */
import { decodeObject } from '../../../chain/object-reader.ts';
import {
  PartialSignatureCap,
  type PartialSignatureCapValue,
  PartialUserSignature,
  type PartialUserSignatureValue,
} from '../../../chain/schemas/objects.ts';
import { ClientError, ClientErrorCodes } from '../../errors.ts';
import type { ActionContext } from '../context.ts';

export interface PartialSignatureObjects {
  readonly cap: PartialSignatureCapValue;
  readonly partial: PartialUserSignatureValue;
}

/**
 * The partial signature cap `capId` and the partial signature it is for.
 *
 * Errors: NOT_FOUND (no such cap, or no such partial signature).
 */
export async function readPartialSignature(context: ActionContext, capId: string): Promise<PartialSignatureObjects> {
  const { chain, network } = context;
  const capObject = await chain.getObject(capId);
  if (capObject === null) throw new ClientError(ClientErrorCodes.NOT_FOUND, `no partial signature cap ${capId} on chain`);
  const cap = decodeObject(network.packageId, capObject, PartialSignatureCap);
  const partialObject = await chain.getObject(cap.partial_signature_id);
  if (partialObject === null) throw new ClientError(ClientErrorCodes.NOT_FOUND, `no partial signature ${cap.partial_signature_id}`);
  return { cap, partial: decodeObject(network.packageId, partialObject, PartialUserSignature) };
}
