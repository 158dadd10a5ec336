/**
 * Taproot and EdDSA dWallets end to end, on a real devnet (separate processes: the local chain, 4
 * validators with threshold 3, the indexer, a relayer; a network key on secp256k1 and ed25519, as
 * `npm start` makes it, with a presign pool per signing scheme). The demo `npm start` runs — an
 * ECDSA dWallet signs an Ethereum and a segwit transaction, a Taproot dWallet a P2TR key-path
 * spend, an EdDSA dWallet a Solana transfer — and each transaction is checked here again with the
 * chains' own libraries, not with the helpers that built it: @scure/btc-signer parses the Taproot
 * transaction and recomputes its BIP-341 sighash, @noble/curves' `schnorr.verify` checks the
 * witness under the output key scure derives for the dWallet's key (BIP-86); @solana/kit decodes
 * the Solana wire transaction and verifies its signature (WebCrypto Ed25519), and noble's
 * `ed25519.verify` agrees. Then plain messages: a Taproot dWallet signs SHA-256(message) as its
 * BIP-340 message and an EdDSA dWallet signs the message itself, both verified with noble, and the
 * SDK refuses a hash scheme the dWallet's algorithm does not offer before anything is sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { p2tr, SigHash, TEST_NETWORK, Transaction } from '@scure/btc-signer';
import {
  getAddressDecoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getPublicKeyFromAddress,
  getTransactionDecoder,
  verifySignature,
} from '@solana/kit';
import { runDemo } from '../../client/demo.ts';
import type { DWalletClient } from '../../client/dwallet-client.ts';
import { ClientErrorCodes } from '../../client/errors.ts';
import { type SdkDevnet, startSdkDevnet } from './support/sdk-devnet.ts';

let net: SdkDevnet;
let client: DWalletClient;

before(async () => {
  net = await startSdkDevnet('schnorr-e2e', { indexer: true });
  ({ client } = net);
});

after(() => net?.stop());

const REGTEST = { ...TEST_NETWORK, bech32: 'bcrt' };

describe('Taproot and EdDSA dWallets on a devnet', () => {
  let taprootId: string;
  let taprootKey: Uint8Array;
  let eddsaId: string;
  let eddsaKey: Uint8Array;

  test('the demo: Ethereum, segwit, Taproot and Solana transactions, the last two verified with scure + noble and @solana/kit', async () => {
    const demo = await runDemo(client, () => {});
    taprootId = demo.dwallets.taproot.id;
    taprootKey = demo.dwallets.taproot.publicKey;
    eddsaId = demo.dwallets.eddsa.id;
    eddsaKey = demo.dwallets.eddsa.publicKey;
    assert.equal(demo.dwallets.taproot.algorithm, 'taproot');
    assert.equal(demo.dwallets.eddsa.curve, 'ed25519');
    assert.equal(demo.dwallets.eddsa.algorithm, 'eddsa');
    assert.equal(eddsaKey.length, 32);

    // Taproot: the dWallet's address is scure's P2TR of x(X); the witness verifies under scure's x(Q)
    // against the BIP-341 sighash scure recomputes from the parsed transaction.
    const payment = p2tr(taprootKey.subarray(1), undefined, REGTEST);
    assert.equal(demo.taproot.address, payment.address);
    const tx = Transaction.fromRaw(hexToBytes(demo.taproot.hex), { allowUnknownOutputs: true });
    assert.equal(tx.id, demo.taproot.txid);
    assert.equal(tx.inputsLength, 1);
    const witness = tx.getInput(0).finalScriptWitness as Uint8Array[];
    assert.equal(witness.length, 1);
    assert.equal(witness[0]?.length, 64, 'SIGHASH_DEFAULT: a bare 64-byte BIP-340 signature');
    const sighash = tx.preimageWitnessV1(0, [payment.script], SigHash.DEFAULT, [100_000n]);
    assert.ok(schnorr.verify(witness[0] as Uint8Array, sighash, payment.tweakedPubkey));
    const other = Uint8Array.from(sighash);
    other[0] = (other[0] as number) ^ 1;
    assert.equal(schnorr.verify(witness[0] as Uint8Array, other, payment.tweakedPubkey), false);

    // Solana: @solana/kit decodes the transaction; its fee payer is the dWallet's address, and its
    // signature verifies over the message bytes (kit, WebCrypto) and with noble.
    const decoded = getTransactionDecoder().decode(getBase64Encoder().encode(demo.solana.wireTransaction));
    const message = getCompiledTransactionMessageDecoder().decode(decoded.messageBytes);
    const from = getAddressDecoder().decode(eddsaKey);
    assert.equal(message.staticAccounts[0], from);
    assert.equal(demo.solana.from, from);
    const signature = decoded.signatures[from];
    assert.ok(signature !== null && signature !== undefined);
    assert.ok(await verifySignature(await getPublicKeyFromAddress(from), signature, decoded.messageBytes));
    assert.ok(ed25519.verify(signature, Uint8Array.from(decoded.messageBytes), eddsaKey, { zip215: false }));
  });

  test('sign(): a Taproot dWallet signs SHA-256(message) under x(Q), an EdDSA dWallet the message itself; noble verifies both', async () => {
    const text = new TextEncoder().encode('a message for a Schnorr dWallet');
    const taproot = await client.sign({ dwalletId: taprootId, message: text, hashScheme: 'sha256' });
    assert.equal(taproot.signature.length, 64);
    assert.deepEqual(taproot.digest, sha256(text));
    assert.ok(schnorr.verify(taproot.signature, sha256(text), p2tr(taprootKey.subarray(1)).tweakedPubkey));

    const eddsa = await client.sign({ dwalletId: eddsaId, message: text, hashScheme: 'sha512' });
    assert.equal(eddsa.signature.length, 64);
    assert.ok(ed25519.verify(eddsa.signature, text, eddsaKey, { zip215: false }));
    const record = await client.getSignature(eddsa.signId);
    assert.deepEqual(record?.signature, eddsa.signature);

    const info = await client.getDWallet(taprootId);
    assert.equal(info.algorithm, 'taproot');
  });

  test('a hash scheme the algorithm does not offer is refused before anything is sent', async () => {
    const message = new TextEncoder().encode('m');
    for (const [dwalletId, hashScheme] of [
      [taprootId, 'keccak256'],
      [eddsaId, 'sha256'],
      [eddsaId, 'prehashed'],
    ] as const) {
      await assert.rejects(
        client.sign({ dwalletId, message, hashScheme }),
        (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.INVALID_ARGUMENT,
        `${dwalletId} ${hashScheme}`,
      );
    }
    await assert.rejects(
      client.futureSign({ dwalletId: taprootId, message, hashScheme: 'sha256' }),
      (e: unknown) => (e as { code?: string }).code === ClientErrorCodes.INVALID_ARGUMENT && /ECDSA dWallets only/.test(String(e)),
    );
  });
});
