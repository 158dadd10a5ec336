/**
 * The client SDK against a real devnet (separate processes: local chain, 4 validators with
 * threshold 3, a relayer; sdk.e2e.test.ts starts it): an ECDSA dWallet created and a keccak256
 * signature checked with noble and viem (the recovered address is the dWallet's Ethereum
 * address), a request the validators reject surfacing as RequestRejectedError with its on-chain
 * reason, and a Move abort surfacing as TRANSACTION_FAILED with the abort's name, and a presign
 * held with its sign prepared before the message is known. The client connects with the devnet's
 * network.json and waits through the devnet's indexer (live stream). Future sign, imported keys
 * and the chain-only fallback are in sdk-more.e2e.heavy.test.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { recoverAddress, serializeSignature } from 'viem';
import { MAX_MESSAGE_LENGTH } from '../../../chain/constants.ts';
import type { DWalletClient } from '../../../client/dwallet-client.ts';
import { ClientErrorCodes, RequestRejectedError, TransactionFailedError } from '../../../client/errors.ts';
import { ethereumAddress } from '../../../client/ethereum/address.ts';
import type { FileSecretShareStore } from '../../../client/file-secret-store.ts';
import type { SdkDevnet } from '../support/sdk-devnet.ts';

/** The suite, on the devnet `devnet()` answers once started; its own user (Sui key, secret store). */
export function ecdsaSuite(devnet: () => SdkDevnet): void {
  describe('client SDK on a devnet', () => {
    let client: DWalletClient;
    let secrets: FileSecretShareStore;
    let progress: string[];
    let dwalletId: string;
    let publicKey: Uint8Array;
    let usedPreimage: Uint8Array;

    before(async () => {
      ({ client, secrets, progress } = await devnet().newUser('ecdsa'));
    });

    test('creates a dWallet and signs a keccak256 message: noble verifies it, viem recovers its Ethereum address', async () => {
      const dwallet = await client.createDWallet({ curve: 'secp256k1' });
      dwalletId = dwallet.id;
      publicKey = dwallet.publicKey;
      assert.equal(dwallet.publicKey.length, 33);
      assert.equal(dwallet.capId.length, 66);
      const stored = await secrets.get(dwallet.id);
      assert.equal(stored?.state, 'active');
      assert.deepEqual(await secrets.keys(), [dwallet.id], 'the pending entry was moved to the dWallet id');
      const info = await client.getDWallet(dwallet.id);
      assert.equal(info.state, 'active');
      assert.equal(info.owner, client.address);
      assert.deepEqual(info.publicKey, dwallet.publicKey);
      assert.equal(info.hasSecretShare, true);

      const message = new TextEncoder().encode('send 1 ETH to 0x00000000000000000000000000000000000000aa');
      const signed = await client.sign({ dwalletId: dwallet.id, message, hashScheme: 'keccak256' });
      assert.equal(signed.signature.length, 65);
      assert.deepEqual(signed.digest, keccak_256(message));
      assert.ok(secp256k1.verify(signed.signature.subarray(0, 64), signed.digest, dwallet.publicKey, { prehash: false, lowS: true }));
      const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}` as const;
      const recovered = await recoverAddress({
        hash: hex(signed.digest),
        signature: serializeSignature({
          r: hex(signed.signature.subarray(0, 32)),
          s: hex(signed.signature.subarray(32, 64)),
          yParity: (signed.signature[64] as number) & 1,
        }),
      });
      assert.equal(recovered, ethereumAddress(dwallet.publicKey));

      const record = await client.getSignature(signed.signId);
      assert.equal(record?.status, 'completed');
      assert.deepEqual(record?.signature, signed.signature);
      const session = await client.getSession(signed.sessionId);
      assert.equal(session?.kind, 'sign');
      assert.equal(session?.status, 'completed');
      assert.ok(!progress.some((line) => line.includes('following chain events')), progress.join('\n'));
      assert.notEqual(client.indexer, null, 'the indexer served every wait');
      const pools = await client.presignPool();
      assert.equal(pools[0]?.curve, 0);
      const network = await client.networkInfo();
      assert.equal(network.committee?.members.length, 4);
    });

    test('a prehashed (scheme 3) digest is signed as is', async () => {
      const digest = sha256(new TextEncoder().encode('a Bitcoin sighash, say'));
      const signed = await client.sign({ dwalletId, message: digest, hashScheme: 'prehashed' });
      assert.deepEqual(signed.digest, digest);
      assert.ok(secp256k1.verify(signed.signature.subarray(0, 64), digest, publicKey, { prehash: false, lowS: true }));
    });

    test('a held presign: its sign is prepared before the message; the next sign of the dWallet uses it, and noble verifies', async () => {
      const held = await client.holdPresign(dwalletId);
      assert.equal(held.dwalletId, dwalletId);
      const message = new TextEncoder().encode('signed with a presign held ahead');
      const prepared = await client.prepareSign({ dwalletId, message, hashScheme: 'sha256' });
      assert.equal(prepared.presignCapId, held.presignCapId, 'the sign took the held presign');
      assert.ok(progress.some((line) => line.includes(`using presign cap ${held.presignCapId}, held and prepared ahead`)));
      const signed = await client.submitSign(prepared);
      assert.deepEqual(signed.digest, sha256(message));
      assert.ok(secp256k1.verify(signed.signature.subarray(0, 64), signed.digest, publicKey, { prehash: false, lowS: true }));
      // Held presigns serve one signature each: the next sign obtains another.
      const next = await client.prepareSign({ dwalletId, message, hashScheme: 'sha256' });
      assert.notEqual(next.presignCapId, held.presignCapId);
    });

    test('a sign message the validators reject surfaces as RequestRejectedError with the on-chain reason', async () => {
      const prepared = await client.prepareSign({
        dwalletId,
        message: new TextEncoder().encode('another message'),
        hashScheme: 'keccak256',
      });
      usedPreimage = prepared.sessionPreimage;
      const tampered = prepared.userSignMessage.slice();
      tampered[tampered.length - 5] = (tampered[tampered.length - 5] as number) ^ 1;
      const error = await client.submitSign({ ...prepared, userSignMessage: tampered }).then(
        () => assert.fail('the tampered request was signed'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof RequestRejectedError, String(error));
      assert.equal(error.code, ClientErrorCodes.REQUEST_REJECTED);
      assert.ok([3, 4].includes(error.reasonCode), `reason code ${error.reasonCode}: ${error.reason}`);
      assert.equal(error.reasonName, error.reasonCode === 3 ? 'ECDSA_INVALID_SIGN_MESSAGE' : 'ECDSA_MALFORMED');
      assert.match(error.reason, /^ECDSA_/);
      assert.deepEqual(error.blamed, []);
      assert.equal(error.sessionId, prepared.sessionId);
    });

    test('a Move abort surfaces as TRANSACTION_FAILED with the abort name (a session id used twice)', async () => {
      const prepared = await client.prepareSign({ dwalletId, message: new TextEncoder().encode('third'), hashScheme: 'sha256' });
      const error = await client.submitSign({ ...prepared, sessionPreimage: usedPreimage }).then(
        () => assert.fail('the reused session id was accepted'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof TransactionFailedError, String(error));
      assert.equal(error.code, ClientErrorCodes.TRANSACTION_FAILED);
      assert.equal(error.module, 'coordinator');
      assert.equal(error.abortName, 'ESessionIdReused');
      assert.equal(error.abortCode, 2);
    });

    test('unknown dWallets, messages above the limit and missing shares are typed errors', async () => {
      await assert.rejects(
        client.sign({ dwalletId, message: new Uint8Array(MAX_MESSAGE_LENGTH + 1), hashScheme: 'keccak256' }),
        (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.INVALID_ARGUMENT,
      );
      await assert.rejects(
        client.sign({ dwalletId: `0x${'ab'.repeat(32)}`, message: new Uint8Array([1]), hashScheme: 'keccak256' }),
        (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.UNKNOWN_DWALLET,
      );
      await secrets.delete(dwalletId);
      await assert.rejects(
        client.sign({ dwalletId, message: new Uint8Array([1]), hashScheme: 'keccak256' }),
        (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.SECRET_SHARE_MISSING,
      );
    });
  });
}
