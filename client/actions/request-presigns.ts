/**
 * Requesting universal presigns for the network's pool of one signing scheme.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { type Curve as ChainCurve, RequestKind } from '../../chain/constants.ts';
import type { CurveName } from '../../mpc/curves/curve.ts';
import { CURVE_IDS, type SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import { signingSchemeArgument } from '../arguments.ts';
import { chainAlgorithm } from '../chain-values.ts';
import { invalidArgument } from '../errors.ts';
import { type ActionContext, newSession, requestFee } from './context.ts';

/** The most presigns one transaction requests. */
export const MAX_PRESIGNS_PER_REQUEST = 50;

export interface RequestPresignsParameters {
  /** Default: the first curve of the network description. */
  readonly curve?: CurveName;
  /** The algorithm of the dWallets they serve (default: the curve's, ECDSA, or EdDSA on ed25519). */
  readonly algorithm?: SignatureAlgorithmName;
}

/**
 * Requests `count` universal presigns for the pool of (curve, algorithm) in one transaction
 * (1–50) and returns their session ids (0x-hex) without waiting for them.
 *
 * Errors: INVALID_ARGUMENT (a count out of range, a curve the network does not offer, an
 * algorithm the curve does not sign with), NO_SIGNER, ABORTED, TRANSACTION_FAILED.
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
  const { curve, algorithm } = signingSchemeArgument(parameters.curve ?? network.curves[0] ?? 'secp256k1', parameters.algorithm);
  if (!network.curves.includes(curve)) throw invalidArgument(`the network offers ${network.curves.join(', ')}, not ${curve}`);
  const algorithmId = chainAlgorithm(algorithm);
  const fee = await requestFee(context, RequestKind.PRESIGN, algorithmId);
  const tx = new Transaction();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const session = newSession(context);
    ids.push(session.prefixed);
    coordinator.requestPresign(tx, {
      networkKeyId: network.networkKeyId,
      curve: CURVE_IDS[curve] as ChainCurve,
      algorithm: algorithmId,
      sessionPreimage: session.preimage,
      payment: coordinator.payFromGas(tx, fee),
    });
  }
  await context.transactions.execute('request presigns', tx);
  return ids;
}
