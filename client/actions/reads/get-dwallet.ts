/**
 * A dWallet as the network knows it (any dWallet, not only the user's): the indexer's record, else
 * the chain's object.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { equalBytes } from '@noble/curves/utils.js';
import { SessionId } from '../../../chain/session-id.ts';
import type { CurveName } from '../../../mpc/curves/curve.ts';
import { decodeDWalletOutput } from '../../../mpc/ecdsa/index.ts';
import type { SignatureAlgorithmName } from '../../../mpc/signing/algorithms.ts';
import { addressArgument } from '../../arguments.ts';
import { algorithmOfChain, curveOfChain, type DWalletStateName, dwalletStateName } from '../../chain-values.ts';
import { ClientError, ClientErrorCodes, type Rejection } from '../../errors.ts';
import type { SecretShareRecord } from '../../secret-store.ts';
import type { ActionContext } from '../context.ts';
import { readDWalletObject } from './dwallet-object.ts';

/** A dWallet as the network knows it (any dWallet, not only the user's). */
export interface DWalletInfo {
  readonly id: string;
  readonly capId: string;
  /** The cap's owner when known (the indexer's view, or the chain's for an address-owned cap). */
  readonly owner: string | null;
  readonly curve: CurveName;
  /** How it signs (fixed at creation): ecdsa, taproot (secp256k1) or eddsa (ed25519). */
  readonly algorithm: SignatureAlgorithmName;
  readonly networkKeyId: string;
  readonly imported: boolean;
  readonly state: DWalletStateName;
  /** Null until the network accepts the dWallet. */
  readonly publicKey: Uint8Array | null;
  readonly output: Uint8Array | null;
  readonly sessionId: string;
  readonly rejection: Rejection | null;
  /** Whether this client's secret store holds the user's share. */
  readonly hasSecretShare: boolean;
  /**
   * x_A when it is public (a shared dWallet, 32 bytes big-endian): the network then signs whatever
   * the cap approves, with no user. Null for a zero-trust dWallet.
   */
  readonly publicUserShare: Uint8Array | null;
}

/**
 * The dWallet `dwalletId`.
 *
 * Errors: INVALID_ARGUMENT (not an id), UNKNOWN_DWALLET (there is none), CHAIN_DATA_INVALID (an
 * unknown curve), and the network key's errors when its public key is decoded.
 */
export async function getDWallet(context: ActionContext, dwalletId: string): Promise<DWalletInfo> {
  const info = await findDWallet(context, dwalletId);
  if (info === null) throw new ClientError(ClientErrorCodes.UNKNOWN_DWALLET, `no dWallet ${dwalletId}`, { dwalletId });
  return info;
}

/** As {@link getDWallet}, with null when there is no such dWallet. */
export async function findDWallet(context: ActionContext, dwalletId: string): Promise<DWalletInfo | null> {
  const id = addressArgument(dwalletId, 'dwalletId');
  const record = await context.secrets.get(id).catch(() => undefined);
  const hasSecretShare = record !== undefined;
  return context.lookup.read(
    async (indexer) => {
      const d = await indexer.getDWallet(id);
      if (d === null) return null;
      const curve = curveOfChain(d.curve);
      return {
        id: d.id,
        capId: d.capId,
        owner: d.owner,
        curve,
        algorithm: d.algorithm,
        networkKeyId: d.networkKeyId,
        imported: d.imported,
        state: d.state,
        publicKey: d.state === 'active' ? await publicKeyOf(context, record, curve, d.output) : null,
        output: d.output,
        sessionId: d.sessionId,
        rejection: d.rejection,
        hasSecretShare,
        publicUserShare: d.publicUserShare,
      } satisfies DWalletInfo;
    },
    async () => {
      const read = await readDWalletObject(context, id).catch((error: unknown) => {
        if (error instanceof ClientError && error.code === ClientErrorCodes.UNKNOWN_DWALLET) return null;
        throw error;
      });
      if (read === null) return null;
      const { value } = read;
      const curve = curveOfChain(value.curve);
      const state = dwalletStateName(value.state);
      const sessionId = SessionId.prefixed(SessionId.fromBytes(value.session_id));
      const capId = normalizeSuiAddress(value.cap_id);
      const capObject = await context.chain.getObject(capId);
      const output = state === 'active' ? new Uint8Array(value.output) : null;
      return {
        id,
        capId,
        owner: capObject?.owner.kind === 'address' ? capObject.owner.address : null,
        curve,
        algorithm: algorithmOfChain(value.algorithm),
        networkKeyId: normalizeSuiAddress(value.network_key_id),
        imported: value.imported,
        state,
        publicKey: await publicKeyOf(context, record, curve, output),
        output,
        sessionId,
        rejection: state === 'rejected' ? await context.lookup.rejectionOnChain(sessionId) : null,
        hasSecretShare,
        publicUserShare: value.public_user_share === null ? null : new Uint8Array(value.public_user_share),
      } satisfies DWalletInfo;
    },
  );
}

/** The public key of a dWallet output: the stored share's when it is the same output, else decoded with the network key. */
async function publicKeyOf(
  context: ActionContext,
  record: SecretShareRecord | undefined,
  curve: CurveName,
  output: Uint8Array | null,
): Promise<Uint8Array | null> {
  if (output === null || output.length === 0) return null;
  if (record !== undefined && equalBytes(record.output, output)) return record.publicKey.slice();
  const key = await context.networkKeys.forCurve(curve);
  return key.curve.encodePoint(decodeDWalletOutput(key.curve, key.encryptionKey.setup, output).publicKey);
}
