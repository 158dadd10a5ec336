/**
 * Opening an encrypted share recorded on chain with this user's key: what recovery and the
 * acceptance of a transfer have in common (PROTOCOL.md §7, encrypted backup).
 *
 * The network verified the share's EncDL proof before recording it, and this client checks again
 * rather than trust it: the share must be encrypted under the key this client derives (the one
 * the chain names for it), its proof must verify for this dWallet, its session and X_A, and the
 * decrypted x_A must satisfy x_A·G = X_A. Only then is the record written to the secret store.
 *
 * Secrets: x_A and the class-group secret key meet variable-time BigInt and class-group
 * exponentiation during decryption (mpc/cl/encryption.ts), on the user's own machine.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { bytesToHex, equalBytes, hexToBytes } from '@noble/curves/utils.js';
import { DWalletState } from '../../chain/constants.ts';
import { decodeObject } from '../../chain/object-reader.ts';
import { UserEncryptionKey } from '../../chain/schemas/objects.ts';
import { decodeDWalletOutput } from '../../mpc/ecdsa/index.ts';
import { DWalletError } from '../../mpc/errors.ts';
import { decryptUserShare, encodeUserEncryptionKey, verifyEncryptedUserShare } from '../../mpc/user-share/index.ts';
import { algorithmOfChain, curveOfChain } from '../chain-values.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import type { SecretShareRecord } from '../secret-store.ts';
import type { ActionContext } from './context.ts';
import { readDWalletObject } from './reads/dwallet-object.ts';
import type { EncryptedShareInfo } from './reads/user-share.ts';

function idBytes(id: string): Uint8Array {
  return hexToBytes(normalizeSuiAddress(id).slice(2));
}

/**
 * The secret-store record of the dWallet `share` encrypts, its x_A decrypted with this user's key
 * and checked (see the module's notes). Writes nothing.
 *
 * Errors: UNKNOWN_DWALLET, DWALLET_NOT_ACTIVE, NETWORK_MISMATCH (the dWallet is under another
 * network key than the client's), ENCRYPTION_KEY_MISMATCH (the share is encrypted to a key this
 * client does not derive), ENCRYPTED_SHARE_INVALID (the proof does not verify or x_A does not open
 * to X_A), CHAIN_DATA_INVALID.
 */
export async function openEncryptedShare(context: ActionContext, share: EncryptedShareInfo): Promise<SecretShareRecord> {
  const { network } = context;
  const { value: dwallet } = await readDWalletObject(context, share.dwalletId);
  if (dwallet.state !== DWalletState.ACTIVE) {
    throw new ClientError(ClientErrorCodes.DWALLET_NOT_ACTIVE, `dWallet ${share.dwalletId} is not active`, { dwalletId: share.dwalletId });
  }
  if (normalizeSuiAddress(dwallet.network_key_id) !== network.networkKeyId) {
    throw new ClientError(
      ClientErrorCodes.NETWORK_MISMATCH,
      `dWallet ${share.dwalletId} is under network key ${dwallet.network_key_id}, not this client's ${network.networkKeyId}`,
      { dwalletId: share.dwalletId },
    );
  }
  const curveName = curveOfChain(dwallet.curve);
  const key = await context.networkKeys.forCurve(curveName);
  const { curve } = key;
  const setup = key.encryptionKey.setup;
  const outputBytes = new Uint8Array(dwallet.output);
  const output = decodeDWalletOutput(curve, setup, outputBytes);
  const pair = (await context.userShareKeys()).keyPair(setup);

  const keyObject = await context.chain.getObject(share.encryptionKeyId);
  const registered = keyObject === null ? null : decodeObject(network.packageId, keyObject, UserEncryptionKey);
  if (registered === null || !equalBytes(new Uint8Array(registered.encryption_key), encodeUserEncryptionKey(pair.publicKey))) {
    throw new ClientError(
      ClientErrorCodes.ENCRYPTION_KEY_MISMATCH,
      `the encrypted share ${share.id} is encrypted to key ${share.encryptionKeyId}, which is not the key this client derives from its seed`,
      { encryptedShareId: share.id },
    );
  }
  let secretShare: bigint;
  try {
    verifyEncryptedUserShare({
      curve,
      recipientKey: pair.publicKey,
      userPublicShare: output.userPublicShare,
      dwalletId: idBytes(share.dwalletId),
      sessionId: hexToBytes(share.sessionId.slice(2)),
      encryptedShare: share.encryptedShare,
    });
    secretShare = decryptUserShare({
      curve,
      secretKey: pair.secretKey,
      userPublicShare: output.userPublicShare,
      encryptedShare: share.encryptedShare,
    });
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    throw new ClientError(
      ClientErrorCodes.ENCRYPTED_SHARE_INVALID,
      `the encrypted share ${share.id} does not open to dWallet ${share.dwalletId}'s share: ${error.message}`,
      { encryptedShareId: share.id, dwalletId: share.dwalletId },
      { cause: error },
    );
  }
  return {
    dwalletId: share.dwalletId,
    capId: normalizeSuiAddress(dwallet.cap_id),
    sessionId: bytesToHex(new Uint8Array(dwallet.session_id)),
    curve: curveName,
    algorithm: algorithmOfChain(dwallet.algorithm),
    networkKeyId: network.networkKeyId,
    imported: dwallet.imported,
    state: 'active',
    secretShare,
    output: outputBytes,
    publicKey: curve.encodePoint(output.publicKey),
    createdAt: new Date().toISOString(),
  };
}
