/**
 * Where an encrypted secret share store's key comes from (SPEC-22 item 5): a passphrase, or the
 * signature of a wallet's account over the fixed message {@link STORE_KEY_MESSAGE}.
 *
 * Passphrase: scrypt over the store's salt at the store's cost (client/secret-store-encryption.ts,
 * the existing header format), run once per salt and kept.
 *
 * Wallet signature: the wallet signs {@link STORE_KEY_MESSAGE} as a Sui personal message TWICE
 * and the two signatures must be equal — a wallet whose signatures are randomised (a passkey, a
 * zkLogin ephemeral key, an ECDSA signer without RFC 6979 nonces) would give a new key on every
 * page load and lock the user out of their own shares, so it is refused at once with
 * SECRET_STORE_KEY_NOT_DETERMINISTIC. Sui's Ed25519, secp256k1 and secp256r1 signers are
 * deterministic (RFC 8032, RFC 6979). The signature must also verify for the account's address
 * (a wallet signing with another account than the one named would key the store to an account
 * the header does not name). Its raw signature bytes are then HKDF's input key material with each
 * store's salt (client/secret-store-encryption.ts `deriveWalletStoreKeys`). The header names the
 * account, so another account is told so (WRONG_PASSPHRASE, naming the wallet case).
 *
 * Threat notes. Anyone who obtains that one signature can derive the store's key: the message says
 * so to the person asked to sign it, and a dApp must never ask a wallet to sign it for anything
 * else. The signature is kept in a private field for the keyring's life (like a passphrase), never
 * logged nor put in an error. The message differs from the user-share seed message
 * (client/user-share-keys.ts), so the two keys are independent.
 * @module
 */
import { parseSerializedSignature } from '@mysten/sui/cryptography';
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import { verifyPersonalMessageSignature } from '@mysten/sui/verify';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { signTwiceAlike } from './deterministic-signature.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from './errors.ts';
import {
  assertPassphrase,
  assertStorePassphrase,
  checkedScryptCost,
  deriveStoreKeys,
  deriveWalletStoreKeys,
  isWalletSignatureKdf,
  kdfId,
  otherKeyKind,
  randomBytes,
  SALT_BYTES,
  type ScryptCost,
  type StoreHeader,
  type StoreKdf,
  type StoreKeys,
  WALLET_KDF_NAME,
} from './secret-store-encryption.ts';

/** The personal message whose signature keys a wallet-signature store. */
export const STORE_KEY_MESSAGE = 'dWallet secret store key, version 1. Sign only in a dWallet app.';

export type StoreKeySource =
  | { readonly kind: 'passphrase'; readonly passphrase: string; readonly kdfCost?: ScryptCost }
  | {
      readonly kind: 'wallet-signature';
      /** The wallet account's Sui address. */
      readonly address: string;
      /** The Sui serialized signature (base64) of `message` as a personal message, as `Signer.signPersonalMessage` returns it. */
      signPersonalMessage(message: Uint8Array): Promise<string>;
    };

/** Signature schemes whose signatures are deterministic in Sui's signers (see the module's notes). */
const DETERMINISTIC_SCHEMES = new Set(['ED25519', 'Secp256k1', 'Secp256r1']);

/** The keys of one key source: one derivation per salt, kept for the keyring's life. */
export class StoreKeyring {
  readonly kind: StoreKeySource['kind'];
  /** The wallet account (wallet-signature sources only). */
  readonly address: string | undefined;
  readonly #passphrase: string | undefined;
  readonly #cost: ScryptCost;
  readonly #sign: ((message: Uint8Array) => Promise<string>) | undefined;
  #signature: Promise<Uint8Array> | undefined;
  readonly #keys = new Map<string, Promise<StoreKeys>>();

  /** Checks the source (INVALID_ARGUMENT naming what is wrong; the passphrase is never echoed). */
  constructor(source: StoreKeySource) {
    if (typeof source !== 'object' || source === null) throw invalidArgument('a store key source is an object with a kind');
    if (source.kind === 'passphrase') {
      assertPassphrase(source.passphrase);
      this.kind = 'passphrase';
      this.#passphrase = source.passphrase;
      this.#cost = checkedScryptCost(source.kdfCost);
      this.address = undefined;
    } else if (source.kind === 'wallet-signature') {
      if (typeof source.address !== 'string' || !isValidSuiAddress(normalizeSuiAddress(source.address))) {
        throw invalidArgument('a wallet-signature key needs the account address (a Sui address)');
      }
      if (typeof source.signPersonalMessage !== 'function') throw invalidArgument('a wallet-signature key needs signPersonalMessage');
      this.kind = 'wallet-signature';
      this.address = normalizeSuiAddress(source.address);
      this.#sign = source.signPersonalMessage.bind(source);
      this.#cost = checkedScryptCost(undefined);
    } else {
      throw invalidArgument("a store key source's kind is 'passphrase' or 'wallet-signature'");
    }
  }

