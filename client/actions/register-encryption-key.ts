/**
 * Registering the user's share-encryption key on chain (PROTOCOL.md §7, encrypted backup): the
 * key this client derives for a curve (client/user-share-keys.ts), with a proof of knowledge of
 * its secret bound to the registration session, verified by the validators before the chain makes
 * the key active. One key per (address, curve); backups to oneself and transfers to this address
 * are encrypted under it.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { equalBytes } from '@noble/curves/utils.js';
import { type Curve as ChainCurve, defaultAlgorithm, RequestKind } from '../../chain/constants.ts';
import { SessionId } from '../../chain/session-id.ts';
import type { CurveName } from '../../mpc/curves/curve.ts';
import { CURVE_IDS } from '../../mpc/signing/algorithms.ts';
import { encodeUserEncryptionKey, proveEncryptionKeyOwnership } from '../../mpc/user-share/index.ts';
import { curveArgument } from '../arguments.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { requestEventOf } from '../transactions.ts';
import { type ActionContext, newSession, requestFee, userAddress } from './context.ts';
import { type EncryptionKeyInfo, readEncryptionKey } from './reads/user-share.ts';
import { awaitCompleted } from './wait-for-session.ts';

export interface RegisterEncryptionKeyResult {
  readonly key: EncryptionKeyInfo;
  /** False when the key was already active on chain (nothing was sent). */
  readonly registered: boolean;
}

function mismatch(key: EncryptionKeyInfo): ClientError {
  return new ClientError(
    ClientErrorCodes.ENCRYPTION_KEY_MISMATCH,
    `${key.owner} registered another share-encryption key on ${key.curve} (${key.id}): it was derived from another seed, so this client cannot open shares encrypted to it`,
    { owner: key.owner, curve: key.curve, encryptionKeyId: key.id },
  );
}

/**
 * Registers this user's share-encryption key on `curve` (default: the network's first curve) and
 * waits until the network has verified it; does nothing when it is already active. A pending
 * registration of the same key is waited for; a rejected one is replaced.
 *
 * Errors: INVALID_ARGUMENT (a curve the network does not offer), NO_SIGNER,
 * USER_SHARE_SEED_NOT_DETERMINISTIC, ENCRYPTION_KEY_MISMATCH (the address registered a key from
 * another seed), those of sending (TRANSACTION_FAILED …) and waiting (REQUEST_REJECTED, TIMEOUT).
 */
export async function registerEncryptionKey(
  context: ActionContext,
  options: { readonly curve?: CurveName } = {},
): Promise<RegisterEncryptionKeyResult> {
  const curve = options.curve === undefined ? (context.network.curves[0] as CurveName) : curveArgument(options.curve);
  const owner = userAddress(context);
  const key = await context.networkKeys.forCurve(curve);
  const pair = (await context.userShareKeys()).keyPair(key.encryptionKey.setup);
  const encryptionKey = encodeUserEncryptionKey(pair.publicKey);

  const existing = await readEncryptionKey(context, owner, curve);
  if (existing !== null && existing.state !== 'rejected') {
    if (!equalBytes(existing.encryptionKey, encryptionKey)) throw mismatch(existing);
    if (existing.state === 'active') return { key: existing, registered: false };
    await awaitCompleted(context, existing.sessionId, 'the registration of the share-encryption key');
    return { key: await activeKey(context, owner, curve, encryptionKey), registered: true };
  }

  const session = newSession(context);
  context.onProgress(`proving knowledge of the share-encryption key's secret (${curve})`);
  const proof = proveEncryptionKeyOwnership(pair, SessionId.bytes(session.id));
  const chainCurve = CURVE_IDS[curve] as ChainCurve;
  const fee = await requestFee(context, RequestKind.REGISTER_ENCRYPTION_KEY, defaultAlgorithm(chainCurve));
  context.onProgress(`registering the share-encryption key on ${curve} (request_register_encryption_key)`);
  const result = await context.transactions.execute('register encryption key', async () => {
    const tx = new Transaction();
    context.coordinator.requestRegisterEncryptionKey(tx, {
      curve: chainCurve,
      encryptionKey,
      proof,
      sessionPreimage: session.preimage,
      payment: context.coordinator.payFromGas(tx, fee),
    });
    return tx;
  });
  requestEventOf(context.network.packageId, result, 'register-encryption-key');
  await awaitCompleted(context, session.prefixed, 'the registration of the share-encryption key');
  return { key: await activeKey(context, owner, curve, encryptionKey), registered: true };
}

/** The key on chain, which must now be active and this client's. */
async function activeKey(context: ActionContext, owner: string, curve: CurveName, encryptionKey: Uint8Array): Promise<EncryptionKeyInfo> {
  const key = await readEncryptionKey(context, owner, curve);
  if (key === null || key.state !== 'active') {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `the chain records no active share-encryption key of ${owner} on ${curve}`, {
      owner,
      curve,
    });
  }
  if (!equalBytes(key.encryptionKey, encryptionKey)) throw mismatch(key);
  context.onProgress(`share-encryption key ${key.id} is active on ${curve}`);
  return key;
}

/**
 * The active share-encryption key of `owner` on `curve`.
 *
 * Errors: NO_ENCRYPTION_KEY (none, or not active yet).
 */
export async function requireEncryptionKey(context: ActionContext, owner: string, curve: CurveName): Promise<EncryptionKeyInfo> {
  const key = await readEncryptionKey(context, owner, curve);
  if (key === null || key.state !== 'active') {
    throw new ClientError(
      ClientErrorCodes.NO_ENCRYPTION_KEY,
      `${owner} has no active share-encryption key on ${curve}${key === null ? '' : ` (its registration is ${key.state})`}: it must register one first (\`dwallet encryption-key register\`)`,
      { owner, curve },
    );
  }
  return key;
}
