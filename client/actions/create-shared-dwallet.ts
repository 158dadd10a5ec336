import type { ActionContext } from './context.ts';
import { type CreateDWalletParameters, type CreateDWalletResult, userDkg } from './create-dwallet.ts';
import { submitDWalletCreation } from './dwallet-creation.ts';

/**
 * Creates a shared dWallet by DKG (PROTOCOL-EXTENSIONS.md §7.1): as {@link createDWallet}, with the
 * user share x_A published on chain by `request_shared_dwallet_dkg`. The validators check
 * x_A·G = X_A before the dWallet becomes active; from then on the network signs, with no user
 * process, whatever the `DWalletCap` approves (`requestSharedSign`, or a contract holding the cap).
 * The key is then as safe as the network's threshold and the rules guarding the cap.
 *
 * The share is public, but the record in the secret store is written as for any dWallet (so the
 * ordinary sign path and the listing work the same); it holds nothing that is not on chain.
 *
 * Errors: as {@link createDWallet}; CHAIN_DATA_INVALID also when the chain's dWallet does not record
 * the published share.
 */
export async function createSharedDWallet(context: ActionContext, parameters: CreateDWalletParameters = {}): Promise<CreateDWalletResult> {
  const dkg = userDkg(context, parameters);
  return submitDWalletCreation(context, {
    ...dkg,
    compute: (key, sessionId) => {
      // The DKG message itself stays the zero-trust one; the share travels beside it, recorded on the DWallet.
      const user = dkg.compute(key, sessionId);
      return { ...user, publicUserShare: key.curve.encodeScalar(user.secretShare) };
    },
    buildRequest: (tx, request, user) =>
      context.coordinator.requestSharedDWalletDkg(tx, {
        ...request,
        userDkgMessage: user.message,
        publicUserShare: user.publicUserShare as Uint8Array,
      }),
    words: {
      message: "the user's DKG message",
      transaction: 'create shared dWallet',
      request: 'shared DKG',
      result: 'the dWallet creation',
    },
  });
}
