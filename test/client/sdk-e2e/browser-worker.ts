/**
 * The browser SDK's worker host end to end on the shared devnet, without a browser: the
 * DWalletClient runs behind a WorkerHost on one end of a Node MessageChannel (the same
 * postMessage and structured clone a Web Worker has), BrowserDWalletClient on the other, a
 * KeypairWallet signs through the wallet standard, and the secret store and setup cache live in
 * fake-indexeddb. Checked: connect, create and sign (noble verifies; an Ethereum transaction's
 * sender recovered by viem), progress lines crossing to the page, the encrypted store surviving a
 * reopen (a new client on the same database signs), a wrong passphrase refused, a key from the
 * wallet's signature (another wallet refused), the wallet refusing (WALLET_REJECTED) and a wallet
 * that signs other bytes (WALLET_CHANGED_TRANSACTION), both before anything reached the chain.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { IDBFactory } from 'fake-indexeddb';
import { recoverTransactionAddress } from 'viem';
import { BrowserDWalletClient, type BrowserSecrets } from '../../../client/browser/browser-client.ts';
import { KeypairWallet, type KeypairWalletOptions } from '../../../client/browser/keypair-wallet.ts';
import type { MessageEndpoint } from '../../../client/browser/protocol.ts';
import type { SuiWallet } from '../../../client/browser/wallet-account.ts';
import { WorkerHost } from '../../../client/browser/worker-host.ts';
import { ClientError, ClientErrorCodes } from '../../../client/errors.ts';
import { ethereumAddress } from '../../../client/ethereum/address.ts';
import type { SdkDevnet } from '../support/sdk-devnet.ts';

const SUI = 1_000_000_000n;

/** A page and its worker over a MessageChannel, in this process. */
interface Session {
  readonly client: BrowserDWalletClient;
  readonly progress: string[];
  close(): Promise<void>;
}

/** A wallet like `base` whose signed transactions are another transaction (the budget raised by one MIST). */
function rebuildingWallet(keypair: Ed25519Keypair, base: KeypairWallet): SuiWallet {
  return {
    ...base,
    version: base.version,
    name: 'rebuilding wallet',
    icon: base.icon,
    chains: base.chains,
    accounts: base.accounts,
    features: {
      ...base.features,
      'sui:signTransaction': {
        version: '2.0.0',
        signTransaction: async ({ transaction }) => {
          const tx = Transaction.from(await transaction.toJSON());
          tx.setGasBudget(BigInt(tx.getData().gasData.budget ?? 0) + 1n);
          return keypair.signTransaction(await tx.build());
        },
      },
    },
  } as SuiWallet;
}

