/**
 * Taproot (BIP-86 key path) helpers: the P2TR address of a dWallet key, the BIP-341 sighash each
 * input's network signature covers, and the signed transaction. Keys from @noble/curves stand in
 * for the network: they sign the prepared sighash with the tweaked secret (BIP-86 / BIP-341
 * taproot_tweak_seckey, as PROTOCOL-EXTENSIONS.md §9.1's σ_Q·(σ_X·x + t)); @scure/btc-signer
 * re-parses the result and recomputes the sighashes, and its own signer must produce the very
 * same transaction.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { p2tr, SigHash, TEST_NETWORK, Transaction } from '@scure/btc-signer';
import { taprootTweakPrivKey } from '@scure/btc-signer/utils.js';
import { HashScheme } from '../../chain/constants.ts';
import {
  attachTaprootSignatures,
  bitcoinOutputScript,
  bitcoinP2trAddress,
  bitcoinP2trPayment,
  bitcoinP2wpkhAddress,
  estimateP2trKeySpendVsize,
  estimateP2wpkhVsize,
  prepareP2wpkhTransaction,
  prepareTaprootSpend,
  type TaprootSpendRequest,
  taprootSighash,
  validateTaprootRequest,
} from '../../client/bitcoin/index.ts';
import { ChainHelperError, ChainHelperErrorCodes as Codes } from '../../client/chains/errors.ts';
import { verifyBitcoinTransaction, verifyTaprootTransaction } from '../../client/verify-transactions.ts';

function code(expected: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ChainHelperError, `expected a ChainHelperError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    return true;
  };
}

const N = secp256k1.Point.Fn.ORDER;
const G = secp256k1.Point.BASE;
const toBig = (bytes: Uint8Array) => BigInt(`0x${bytesToHex(bytes)}`);
const toBytes32 = (value: bigint) => hexToBytes(value.toString(16).padStart(64, '0'));

/**
 * The secret of the output key Q, written out from PROTOCOL-EXTENSIONS.md §9.1 / BIP-341
 * taproot_tweak_seckey: σ_Q·(σ_X·x + t) with t = int(hash_TapTweak(x(X))), σ = ±1 making y even.
 */
function tweakedSecret(secret: Uint8Array): Uint8Array {
  const x = toBig(secret);
  const X = G.multiply(x);
  const sigmaX = X.y % 2n === 0n ? 1n : N - 1n;
  const t = toBig(schnorr.utils.taggedHash('TapTweak', X.toBytes(true).subarray(1))) % N;
  const d = (((sigmaX * x) % N) + t) % N;
  const Q = G.multiply(d);
  return toBytes32(Q.y % 2n === 0n ? d : N - d);
}

/** What the network outputs for a Taproot dWallet over a PREHASHED sighash: BIP-340 under x(Q). */
function networkSign(sighash: Uint8Array, secret: Uint8Array, aux = new Uint8Array(32)): Uint8Array {
  return schnorr.sign(sighash, tweakedSecret(secret), aux);
}

// BIP-86 test vectors, first receiving address (m/86'/0'/0'/0/0): internal key, output key,
// scriptPubKey and address.
const BIP86 = {
  internalKey: 'cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115',
  outputKey: 'a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c',
  script: '5120a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c',
  address: 'bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr',
};

const SECRET = hexToBytes('1f0e5c2a9b7d36f1e4a8c0b2d6e9f3a7c5b1d8e2f4a6c9b3d7e0f1a2b4c6d8e9');
const PUBLIC = secp256k1.getPublicKey(SECRET, true);
const OTHER_SECRET = hexToBytes('0000000000000000000000000000000000000000000000000000000000000003');
const OWN = bitcoinP2trAddress(PUBLIC, 'testnet');
const RECIPIENT = bitcoinP2wpkhAddress(secp256k1.getPublicKey(OTHER_SECRET), 'testnet');
const TAPROOT_RECIPIENT = 'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c'; // BIP-350 testnet vector

