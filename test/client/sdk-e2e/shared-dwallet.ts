/**
 * Shared dWallets on a devnet (local chain, 4 validators with threshold 3, a relayer, the indexer;
 * sdk.e2e.test.ts starts it; PROTOCOL-EXTENSIONS.md §7.1), through the `dwallet` tool and the SDK
 * with one Sui key:
 *
 * - `dwallet create --shared` publishes the user share; the wallet's share store is then removed
 *   and `dwallet sign` still signs (request_sign_shared: no user process computes anything, the
 *   validators derive the user's part): @noble/curves verifies the signature, viem recovers the
 *   dWallet's Ethereum address;
 * - a zero-trust dWallet is never signed without its user: `request_sign_shared` aborts
 *   EDWalletNotShared (the SDK refuses first with DWALLET_NOT_SHARED), `request_sign` with an empty
 *   user message aborts EEmptyUserMessage;
 * - `dwallet share` converts it (request_make_dwallet_shared; a second conversion aborts
 *   EDWalletAlreadyShared), and the SDK's `requestSharedSign`, from a client whose secret store is
 *   empty, signs it: noble verifies, viem recovers the address.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { recoverAddress, serializeSignature } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { Curve, feeOf, HashScheme, RequestKind, SignatureAlgorithm } from '../../../chain/constants.ts';
import { availablePresignCount, readCoordinator } from '../../../chain/object-reader.ts';
import { readWallet } from '../../../client/cli/wallet.ts';
import { DWalletClient } from '../../../client/dwallet-client.ts';
import { ClientErrorCodes, TransactionFailedError } from '../../../client/errors.ts';
import { FileSecretShareStore } from '../../../client/file-secret-store.ts';
import { MemorySecretShareStore } from '../../../client/secret-store.ts';
import { TransactionQueue } from '../../../client/transactions.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import { runCliCaptured } from '../support/run-cli.ts';
import type { SdkDevnet } from '../support/sdk-devnet.ts';

let net: SdkDevnet;
/** The `dwallet` tool's wallet of this suite, in the devnet's folder (removed with it). */
let walletDir: string;

