/**
 * A wallet-standard wallet over an Ed25519 keypair held in the page: FOR TESTS AND LOCAL DEVNETS
 * ONLY. It holds a raw private key in the page's memory (and wherever the page keeps it, e.g.
 * localStorage), which is exactly what a real wallet exists to avoid; its name says so to anyone
 * who picks it from a wallet list.
 *
 * It speaks the wallet standard as an extension wallet does — `standard:connect`,
 * `standard:events`, `sui:signTransaction` (2.0.0), `sui:signPersonalMessage` (1.1.0) on
 * `sui:localnet|devnet|testnet|mainnet` — so the SDK's browser client, the example page and the
 * tests exercise the same path a real wallet takes. `approve`, when given, is asked before each
 * signature (a page may show a confirm dialog, a test may refuse): a refusal is an Error, as a
 * wallet whose user declines throws one.
 * @module
 */
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import {
  type IdentifierString,
  ReadonlyWalletAccount,
  registerWallet,
  type StandardConnectFeature,
  type StandardEventsFeature,
  type StandardEventsListeners,
  SUI_CHAINS,
  type SuiSignPersonalMessageFeature,
  type SuiSignTransactionFeature,
  type Wallet,
  type WalletAccount,
} from '@mysten/wallet-standard';

/** What the wallet is asked to sign, for {@link KeypairWalletOptions.approve}. */
export interface KeypairWalletRequest {
  readonly kind: 'transaction' | 'personal-message';
  readonly bytes: Uint8Array;
  readonly chain: IdentifierString | undefined;
}

export interface KeypairWalletOptions {
  /** The wallet's name in wallet lists (default "Keypair test wallet (raw key, not for real funds)"). */
  readonly name?: string;
  /** Asked before each signature; false refuses it (as a user declining in a wallet). Default: every request is signed. */
  readonly approve?: (request: KeypairWalletRequest) => boolean | Promise<boolean>;
}

/** A small key icon (wallet-standard requires a data: URI). */
const ICON =
  'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAzMiAzMiI+PGNpcmNsZSBjeD0iMTAiIGN5PSIxNiIgcj0iNiIgZmlsbD0ibm9uZSIgc3Ryb2tlPSIjYzAzIiBzdHJva2Utd2lkdGg9IjMiLz48cGF0aCBkPSJNMTYgMTZoMTJ2Nk0yMyAxNnY0IiBzdHJva2U9IiNjMDMiIHN0cm9rZS13aWR0aD0iMyIgZmlsbD0ibm9uZSIvPjwvc3ZnPg==' as const;

const FEATURES = ['sui:signTransaction', 'sui:signPersonalMessage'] as const;

export class KeypairWallet implements Wallet {
  readonly version = '1.0.0' as const;
  readonly name: string;
  readonly icon = ICON;
  readonly chains = SUI_CHAINS;
  readonly #keypair: Ed25519Keypair;
  readonly #account: ReadonlyWalletAccount;
  readonly #approve: KeypairWalletOptions['approve'];
  readonly #listeners = new Set<StandardEventsListeners['change']>();

  constructor(keypair: Ed25519Keypair, options: KeypairWalletOptions = {}) {
    this.#keypair = keypair;
    this.name = options.name ?? 'Keypair test wallet (raw key, not for real funds)';
    this.#approve = options.approve;
    this.#account = new ReadonlyWalletAccount({
      address: keypair.toSuiAddress(),
      publicKey: keypair.getPublicKey().toRawBytes(),
      chains: SUI_CHAINS,
      features: FEATURES,
      label: 'test key',
    });
  }

  get accounts(): readonly WalletAccount[] {
    return [this.#account];
  }

  get features(): StandardConnectFeature & StandardEventsFeature & SuiSignTransactionFeature & SuiSignPersonalMessageFeature {
    return {
      'standard:connect': { version: '1.0.0', connect: async () => ({ accounts: this.accounts }) },
      'standard:events': {
        version: '1.0.0',
        on: (_event, listener) => {
          this.#listeners.add(listener);
          return () => this.#listeners.delete(listener);
        },
      },
      'sui:signTransaction': {
        version: '2.0.0',
        signTransaction: async ({ transaction, account, chain }) => {
          this.#checkAccount(account);
          // The transaction as the wallet standard hands it (its JSON), rebuilt offline: the SDK's
          // transactions are complete (gas, budget, price, every object reference), so the bytes
          // are the SDK's own.
          const bytes = await Transaction.from(await transaction.toJSON()).build();
          await this.#ask({ kind: 'transaction', bytes, chain });
          return this.#keypair.signTransaction(bytes);
        },
      },
      'sui:signPersonalMessage': {
        version: '1.1.0',
        signPersonalMessage: async ({ message, account, chain }) => {
          this.#checkAccount(account);
          await this.#ask({ kind: 'personal-message', bytes: message, chain });
          return this.#keypair.signPersonalMessage(message);
        },
      },
    };
  }

  #checkAccount(account: WalletAccount): void {
    if (account.address !== this.#account.address) throw new Error(`this wallet does not hold the account ${account.address}`);
  }

  async #ask(request: KeypairWalletRequest): Promise<void> {
    if (this.#approve !== undefined && !(await this.#approve(request))) throw new Error('the user rejected the request');
  }
}

/**
 * Registers a {@link KeypairWallet} over `keypair` with the page's wallet registry (the wallet
 * standard's app-ready protocol: `registerWallet`), so `suiWallets()` and any dApp kit find it;
 * returns it. For tests and local devnets only (see the module).
 */
export function registerKeypairWallet(keypair: Ed25519Keypair, options: KeypairWalletOptions = {}): KeypairWallet {
  const wallet = new KeypairWallet(keypair, options);
  registerWallet(wallet);
  return wallet;
}