export function browserWorkerSuite(devnet: () => SdkDevnet): void {
  describe('the browser SDK: BrowserDWalletClient ↔ WorkerHost over a MessageChannel', () => {
    const indexedDB = new IDBFactory();
    let keypair: Ed25519Keypair;
    const sessions: Session[] = [];

    async function open(wallet: SuiWallet, secrets: BrowserSecrets, databaseName = 'dwallet-secret-shares'): Promise<Session> {
      const { port1, port2 } = new MessageChannel();
      const host = new WorkerHost(port2 as unknown as MessageEndpoint, { indexedDB: indexedDB as never });
      const progress: string[] = [];
      try {
        const client = await BrowserDWalletClient.connect({
          network: JSON.parse(JSON.stringify(devnet().network)),
          wallet,
          secrets,
          databaseName,
          worker: port1 as never,
          timeoutMs: 180_000,
          onProgress: (line) => progress.push(line),
        });
        const session = {
          client,
          progress,
          close: async () => {
            await client.close();
            host.close();
          },
        };
        sessions.push(session);
        return session;
      } catch (error) {
        host.close();
        port1.close();
        throw error;
      }
    }

    before(async () => {
      keypair = Ed25519Keypair.generate();
      await devnet()
        .devnet.localChain()
        .admin.faucet(keypair.toSuiAddress(), 1_000n * SUI);
    });
    after(async () => {
      for (const session of sessions) await session.close();
    });

    let dwalletId: string;
    let publicKey: Uint8Array;

    test('connects, creates a dWallet and signs through the worker: noble verifies, viem recovers the Ethereum sender', async () => {
      const { client, progress } = await open(new KeypairWallet(keypair), { passphrase: 'correct horse battery staple' });
      assert.equal(client.address, keypair.toSuiAddress());
      assert.equal(client.network.packageId, devnet().network.packageId);
      const dwallet = await client.createDWallet({ curve: 'secp256k1' });
      dwalletId = dwallet.id;
      publicKey = dwallet.publicKey;
      assert.equal(dwallet.publicKey.length, 33);
      assert.ok(progress.length > 0, 'progress lines crossed to the page');

      const message = new TextEncoder().encode('signed in a worker');
      const signed = await client.sign({ dwalletId, message, hashScheme: 'keccak256' });
      assert.deepEqual(signed.digest, keccak_256(message));
      assert.ok(
        secp256k1.verify(signed.signature.subarray(0, 64), signed.digest, publicKey, { prehash: false, lowS: true }),
        'noble verifies',
      );

      const tx = await client.signEthereumTransaction(dwalletId, {
        chainId: 11155111,
        nonce: 0,
        gas: 21_000n,
        maxFeePerGas: 30_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
        to: '0x00000000000000000000000000000000000000aa',
        value: 1n,
      });
      assert.equal(await recoverTransactionAddress({ serializedTransaction: tx.serialized }), ethereumAddress(publicKey));

      const local = await client.localDWallets();
      assert.deepEqual(
        local.map((record) => [record.key, record.state, record.curve]),
        [[dwalletId, 'active', 'secp256k1']],
      );
      assert.equal('secretShare' in (local[0] as object), false, 'the share never crosses to the page');
      assert.equal((await client.getDWallet(dwalletId)).hasSecretShare, true);
      assert.ok(
        progress.every((line) => !line.includes('correct horse')),
        'no progress line carries the passphrase',
      );
    });

    test("the worker validates a call's arguments before the SDK sees them", async () => {
      const { client } = sessions[0] as Session;
      const refused = async (call: Promise<unknown>, pattern: RegExp) =>
        assert.rejects(call, (error: unknown) => {
          assert.equal((error as ClientError).code, ClientErrorCodes.INVALID_ARGUMENT);
          assert.match((error as Error).message, pattern);
          return true;
        });
      await refused(client.sign({ dwalletId, message: 'text' as never, hashScheme: 'keccak256' }), /message must be a Uint8Array/);
      await refused(client.sign({ dwalletId, message: new Uint8Array([1]), hashScheme: {} as never }), /hashScheme must be/);
      await refused(client.createDWallet({ colour: 'red' } as never), /unknown option colour/);
      await refused(client.createDWallet({ backup: 'yes' } as never), /backup must be a boolean/);
      await refused(client.getDWallet(''), /id must be a non-empty string/);
      await refused(client.importSecrets(42 as never), /backup must be a string/);
      await refused(client.sign({ dwalletId, message: new Uint8Array([1]), hashScheme: 'md5' as never }), /hash scheme must be/);
    });

    test('the encrypted store survives a reopen (a new client signs), and a wrong passphrase is refused', async () => {
      await assert.rejects(open(new KeypairWallet(keypair), { passphrase: 'wrong horse' }), (error: unknown) => {
        assert.ok(error instanceof ClientError);
        assert.equal(error.code, ClientErrorCodes.SECRET_STORE_WRONG_PASSPHRASE);
        return true;
      });
      const { client } = await open(new KeypairWallet(keypair), { passphrase: 'correct horse battery staple' });
      assert.deepEqual(
        (await client.localDWallets()).map((record) => record.key),
        [dwalletId],
      );
      const signed = await client.sign({ dwalletId, message: new TextEncoder().encode('after a reopen'), hashScheme: 'keccak256' });
      assert.ok(secp256k1.verify(signed.signature.subarray(0, 64), signed.digest, publicKey, { prehash: false, lowS: true }));
    });

    test("a store keyed by the wallet's signature opens for that wallet only", async () => {
      const first = await open(new KeypairWallet(keypair), { walletSignature: true }, 'wallet-keyed');
      const backup = await first.client.exportSecrets();
      assert.equal(JSON.parse(backup).format, 'dwallet-secret-shares-backup');
      await first.close();
      const again = await open(new KeypairWallet(keypair), { walletSignature: true }, 'wallet-keyed');
      await again.close();
      await assert.rejects(
        open(new KeypairWallet(Ed25519Keypair.generate()), { walletSignature: true }, 'wallet-keyed'),
        (error: unknown) => (error as ClientError).code === ClientErrorCodes.SECRET_STORE_WRONG_PASSPHRASE,
      );
    });

    test('the wallet refusing is WALLET_REJECTED; a wallet signing other bytes is WALLET_CHANGED_TRANSACTION', async () => {
      const refuseTransactions: KeypairWalletOptions['approve'] = ({ kind }) => kind !== 'transaction';
      const refusing = await open(new KeypairWallet(keypair, { approve: refuseTransactions }), {
        passphrase: 'correct horse battery staple',
      });
      await assert.rejects(
        refusing.client.sign({ dwalletId, message: new TextEncoder().encode('refused'), hashScheme: 'keccak256' }),
        (error: unknown) => {
          assert.equal((error as ClientError).code, ClientErrorCodes.WALLET_REJECTED);
          assert.match((error as Error).message, /rejected/);
          return true;
        },
      );
      const base = new KeypairWallet(keypair);
      const rebuilding = await open(rebuildingWallet(keypair, base), { passphrase: 'correct horse battery staple' });
      await assert.rejects(
        rebuilding.client.sign({ dwalletId, message: new TextEncoder().encode('changed'), hashScheme: 'keccak256' }),
        (error: unknown) => (error as ClientError).code === ClientErrorCodes.WALLET_CHANGED_TRANSACTION,
      );
    });
  });
}