function request(overrides: Partial<TaprootSpendRequest> = {}): TaprootSpendRequest {
  return {
    publicKey: PUBLIC,
    network: 'testnet',
    inputs: [
      { txid: 'a1'.repeat(32), vout: 0, amount: 60_000n },
      { txid: 'b2'.repeat(32), vout: 3, amount: 45_000n, sequence: 0xfffffffd },
    ],
    outputs: [
      { address: RECIPIENT, amount: 70_000n },
      { address: TAPROOT_RECIPIENT, amount: 20_000n },
    ],
    fee: 1_000n,
    change: { address: OWN },
    ...overrides,
  };
}

describe('P2TR addresses of a dWallet key (BIP-86)', () => {
  it('BIP-86 vector: internal key x(X) → output key, scriptPubKey, address', () => {
    const payment = bitcoinP2trPayment(hexToBytes(`03${BIP86.internalKey}`), 'mainnet');
    assert.equal(bytesToHex(payment.internalKey), BIP86.internalKey);
    assert.equal(bytesToHex(payment.outputKey), BIP86.outputKey);
    assert.equal(bytesToHex(payment.script), BIP86.script);
    assert.equal(payment.address, BIP86.address);
    assert.equal(bytesToHex(bitcoinOutputScript(BIP86.address, 'mainnet')), BIP86.script);
  });

  it('the y parity of X does not change the address (the internal key is lifted to even y), nor its encoding', () => {
    const even = bitcoinP2trAddress(hexToBytes(`02${BIP86.internalKey}`), 'mainnet');
    const odd = bitcoinP2trAddress(hexToBytes(`03${BIP86.internalKey}`), 'mainnet');
    assert.equal(even, BIP86.address);
    assert.equal(odd, BIP86.address);
    assert.equal(bitcoinP2trAddress(secp256k1.getPublicKey(SECRET, false), 'testnet'), OWN);
  });

  it('the output key is lift_x(x(X)) + int(hash_TapTweak(x(X)))·G, computed with noble', () => {
    for (let i = 0; i < 8; i++) {
      const secret = secp256k1.utils.randomSecretKey();
      const key = secp256k1.getPublicKey(secret, true);
      const xX = key.subarray(1);
      const t = toBig(schnorr.utils.taggedHash('TapTweak', xX)) % N;
      const Q = schnorr.utils.lift_x(toBig(xX)).add(G.multiply(t));
      const payment = bitcoinP2trPayment(key, 'regtest');
      assert.equal(bytesToHex(payment.outputKey), bytesToHex(Q.toBytes(true).subarray(1)));
      // and the tweaked secret's BIP-340 public key is x(Q)
      assert.deepEqual(schnorr.getPublicKey(tweakedSecret(secret)), payment.outputKey);
      // btc-signer's taproot_tweak_seckey leaves σ_Q to BIP-340 signing: equal up to sign
      const mine = toBig(tweakedSecret(secret));
      const library = toBig(taprootTweakPrivKey(secret));
      assert.ok(mine === library || mine === N - library);
      assert.ok(payment.address.startsWith('bcrt1p'));
    }
  });

  it('testnet and regtest prefixes', () => {
    assert.ok(OWN.startsWith('tb1p'));
    const regtest = bitcoinP2trAddress(PUBLIC, 'regtest');
    assert.ok(regtest.startsWith('bcrt1p'));
    assert.deepEqual(bitcoinOutputScript(regtest, 'regtest'), bitcoinOutputScript(OWN, 'testnet'));
    assert.equal(p2tr(PUBLIC.subarray(1), undefined, TEST_NETWORK).address, OWN);
  });

  it('rejects bad keys and networks', () => {
    assert.throws(() => bitcoinP2trAddress(PUBLIC.subarray(1), 'mainnet'), code(Codes.PUBLIC_KEY_INVALID)); // x-only, 32 bytes
    const offCurve = new Uint8Array(33);
    offCurve[0] = 2;
    offCurve[32] = 5; // x = 5: 5³ + 7 is not a square mod p
    assert.throws(() => bitcoinP2trAddress(offCurve, 'mainnet'), code(Codes.PUBLIC_KEY_INVALID));
    assert.throws(() => bitcoinP2trAddress('02' as unknown as Uint8Array, 'mainnet'), code(Codes.PUBLIC_KEY_INVALID));
    assert.throws(() => bitcoinP2trAddress(PUBLIC, 'signet' as 'mainnet'), code(Codes.BTC_INVALID_NETWORK));
  });
});

