/**
 * How the tool signs with a dWallet: a zero-trust dWallet with the user's share from the wallet's
 * store (`sign`), a shared dWallet by the chain's approval alone (`requestSharedSign`: no share is
 * read, the network computes the user's part; PROTOCOL-EXTENSIONS.md §7.1). Which one is read from
 * the dWallet's record (its public user share) for each signature.
 * @module
 */
import type { DWalletClient, DWalletInfo, SignRequest, SignResult } from '../dwallet-client.ts';
import type { TransactionSigner } from '../sign-transactions.ts';

/** What the tool says of a shared dWallet wherever it shows one. */
export const SHARED_USER_SHARE_NOTE =
  'public (recorded on chain): the network signs whatever the DWalletCap approves, with no user; as safe as the network threshold and the cap';

/**
 * Signs `request` the way the dWallet is signed (see the module comment); `shared` says which.
 * `dwallet`: its record, when the caller has read it already.
 */
export async function signWithDWallet(
  client: DWalletClient,
  request: SignRequest,
  dwallet?: Pick<DWalletInfo, 'publicUserShare'>,
): Promise<SignResult & { readonly shared: boolean }> {
  const shared = (dwallet ?? (await client.getDWallet(request.dwalletId))).publicUserShare !== null;
  const result = shared ? await client.requestSharedSign(request) : await client.sign(request);
  return { ...result, shared };
}

/** The transaction helpers' signer (sign-eth-tx, sign-btc-tx), signing each dWallet its own way. */
export function dwalletSigner(client: DWalletClient): TransactionSigner {
  return { getDWallet: (dwalletId) => client.getDWallet(dwalletId), sign: (request) => signWithDWallet(client, request) };
}
