import type { CurveName } from '../../mpc/curves/curve.ts';
import { createUserDkgMessage, encodeUserDkgMessage } from '../../mpc/ecdsa/index.ts';
import type { SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import { addressArgument, signingSchemeArgument } from '../arguments.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { backupShare, type ShareEncryptionResult } from './backup-share.ts';
import { type ActionContext, userAddress } from './context.ts';
import { type DWalletCreation, type DWalletRecord, submitDWalletCreation } from './dwallet-creation.ts';

export interface CreateDWalletParameters {
  /** Default: the first curve of the network description. */
  readonly curve?: CurveName;
  /**
   * The signature algorithm, fixed for the dWallet's life (default: ECDSA, EdDSA on ed25519):
   * `taproot` on secp256k1 makes a BIP-340/BIP-86 key-path Taproot key (the DKG is the same).
   */
  readonly algorithm?: SignatureAlgorithmName;
  /** Who receives the DWalletCap (default: the user), e.g. an address a contract controls. */
  readonly capRecipient?: string;
  /**
   * Back the user share up on chain as soon as the dWallet is active, encrypted to the user's own
   * share-encryption key (registered first if needed; `backupShare`). Needs the cap to stay with the user.
   */
  readonly backup?: boolean;
}

export type CreateDWalletResult = DWalletRecord & {
  /** The backup made at creation (`backup: true`). */
  readonly backup?: ShareEncryptionResult;
};

/**
 * Creates a dWallet by DKG: the user's message is made here, the secret share saved in the store
 * (under the session id, then the dWallet id), `request_dwallet_dkg` sent, and the network's
 * acceptance awaited; the chain's output must equal the one computed here.
 *
 * Errors: INVALID_ARGUMENT (an unknown curve or one the network does not offer, an algorithm the
 * curve does not sign with, a bad capRecipient, a backup with a capRecipient), NO_SIGNER, the network key's (NETWORK_MISMATCH, CHAIN_DATA_INVALID), and
 * those of {@link submitDWalletCreation} (TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT, ABORTED,
 * CHAIN_DATA_INVALID).
 */
export async function createDWallet(context: ActionContext, parameters: CreateDWalletParameters = {}): Promise<CreateDWalletResult> {
  const creation = userDkg(context, parameters);
  if (parameters.backup === true && creation.recipient !== userAddress(context)) {
    throw new ClientError(
      ClientErrorCodes.INVALID_ARGUMENT,
      'a backup at creation needs the DWalletCap to stay with the user (no capRecipient)',
    );
  }
  const record = await submitDWalletCreation(context, {
    ...creation,
    buildRequest: (tx, request, user) => context.coordinator.requestDWalletDkg(tx, { ...request, userDkgMessage: user.message }),
    words: { message: "the user's DKG message", transaction: 'create dWallet', request: 'DKG', result: 'the dWallet creation' },
  });
  if (parameters.backup !== true) return record;
  return { ...record, backup: await backupShare(context, record.id) };
}

/**
 * The user's side of a DKG creation, shared by zero-trust and shared dWallets: the curve (default:
 * the network's first) and algorithm, the cap's recipient (default: the user) and the user's DKG message.
 */
export function userDkg(
  context: ActionContext,
  parameters: CreateDWalletParameters,
): Pick<DWalletCreation, 'kind' | 'curve' | 'algorithm' | 'recipient' | 'compute'> {
  const { curve, algorithm } = signingSchemeArgument(parameters.curve ?? context.network.curves[0] ?? 'secp256k1', parameters.algorithm);
  const recipient = parameters.capRecipient === undefined ? userAddress(context) : addressArgument(parameters.capRecipient, 'capRecipient');
  return {
    kind: 'dkg',
    curve,
    algorithm,
    recipient,
    compute: (key, sessionId) => {
      const dkg = createUserDkgMessage(key, sessionId);
      return { secretShare: dkg.secretShare, output: dkg.output, message: encodeUserDkgMessage(key.curve, dkg.message) };
    },
  };
}