describe('Taproot key-path spends', () => {
  it('prepares one 32-byte BIP-341 SIGHASH_DEFAULT sighash per input (PREHASHED), equal to btc-signer’s', () => {
    const prepared = prepareTaprootSpend(request());
    assert.equal(prepared.inputs.length, 2);
    assert.equal(prepared.address, OWN);
    assert.deepEqual(prepared.outputKey, bitcoinP2trPayment(PUBLIC, 'testnet').outputKey);
    assert.deepEqual(prepared.change, { address: OWN, amount: 105_000n - 90_000n - 1_000n, index: 2 });
    const tx = Transaction.fromPSBT(prepared.psbt);
    const scripts = [prepared.scriptPubKey, prepared.scriptPubKey];
    for (const input of prepared.inputs) {
      assert.equal(input.hashScheme, HashScheme.PREHASHED);
      assert.equal(input.sighash.length, 32);
      assert.deepEqual(tx.preimageWitnessV1(input.index, scripts, SigHash.DEFAULT, [60_000n, 45_000n]), input.sighash);
      // the SHA256 alternative: SHA-256 of the tagged preimage is the sighash
      assert.deepEqual(sha256(input.preimage), input.sighash);
      assert.deepEqual(input.preimage.subarray(0, 32), sha256(new TextEncoder().encode('TapSighash')));
    }
    assert.notDeepEqual(prepared.inputs[0]!.sighash, prepared.inputs[1]!.sighash);
    assert.equal(prepared.inputs[1]!.sequence, 0xfffffffd);
  });

  it('every input commits to all spent amounts: changing another input’s amount changes the sighash', () => {
    const a = prepareTaprootSpend(request());
    const b = prepareTaprootSpend(
      request({
        inputs: [
          { txid: 'a1'.repeat(32), vout: 0, amount: 60_000n },
          { txid: 'b2'.repeat(32), vout: 3, amount: 46_000n, sequence: 0xfffffffd },
        ],
      }),
    );
    assert.notDeepEqual(a.inputs[0]!.sighash, b.inputs[0]!.sighash);
  });

  it('signed with the tweaked secret: btc-signer parses it, and the signatures verify against its recomputed sighashes', () => {
    const prepared = prepareTaprootSpend(request());
    const signed = prepared.finalize(prepared.inputs.map((input) => networkSign(input.sighash, SECRET)));
    assert.equal(signed.txid, prepared.txid);
    assert.equal(signed.fee, 1_000n);
    assert.equal(signed.vsize, prepared.vsize);

    const parsed = Transaction.fromRaw(hexToBytes(signed.hex));
    assert.equal(parsed.id, signed.txid);
    assert.equal(parsed.vsize, signed.vsize);
    assert.equal(parsed.outputsLength, 3);
    assert.equal(parsed.getOutputAddress(0, TEST_NETWORK), RECIPIENT);
    assert.equal(parsed.getOutputAddress(1, TEST_NETWORK), TAPROOT_RECIPIENT);
    assert.equal(parsed.getOutputAddress(2, TEST_NETWORK), OWN);
    assert.equal(parsed.getOutput(2).amount, 14_000n);
    const script = p2tr(PUBLIC.subarray(1), undefined, TEST_NETWORK);
    for (let i = 0; i < parsed.inputsLength; i++) {
      const witness = parsed.getInput(i).finalScriptWitness!;
      assert.equal(witness.length, 1);
      assert.equal(witness[0]!.length, 64); // SIGHASH_DEFAULT: no sighash byte
      const sighash = parsed.preimageWitnessV1(i, [script.script, script.script], SigHash.DEFAULT, [60_000n, 45_000n]);
      assert.ok(schnorr.verify(witness[0]!, sighash, script.tweakedPubkey));
    }
    verifyTaprootTransaction(signed.hex, PUBLIC, [60_000n, 45_000n]);
  });

  it('is byte for byte the transaction btc-signer signs itself with the same key and auxiliary randomness', () => {
    const prepared = prepareTaprootSpend(request());
    const aux = hexToBytes('5a'.repeat(32));
    const signed = attachTaprootSignatures(
      prepared,
      prepared.inputs.map((input) => networkSign(input.sighash, SECRET, aux)),
    );
    const reference = Transaction.fromPSBT(prepared.psbt);
    reference.sign(SECRET, undefined, aux);
    reference.finalize();
    assert.equal(signed.hex, reference.hex);
  });

  it('many random keys (both parities of X), on every network, with and without change', () => {
    const parities = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const secret = secp256k1.utils.randomSecretKey();
      const key = secp256k1.getPublicKey(secret, true);
      parities.add(key[0]!);
      const network = (['mainnet', 'testnet', 'regtest'] as const)[i % 3]!;
      const to = bitcoinP2trAddress(secp256k1.getPublicKey(OTHER_SECRET), network);
      const amounts = [30_000n + BigInt(i), 12_345n];
      const prepared = prepareTaprootSpend({
        publicKey: key,
        network,
        inputs: amounts.map((amount, vout) => ({ txid: bytesToHex(sha256(Uint8Array.of(i))), vout, amount })),
        outputs: [{ address: to, amount: i % 2 === 0 ? 40_000n : 30_000n }],
        fee: i % 2 === 0 ? 2_345n + BigInt(i) : 1_000n,
        ...(i % 2 === 0 ? {} : { change: { address: bitcoinP2trAddress(key, network) } }),
      });
      const signed = prepared.finalize(prepared.inputs.map((input) => schnorr.sign(input.sighash, taprootTweakPrivKey(secret))));
      verifyTaprootTransaction(signed.hex, key, amounts);
      assert.equal(Transaction.fromRaw(hexToBytes(signed.hex)).id, prepared.txid);
    }
    assert.equal(parities.size, 2, 'both y parities of X were exercised');
  });

  it('the fee floor is the key-path size, which is smaller than a P2WPKH spend', () => {
    const scripts = [bitcoinOutputScript(RECIPIENT, 'testnet')];
    const taprootSize = estimateP2trKeySpendVsize(1, scripts);
    const segwitSize = estimateP2wpkhVsize(1, scripts);
    assert.ok(taprootSize < segwitSize);
    const single = (fee: bigint) =>
      request({
        inputs: [{ txid: 'c3'.repeat(32), vout: 1, amount: 100_000n }],
        outputs: [{ address: RECIPIENT, amount: 100_000n - fee }],
        change: undefined,
        fee,
      });
    const prepared = prepareTaprootSpend(single(BigInt(taprootSize)));
    assert.equal(prepared.vsize, taprootSize);
    assert.throws(() => prepareTaprootSpend(single(BigInt(taprootSize - 1))), code(Codes.BTC_FEE_TOO_LOW));
    assert.throws(() => prepareP2wpkhTransaction(single(BigInt(taprootSize))), code(Codes.BTC_FEE_TOO_LOW));
  });

  it('the sighash written out (taproot-sighash.ts) equals btc-signer’s for inputs of other scripts too', () => {
    const other = bitcoinOutputScript(RECIPIENT, 'testnet');
    const own = bitcoinP2trPayment(PUBLIC, 'testnet').script;
    const tx = new Transaction({ version: 2, lockTime: 123 });
    const inputs = [
      { txid: 'd4'.repeat(32), vout: 7, sequence: 5, amount: 1_000n, script: own },
      { txid: 'e5'.repeat(32), vout: 0, sequence: 0xffffffff, amount: 2_000n, script: other },
    ];
    for (const input of inputs) tx.addInput({ txid: input.txid, index: input.vout, sequence: input.sequence, witnessUtxo: input });
    const outputs = [{ script: other, amount: 2_500n }];
    for (const output of outputs) tx.addOutput(output);
    const description = { version: 2, lockTime: 123, inputs, outputs };
    for (const index of [0, 1]) {
      assert.deepEqual(taprootSighash(description, index), tx.preimageWitnessV1(index, [own, other], SigHash.DEFAULT, [1_000n, 2_000n]));
    }
    assert.throws(() => taprootSighash(description, 2), RangeError);
  });

  describe('rejects bad requests (prepare, and the same check without a key)', () => {
    const cases: [string, Partial<TaprootSpendRequest> | Record<string, unknown>, string][] = [
      ['a bad network', { network: 'signet' }, Codes.BTC_INVALID_NETWORK],
      ['an all-zero key', { publicKey: new Uint8Array(33) }, Codes.PUBLIC_KEY_INVALID],
      ['an x-only (32-byte) key', { publicKey: PUBLIC.subarray(1) }, Codes.PUBLIC_KEY_INVALID],
      ['no inputs', { inputs: [] }, Codes.BTC_INVALID_TRANSACTION],
      ['no outputs', { outputs: [] }, Codes.BTC_INVALID_TRANSACTION],
      ['a short txid', { inputs: [{ txid: 'ab', vout: 0, amount: 100_000n }] }, Codes.BTC_INVALID_OUTPOINT],
      ['a negative vout', { inputs: [{ txid: 'a1'.repeat(32), vout: -1, amount: 100_000n }] }, Codes.BTC_INVALID_OUTPOINT],
      [
        'a duplicate input',
        {
          inputs: [
            { txid: 'a1'.repeat(32), vout: 0, amount: 60_000n },
            { txid: 'A1'.repeat(32), vout: 0, amount: 60_000n },
          ],
        },
        Codes.BTC_DUPLICATE_INPUT,
      ],
      ['an input amount as a number', { inputs: [{ txid: 'a1'.repeat(32), vout: 0, amount: 100_000 }] }, Codes.BTC_INVALID_AMOUNT],
      ['a zero input amount', { inputs: [{ txid: 'a1'.repeat(32), vout: 0, amount: 0n }] }, Codes.BTC_INVALID_AMOUNT],
      ['a negative input amount', { inputs: [{ txid: 'a1'.repeat(32), vout: 0, amount: -1n }] }, Codes.BTC_INVALID_AMOUNT],
      [
        'an input above 21M BTC',
        { inputs: [{ txid: 'a1'.repeat(32), vout: 0, amount: 2_100_000_000_000_001n }] },
        Codes.BTC_INVALID_AMOUNT,
      ],
      ['a zero output', { outputs: [{ address: RECIPIENT, amount: 0n }] }, Codes.BTC_INVALID_AMOUNT],
      ['a negative output', { outputs: [{ address: RECIPIENT, amount: -5n }] }, Codes.BTC_INVALID_AMOUNT],
      ['an output above 21M BTC', { outputs: [{ address: RECIPIENT, amount: 2_100_000_000_000_001n }] }, Codes.BTC_INVALID_AMOUNT],
      ['a negative fee', { fee: -1n }, Codes.BTC_INVALID_AMOUNT],
      ['a dust P2TR output', { outputs: [{ address: TAPROOT_RECIPIENT, amount: 329n }] }, Codes.BTC_DUST_OUTPUT],
      ['a mainnet output on testnet', { outputs: [{ address: BIP86.address, amount: 10_000n }] }, Codes.BTC_INVALID_ADDRESS],
      ['a garbage output address', { outputs: [{ address: 'not an address', amount: 10_000n }] }, Codes.BTC_INVALID_ADDRESS],
      ['a mainnet change address on testnet', { change: { address: BIP86.address } }, Codes.BTC_INVALID_ADDRESS],
      ['inputs below outputs + fee', { outputs: [{ address: RECIPIENT, amount: 104_500n }] }, Codes.BTC_INSUFFICIENT_FUNDS],
      ['leftover without a change address', { change: undefined }, Codes.BTC_FEE_MISMATCH],
      ['a fee below 1 sat/vB', { fee: 100n }, Codes.BTC_FEE_TOO_LOW],
      ['a fee above the maximum rate', { fee: 10_000n, maxFeeRate: 10n }, Codes.BTC_FEE_TOO_HIGH],
      ['a non-object request', null as unknown as Record<string, unknown>, Codes.BTC_INVALID_TRANSACTION],
    ];
    for (const [name, change, expected] of cases) {
      it(name, () => {
        const value = change === null ? null : { ...request(), ...change };
        assert.throws(() => prepareTaprootSpend(value as TaprootSpendRequest), code(expected));
        if (expected === Codes.PUBLIC_KEY_INVALID) return;
        const { publicKey: _key, ...withoutKey } = (value ?? {}) as TaprootSpendRequest;
        assert.throws(() => validateTaprootRequest((value === null ? null : withoutKey) as TaprootSpendRequest), code(expected));
      });
    }
  });

  describe('rejects bad signatures', () => {
    const prepared = prepareTaprootSpend(request());
    const good = prepared.inputs.map((input) => networkSign(input.sighash, SECRET));

    it('the good ones pass', () => {
      assert.equal(prepared.finalize(good).txid, prepared.txid);
    });
    it('the wrong count', () => {
      assert.throws(() => prepared.finalize(good.slice(0, 1)), code(Codes.BTC_SIGNATURE_COUNT));
      assert.throws(() => prepared.finalize([...good, good[0]!]), code(Codes.BTC_SIGNATURE_COUNT));
    });
    it('the wrong length (an ECDSA r ‖ s ‖ v, a truncated one, a BIP-340 signature with a sighash byte)', () => {
      assert.throws(() => prepared.finalize([good[0]!, new Uint8Array(65)]), code(Codes.SIGNATURE_MALFORMED));
      assert.throws(() => prepared.finalize([good[0]!, good[1]!.subarray(0, 63)]), code(Codes.SIGNATURE_MALFORMED));
      assert.throws(() => prepared.finalize([good[0]!, Uint8Array.of(...good[1]!, 1)]), code(Codes.SIGNATURE_MALFORMED));
    });
    it('a signature by the untweaked key X (not under x(Q))', () => {
      const untweaked = schnorr.sign(prepared.inputs[1]!.sighash, SECRET, new Uint8Array(32));
      assert.ok(schnorr.verify(untweaked, prepared.inputs[1]!.sighash, PUBLIC.subarray(1)));
      assert.throws(() => prepared.finalize([good[0]!, untweaked]), code(Codes.BTC_SIGNATURE_INVALID));
    });
    it('a signature by another key', () => {
      const other = networkSign(prepared.inputs[1]!.sighash, OTHER_SECRET);
      assert.throws(() => prepared.finalize([good[0]!, other]), code(Codes.BTC_SIGNATURE_INVALID));
    });
    it('signatures in the wrong order, and a flipped bit', () => {
      assert.throws(() => prepared.finalize([good[1]!, good[0]!]), code(Codes.BTC_SIGNATURE_INVALID));
      const flipped = good[0]!.slice();
      flipped[40]! ^= 1;
      assert.throws(() => prepared.finalize([flipped, good[1]!]), code(Codes.BTC_SIGNATURE_INVALID));
    });
    it('a prepared transaction that was edited', () => {
      const input = { ...prepared.inputs[0]!, sighash: new Uint8Array(32) };
      assert.throws(
        () => attachTaprootSignatures({ ...prepared, inputs: [input, prepared.inputs[1]!] }, good),
        code(Codes.BTC_PREPARED_MISMATCH),
      );
      const preimage = { ...prepared.inputs[0]!, preimage: new Uint8Array(10) };
      assert.throws(
        () => attachTaprootSignatures({ ...prepared, inputs: [preimage, prepared.inputs[1]!] }, good),
        code(Codes.BTC_PREPARED_MISMATCH),
      );
      assert.throws(() => attachTaprootSignatures({ ...prepared, fee: 2_000n }, good), code(Codes.BTC_PREPARED_MISMATCH));
      assert.throws(
        () => attachTaprootSignatures({ ...prepared, psbt: new Uint8Array([1, 2, 3]) }, good),
        code(Codes.BTC_PREPARED_MISMATCH),
      );
      assert.throws(() => attachTaprootSignatures({ ...prepared, outputKey: PUBLIC.subarray(1) }, good), code(Codes.BTC_PREPARED_MISMATCH));
      const otherKey = secp256k1.getPublicKey(OTHER_SECRET);
      assert.throws(() => attachTaprootSignatures({ ...prepared, publicKey: otherKey }, good), code(Codes.BTC_PREPARED_MISMATCH));
      // a P2WPKH prepared transaction is not a Taproot spend
      const segwit = prepareP2wpkhTransaction({ ...request(), change: { address: bitcoinP2wpkhAddress(PUBLIC, 'testnet') } });
      assert.throws(() => attachTaprootSignatures({ ...prepared, psbt: segwit.psbt }, good), code(Codes.BTC_PREPARED_MISMATCH));
    });
  });
});

