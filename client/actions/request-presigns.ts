/**
 * Requesting universal presigns for the network's pool.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { type Curve as ChainCurve, RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import { ECDSA_CURVE_IDS, type EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import { invalidArgument } from '../errors.ts';
import { type ActionContext, newSession, requestFee } from './context.ts';

/** The most presigns one transaction requests. */
export const MAX_PRESIGNS_PER_REQUEST = 50;

export interface RequestPresignsParameters {
  /** Default: the first curve of the network description. */
  readonly curve?: EcdsaCurveName;
}

/**
 * Requests `count` universal presigns for the pool in one transaction (1–50) and returns their
 * session ids (0x-hex) without waiting for them.
 *
 * Errors: INVALID_ARGUMENT (a count out of range, a curve the network does not offer),
 * NO_SIGNER, ABORTED, TRANSACTION_FAILED.
 */
export async function requestPresigns(
  context: ActionContext,
  count: number,
  parameters: RequestPresignsParameters = {},
): Promise<string[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_PRESIGNS_PER_REQUEST) {
    throw invalidArgument(`count must be an integer from 1 to ${MAX_PRESIGNS_PER_REQUEST}`, { count });
  }
  const { network, coordinator } = context;
  const curve = parameters.curve ?? network.curves[0] ?? 'secp256k1';
  if (!network.curves.includes(curve)) throw invalidArgument(`the network offers ${network.curves.join(', ')}, not ${curve}`);
  const fee = await requestFee(context, RequestKind.PRESIGN, SignatureAlgorithm.ECDSA);
  const tx = new Transaction();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const session = newSession(context);
    ids.push(session.prefixed);
    coordinator.requestPresign(tx, {
      networkKeyId: network.networkKeyId,
      curve: ECDSA_CURVE_IDS[curve] as ChainCurve,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: session.preimage,
      payment: coordinator.payFromGas(tx, fee),
    });
  }
  await context.transactions.execute('request presigns', tx);
  return ids;
}
