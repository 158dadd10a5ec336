/**
 * Values read from the chain as the SDK names them: curve ids as curve names, the states of
 * dWallets and sign requests as words.
 * @module
 */
import { DWalletState, SignState } from '../chain/constants.ts';
import { ECDSA_CURVE_IDS, ECDSA_CURVES, type EcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import { ClientError, ClientErrorCodes } from './errors.ts';
import type { SessionStatus } from './indexer-client.ts';

/** The name of an ECDSA curve id (undefined for an id this SDK does not know). */
export function ecdsaCurveNameOf(id: number): EcdsaCurveName | undefined {
  return ECDSA_CURVES.find((name) => ECDSA_CURVE_IDS[name] === id);
}

/** The name of a curve id the chain holds; CHAIN_DATA_INVALID for an id this SDK does not know. */
export function curveOfChain(id: number): EcdsaCurveName {
  const name = ecdsaCurveNameOf(id);
  if (name === undefined) throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `unknown curve id ${id}`, { curve: id });
  return name;
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