describe('verifyTaprootTransaction (independent check with scure and noble)', () => {
  const prepared = prepareTaprootSpend(request());
  const signed = prepared.finalize(prepared.inputs.map((input) => networkSign(input.sighash, SECRET)));
  const amounts = [60_000n, 45_000n];

  it('accepts the signed transaction', () => {
    verifyTaprootTransaction(signed.hex, PUBLIC, amounts);
  });
  it('refuses a tampered output amount (the sighash changes)', () => {
    const tx = Transaction.fromRaw(hexToBytes(signed.hex));
    const outputAmount = tx.getOutput(0).amount!;
    const needle = bytesToHex(new Uint8Array(new BigUint64Array([outputAmount]).buffer));
    assert.ok(signed.hex.includes(needle));
    const tampered = signed.hex.replace(needle, bytesToHex(new Uint8Array(new BigUint64Array([outputAmount - 1n]).buffer)));
    assert.throws(() => verifyTaprootTransaction(tampered, PUBLIC, amounts), code(Codes.TRANSACTION_UNVERIFIED));
  });
  it('refuses wrong spent amounts, another key, a wrong amount count', () => {
    assert.throws(() => verifyTaprootTransaction(signed.hex, PUBLIC, [60_000n, 45_001n]), code(Codes.TRANSACTION_UNVERIFIED));
    assert.throws(
      () => verifyTaprootTransaction(signed.hex, secp256k1.getPublicKey(OTHER_SECRET), amounts),
      code(Codes.TRANSACTION_UNVERIFIED),
    );
    assert.throws(() => verifyTaprootTransaction(signed.hex, PUBLIC, [60_000n]), code(Codes.TRANSACTION_UNVERIFIED));
    assert.throws(() => verifyTaprootTransaction(signed.hex, PUBLIC.subarray(1), amounts), code(Codes.TRANSACTION_UNVERIFIED));
  });
  it('refuses garbage and a P2WPKH spend', () => {
    assert.throws(() => verifyTaprootTransaction('00ff', PUBLIC, amounts), code(Codes.TRANSACTION_UNVERIFIED));
    const segwit = prepareP2wpkhTransaction({
      ...request(),
      inputs: [{ txid: 'c3'.repeat(32), vout: 1, amount: 100_000n }],
      outputs: [{ address: RECIPIENT, amount: 90_000n }],
      change: undefined,
      fee: 10_000n,
    });
    const reference = Transaction.fromPSBT(segwit.psbt);
    reference.sign(SECRET);
    reference.finalize();
    verifyBitcoinTransaction(reference.hex, PUBLIC, [100_000n]);
    assert.throws(() => verifyTaprootTransaction(reference.hex, PUBLIC, [100_000n]), code(Codes.TRANSACTION_UNVERIFIED));
  });
});