async function dwallet(...argv: string[]): Promise<Record<string, unknown>> {
  const { status, stdout, stderr } = await runCliCaptured([...argv, '--network', net.networkFile, '--wallet', walletDir, '--json']);
  assert.equal(status, 0, `dwallet ${argv.join(' ')} failed: ${stderr}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** An SDK client of the CLI wallet's Sui key (it owns the caps), with the given secret store. */
function walletClient(secrets: FileSecretShareStore | MemorySecretShareStore, progress: string[] = []): Promise<DWalletClient> {
  const wallet = readWallet(walletDir);
  assert.ok(wallet !== null, 'the CLI made a wallet key');
  return DWalletClient.connect({
    network: net.network,
    signer: wallet.keypair,
    secrets,
    timeoutMs: 180_000,
    pollIntervalMs: 100,
    onProgress: (line) => progress.push(line),
  });
}

const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}` as const;

/** noble verifies the 65-byte signature of `digest` under `publicKey` (low s), and viem recovers the key's Ethereum address. */
async function assertEthereumSignature(signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array): Promise<void> {
  assert.equal(signature.length, 65);
  assert.ok(secp256k1.verify(signature.subarray(0, 64), digest, publicKey, { prehash: false, lowS: true }), 'noble rejects the signature');
  const recovered = await recoverAddress({
    hash: hex(digest),
    signature: serializeSignature({
      r: hex(signature.subarray(0, 32)),
      s: hex(signature.subarray(32, 64)),
      yParity: (signature[64] as number) & 1,
    }),
  });
  assert.equal(recovered, publicKeyToAddress(hex(secp256k1.Point.fromBytes(publicKey).toBytes(false))));
}

/** The suite, on the devnet `devnet()` answers once started; the CLI's own wallet (Sui key, share store). */
export function sharedDWalletSuite(devnet: () => SdkDevnet): void {
  describe('shared dWallets on a devnet', () => {
    before(() => {
      net = devnet();
      walletDir = join(net.devnet.options.dataDir, 'shared-dwallet-wallet');
    });

    test('dwallet create --shared, then dwallet sign with no share in the wallet: noble verifies, viem recovers the address', async () => {
      const created = await dwallet('create', '--shared');
      assert.equal(created.shared, true);
      assert.match(created.userShare as string, /^public \(recorded on chain\)/);
      const id = created.id as string;
      const publicKey = hexToBytes((created.publicKey as string).slice(2));
      const shares = new FileSecretShareStore(join(walletDir, 'shares'));
      const stored = await shares.get(id);
      assert.ok(stored !== undefined && stored.state === 'active');
      const shown = await dwallet('show', id);
      assert.equal(shown.shared, true);
      const owner = await walletClient(shares);
      assert.deepEqual((await owner.getDWallet(id)).publicUserShare, getCurve('secp256k1').encodeScalar(stored.secretShare));

      // No user secret anywhere: the wallet's share store is gone.
      rmSync(join(walletDir, 'shares'), { recursive: true, force: true });
      const text = 'a shared dWallet pays 1 ETH to 0x00000000000000000000000000000000000000aa';
      const signed = await dwallet('sign', id, '--message', text);
      assert.equal(signed.shared, true);
      const digest = hexToBytes((signed.digest as string).slice(2));
      assert.deepEqual(digest, keccak_256(new TextEncoder().encode(text)));
      await assertEthereumSignature(hexToBytes((signed.signature as string).slice(2)), digest, publicKey);
      assert.equal(publicKeyToAddress(hex(secp256k1.Point.fromBytes(publicKey).toBytes(false))), created.ethereumAddress);
      const session = await owner.getSession(signed.sessionId as string);
      assert.equal(session?.kind, 'sign');
      assert.equal(session?.status, 'completed');
    });

    test('a zero-trust dWallet is not signed without its user; dwallet share converts it, and requestSharedSign signs it with no secret', async () => {
      const owner = await walletClient(new FileSecretShareStore(join(walletDir, 'shares')));
      const progress: string[] = [];
      const emptyStore = new MemorySecretShareStore();
      const capHolder = await walletClient(emptyStore, progress);
      const zeroTrust = await owner.createDWallet({ curve: 'secp256k1' });
      assert.equal(zeroTrust.shared, false);
      assert.equal((await owner.getDWallet(zeroTrust.id)).publicUserShare, null);

      // The SDK refuses first; the chain refuses request_sign_shared itself (a presign claimed in the same transaction).
      await assert.rejects(capHolder.requestSharedSign({ dwalletId: zeroTrust.id, message: new Uint8Array([1]), hashScheme: 'sha256' }), {
        code: ClientErrorCodes.DWALLET_NOT_SHARED,
      });
      const { coordinator, chain, network } = owner;
      const wallet = readWallet(walletDir);
      const queue = new TransactionQueue({ chain, packageId: network.packageId, signer: wallet?.keypair ?? null });
      const fees = (await readCoordinator(chain)).fees;
      const error = await queue
        .execute('shared sign of a zero-trust dWallet', async () => {
          const tx = new Transaction();
          const cap = await chain.getObject(zeroTrust.capId);
          assert.ok(cap !== null);
          const presignCap = coordinator.claimPresign(tx, {
            networkKeyId: network.networkKeyId,
            curve: Curve.SECP256K1,
            algorithm: SignatureAlgorithm.ECDSA,
            payment: coordinator.payFromGas(tx, feeOf(fees, RequestKind.PRESIGN, SignatureAlgorithm.ECDSA)),
          });
          const approval = coordinator.approveMessage(tx, {
            dwalletCap: { objectId: cap.objectId, version: cap.version, digest: cap.digest },
            hashScheme: HashScheme.KECCAK256,
            message: new Uint8Array([1]),
          });
          coordinator.requestSignShared(tx, {
            approval,
            presignCap,
            sessionPreimage: crypto.getRandomValues(new Uint8Array(32)),
            payment: coordinator.payFromGas(tx, feeOf(fees, RequestKind.SIGN, SignatureAlgorithm.ECDSA)),
          });
          return tx;
        })
        .then(
          () => assert.fail('a zero-trust dWallet was signed through request_sign_shared'),
          (e: unknown) => e,
        );
      assert.ok(error instanceof TransactionFailedError, String(error));
      assert.equal(error.module, 'coordinator');
      assert.equal(error.abortName, 'EDWalletNotShared');
      // request_sign with no user message.
      const prepared = await owner.prepareSign({ dwalletId: zeroTrust.id, message: new Uint8Array([2]), hashScheme: 'keccak256' });
      const empty = await owner.submitSign({ ...prepared, userSignMessage: new Uint8Array(0) }).then(
        () => assert.fail('a sign request without a user message was accepted'),
        (e: unknown) => e,
      );
      assert.ok(empty instanceof TransactionFailedError, String(empty));
      assert.equal(empty.abortName, 'EEmptyUserMessage');

      // Converted by the tool: the share is published and checked by the network; a second conversion is refused.
      const converted = await dwallet('share', zeroTrust.id);
      assert.equal(converted.shared, true);
      const stored = await owner.secrets.get(zeroTrust.id);
      const share = getCurve('secp256k1').encodeScalar(stored?.secretShare as bigint);
      assert.equal(converted.publicUserShare, hex(share));
      assert.deepEqual((await owner.getDWallet(zeroTrust.id)).publicUserShare, share);
      const again = await owner.makeDWalletShared(zeroTrust.id).then(
        () => assert.fail('a second conversion was accepted'),
        (e: unknown) => e,
      );
      assert.ok(again instanceof TransactionFailedError, String(again));
      assert.equal(again.abortName, 'EDWalletAlreadyShared');

      // Signed by a client that holds no share (the presign cap the refused request left in the wallet is taken first).
      const message = new TextEncoder().encode('signed after the conversion');
      const signed = await capHolder.requestSharedSign({ dwalletId: zeroTrust.id, message, hashScheme: 'keccak256' });
      assert.deepEqual(await emptyStore.keys(), []);
      assert.deepEqual(signed.digest, keccak_256(message));
      await assertEthereumSignature(signed.signature, signed.digest, zeroTrust.publicKey);
      assert.ok(
        progress.some((line) => line.includes(`using presign`) && line.includes('the wallet already holds')),
        progress.join('\n'),
      );

      // With a presign in the pool, it is claimed in the sign's own transaction. The pool holds one
      // (sdk.e2e.test.ts), refilled since the sign above took it: an ECDSA presign can take a
      // minute of wall time while another devnet's test runs beside this one.
      const deadline = Date.now() + 180_000;
      const poolHasOne = async () =>
        (await readCoordinator(chain)).presign_pools.some(
          (p) => p.curve === Curve.SECP256K1 && p.algorithm === SignatureAlgorithm.ECDSA && availablePresignCount(p) > 0,
        );
      while (!(await poolHasOne())) {
        assert.ok(Date.now() < deadline, 'the validators never refilled the presign pool');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const from = progress.length;
      const digest = keccak_256(new TextEncoder().encode('a sighash computed elsewhere'));
      const again2 = await capHolder.requestSharedSign({ dwalletId: zeroTrust.id, message: digest, hashScheme: 'prehashed' });
      assert.ok(progress.slice(from).includes('sending claim_presign + approve_message + request_sign_shared'), progress.join('\n'));
      await assertEthereumSignature(again2.signature, digest, zeroTrust.publicKey);
    });
  });
}
