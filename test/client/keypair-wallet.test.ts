/**
 * KeypairWallet (client/browser/keypair-wallet.ts), the test wallet over an Ed25519 key: it speaks
 * the wallet standard (connect, events, sui:signTransaction 2.0.0, sui:signPersonalMessage 1.1.0),
 * its signatures verify with @mysten/sui/verify for its address, it signs the transaction's own
 * bytes, refuses another account, and refuses when its `approve` says no; registerKeypairWallet
 * makes it visible to `suiWallets()` through the wallet standard's registry.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { fromBase64 } from '@mysten/sui/utils';
import { verifyPersonalMessageSignature, verifyTransactionSignature } from '@mysten/sui/verify';
import { KeypairWallet, registerKeypairWallet } from '../../client/browser/keypair-wallet.ts';
import { isSuiWallet, signWithWallet, suiWallets, walletAccount } from '../../client/browser/wallet-account.ts';
import { ClientErrorCodes } from '../../client/errors.ts';
import { offlineTransactionBytes } from './support/offline-transaction.ts';

describe('KeypairWallet', () => {
  test('is a Sui wallet: connect gives its one account, with its raw public key, on the four Sui chains', async () => {
    const keypair = Ed25519Keypair.generate();
    const wallet = new KeypairWallet(keypair);
    assert.ok(isSuiWallet(wallet));
    assert.match(wallet.name, /test wallet/i, 'its name says it is a test wallet');
    assert.match(wallet.icon, /^data:image\/svg\+xml;base64,/);
    assert.deepEqual([...wallet.chains], ['sui:devnet', 'sui:testnet', 'sui:localnet', 'sui:mainnet']);
    const { accounts } = await wallet.features['standard:connect'].connect();
    assert.equal(accounts.length, 1);
    assert.equal(accounts[0]?.address, keypair.toSuiAddress());
    assert.deepEqual(new Uint8Array(accounts[0]?.publicKey ?? []), keypair.getPublicKey().toRawBytes());
    assert.deepEqual(await walletAccount(wallet), accounts[0]);
    const off = wallet.features['standard:events'].on('change', () => {});
    assert.equal(typeof off, 'function');
  });

  test('signs a transaction as built (same bytes) with a signature that verifies for its address', async () => {
    const keypair = Ed25519Keypair.generate();
    const wallet = new KeypairWallet(keypair);
    const bytes = await offlineTransactionBytes(keypair.toSuiAddress());
    const account = await walletAccount(wallet);
    const signed = await signWithWallet(wallet, account, 'sui:localnet', 'signTransaction', bytes);
    assert.deepEqual(fromBase64(signed.bytes), bytes);
    await verifyTransactionSignature(bytes, signed.signature, { address: keypair.toSuiAddress() });
    await assert.rejects(verifyTransactionSignature(bytes, signed.signature, { address: Ed25519Keypair.generate().toSuiAddress() }));
  });

  test('signs a personal message that verifies for its address', async () => {
    const keypair = Ed25519Keypair.generate();
    const wallet = new KeypairWallet(keypair);
    const message = new TextEncoder().encode('hello');
    const signed = await signWithWallet(wallet, await walletAccount(wallet), 'sui:localnet', 'signPersonalMessage', message);
    assert.deepEqual(fromBase64(signed.bytes), message);
    await verifyPersonalMessageSignature(message, signed.signature, { address: keypair.toSuiAddress() });
  });

  test('refuses when approve says no (WALLET_REJECTED through signWithWallet), and is asked what it signs', async () => {
    const keypair = Ed25519Keypair.generate();
    const asked: string[] = [];
    const wallet = new KeypairWallet(keypair, {
      approve: ({ kind, chain }) => {
        asked.push(`${kind}@${chain}`);
        return kind === 'personal-message';
      },
    });
    const account = await walletAccount(wallet);
    const bytes = await offlineTransactionBytes(keypair.toSuiAddress());
    await assert.rejects(signWithWallet(wallet, account, 'sui:devnet', 'signTransaction', bytes), (error: unknown) => {
      assert.equal((error as { code?: string }).code, ClientErrorCodes.WALLET_REJECTED);
      assert.match((error as Error).message, /rejected/);
      return true;
    });
    await signWithWallet(wallet, account, 'sui:devnet', 'signPersonalMessage', new Uint8Array([1]));
    assert.deepEqual(asked, ['transaction@sui:devnet', 'personal-message@sui:devnet']);
  });

  test('refuses an account it does not hold', async () => {
    const wallet = new KeypairWallet(Ed25519Keypair.generate());
    const other = await walletAccount(new KeypairWallet(Ed25519Keypair.generate()));
    await assert.rejects(
      wallet.features['sui:signPersonalMessage'].signPersonalMessage({ message: new Uint8Array([1]), account: other }),
      /does not hold the account/,
    );
    await assert.rejects(
      walletAccount(wallet, other),
      (error: unknown) => (error as { code?: string }).code === ClientErrorCodes.INVALID_ARGUMENT,
    );
  });

  test('registerKeypairWallet registers it with the wallet standard: suiWallets() finds it', () => {
    // Node has no window: the wallet standard's app-ready protocol runs on window events.
    const globals = globalThis as { window?: EventTarget };
    const hadWindow = 'window' in globals;
    globals.window ??= new EventTarget();
    try {
      const before = suiWallets().length;
      const wallet = registerKeypairWallet(Ed25519Keypair.generate(), { name: 'registered test wallet' });
      const found = suiWallets();
      assert.equal(found.length, before + 1);
      assert.ok(found.includes(wallet));
    } finally {
      if (!hadWindow) delete globals.window;
    }
  });
});
