/**
 * What executing a vault proposal takes besides the vault's rules: presigns and the network's
 * signatures.
 *
 * - Each signature the vault requests consumes a presign. Executing claims them from the
 *   network's pool in the same transaction as the execution (`claim_presign`, then
 *   `execute_…`; chain/vault-client.ts), paying both fees from the gas coin, so no presign is
 *   held between transactions. When the pool is empty, a presign is requested for it and awaited
 *   first (as the SDK's own signing does, client/actions/obtain-presign.ts).
 * - A shared sign carries no user message: the validators derive the user's part from the
 *   request (PROTOCOL-EXTENSIONS.md §7.1). The signature is awaited like any other
 *   (client/actions/wait-for-session.ts) and verified under the dWallet's key before use.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { TransactionResult } from '../../chain/chain.ts';
import { type Curve as ChainCurve, feeOf, RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import { availablePresignCount, decodeObject, readCoordinator } from '../../chain/object-reader.ts';
import { Sign } from '../../chain/schemas/objects.ts';
import { randomSessionPreimage, SessionId } from '../../chain/session-id.ts';
import { MAX_GAS_BUDGET } from '../../chain/sui-limits.ts';
import type { PooledPresignPayment } from '../../chain/vault-client.ts';
import type { ActionContext } from '../actions/context.ts';
import { requestPresigns } from '../actions/request-presigns.ts';
import { awaitSignature, signDigest } from '../actions/signing.ts';
import { awaitCompleted } from '../actions/wait-for-session.ts';
import { ClientError, ClientErrorCodes, TransactionFailedError } from '../errors.ts';
import { integerArgument } from './vault-arguments.ts';

/** How an execution is sent. */
export interface ExecuteOptions {
  /**
   * A fixed gas budget in MIST: the transaction is sent without a simulation first, so a refusal
   * by the vault is executed on chain and recorded as a failed transaction (its gas spent) instead
   * of being stopped by the simulation. Default: budgeted from a simulation.
   */
  readonly gasBudget?: bigint;
}

/** The options, checked: INVALID_ARGUMENT for a budget that is not a whole number of MIST up to Sui's maximum. */
export function executeOptionsArgument(options: ExecuteOptions): ExecuteOptions {
  if (options.gasBudget === undefined) return {};
  return { gasBudget: integerArgument(options.gasBudget, 'gasBudget', 1n, MAX_GAS_BUDGET) };
}

/** The pool a vault's dWallet signs from: its network key and curve (secp256k1). */
export interface PoolOf {
  readonly networkKeyId: string;
  readonly curve: ChainCurve;
}

/**
 * Sends one transaction making up to `wanted` executions, each with a presign claimed from the
 * pool in that transaction (as many as the pool holds, at least one: when it is empty a presign
 * is requested for it and awaited first). `build` adds the calls, one per payment. Returns the
 * result and how many calls it made.
 *
 * Errors: NO_PRESIGN_AVAILABLE (none could be claimed within the client's timeout), those of
 * sending (TRANSACTION_FAILED with the vault's abort, NO_SIGNER, ABORTED) and of waiting for a
 * requested presign.
 */
export async function executeWithPooledPresigns(
  context: ActionContext,
  what: string,
  pool: PoolOf,
  wanted: number,
  build: (tx: Transaction, payments: readonly PooledPresignPayment[]) => void,
  options: ExecuteOptions = {},
): Promise<{ result: TransactionResult; count: number }> {
  const { gasBudget } = executeOptionsArgument(options);
  const deadline = Date.now() + context.timeoutMs;
  while (Date.now() < deadline) {
    const coordinator = await readCoordinator(context.chain);
    const found = coordinator.presign_pools.find(
      (p) =>
        normalizeSuiAddress(p.network_key_id) === pool.networkKeyId && p.curve === pool.curve && p.algorithm === SignatureAlgorithm.ECDSA,
    );
    const available = found === undefined ? 0 : availablePresignCount(found);
    if (available > 0) {
      const count = Math.min(available, wanted);
      const presignFee = feeOf(coordinator.fees, RequestKind.PRESIGN, SignatureAlgorithm.ECDSA);
      const signFee = feeOf(coordinator.fees, RequestKind.SIGN, SignatureAlgorithm.ECDSA);
      const payments = Array.from({ length: count }, () => ({
        networkKeyId: pool.networkKeyId,
        curve: pool.curve,
        sessionPreimage: randomSessionPreimage(),
        presignFee,
        signFee,
      }));
      try {
        const result = await context.transactions.execute(
          what,
          () => {
            const tx = new Transaction();
            build(tx, payments);
            return Promise.resolve(tx);
          },
          gasBudget === undefined ? {} : { gasBudget },
        );
        return { result, count };
      } catch (error) {
        // Someone else emptied the pool first: request a presign and try again.
        if (!(error instanceof TransactionFailedError && error.module === 'coordinator' && error.abortName === 'EPresignPoolEmpty')) {
          throw error;
        }
      }
    }
    context.onProgress('the presign pool is empty: requesting a presign');
    const [sessionId] = await requestPresigns(context, 1, { curve: 'secp256k1' });
    await awaitCompleted(context, sessionId as string, 'the presign');
  }
  throw new ClientError(ClientErrorCodes.NO_PRESIGN_AVAILABLE, `no presign could be claimed from the pool within ${context.timeoutMs} ms`);
}

export interface VaultSignature {
  readonly signId: string;
  readonly sessionId: string;
  /** The message the vault approved and the network signed (an unsigned transaction, a BIP-143 preimage). */
  readonly message: Uint8Array;
  /** r ‖ s ‖ v, verified under the dWallet's key. */
  readonly signature: Uint8Array;
}

/**
 * Waits for the network's signature of sign `signId` (requested by the vault) and returns it
 * with the message it signs, verified under `publicKey`.
 *
 * Errors: CHAIN_DATA_INVALID (no such sign), those of waiting (REQUEST_REJECTED, TIMEOUT,
 * ABORTED), SIGNATURE_INVALID.
 */
export async function awaitVaultSignature(context: ActionContext, signId: string, publicKey: Uint8Array): Promise<VaultSignature> {
  const object = await context.chain.getObject(signId);
  if (object === null) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `sign ${signId} does not exist`, { signId });
  const sign = decodeObject(context.network.packageId, object, Sign);
  const sessionId = SessionId.prefixed(SessionId.fromBytes(sign.session_id));
  const message = new Uint8Array(sign.message);
  // A vault guards an ECDSA secp256k1 dWallet (its Ethereum and segwit transactions).
  const dwallet = { curve: 'secp256k1', algorithm: 'ecdsa', publicKey } as const;
  const { digest } = signDigest(dwallet, { message, hashScheme: sign.hash_scheme });
  const signature = await awaitSignature(context, { signId, sessionId }, dwallet, digest);
  return { signId, sessionId, message, signature };
}
