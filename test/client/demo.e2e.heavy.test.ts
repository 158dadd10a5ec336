/**
 * The demo `npm start` runs (client/demo.ts), on a devnet as `npm start` makes it (separate
 * processes: the local chain, 4 validators with threshold 3, the indexer, a relayer; a network key
 * on secp256k1 and ed25519, a presign pool per signing scheme): an ECDSA dWallet signs an Ethereum
 * and a segwit transaction, a Taproot dWallet a P2TR key-path spend, an EdDSA dWallet a Solana
 * transfer, and each transaction is checked here again with the chains' own libraries, not with
 * the helpers that built it: viem recovers the Ethereum sender from the public key; @scure/btc-signer
 * parses both Bitcoin transactions and recomputes their sighashes (BIP-143, BIP-341) and noble
 * verifies the witnesses (the Taproot one under the output key scure derives for the dWallet's
 * key, BIP-86); @solana/kit decodes the Solana wire transaction and verifies its signature
 * (WebCrypto Ed25519), and noble's `ed25519.verify` agrees. Then imported keys: a Taproot and an
 * Ed25519 key, whose signatures noble checks under the keys the test computed from the secrets.
 * The heavy suite: five dWallets and six signatures; the default suite signs with Taproot and
 * EdDSA dWallets in sdk-e2e/schnorr.ts (run by sdk.e2e.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { p2tr, p2wpkh, SigHash, TEST_NETWORK, Transaction } from '@scure/btc-signer';
import {
  getAddressDecoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getPublicKeyFromAddress,
  getTransactionDecoder,
  verifySignature,
} from '@solana/kit';
import { recoverTransactionAddress } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { runDemo } from '../../client/demo.ts';
import type { DWalletClient } from '../../client/dwallet-client.ts';
import { type SdkDevnet, startSdkDevnet } from './support/sdk-devnet.ts';

let net: SdkDevnet;
let client: DWalletClient;

before(async () => {
  net = await startSdkDevnet('demo-e2e', {
    indexer: true,
    curves: ['secp256k1', 'ed25519'],
    poolAlgorithms: ['ecdsa', 'taproot', 'eddsa'],
  });
  ({ client } = net);
});

after(() => net?.stop());

const REGTEST = { ...TEST_NETWORK, bech32: 'bcrt' };

describe('the npm start demo on a devnet', () => {
  test('four transactions (Ethereum, segwit, Taproot, Solana), each verified with viem, scure + noble and @solana/kit', async () => {
    const demo = await runDemo(client, () => {});
    const taprootKey = demo.dwallets.taproot.publicKey;
    const eddsaKey = demo.dwallets.eddsa.publicKey;
    // Ethereum: viem's address of the ECDSA key is the sender it recovers; segwit: scure's BIP-143 sighash, noble's check.
    const ecdsaKey = demo.dwallets.ecdsa.publicKey;
    const expected = publicKeyToAddress(`0x${secp256k1.Point.fromBytes(ecdsaKey).toHex(false)}`);
    assert.equal(await recoverTransactionAddress({ serializedTransaction: demo.ethereum.serialized }), expected);
    const segwit = Transaction.fromRaw(hexToBytes(demo.bitcoin.hex));
    assert.equal(segwit.id, demo.bitcoin.txid);
    const [der, witnessKey] = segwit.getInput(0).finalScriptWitness as Uint8Array[];
    assert.deepEqual(witnessKey, ecdsaKey);
    const scriptCode = Uint8Array.of(0x76, 0xa9, 0x14, ...p2wpkh(ecdsaKey).hash, 0x88, 0xac);
    const bip143 = segwit.preimageWitnessV0(0, scriptCode, SigHash.ALL, 100_000n);
    assert.ok(secp256k1.verify((der as Uint8Array).subarray(0, -1), bip143, ecdsaKey, { prehash: false, format: 'der', lowS: true }));

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

  test('imported keys: a Taproot and an Ed25519 key imported sign with pooled Schnorr presigns; noble verifies under the known keys', async () => {
    const message = new TextEncoder().encode('signed by an imported key');
    // Taproot: the output key of the imported secret d is scure's P2TR tweak of x(d·G).
    const taprootSecret = sha256(new TextEncoder().encode('an imported Taproot key'));
    const taproot = await client.importKey({ secretKey: taprootSecret, curve: 'secp256k1', algorithm: 'taproot' });
    assert.deepEqual(taproot.publicKey, secp256k1.getPublicKey(taprootSecret, true));
    const signedTaproot = await client.sign({ dwalletId: taproot.id, message, hashScheme: 'sha256' });
    assert.ok(schnorr.verify(signedTaproot.signature, sha256(message), p2tr(taproot.publicKey.subarray(1)).tweakedPubkey));
    // Ed25519: the key is the raw scalar x (32 bytes big-endian, below ℓ), A = x·G.
    const l = ed25519.Point.CURVE().n;
    const x = (BigInt(`0x${Buffer.from(sha256(new TextEncoder().encode('an imported Ed25519 key'))).toString('hex')}`) % (l - 1n)) + 1n;
    const eddsa = await client.importKey({ secretKey: hexToBytes(x.toString(16).padStart(64, '0')), curve: 'ed25519' });
    assert.equal(eddsa.algorithm, 'eddsa');
    assert.deepEqual(eddsa.publicKey, ed25519.Point.BASE.multiply(x).toBytes());
    const signedEddsa = await client.sign({ dwalletId: eddsa.id, message, hashScheme: 'sha512' });
    assert.ok(ed25519.verify(signedEddsa.signature, message, eddsa.publicKey, { zip215: false }));
  });
});
