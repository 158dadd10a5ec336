/**
 * A request looked up by the id a user holds — its session id, the sign id `sign` printed, or a
 * dWallet id (its creation session) — and how `status <id>` and `wait <id>` print it: the session
 * (kind, status, transactions, rejection) and, for a completed sign, the signature, checked
 * under the dWallet's public key for its algorithm before it is shown.
 * @module
 */
import { signDigest } from '../../actions/signing.ts';
import { curveNameOf } from '../../chain-values.ts';
import type { DWalletClient, SignatureInfo } from '../../dwallet-client.ts';
import { ClientError, ClientErrorCodes } from '../../errors.ts';
import { hashSchemeName } from '../../hash-schemes.ts';
import type { SessionRecord } from '../../indexer-client.ts';
import { verifyDWalletSignature } from '../../verify-signature.ts';
import type { Printable } from '../output.ts';
import { signatureRecord } from './describe.ts';

export interface FoundRequest {
  readonly session: SessionRecord;
  /** The sign request, for sign sessions. */
  readonly sign: SignatureInfo | null;
}

/** A curve id as its name (`curve <id>` for an id this client does not know). */
export function curveLabel(id: number): string {
  return curveNameOf(id) ?? `curve ${id}`;
}

async function signOf(client: DWalletClient, session: SessionRecord): Promise<SignatureInfo | null> {
  return session.kind === 'sign' ? client.getSignature(session.objectId) : null;
}

async function dwalletSession(client: DWalletClient, id: string): Promise<string | null> {
  try {
    return (await client.getDWallet(id)).sessionId;
  } catch (error) {
    if (error instanceof ClientError && (error.code === ClientErrorCodes.UNKNOWN_DWALLET || error.code === ClientErrorCodes.NOT_FOUND))
      return null;
    throw error;
  }
}

/** The request `id` names (a session, a sign or a dWallet id); NOT_FOUND when none does. */
export async function findRequest(client: DWalletClient, id: string): Promise<FoundRequest> {
  const session = await client.getSession(id);
  if (session !== null) return { session, sign: await signOf(client, session) };
  const sign = await client.getSignature(id);
  const sessionId = sign?.sessionId ?? (await dwalletSession(client, id));
  const found = sessionId === null ? null : await client.getSession(sessionId);
  if (found === null) {
    throw new ClientError(
      ClientErrorCodes.NOT_FOUND,
      `no request with id ${id}: neither the indexer nor the chain knows it as a session id, a sign id or a dWallet id`,
      { id },
    );
  }
  return { session: found, sign: sign ?? (await signOf(client, found)) };
}

/** The signature of a completed sign, verified under its dWallet's key (SIGNATURE_INVALID otherwise). */
async function verifiedSignature(
  client: DWalletClient,
  sign: SignatureInfo & { signature: Uint8Array },
): Promise<Record<string, Printable>> {
  const dwallet = await client.getDWallet(sign.dwalletId);
  // What was signed, as the SDK computes it for the dWallet's algorithm (the digest, the BIP-340 message, the message).
  const { digest } = signDigest(dwallet, { message: sign.message, hashScheme: sign.hashScheme });
  if (dwallet.publicKey === null || !verifyDWalletSignature(dwallet.curve, dwallet.publicKey, digest, sign.signature, dwallet.algorithm)) {
    throw new ClientError(
      ClientErrorCodes.SIGNATURE_INVALID,
      `the signature of sign ${sign.signId} does not verify under the dWallet's key`,
      {
        signId: sign.signId,
      },
    );
  }
  return {
    dwalletId: sign.dwalletId,
    hashScheme: hashSchemeName(sign.hashScheme) ?? sign.hashScheme,
    ...signatureRecord({ digest, signature: sign.signature }),
  };
}

/** What `status <id>` and `wait <id>` print. */
export async function describeRequest(client: DWalletClient, found: FoundRequest): Promise<Record<string, Printable>> {
  const { session, sign } = found;
  const record: Record<string, Printable> = {
    sessionId: session.sessionId,
    kind: session.kind,
    status: session.status,
    objectId: session.objectId,
    requester: session.requester,
    requestTx: session.requestTx,
    requestedAt: session.requestedAt,
    completedAt: session.completedAt,
    resultSequence: session.resultSequence,
    rejection: session.rejection === null ? null : { ...session.rejection, blamed: [...session.rejection.blamed] },
  };
  if (sign !== null && sign.status === 'completed' && sign.signature !== null) {
    Object.assign(record, { signId: sign.signId }, await verifiedSignature(client, { ...sign, signature: sign.signature }));
  }
  return record;
}
