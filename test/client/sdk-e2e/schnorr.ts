/**
 * Taproot and EdDSA dWallets end to end, on a real devnet (separate processes: the local chain, 4
 * validators with threshold 3, the indexer, a relayer; a network key on secp256k1 and ed25519,
 * Taproot and EdDSA presign pools; sdk.e2e.test.ts starts it). Through the SDK, a Taproot dWallet
 * signs a P2TR key-path spend and an EdDSA dWallet a Solana transfer, and each transaction is
 * checked here with the chains' own libraries, not with the helpers that built it:
 * @scure/btc-signer derives the dWallet's P2TR address and output key (BIP-86), parses the
 * transaction and recomputes its BIP-341 sighash, and @noble/curves' `schnorr.verify` checks the
 * witness; @solana/kit decodes the wire transaction, finds the dWallet's address as fee payer and
 * verifies its signature over the message (WebCrypto Ed25519), and noble's `ed25519.verify`
 * agrees. Then plain messages (SHA-256(message) as the BIP-340 message; the message itself for
 * Ed25519), and what the SDK refuses before anything is sent: a hash scheme the algorithm does not
 * offer, a future sign of a Schnorr dWallet, a Solana transfer from a Taproot dWallet. And the
 * `dwallet` tool: `create --curve ed25519` and `sign-sol-tx`, and `show` of the Taproot dWallet
 * (its P2TR address, as scure derives it). The whole `npm start` demo is in
 * demo.e2e.heavy.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { p2tr, SigHash, TEST_NETWORK, Transaction } from '@scure/btc-signer';
import {
  type Address,
  getAddressDecoder,
  getBase58Decoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getPublicKeyFromAddress,
  getTransactionDecoder,
  verifySignature,
} from '@solana/kit';
import { ChainHelperErrorCodes } from '../../../client/chains/errors.ts';
import type { DWalletClient } from '../../../client/dwallet-client.ts';
import { ClientErrorCodes } from '../../../client/errors.ts';
import { signSolanaTransfer, signTaprootTransaction } from '../../../client/sign-transactions.ts';
import { runCliCaptured } from '../support/run-cli.ts';
import type { SdkDevnet } from '../support/sdk-devnet.ts';

const REGTEST = { ...TEST_NETWORK, bech32: 'bcrt' };
const codeOf = (e: unknown) => (e as { code?: string }).code;

/**
 * The suite, on the devnet `devnet()` answers once started (its network key has ed25519); its own
 * user (Sui key, secret store).
 */
