/**
 * The addresses the indexer gives a dWallet (indexer/addresses.ts) equal the client's own
 * derivations (client/ethereum, client/bitcoin, client/solana) for every kind of dWallet, match
 * published test vectors, and are given only for what the dWallet's algorithm can sign.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bitcoinP2trAddress, bitcoinP2wpkhAddress } from '../../client/bitcoin/address.ts';
import { ethereumAddress } from '../../client/ethereum/address.ts';
import { solanaAddress } from '../../client/solana/address.ts';
import { dwalletAddresses } from '../../indexer/addresses.ts';
import { CURVE_IDS } from '../../mpc/signing/algorithms.ts';
import { testRng } from '../support/random.ts';

const KEYS = 16;

describe('dWallet addresses', () => {
  it('secp256k1 ECDSA: Ethereum and Bitcoin P2WPKH, as the client derives them', () => {
    const rng = testRng('indexer addresses ecdsa');
    for (let i = 0; i < KEYS; i++) {
      const publicKey = secp256k1.getPublicKey(rng.bytes(32), true);
      assert.deepEqual(dwalletAddresses(CURVE_IDS.secp256k1, 'ecdsa', bytesToHex(publicKey)), {
        ethereum: ethereumAddress(publicKey),
        bitcoin: bitcoinP2wpkhAddress(publicKey, 'mainnet'),
      });
    }
  });

  it('secp256k1 Taproot: the BIP-86 P2TR address only, as the client derives it', () => {
    const rng = testRng('indexer addresses taproot');
    for (let i = 0; i < KEYS; i++) {
      const publicKey = secp256k1.getPublicKey(rng.bytes(32), true);
      assert.deepEqual(dwalletAddresses(CURVE_IDS.secp256k1, 'taproot', bytesToHex(publicKey)), {
        bitcoinTaproot: bitcoinP2trAddress(publicKey, 'mainnet'),
      });
    }
  });

  it('ed25519 EdDSA: the Solana address, as the client derives it', () => {
    const rng = testRng('indexer addresses eddsa');
    for (let i = 0; i < KEYS; i++) {
      const publicKey = ed25519.getPublicKey(rng.bytes(32));
      assert.deepEqual(dwalletAddresses(CURVE_IDS.ed25519, 'eddsa', bytesToHex(publicKey)), { solana: solanaAddress(publicKey) });
    }
  });

  it('published vectors: secret key 1 on Ethereum, BIP-173 P2WPKH, BIP-86 P2TR, the Solana system program', () => {
    const g = bytesToHex(secp256k1.Point.BASE.toBytes(true)); // the key of secret key 1
    assert.equal(g, '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
    assert.deepEqual(dwalletAddresses(CURVE_IDS.secp256k1, 'ecdsa', g), {
      ethereum: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf',
      bitcoin: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
    });
    // BIP-86, first receiving address of account 0: internal key cc8a4b…c115 (either y parity: BIP-341 lifts x).
    for (const prefix of ['02', '03']) {
      assert.deepEqual(
        dwalletAddresses(CURVE_IDS.secp256k1, 'taproot', `${prefix}cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115`),
        { bitcoinTaproot: 'bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr' },
      );
    }
    assert.deepEqual(dwalletAddresses(CURVE_IDS.ed25519, 'eddsa', '00'.repeat(32)), { solana: '11111111111111111111111111111111' });
  });

  it('no address for a P-256 key or a dWallet without a key', () => {
    const publicKey = bytesToHex(p256.getPublicKey(testRng('indexer addresses p256').bytes(32), true));
    assert.deepEqual(dwalletAddresses(CURVE_IDS.p256, 'ecdsa', publicKey), {});
    assert.deepEqual(dwalletAddresses(CURVE_IDS.secp256k1, 'ecdsa', null), {});
    assert.deepEqual(dwalletAddresses(CURVE_IDS.ed25519, 'eddsa', null), {});
  });
});
