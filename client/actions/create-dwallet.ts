import type { EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import { createUserDkgMessage, encodeUserDkgMessage } from '../../mpc/ecdsa/index.ts';
import { addressArgument, curveArgument } from '../arguments.ts';
import { type ActionContext, userAddress } from './context.ts';
import { type DWalletCreation, type DWalletRecord, submitDWalletCreation } from './dwallet-creation.ts';

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
  return submitDWalletCreation(context, {
    ...userDkg(context, parameters),
    buildRequest: (tx, request, user) => context.coordinator.requestDWalletDkg(tx, { ...request, userDkgMessage: user.message }),
    words: { message: "the user's DKG message", transaction: 'create dWallet', request: 'DKG', result: 'the dWallet creation' },
  });
}

/**
 * The user's side of a DKG creation, shared by zero-trust and shared dWallets: the curve (default:
 * the network's first), the cap's recipient (default: the user) and the user's DKG message.
 */
export function userDkg(
  context: ActionContext,
  parameters: CreateDWalletParameters,
): Pick<DWalletCreation, 'kind' | 'curve' | 'recipient' | 'compute'> {
  const curve = curveArgument(parameters.curve ?? context.network.curves[0] ?? 'secp256k1');
  const recipient = parameters.capRecipient === undefined ? userAddress(context) : addressArgument(parameters.capRecipient, 'capRecipient');
  return {
    kind: 'dkg',
    curve,
    recipient,
    compute: (key, sessionId) => {
      const dkg = createUserDkgMessage(key, sessionId);
      return { secretShare: dkg.secretShare, output: dkg.output, message: encodeUserDkgMessage(key.curve, dkg.message) };
    },
  };
}
