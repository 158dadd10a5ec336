/**
 * The page's side of the wallet (SPEC-22): finding Sui wallets through the wallet standard, picking
 * the account, and answering the worker's `wallet-request`s with the wallet's
 * `sui:signTransaction` / `sui:signPersonalMessage` features. The wallet's output is passed on as
 * it came; the worker checks it (remote-wallet-signer.ts), so the main thread does no signature
 * verification.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import {
  getWallets,
  type IdentifierString,
  type StandardConnectFeature,
  type StandardEventsFeature,
  type SuiSignPersonalMessageFeature,
  type SuiSignTransactionFeature,
  type Wallet,
  type WalletAccount,
  type WalletWithFeatures,
} from '@mysten/wallet-standard';
import { ClientError, ClientErrorCodes, invalidArgument } from '../errors.ts';
import type { WalletMethod } from './protocol.ts';

/** A wallet-standard wallet that can sign Sui transactions and personal messages. */
export type SuiWallet = WalletWithFeatures<
  StandardConnectFeature & SuiSignTransactionFeature & SuiSignPersonalMessageFeature & Partial<StandardEventsFeature>
>;

const REQUIRED_FEATURES = ['standard:connect', 'sui:signTransaction', 'sui:signPersonalMessage'] as const;

/** Whether `wallet` has the features the SDK needs. */
export function isSuiWallet(wallet: Wallet): wallet is SuiWallet {
  const features: unknown = wallet?.features;
  return typeof features === 'object' && features !== null && REQUIRED_FEATURES.every((feature) => feature in features);
}

/** The registered wallets (wallet standard) that can sign Sui transactions and personal messages. */
export function suiWallets(): SuiWallet[] {
  return getWallets().get().filter(isSuiWallet);
}

/** The wallet-standard chain of a Sui network name (`sui:localnet` when the description names none). */
export function suiChainOf(network: string | undefined): IdentifierString {
  return `sui:${network ?? 'localnet'}`;
}

/**
 * The account to use: `requested` if the wallet holds it, else the first after `standard:connect`.
 * INVALID_ARGUMENT when the wallet gives none; WALLET_REJECTED when the user refuses to connect.
 */
export async function walletAccount(wallet: SuiWallet, requested?: WalletAccount): Promise<WalletAccount> {
  let accounts: readonly WalletAccount[];
  try {
    accounts = (await wallet.features['standard:connect'].connect()).accounts;
  } catch (error) {
    throw new ClientError(ClientErrorCodes.WALLET_REJECTED, `the wallet ${wallet.name} did not connect: ${(error as Error).message}`, {
      wallet: wallet.name,
    });
  }
  if (requested !== undefined) {
    const held = accounts.find((account) => account.address === requested.address);
    if (held === undefined) throw invalidArgument(`the wallet ${wallet.name} does not hold the account ${requested.address}`);
    return held;
  }
  const first = accounts[0];
  if (first === undefined) throw invalidArgument(`the wallet ${wallet.name} gave no account`);
  return first;
}

/**
 * Has the wallet sign what the worker asked for; the wallet's answer as it returned it. A wallet
 * that throws (the user declined, or it failed) is WALLET_REJECTED, its message kept.
 */
export async function signWithWallet(
  wallet: SuiWallet,
  account: WalletAccount,
  chain: IdentifierString,
  method: WalletMethod,
  bytes: Uint8Array,
): Promise<{ signature: string; bytes: string }> {
  try {
    if (method === 'signTransaction') {
      const output = await wallet.features['sui:signTransaction'].signTransaction({ transaction: Transaction.from(bytes), account, chain });
      return { signature: output.signature, bytes: output.bytes };
    }
    const output = await wallet.features['sui:signPersonalMessage'].signPersonalMessage({ message: bytes, account, chain });
    return { signature: output.signature, bytes: output.bytes };
  } catch (error) {
    throw new ClientError(
      ClientErrorCodes.WALLET_REJECTED,
      `the wallet ${wallet.name} did not sign the ${method === 'signTransaction' ? 'transaction' : 'message'}: ${(error as Error).message}`,
      { wallet: wallet.name, method },
    );
  }
}
