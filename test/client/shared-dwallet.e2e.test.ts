/**
 * Shared dWallets on a devnet (local chain, 4 validators with threshold 3, a relayer, the indexer;
 * PROTOCOL-EXTENSIONS.md §7.1): a dWallet created with its share published, signed by
 * `request_sign_shared` from a client with an empty secret store — no user process computes
 * anything, the validators derive the user's part — and the signature verified with @noble/curves,
 * viem recovering the dWallet's Ethereum address; a zero-trust dWallet converted
 * (`request_make_dwallet_shared`) and then signed the same way; and a zero-trust dWallet that
 * cannot be signed without its user: `request_sign_shared` aborts EDWalletNotShared, and
 * `request_sign` with an empty user message aborts EEmptyUserMessage.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { recoverAddress, serializeSignature } from 'viem';
import { Curve, feeOf, HashScheme, RequestKind } from '../../chain/constants.ts';
import { readCoordinator } from '../../chain/object-reader.ts';
import { DWalletClient } from '../../client/dwallet-client.ts';
import { ClientErrorCodes, TransactionFailedError } from '../../client/errors.ts';
import { ethereumAddress } from '../../client/ethereum/address.ts';
import { MemorySecretShareStore } from '../../client/secret-store.ts';
import { TransactionQueue } from '../../client/transactions.ts';
import { getCurve } from '../../mpc/curves/curve.ts';
import { type SdkDevnet, startSdkDevnet } from './support/sdk-devnet.ts';

let net: SdkDevnet;
let owner: DWalletClient;
/** The same Sui key (it owns the caps), with an empty secret store: holds no user share of anything. */
let capHolder: DWalletClient;
let capHolderSecrets: MemorySecretShareStore;

before(async () => {
  net = await startSdkDevnet('shared-dwallet-e2e', { indexer: true });
  owner = net.client;
  capHolderSecrets = new MemorySecretShareStore();
  capHolder = await DWalletClient.connect({ network: net.network, signer: net.keypair, secrets: capHolderSecrets, timeoutMs: 180_000 });
});

after(() => net?.stop());

const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}` as const;

/** noble verifies the 65-byte signature of `digest` under `publicKey` (low s), and viem recovers its Ethereum address. */
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
  assert.equal(recovered, ethereumAddress(publicKey));
}

describe('shared dWallets on a devnet', () => {
  test('created shared, then signed by request_sign_shared with no user secret: noble verifies, viem recovers the address', async () => {
    const dwallet = await owner.createSharedDWallet({ curve: 'secp256k1' });
    assert.equal(dwallet.shared, true);
    const stored = await net.secrets.get(dwallet.id);
    assert.ok(stored !== undefined && stored.state === 'active');
    const info = await owner.getDWallet(dwallet.id);
    assert.equal(info.state, 'active');
    assert.deepEqual(info.publicUserShare, getCurve('secp256k1').encodeScalar(stored.secretShare), 'the chain records the public share');

    const message = new TextEncoder().encode('a shared dWallet pays 1 ETH to 0x00000000000000000000000000000000000000aa');
    const signed = await capHolder.requestSharedSign({ dwalletId: dwallet.id, message, hashScheme: 'keccak256' });
    assert.deepEqual(await capHolderSecrets.keys(), [], 'the signing client holds no share');
    assert.deepEqual(signed.digest, keccak_256(message));
    await assertEthereumSignature(signed.signature, signed.digest, dwallet.publicKey);
    const session = await owner.getSession(signed.sessionId);
    assert.equal(session?.kind, 'sign');
    assert.equal(session?.status, 'completed');
  });

  test('a zero-trust dWallet converted by publishing its share, then signed by request_sign_shared', async () => {
    const dwallet = await owner.createDWallet({ curve: 'secp256k1' });
    assert.equal(dwallet.shared, false);
    assert.equal((await owner.getDWallet(dwallet.id)).publicUserShare, null);
    await assert.rejects(capHolder.requestSharedSign({ dwalletId: dwallet.id, message: new Uint8Array([1]), hashScheme: 'sha256' }), {
      code: ClientErrorCodes.DWALLET_NOT_SHARED,
    });

    const converted = await owner.makeDWalletShared(dwallet.id);
    const stored = await net.secrets.get(dwallet.id);
    assert.deepEqual(converted.publicUserShare, getCurve('secp256k1').encodeScalar(stored?.secretShare as bigint));
    assert.deepEqual((await owner.getDWallet(dwallet.id)).publicUserShare, converted.publicUserShare);
    const again = await owner.makeDWalletShared(dwallet.id).then(
      () => assert.fail('a second conversion was accepted'),
      (e: unknown) => e,
    );
    assert.ok(again instanceof TransactionFailedError, String(again));
    assert.equal(again.abortName, 'EDWalletAlreadyShared');

    const message = new TextEncoder().encode('signed after the conversion');
    const signed = await capHolder.requestSharedSign({ dwalletId: dwallet.id, message, hashScheme: 'keccak256' });
    await assertEthereumSignature(signed.signature, signed.digest, dwallet.publicKey);
  });

  test('a zero-trust dWallet is never signed without its user: EDWalletNotShared, EEmptyUserMessage', async () => {
    const dwallet = await owner.createDWallet({ curve: 'secp256k1' });
    const { coordinator, chain, network } = owner;
    const queue = new TransactionQueue({ chain, packageId: network.packageId, signer: net.keypair });
    const fees = (await readCoordinator(chain)).fees;
    const capRef = async () => {
      const object = await chain.getObject(dwallet.capId);
      assert.ok(object !== null);
      return { objectId: object.objectId, version: object.version, digest: object.digest };
    };
    // request_sign_shared with an approval of the zero-trust dWallet and a presign claimed in the same transaction.
    const error = await queue
      .execute('shared sign of a zero-trust dWallet', async () => {
        const tx = new Transaction();
        const presignCap = coordinator.claimPresign(tx, {
          networkKeyId: network.networkKeyId,
          curve: Curve.SECP256K1,
          payment: coordinator.payFromGas(tx, feeOf(fees, RequestKind.PRESIGN)),
        });
        const approval = coordinator.approveMessage(tx, {
          dwalletCap: await capRef(),
          hashScheme: HashScheme.KECCAK256,
          message: new Uint8Array([1]),
        });
        coordinator.requestSignShared(tx, {
          approval,
          presignCap,
          sessionPreimage: crypto.getRandomValues(new Uint8Array(32)),
          payment: coordinator.payFromGas(tx, feeOf(fees, RequestKind.SIGN)),
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
    const prepared = await owner.prepareSign({ dwalletId: dwallet.id, message: new Uint8Array([2]), hashScheme: 'keccak256' });
    const empty = await owner.submitSign({ ...prepared, userSignMessage: new Uint8Array(0) }).then(
      () => assert.fail('a sign request without a user message was accepted'),
      (e: unknown) => e,
    );
    assert.ok(empty instanceof TransactionFailedError, String(empty));
    assert.equal(empty.abortName, 'EEmptyUserMessage');
    // The presign the refused request would have used still signs, with the user's message.
    const signed = await owner.submitSign(prepared);
    await assertEthereumSignature(signed.signature, signed.digest, dwallet.publicKey);
  });
});
