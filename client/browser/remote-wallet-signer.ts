/**
 * The worker's Sui signer: a `Signer` whose signatures come from the wallet in the page
 * (SPEC-22: wallet-standard wallets live in the page's window, the SDK in the worker). Each
 * `signTransaction` / `signPersonalMessage` becomes a `wallet-request` message; the page calls the
 * wallet's `sui:signTransaction` / `sui:signPersonalMessage` feature and sends back what the wallet
 * returned, which is checked here before the SDK uses it:
 *
 * - the bytes the wallet signed must equal the bytes asked for (WALLET_CHANGED_TRANSACTION): a
 *   wallet may rebuild a transaction (another gas coin, budget or price), but the SDK's bookkeeping
 *   — the gas coin the next transaction picks, the session ids it derived, a transaction sent again
 *   as the same bytes after a lost answer — assumes it executes exactly the transaction it built;
 * - the signature must verify over those bytes for the connected account's address
 *   (`@mysten/sui/verify`; WALLET_SIGNATURE_INVALID), so a wallet signing with another account
 *   is caught here rather than by the chain after the SDK has recorded a pending request.
 *
 * The checks run in the worker, not the page: the worker is the party that relies on them, and the
 * main thread stays free of signature verification. `sign()` of raw bytes is refused: a wallet
 * signs only intent-scoped transactions and personal messages, never arbitrary bytes.
 * @module
 */
import { type PublicKey, type SignatureScheme, type SignatureWithBytes, Signer } from '@mysten/sui/cryptography';
import { normalizeSuiAddress, toBase64 } from '@mysten/sui/utils';
import { publicKeyFromRawBytes, verifyPersonalMessageSignature, verifyTransactionSignature } from '@mysten/sui/verify';
import { equalBytes } from '@noble/curves/utils.js';
import { ClientError, ClientErrorCodes, invalidArgument } from '../errors.ts';
import type { AccountSummary, WalletMethod } from './protocol.ts';

/** What the page answers: the wallet's output (both base64). */
export interface WalletSignature {
  readonly signature: string;
  readonly bytes: string;
}

/** Sends a wallet request to the page and resolves with the wallet's answer (or rejects with its error). */
export type WalletRequester = (method: WalletMethod, bytes: Uint8Array) => Promise<WalletSignature>;

/** The schemes a wallet account's raw public key can be of, by length (wallet-standard gives no scheme). */
const SCHEMES_BY_LENGTH: Readonly<Record<number, readonly SignatureScheme[]>> = {
  32: ['ED25519'],
  33: ['Secp256k1', 'Secp256r1'],
};

/** The account's public key: the scheme whose key hashes to the account's address. */
export function accountPublicKey(account: AccountSummary): PublicKey {
  const address = normalizeSuiAddress(account.address);
  for (const scheme of SCHEMES_BY_LENGTH[account.publicKey.length] ?? []) {
    let key: PublicKey;
    try {
      key = publicKeyFromRawBytes(scheme, account.publicKey);
    } catch {
      continue;
    }
    if (key.toSuiAddress() === address) return key;
  }
  throw invalidArgument(
    `the wallet account ${account.address} has a public key (${account.publicKey.length} bytes) that is not an Ed25519, secp256k1 or secp256r1 key of that address`,
    { address: account.address, publicKeyLength: account.publicKey.length },
  );
}

function decodeBase64(text: string, what: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new ClientError(ClientErrorCodes.WALLET_SIGNATURE_INVALID, `the wallet returned ${what} that is not base64`);
  }
}

export class RemoteWalletSigner extends Signer {
  readonly #address: string;
  readonly #publicKey: PublicKey;
  readonly #request: WalletRequester;

  constructor(account: AccountSummary, request: WalletRequester) {
    super();
    this.#publicKey = accountPublicKey(account);
    this.#address = normalizeSuiAddress(account.address);
    this.#request = request;
  }

  override toSuiAddress(): string {
    return this.#address;
  }

  getPublicKey(): PublicKey {
    return this.#publicKey;
  }

  getKeyScheme(): SignatureScheme {
    const flag = this.#publicKey.flag();
    if (flag === 0x00) return 'ED25519';
    if (flag === 0x01) return 'Secp256k1';
    return 'Secp256r1';
  }

  /** Refused: a wallet signs transactions and personal messages only. */
  sign(_bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    return Promise.reject(invalidArgument('a wallet signs transactions and personal messages only, not raw bytes'));
  }

  override async signWithIntent(): Promise<SignatureWithBytes> {
    throw invalidArgument('a wallet signs transactions and personal messages only, not raw bytes with an intent');
  }

  override async signTransaction(bytes: Uint8Array): Promise<SignatureWithBytes> {
    const answer = await this.#request('signTransaction', bytes);
    const signed = decodeBase64(answer.bytes, 'transaction bytes');
    if (!equalBytes(signed, bytes)) {
      throw new ClientError(
        ClientErrorCodes.WALLET_CHANGED_TRANSACTION,
        'the wallet signed a different transaction than the one the SDK built (it changed its bytes); nothing was sent',
        { requestedBytes: bytes.length, signedBytes: signed.length },
      );
    }
    await this.#verify(() => verifyTransactionSignature(bytes, answer.signature, { address: this.#address }), 'transaction');
    return { bytes: toBase64(bytes), signature: answer.signature };
  }

  override async signPersonalMessage(bytes: Uint8Array): Promise<{ bytes: string; signature: string }> {
    const answer = await this.#request('signPersonalMessage', bytes);
    const signed = decodeBase64(answer.bytes, 'message bytes');
    if (!equalBytes(signed, bytes)) {
      throw new ClientError(ClientErrorCodes.WALLET_SIGNATURE_INVALID, 'the wallet signed a different message than the one asked for', {
        requestedBytes: bytes.length,
        signedBytes: signed.length,
      });
    }
    await this.#verify(() => verifyPersonalMessageSignature(bytes, answer.signature, { address: this.#address }), 'personal message');
    return { bytes: toBase64(bytes), signature: answer.signature };
  }

  async #verify(check: () => Promise<unknown>, what: string): Promise<void> {
    try {
      await check();
    } catch (error) {
      throw new ClientError(
        ClientErrorCodes.WALLET_SIGNATURE_INVALID,
        `the wallet's ${what} signature does not verify for ${this.#address}: ${(error as Error).message}`,
        { address: this.#address },
      );
    }
  }
}
