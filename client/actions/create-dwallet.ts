/**
 * Creating a dWallet by DKG.
 * @module
 */
import type { Curve as ChainCurve } from '../../chain/constants.ts';
import { SessionId } from '../../chain/session-id.ts';
import { ECDSA_CURVE_IDS, type EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import { createUserDkgMessage, encodeUserDkgMessage } from '../../mpc/ecdsa/index.ts';
import { addressArgument, curveArgument } from '../arguments.ts';
import { type ActionContext, newSession, userAddress } from './context.ts';
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
  const key = await context.networkKeys.forCurve(curve);
  const session = newSession(context);
  context.onProgress(`computing the user's DKG message (${curve})`);
  const dkg = createUserDkgMessage(key, SessionId.bytes(session.id));
  return submitDWalletCreation(context, {
    kind: 'dkg',
    curve,
    key,
    recipient,
    session,
    secretShare: dkg.secretShare,
    output: dkg.output,
    buildRequest: (tx, payment) =>
      context.coordinator.requestDWalletDkg(tx, {
        networkKeyId: network.networkKeyId,
        curve: ECDSA_CURVE_IDS[curve] as ChainCurve,
        sessionPreimage: session.preimage,
        userDkgMessage: encodeUserDkgMessage(key.curve, dkg.message),
        payment,
      }),
    words: { transaction: 'create dWallet', request: 'DKG', result: 'the dWallet creation' },
  });
}
