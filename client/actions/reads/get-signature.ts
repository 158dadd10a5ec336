/**
 * A sign request and its signature, as the indexer or the chain knows it.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { decodeObject } from '../../../chain/object-reader.ts';
import { Sign } from '../../../chain/schemas/objects.ts';
import { SessionId } from '../../../chain/session-id.ts';
import { addressArgument } from '../../arguments.ts';
import { algorithmOfChain, signStatus } from '../../chain-values.ts';
import type { SignatureRecord } from '../../indexer-client.ts';
import type { ActionContext } from '../context.ts';

/** A sign request and its result, as the indexer or the chain knows it. */
export type SignatureInfo = SignatureRecord;

/**
 * The sign request `signId` (null: neither the indexer nor the chain knows it); its signature is not verified here (`sign` verifies what
 * it returns, the CLI what it shows).
 *
 * Errors: INVALID_ARGUMENT (not an id).
 */
export async function getSignature(context: ActionContext, signId: string): Promise<SignatureInfo | null> {
  const id = addressArgument(signId, 'signId');
  return context.lookup.readFound(
    (indexer) => indexer.getSignature(id),
    async () => {
      const object = await context.chain.getObject(id);
      // Another object (a dWallet id, say, as `dwallet wait` tries every kind of id) is no sign request.
      if (object === null || object.type !== `${context.network.packageId}::coordinator::${Sign.name}`) return null;
      const value = decodeObject(context.network.packageId, object, Sign);
      const sessionId = SessionId.prefixed(SessionId.fromBytes(value.session_id));
      const status = signStatus(value.state);
      return {
        signId: id,
        sessionId,
        dwalletId: normalizeSuiAddress(value.dwallet_id),
        algorithm: algorithmOfChain(value.algorithm),
        hashScheme: value.hash_scheme,
        message: new Uint8Array(value.message),
        status,
        signature: status === 'completed' ? new Uint8Array(value.signature) : null,
        rejection: status === 'rejected' ? await context.lookup.rejectionOnChain(sessionId) : null,
      };
    },
  );
}