export function schnorrSuite(devnet: () => SdkDevnet): void {
  describe('Taproot and EdDSA dWallets on a devnet', () => {
    let net: SdkDevnet;
    let client: DWalletClient;
    let taprootId: string;
    let taprootKey: Uint8Array;
    let eddsaId: string;
    let eddsaKey: Uint8Array;

    before(async () => {
      net = devnet();
      ({ client } = await net.newUser('schnorr'));
    });

    test('a Taproot dWallet spends its P2TR output by the key path: scure recomputes the BIP-341 sighash, noble verifies under x(Q)', async () => {
      const dwallet = await client.createDWallet({ curve: 'secp256k1', algorithm: 'taproot' });
      taprootId = dwallet.id;
      taprootKey = dwallet.publicKey;
      assert.equal(dwallet.algorithm, 'taproot');
      assert.equal((await client.getDWallet(dwallet.id)).algorithm, 'taproot');
      // The dWallet key X is the BIP-86 internal key: scure's P2TR of x(X) is the address spent.
      const payment = p2tr(taprootKey.subarray(1), undefined, REGTEST);
      const recipient = p2tr(schnorr.getPublicKey(sha256(new TextEncoder().encode('recipient'))), undefined, REGTEST).address as string;
      const amount = 100_000n;
      const signed = await signTaprootTransaction(client, dwallet.id, {
        network: 'regtest',
        inputs: [{ txid: 'ab'.repeat(32), vout: 1, amount }],
        outputs: [{ address: recipient, amount: 60_000n }],
        fee: 1_000n,
        change: { address: payment.address as string },
      });
      assert.equal(signed.signIds.length, 1);
      const tx = Transaction.fromRaw(hexToBytes(signed.hex), { allowUnknownOutputs: true });
      assert.equal(tx.id, signed.txid);
      const witness = tx.getInput(0).finalScriptWitness as Uint8Array[];
      assert.equal(witness.length, 1);
      assert.equal(witness[0]?.length, 64, 'SIGHASH_DEFAULT: one bare 64-byte BIP-340 signature');
      const sighash = tx.preimageWitnessV1(0, [payment.script], SigHash.DEFAULT, [amount]);
      assert.ok(schnorr.verify(witness[0] as Uint8Array, sighash, payment.tweakedPubkey));
      // Committed to the spent amount (BIP-341): under another amount it does not verify.
      const otherAmount = tx.preimageWitnessV1(0, [payment.script], SigHash.DEFAULT, [amount + 1n]);
      assert.equal(schnorr.verify(witness[0] as Uint8Array, otherAmount, payment.tweakedPubkey), false);
    });

    test('an EdDSA dWallet signs a Solana transfer: @solana/kit decodes it and verifies the fee payer’s signature, as noble does', async () => {
      const dwallet = await client.createDWallet({ curve: 'ed25519' });
      eddsaId = dwallet.id;
      eddsaKey = dwallet.publicKey;
      assert.equal(dwallet.algorithm, 'eddsa');
      assert.equal(eddsaKey.length, 32);
      const to = getAddressDecoder().decode(ed25519.getPublicKey(sha256(new TextEncoder().encode('solana recipient'))));
      const recentBlockhash = getBase58Decoder().decode(sha256(new TextEncoder().encode('a recent blockhash')));
      const signed = await signSolanaTransfer(client, dwallet.id, { to, lamports: 1_500_000n, recentBlockhash });
      const decoded = getTransactionDecoder().decode(getBase64Encoder().encode(signed.wireTransaction));
      const message = getCompiledTransactionMessageDecoder().decode(decoded.messageBytes);
      const from = getAddressDecoder().decode(eddsaKey);
      assert.equal(message.staticAccounts[0], from, 'the dWallet pays the fee');
      assert.equal(message.lifetimeToken, recentBlockhash);
      const signature = decoded.signatures[from];
      assert.ok(signature !== null && signature !== undefined);
      assert.equal(getBase58Decoder().decode(signature), signed.signature, 'the transaction id is the signature');
      assert.ok(await verifySignature(await getPublicKeyFromAddress(from), signature, decoded.messageBytes));
      assert.ok(ed25519.verify(signature, Uint8Array.from(decoded.messageBytes), eddsaKey, { zip215: false }));
    });

    test('sign(): Taproot over SHA-256(message) under x(Q), EdDSA over the message itself; noble verifies both', async () => {
      const text = new TextEncoder().encode('a message for a Schnorr dWallet');
      const taproot = await client.sign({ dwalletId: taprootId, message: text, hashScheme: 'sha256' });
      assert.equal(taproot.signature.length, 64);
      assert.deepEqual(taproot.digest, sha256(text));
      assert.ok(schnorr.verify(taproot.signature, sha256(text), p2tr(taprootKey.subarray(1)).tweakedPubkey));
      const eddsa = await client.sign({ dwalletId: eddsaId, message: text, hashScheme: 'sha512' });
      assert.equal(eddsa.signature.length, 64);
      assert.ok(ed25519.verify(eddsa.signature, text, eddsaKey, { zip215: false }));
      assert.deepEqual((await client.getSignature(eddsa.signId))?.signature, eddsa.signature);
    });

    test('the CLI: create --curve ed25519 and sign-sol-tx (@solana/kit verifies), show of a Taproot dWallet (its P2TR address)', async () => {
      const common = [
        '--network',
        net.networkFile,
        '--wallet',
        join(net.devnet.options.dataDir, 'cli-wallet'),
        '--json',
        '--timeout',
        '240',
      ];
      const dwallet = async (...argv: string[]) => {
        const { status, stdout, stderr } = await runCliCaptured([...argv, ...common]);
        assert.equal(status, 0, `dwallet ${argv.join(' ')} failed: ${stderr}`);
        return JSON.parse(stdout) as Record<string, unknown>;
      };
      const created = await dwallet('create', '--curve', 'ed25519');
      assert.equal(created.algorithm, 'eddsa');
      const publicKey = hexToBytes((created.publicKey as string).slice(2));
      assert.equal(created.solanaAddress, getAddressDecoder().decode(publicKey));
      const to = getAddressDecoder().decode(ed25519.getPublicKey(sha256(new TextEncoder().encode('cli recipient'))));
      const blockhash = getBase58Decoder().decode(sha256(new TextEncoder().encode('cli blockhash')));
      const signed = await dwallet('sign-sol-tx', created.id as string, '--to', to, '--amount', '0.25sol', '--blockhash', blockhash);
      assert.equal(signed.from, created.solanaAddress);
      assert.equal(signed.lamports, '250000000');
      const decoded = getTransactionDecoder().decode(getBase64Encoder().encode(signed.wireTransaction as string));
      const from = created.solanaAddress as Address;
      const signature = decoded.signatures[from];
      assert.ok(signature !== null && signature !== undefined);
      assert.ok(await verifySignature(await getPublicKeyFromAddress(from), signature, decoded.messageBytes));

      const shown = await dwallet('show', taprootId, '--bitcoin-network', 'regtest');
      assert.equal(shown.algorithm, 'taproot');
      assert.equal(shown.bitcoinAddress, p2tr(taprootKey.subarray(1), undefined, REGTEST).address);
      assert.equal(shown.ethereumAddress, undefined, 'a Taproot key has no Ethereum address here');
    });

    test('refused before anything is sent: a hash scheme the algorithm lacks, a Schnorr future sign, a transaction of the other family', async () => {
      const message = new TextEncoder().encode('m');
      for (const [dwalletId, hashScheme] of [
        [taprootId, 'keccak256'],
        [taprootId, 'sha512'],
        [eddsaId, 'sha256'],
        [eddsaId, 'prehashed'],
      ] as const) {
        await assert.rejects(
          client.sign({ dwalletId, message, hashScheme }),
          (e: unknown) => codeOf(e) === ClientErrorCodes.INVALID_ARGUMENT && /is not offered for/.test(String(e)),
          `${hashScheme}`,
        );
      }
      await assert.rejects(
        client.futureSign({ dwalletId: eddsaId, message, hashScheme: 'sha512' }),
        (e: unknown) => codeOf(e) === ClientErrorCodes.INVALID_ARGUMENT && /ECDSA dWallets only/.test(String(e)),
      );
      await assert.rejects(
        signSolanaTransfer(client, taprootId, { to: getAddressDecoder().decode(eddsaKey), lamports: 1n, recentBlockhash: '1'.repeat(32) }),
        (e: unknown) => codeOf(e) === ChainHelperErrorCodes.PUBLIC_KEY_INVALID && /not an active ed25519 eddsa dWallet/.test(String(e)),
      );
    });
  });
}