  /** How many keys this keyring derived (one per salt: a store with many records derives once). */
  get derivations(): number {
    return this.#keys.size;
  }

  /** The key derivation of a new store keyed by this source: a fresh salt, and its cost or account. */
  newKdf(): StoreKdf {
    const salt = randomBytes(SALT_BYTES);
    if (this.kind === 'wallet-signature') return { name: WALLET_KDF_NAME, address: this.address as string, salt };
    return { ...this.#cost, salt };
  }

  /**
   * The keys of `kdf` (cached by salt and parameters). WRONG_PASSPHRASE, naming `label` and the
   * case, when `kdf` is of the other kind or names another wallet account.
   */
  derive(label: string, kdf: StoreKdf): Promise<StoreKeys> {
    const id = kdfId(kdf);
    let keys = this.#keys.get(id);
    if (keys !== undefined) return keys;
    if (isWalletSignatureKdf(kdf)) {
      if (this.kind !== 'wallet-signature') return Promise.reject(otherKeyKind(label, kdf));
      if (kdf.address !== this.address) {
        return Promise.reject(
          new ClientError(
            ClientErrorCodes.SECRET_STORE_WRONG_PASSPHRASE,
            `the secret store ${label} is keyed by the signature of wallet account ${kdf.address}, not of ${this.address}: connect that account`,
            { dir: label },
          ),
        );
      }
      keys = this.#walletSignature().then((signature) => deriveWalletStoreKeys(signature, kdf));
    } else {
      if (this.kind !== 'passphrase') return Promise.reject(otherKeyKind(label, kdf));
      keys = deriveStoreKeys(this.#passphrase as string, kdf);
    }
    // A failed derivation (the user refused to sign) is not kept: the next call asks again.
    keys.catch(() => this.#keys.delete(id));
    this.#keys.set(id, keys);
    return keys;
  }

  /** The keys of a store's header once its key-check value matches (WRONG_PASSPHRASE otherwise). */
  async unlock(label: string, header: StoreHeader): Promise<StoreKeys> {
    const keys = await this.derive(label, header.kdf);
    assertStorePassphrase(label, header, keys);
    return keys;
  }

  /** The wallet's raw signature of {@link STORE_KEY_MESSAGE}, asked for once (two signatures, compared). */
  #walletSignature(): Promise<Uint8Array> {
    this.#signature ??= (async () => {
      const message = utf8ToBytes(STORE_KEY_MESSAGE);
      const sign = this.#sign as (message: Uint8Array) => Promise<string>;
      const signature = await signTwiceAlike(sign, message, rawSignature);
      if (signature === undefined) {
        throw new ClientError(
          ClientErrorCodes.SECRET_STORE_KEY_NOT_DETERMINISTIC,
          `the wallet signs the store-key message differently each time (account ${this.address}), so its signature cannot key the secret store: use a passphrase`,
          { address: this.address },
        );
      }
      try {
        await verifyPersonalMessageSignature(message, signature.serialized, { address: this.address as string });
      } catch {
        throw invalidArgument(`the wallet's signature of the store-key message does not verify for account ${this.address}`, {
          address: this.address,
        });
      }
      return signature.raw;
    })();
    this.#signature.catch(() => {
      this.#signature = undefined;
    });
    return this.#signature;
  }
}

function rawSignature(serialized: unknown): Uint8Array {
  if (typeof serialized !== 'string') throw invalidArgument('the wallet returned no signature (a base64 Sui serialized signature)');
  let parsed: ReturnType<typeof parseSerializedSignature>;
  try {
    parsed = parseSerializedSignature(serialized);
  } catch {
    throw invalidArgument('the wallet returned a signature that is not a Sui serialized signature');
  }
  if (!DETERMINISTIC_SCHEMES.has(parsed.signatureScheme)) {
    throw invalidArgument(
      `the wallet signed with ${parsed.signatureScheme}, whose signatures change from one session to the next: use a passphrase for the secret store`,
    );
  }
  return parsed.signature as Uint8Array;
}
