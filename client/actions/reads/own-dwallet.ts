/**
 * One of the user's own active dWallets, ready to sign with: the chain's record, the user's
 * share from the secret store, and the network key, checked against each other.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { equalBytes } from '@noble/curves/utils.js';
import { DWalletState } from '../../../chain/constants.ts';
import type { CurveName } from '../../../mpc/curves/curve.ts';
import type { DWalletOutput } from '../../../mpc/ecdsa/dkg/output.ts';
import { decodeDWalletOutput, type NetworkKeyParts } from '../../../mpc/ecdsa/index.ts';
import type { SignatureAlgorithmName } from '../../../mpc/signing/algorithms.ts';
import { addressArgument } from '../../arguments.ts';
import { algorithmOfChain, curveOfChain } from '../../chain-values.ts';
import { ClientError, ClientErrorCodes } from '../../errors.ts';
import type { SecretShareRecord } from '../../secret-store.ts';
import type { ActionContext } from '../context.ts';
import { readDWalletObject } from './dwallet-object.ts';

export interface OwnDWallet {
  readonly id: string;
  readonly capId: string;
  readonly curve: CurveName;
  readonly algorithm: SignatureAlgorithmName;
  readonly imported: boolean;
  readonly key: NetworkKeyParts;
  readonly output: DWalletOutput;
  /** X: SEC1 compressed on secp256k1 and P-256, 32 bytes on ed25519. */
  readonly publicKey: Uint8Array;
  /** x_A, the user's share. */
  readonly secretShare: bigint;
  readonly record: SecretShareRecord;
}

/**
 * The active dWallet `dwalletId` with the user's share; a stored record still marked pending is
 * marked active.
 *
 * Errors: INVALID_ARGUMENT (not an id), UNKNOWN_DWALLET, SECRET_SHARE_MISSING (the store holds no
 * share of it), DWALLET_NOT_ACTIVE, CHAIN_DATA_INVALID (the chain's dWallet is not the one the
 * stored share belongs to).
 */
export async function loadOwnDWallet(context: ActionContext, dwalletId: string): Promise<OwnDWallet> {
  const id = addressArgument(dwalletId, 'dwalletId');
  const { value } = await readDWalletObject(context, id);
  const record = await context.secrets.get(id);
  if (record === undefined) {
    throw new ClientError(ClientErrorCodes.SECRET_SHARE_MISSING, `the secret store holds no share of dWallet ${id}`, { dwalletId: id });
  }
  if (value.state !== DWalletState.ACTIVE) {
    throw new ClientError(ClientErrorCodes.DWALLET_NOT_ACTIVE, `dWallet ${id} is not active (state ${value.state})`, { dwalletId: id });
  }
  const curve = curveOfChain(value.curve);
  const algorithm = algorithmOfChain(value.algorithm);
  const key = await context.networkKeys.forCurve(curve);
  const outputBytes = new Uint8Array(value.output);
  if (!equalBytes(outputBytes, record.output) || record.curve !== curve || record.algorithm !== algorithm) {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `the dWallet ${id} on chain does not match the stored share's dWallet`, {
      dwalletId: id,
    });
  }
  const output = decodeDWalletOutput(key.curve, key.encryptionKey.setup, outputBytes);
  const capId = normalizeSuiAddress(value.cap_id);
  if (record.state !== 'active') await context.secrets.put(id, { ...record, state: 'active', capId });
  return {
    id,
    capId,
    curve,
    algorithm,
    imported: value.imported,
    key,
    output,
    publicKey: key.curve.encodePoint(output.publicKey),
    secretShare: record.secretShare,
    record,
  };
}
