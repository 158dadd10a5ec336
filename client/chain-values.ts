/**
 * Values read from the chain as the SDK names them: curve and algorithm ids as names, the states of
 * dWallets and sign requests as words.
 * @module
 */
import { DWalletState, type SignatureAlgorithm, SignState } from '../chain/constants.ts';
import { CURVE_NAMES, type CurveName } from '../mpc/curves/curve.ts';
import { algorithmById, CURVE_IDS, SIGNATURE_ALGORITHM_IDS, type SignatureAlgorithmName } from '../mpc/signing/algorithms.ts';
import { ClientError, ClientErrorCodes } from './errors.ts';
import type { SessionStatus } from './indexer-client.ts';

/** The name of a curve id (undefined for an id this SDK does not know). */
export function curveNameOf(id: number): CurveName | undefined {
  return CURVE_NAMES.find((name) => CURVE_IDS[name] === id);
}

/** The name of a curve id the chain holds; CHAIN_DATA_INVALID for an id this SDK does not know. */
export function curveOfChain(id: number): CurveName {
  const name = curveNameOf(id);
  if (name === undefined) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `unknown curve id ${id}`, { curve: id });
  return name;
}

/** The chain's id of a signature algorithm (what requests, pools and fees name). */
export function chainAlgorithm(name: SignatureAlgorithmName): SignatureAlgorithm {
  return SIGNATURE_ALGORITHM_IDS[name] as SignatureAlgorithm;
}

/** The name of a signature algorithm id the chain holds; CHAIN_DATA_INVALID for an id this SDK does not know. */
export function algorithmOfChain(id: number): SignatureAlgorithmName {
  try {
    return algorithmById(id);
  } catch {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `unknown signature algorithm id ${id}`, { algorithm: id });
  }
}

export type DWalletStateName = 'pending' | 'active' | 'rejected';

/** A dWallet's `state` field on chain, in words. */
export function dwalletStateName(state: number): DWalletStateName {
  return state === DWalletState.ACTIVE ? 'active' : state === DWalletState.REJECTED ? 'rejected' : 'pending';
}

/** A sign request's `state` field on chain, as a session status. */
export function signStatus(state: number): SessionStatus {
  return state === SignState.COMPLETED ? 'completed' : state === SignState.REJECTED ? 'rejected' : 'pending';
}
