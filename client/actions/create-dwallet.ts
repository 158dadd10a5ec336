import type { EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import { createUserDkgMessage, encodeUserDkgMessage } from '../../mpc/ecdsa/index.ts';
import { addressArgument, curveArgument } from '../arguments.ts';
import { type ActionContext, userAddress } from './context.ts';
import { type DWalletRecord, submitDWalletCreation } from './dwallet-creation.ts';

export interface CreateDWalletParameters {
  /** Default: the first curve of the network description. */
  readonly curve?: EcdsaCurveName;
  /** Who receives the DWalletCap (default: the user), e.g. an address a contract controls. */
  readonly capRecipient?: string;
}

export type CreateDWalletResult = DWalletRecord;

/**
 * Creates a dWallet by DKG: the user's message is made here, the secret share saved in the store
 * (under the session id, then the dWallet id), `request_dwallet_dkg` sent, and the network's
 * acceptance awaited; the chain's output must equal the one computed here.
 *
 * Errors: INVALID_ARGUMENT (a curve that is not ECDSA's or not the network's, a bad
 * capRecipient), NO_SIGNER, the network key's (NETWORK_MISMATCH, CHAIN_DATA_INVALID), and
 * those of {@link submitDWalletCreation} (TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT, ABORTED,
 * CHAIN_DATA_INVALID).
 */
export async function createDWallet(context: ActionContext, parameters: CreateDWalletParameters = {}): Promise<CreateDWalletResult> {
  const { network } = context;
  const curve = curveArgument(parameters.curve ?? network.curves[0] ?? 'secp256k1');
  const recipient = parameters.capRecipient === undefined ? userAddress(context) : addressArgument(parameters.capRecipient, 'capRecipient');
  return submitDWalletCreation(context, {
    kind: 'dkg',
    curve,
    recipient,
    compute: (key, sessionId) => {
      const dkg = createUserDkgMessage(key, sessionId);
      return { secretShare: dkg.secretShare, output: dkg.output, message: encodeUserDkgMessage(key.curve, dkg.message) };
    },
    buildRequest: (tx, request, user) => context.coordinator.requestDWalletDkg(tx, { ...request, userDkgMessage: user.message }),
    words: { message: "the user's DKG message", transaction: 'create dWallet', request: 'DKG', result: 'the dWallet creation' },
  });
}
