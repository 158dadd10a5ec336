/**
 * Signing with a shared dWallet (PROTOCOL-EXTENSIONS.md §7.1): the chain's approval is all the
 * network needs. No user secret is read, nothing is computed here but the digest: the validators
 * derive the user's part of the signature from the request.
 * @module
 */
import { Transaction, type TransactionObjectArgument } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { TransactionResult } from '../../chain/chain.ts';
import { type Curve as ChainCurve, DWalletState, feeOf, RequestKind } from '../../chain/constants.ts';
import { availablePresignCount, readCoordinator } from '../../chain/object-reader.ts';
import type { CoordinatorValue } from '../../chain/schemas/objects.ts';
import { type CurveName, getCurve } from '../../mpc/curves/curve.ts';
import { dwalletOutputPublicKey } from '../../mpc/ecdsa/index.ts';
import { CURVE_IDS, type SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import { addressArgument } from '../arguments.ts';
import { algorithmOfChain, chainAlgorithm, curveOfChain } from '../chain-values.ts';
import { ClientError, ClientErrorCodes, TransactionFailedError } from '../errors.ts';
import { normalizeSessionId } from '../indexer-client.ts';
import { requestEventOf } from '../transactions.ts';
import { type ActionContext, dwalletCapRef, newSession, objectRefOf } from './context.ts';
import { obtainFreshPresign, releasePresign, reserveOwnedPresignCap } from './obtain-presign.ts';
import type { SignRequest } from './prepare-sign.ts';
import { readDWalletObject } from './reads/dwallet-object.ts';
import { awaitSignature, signDigest } from './signing.ts';
import type { SignResult } from './submit-sign.ts';

/** A shared dWallet as a sign request needs it: all public, read from the chain. */
interface SharedDWallet {
  readonly id: string;
  readonly capId: string;
  readonly curve: CurveName;
  readonly algorithm: SignatureAlgorithmName;
  readonly imported: boolean;
  readonly publicKey: Uint8Array;
}

/**
 * Signs `message` with a shared dWallet whose `DWalletCap` the signer owns: `approve_message` and
 * `request_sign_shared` in one transaction, with a presign cap the wallet holds, else one claimed
 * from the pool in that same transaction when the pool has one (else one requested for the
 * dWallet if it is an imported key, or one requested for the pool and claimed); waits for the
 * signature and verifies it under the dWallet's public key. No secret store is read: any client
 * holding the cap can sign (a contract holding it signs through its own rules instead).
 *
 * Errors: INVALID_ARGUMENT (a bad id, scheme or message: see {@link signDigest}), UNKNOWN_DWALLET,
 * DWALLET_NOT_ACTIVE, DWALLET_NOT_SHARED (a zero-trust dWallet: only its user signs, with `sign`),
 * NOT_FOUND (the cap is gone), NO_SIGNER, NO_PRESIGN_AVAILABLE, ABORTED, TRANSACTION_FAILED (e.g. a
 * cap this signer does not own), REQUEST_REJECTED, TIMEOUT, CHAIN_DATA_INVALID, SIGNATURE_INVALID.
 */
export async function requestSharedSign(context: ActionContext, request: SignRequest): Promise<SignResult> {
  const dwallet = await readSharedDWallet(context, request.dwalletId);
  const { scheme, digest } = signDigest(dwallet, request);
  const algorithm = chainAlgorithm(dwallet.algorithm);
  const message = request.message.slice();
  const session = newSession(context);
  // One read of the coordinator for the fees and the pool; a pool emptied since is caught below (EPresignPoolEmpty).
  const coordinator = await readCoordinator(context.chain);
  const signFee = feeOf(coordinator.fees, RequestKind.SIGN, algorithm);
  const approveAndSign = async (tx: Transaction, presignCap: TransactionObjectArgument | Awaited<ReturnType<typeof objectRefOf>>) => {
    const approval = context.coordinator.approveMessage(tx, {
      dwalletCap: await dwalletCapRef(context, dwallet.capId, dwallet.id),
      hashScheme: scheme,
      message,
    });
    context.coordinator.requestSignShared(tx, {
      approval,
      presignCap,
      sessionPreimage: session.preimage,
      payment: context.coordinator.payFromGas(tx, signFee),
    });
    return tx;
  };

  // A presign cap the wallet holds first, else one claimed from the pool in the sign's own
  // transaction, else one requested (for an imported key, or for the empty pool) and awaited.
  const owned = await reserveOwnedPresignCap(context, dwallet);
  // An imported-key ECDSA dWallet signs only with presigns made for it; every other takes the pool's.
  const pooled = !(dwallet.imported && dwallet.algorithm === 'ecdsa');
  let result = owned === undefined && pooled ? await claimAndSign(context, coordinator, dwallet, approveAndSign) : undefined;
  if (result === undefined) {
    const capId =
      owned?.capId ?? (await obtainFreshPresign(context, { ...dwallet, key: await context.networkKeys.forCurve(dwallet.curve) })).capId;
    try {
      context.onProgress('sending approve_message + request_sign_shared');
      result = await context.transactions.execute('shared sign', async () =>
        approveAndSign(new Transaction(), await objectRefOf(context, capId, 'presign cap')),
      );
    } finally {
      releasePresign(context, capId);
    }
  }
  const signId = normalizeSuiAddress(requestEventOf(context.network.packageId, result, 'sign').sign_id);
  const sessionId = normalizeSessionId(session.prefixed);
  const signature = await awaitSignature(context, { signId, sessionId }, dwallet, digest);
  return { signId, sessionId, dwalletId: dwallet.id, signature, digest: digest.slice(), hashScheme: scheme, message };
}

/**
 * The one-transaction path: `claim_presign` + `approve_message` + `request_sign_shared`, when the
 * pool offers a presign; undefined when it is empty (also when another client emptied it first).
 */
async function claimAndSign(
  context: ActionContext,
  coordinator: CoordinatorValue,
  dwallet: SharedDWallet,
  approveAndSign: (tx: Transaction, presignCap: TransactionObjectArgument) => Promise<Transaction>,
): Promise<TransactionResult | undefined> {
  const { network } = context;
  const curveId = CURVE_IDS[dwallet.curve] as ChainCurve;
  const algorithm = chainAlgorithm(dwallet.algorithm);
  const pool = coordinator.presign_pools.find(
    (p) => normalizeSuiAddress(p.network_key_id) === network.networkKeyId && p.curve === curveId && p.algorithm === algorithm,
  );
  if (pool === undefined || availablePresignCount(pool) === 0) return undefined;
  const presignFee = feeOf(coordinator.fees, RequestKind.PRESIGN, algorithm);
  context.onProgress('sending claim_presign + approve_message + request_sign_shared');
  try {
    return await context.transactions.execute('shared sign', async () => {
      const tx = new Transaction();
      const cap = context.coordinator.claimPresign(tx, {
        networkKeyId: network.networkKeyId,
        curve: curveId,
        algorithm,
        payment: context.coordinator.payFromGas(tx, presignFee),
      });
      return approveAndSign(tx, cap);
    });
  } catch (error) {
    if (error instanceof TransactionFailedError && error.abortName === 'EPresignPoolEmpty') return undefined;
    throw error;
  }
}

/**
 * The active shared dWallet `dwalletId` as the chain records it.
 *
 * Errors: INVALID_ARGUMENT, UNKNOWN_DWALLET, DWALLET_NOT_ACTIVE, DWALLET_NOT_SHARED.
 */
async function readSharedDWallet(context: ActionContext, dwalletId: string): Promise<SharedDWallet> {
  const id = addressArgument(dwalletId, 'dwalletId');
  const { value } = await readDWalletObject(context, id);
  if (value.state !== DWalletState.ACTIVE) {
    throw new ClientError(ClientErrorCodes.DWALLET_NOT_ACTIVE, `dWallet ${id} is not active (state ${value.state})`, { dwalletId: id });
  }
  if (value.public_user_share === null) {
    throw new ClientError(
      ClientErrorCodes.DWALLET_NOT_SHARED,
      `dWallet ${id} is zero-trust (its user share is not public): only its user signs it, with sign`,
      { dwalletId: id },
    );
  }
  const curve = curveOfChain(value.curve);
  const algorithm = algorithmOfChain(value.algorithm);
  const dwalletCurve = getCurve(curve);
  let publicKey: Uint8Array;
  try {
    publicKey = dwalletCurve.encodePoint(dwalletOutputPublicKey(dwalletCurve, new Uint8Array(value.output)));
  } catch (error) {
    throw new ClientError(
      ClientErrorCodes.CHAIN_DATA_INVALID,
      `the output of dWallet ${id} on chain does not decode`,
      { dwalletId: id },
      { cause: error },
    );
  }
  return { id, capId: normalizeSuiAddress(value.cap_id), curve, algorithm, imported: value.imported, publicKey };
}
