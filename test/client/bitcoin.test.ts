/**
 * Bitcoin helpers: P2WPKH addresses, the BIP-143 preimage each input's network signature covers,
 * and the signed transaction. A locally known key signed with @noble/curves stands in for the
 * network (same 65-byte r ‖ s ‖ v format); @scure/btc-signer parses the result and its sighashes
 * are re-derived from the parsed transaction to verify every witness.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Address, OutScript, p2wpkh, Transaction } from '@scure/btc-signer';
import { HashScheme } from '../../chain/constants.ts';
import {
  attachBitcoinSignatures,
  bip143Preimage,
  bitcoinOutputScript,
  bitcoinP2wpkhAddress,
  bitcoinP2wpkhPayment,
  dustThreshold,
  type P2wpkhTransactionRequest,
  p2wpkhScriptCode,
  prepareP2wpkhTransaction,
  sha256d,
  validateP2wpkhRequest,
} from '../../client/bitcoin/index.ts';
import { ChainHelperError, ChainHelperErrorCodes as Codes } from '../../client/chains/errors.ts';
import { SECP256K1_ORDER } from '../../client/chains/signature.ts';

function code(expected: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ChainHelperError, `expected a ChainHelperError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    return true;
  };
}

/** What the network would output for a message under DOUBLE_SHA256: r ‖ s ‖ v over sha256d(message). */
function networkSign(message: Uint8Array, secret: Uint8Array): Uint8Array {
  const recovered = secp256k1.sign(sha256(sha256(message)), secret, { prehash: false, format: 'recovered' }); // v ‖ r ‖ s
  const out = new Uint8Array(65);
  out.set(recovered.subarray(1), 0);
  out[64] = recovered[0] as number;
  return out;
}

// BIP-173: the P2WPKH address of the generator point G (secret key 1).
const G = hexToBytes('0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798');

// BIP-143, "Native P2WPKH" example: input 1 spends 6 BTC from the P2WPKH of this key.
const BIP143 = {
  unsignedTx:
    '0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000',
  secret: hexToBytes('619c335025c7f4012e556c2a58b2506e30b8511b53ade95ea316fd8c3286feb9'),
  publicKey: '025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357',
  scriptCode: '1976a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac',
  amount: 600_000_000n,
  preimage:
    '0100000096b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd3752b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3bef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a010000001976a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac0046c32300000000ffffffff863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e51100000001000000',
  sighash: 'c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670',
  signatureDer:
    '304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee',
};

const SECRET = hexToBytes('1f0e5c2a9b7d36f1e4a8c0b2d6e9f3a7c5b1d8e2f4a6c9b3d7e0f1a2b4c6d8e9');
const PUBLIC = secp256k1.getPublicKey(SECRET, true);
const OTHER_SECRET = hexToBytes('0000000000000000000000000000000000000000000000000000000000000003');

const RECIPIENT = bitcoinP2wpkhAddress(secp256k1.getPublicKey(OTHER_SECRET), 'testnet');
const TAPROOT = 'tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c'; // BIP-350 testnet vector
const CHANGE = bitcoinP2wpkhAddress(PUBLIC, 'testnet');

function request(overrides: Partial<P2wpkhTransactionRequest> = {}): P2wpkhTransactionRequest {
  return {
    publicKey: PUBLIC,
    network: 'testnet',
    inputs: [
      { txid: 'a1'.repeat(32), vout: 0, amount: 60_000n },
      { txid: 'b2'.repeat(32), vout: 3, amount: 45_000n, sequence: 0xfffffffd },
    ],
    outputs: [
      { address: RECIPIENT, amount: 70_000n },
      { address: TAPROOT, amount: 20_000n },
    ],
    fee: 1_000n,
    change: { address: CHANGE },
    ...overrides,
  };
}

describe('P2WPKH addresses', () => {
  it('BIP-173 vectors: mainnet and testnet address, scriptPubKey', () => {
    assert.equal(bitcoinP2wpkhAddress(G, 'mainnet'), 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
    assert.equal(bitcoinP2wpkhAddress(G, 'testnet'), 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx');
    assert.equal(bytesToHex(bitcoinP2wpkhPayment(G, 'mainnet').script), '0014751e76e8199196d454941c45d1b3a323f1433bd6');
    assert.equal(
      bytesToHex(bitcoinOutputScript('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'mainnet')),
      '0014751e76e8199196d454941c45d1b3a323f1433bd6',
    );
  });

  it('regtest uses the bcrt prefix with the same witness program', () => {
    const address = bitcoinP2wpkhAddress(G, 'regtest');
    assert.ok(address.startsWith('bcrt1q'));
    assert.equal(bytesToHex(bitcoinOutputScript(address, 'regtest')), '0014751e76e8199196d454941c45d1b3a323f1433bd6');
  });

  it('an uncompressed key gives the address of its compressed form', () => {
    const uncompressed = secp256k1.Point.fromBytes(G).toBytes(false);
    assert.equal(bitcoinP2wpkhAddress(uncompressed, 'mainnet'), 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
  });

  it('rejects bad keys, networks and addresses', () => {
    assert.throws(() => bitcoinP2wpkhAddress(G.subarray(1), 'mainnet'), code(Codes.PUBLIC_KEY_INVALID));
    const offCurve = new Uint8Array(33);
    offCurve[0] = 2;
    offCurve[32] = 5; // x = 5: 5³ + 7 = 132 is not a square mod p
    assert.throws(() => bitcoinP2wpkhAddress(offCurve, 'mainnet'), code(Codes.PUBLIC_KEY_INVALID));
    assert.throws(() => bitcoinP2wpkhAddress(G, 'signet' as 'mainnet'), code(Codes.BTC_INVALID_NETWORK));
    assert.throws(() => bitcoinOutputScript('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'mainnet'), code(Codes.BTC_INVALID_ADDRESS));
    assert.throws(() => bitcoinOutputScript('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', 'mainnet'), code(Codes.BTC_INVALID_ADDRESS)); // bad checksum
    assert.throws(() => bitcoinOutputScript('', 'mainnet'), code(Codes.BTC_INVALID_ADDRESS));
  });

  it('dust thresholds of Bitcoin Core at 3 sat/vB', () => {
    const script = (address: string, network: 'mainnet' | 'testnet') => bitcoinOutputScript(address, network);
    assert.equal(dustThreshold(script('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'mainnet')), 294n);
    assert.equal(dustThreshold(script(TAPROOT, 'testnet')), 330n);
    assert.equal(dustThreshold(script('1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH', 'mainnet')), 546n);
    assert.equal(dustThreshold(script('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'mainnet')), 540n);
  });
});

describe('BIP-143 sighash', () => {
  const tx = Transaction.fromRaw(hexToBytes(BIP143.unsignedTx), { allowUnknownInputs: true, allowUnknownOutputs: true });
  const description = {
    version: tx.version,
    lockTime: tx.lockTime,
    inputs: [0, 1].map((i) => {
      const input = tx.getInput(i);
      return { txid: bytesToHex(input.txid!), vout: input.index!, sequence: input.sequence! };
    }),
    outputs: [0, 1].map((i) => ({ script: tx.getOutput(i).script!, amount: tx.getOutput(i).amount! })),
  };

  it('computes the preimage and sighash of the BIP-143 native P2WPKH example', () => {
    const publicKey = secp256k1.getPublicKey(BIP143.secret);
    assert.equal(bytesToHex(publicKey), BIP143.publicKey);
    const scriptCode = p2wpkhScriptCode(bitcoinP2wpkhPayment(publicKey, 'mainnet').hash);
    assert.equal(bytesToHex(scriptCode), BIP143.scriptCode);
    const preimage = bip143Preimage(description, 1, scriptCode, BIP143.amount);
    assert.equal(bytesToHex(preimage), BIP143.preimage);
    assert.equal(bytesToHex(sha256d(preimage)), BIP143.sighash);
    assert.equal(bytesToHex(tx.preimageWitnessV0(1, scriptCode.subarray(1), 1, BIP143.amount)), BIP143.sighash);
  });

  it('a network signature over the preimage (DOUBLE_SHA256) becomes the example DER signature', () => {
    const signature = networkSign(hexToBytes(BIP143.preimage), BIP143.secret);
    const der = new secp256k1.Signature(
      BigInt(`0x${bytesToHex(signature.subarray(0, 32))}`),
      BigInt(`0x${bytesToHex(signature.subarray(32, 64))}`),
    );
    assert.equal(der.toHex('der'), BIP143.signatureDer);
  });
});

describe('P2WPKH transactions', () => {
  it('prepares one DOUBLE_SHA256 message per input, whose hash is btc-signer’s sighash', () => {
    const prepared = prepareP2wpkhTransaction(request());
    assert.equal(prepared.inputs.length, 2);
    assert.equal(prepared.address, CHANGE);
    assert.deepEqual(prepared.change, { address: CHANGE, amount: 105_000n - 90_000n - 1_000n, index: 2 });
    const tx = Transaction.fromPSBT(prepared.psbt);
    for (const input of prepared.inputs) {
      assert.equal(input.hashScheme, HashScheme.DOUBLE_SHA256);
      assert.equal(input.hashScheme, 2);
      assert.deepEqual(sha256d(input.message), input.digest);
      const scriptCode = OutScript.encode({ type: 'pkh', hash: bitcoinP2wpkhPayment(PUBLIC, 'testnet').hash });
      assert.deepEqual(tx.preimageWitnessV0(input.index, scriptCode, 1, input.amount), input.digest);
    }
    assert.equal(prepared.inputs[1]!.sequence, 0xfffffffd);
  });

  it('assembles a transaction btc-signer parses, whose witnesses verify against re-derived sighashes', () => {
    const prepared = prepareP2wpkhTransaction(request());
    const signed = attachBitcoinSignatures(
      prepared,
      prepared.inputs.map((input) => networkSign(input.message, SECRET)),
    );
    assert.equal(signed.txid, prepared.txid);
    assert.equal(signed.fee, 1_000n);
    assert.ok(signed.vsize <= prepared.estimatedVsize && signed.vsize >= prepared.estimatedVsize - prepared.inputs.length);

    const parsed = Transaction.fromRaw(hexToBytes(signed.hex));
    assert.equal(parsed.id, signed.txid);
    assert.equal(parsed.vsize, signed.vsize);
    assert.equal(parsed.version, 2);
    assert.equal(parsed.outputsLength, 3);
    assert.equal(parsed.getOutputAddress(0, { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef }), RECIPIENT);
    assert.equal(parsed.getOutput(0).amount, 70_000n);
    assert.equal(parsed.getOutput(1).amount, 20_000n);
    assert.equal(parsed.getOutput(2).amount, 14_000n);
    const ownScript = p2wpkh(PUBLIC).script;
    const scriptCode = OutScript.encode({ type: 'pkh', hash: bitcoinP2wpkhPayment(PUBLIC, 'testnet').hash });
    const amounts = [60_000n, 45_000n];
    for (let i = 0; i < parsed.inputsLength; i++) {
      const witness = parsed.getInput(i).finalScriptWitness!;
      assert.equal(witness.length, 2);
      const [signature, publicKey] = witness as [Uint8Array, Uint8Array];
      assert.deepEqual(publicKey, PUBLIC);
      assert.equal(signature[signature.length - 1], 1); // SIGHASH_ALL
      const sighash = parsed.preimageWitnessV0(i, scriptCode, 1, amounts[i]!);
      assert.ok(secp256k1.verify(signature.subarray(0, -1), sighash, publicKey, { prehash: false, format: 'der' }));
      assert.deepEqual(
        OutScript.encode(Address({ bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef }).decode(CHANGE)),
        ownScript,
      );
    }
  });

  it('is byte for byte the transaction btc-signer signs itself with the same key', () => {
    const prepared = prepareP2wpkhTransaction(request());
    const signed = attachBitcoinSignatures(
      prepared,
      prepared.inputs.map((input) => networkSign(input.message, SECRET)),
    );
    const reference = Transaction.fromPSBT(prepared.psbt);
    reference.sign(SECRET);
    reference.finalize();
    assert.equal(signed.hex, reference.hex);
  });

  it('the PREHASHED digest is what the signature covers', () => {
    const prepared = prepareP2wpkhTransaction(
      request({ inputs: [{ txid: 'c3'.repeat(32), vout: 1, amount: 100_000n }], change: undefined, fee: 10_000n }),
    );
    const input = prepared.inputs[0]!;
    const recovered = secp256k1.sign(input.digest, SECRET, { prehash: false, format: 'recovered' });
    const signature = new Uint8Array([...recovered.subarray(1), recovered[0]!]);
    const signed = attachBitcoinSignatures(prepared, [signature]);
    assert.equal(Transaction.fromRaw(hexToBytes(signed.hex)).outputsLength, 2);
  });

  it('mainnet and regtest, without change when the outputs leave exactly the fee', () => {
    for (const network of ['mainnet', 'regtest'] as const) {
      const to = bitcoinP2wpkhAddress(secp256k1.getPublicKey(OTHER_SECRET), network);
      const prepared = prepareP2wpkhTransaction({
        publicKey: PUBLIC,
        network,
        inputs: [{ txid: 'd4'.repeat(32), vout: 0, amount: 50_000n }],
        outputs: [{ address: to, amount: 49_000n }],
        fee: 1_000n,
        lockTime: 850_000,
      });
      assert.equal(prepared.change, undefined);
      const signed = attachBitcoinSignatures(prepared, [networkSign(prepared.inputs[0]!.message, SECRET)]);
      const parsed = Transaction.fromRaw(hexToBytes(signed.hex));
      assert.equal(parsed.lockTime, 850_000);
      assert.equal(parsed.outputsLength, 1);
    }
  });

  describe('rejects bad requests (prepare, and the same check without a key before anything is signed)', () => {
    const cases: [string, Partial<P2wpkhTransactionRequest> | Record<string, unknown>, string][] = [
      ['a bad network', { network: 'signet' }, Codes.BTC_INVALID_NETWORK],
      ['a bad public key', { publicKey: new Uint8Array(33) }, Codes.PUBLIC_KEY_INVALID],
      ['no inputs', { inputs: [] }, Codes.BTC_INVALID_TRANSACTION],
      ['no outputs', { outputs: [] }, Codes.BTC_INVALID_TRANSACTION],
      ['a short txid', { inputs: [{ txid: 'ab', vout: 0, amount: 100_000n }] }, Codes.BTC_INVALID_OUTPOINT],
      ['a non-hex txid', { inputs: [{ txid: 'zz'.repeat(32), vout: 0, amount: 100_000n }] }, Codes.BTC_INVALID_OUTPOINT],
      ['a negative vout', { inputs: [{ txid: 'a1'.repeat(32), vout: -1, amount: 100_000n }] }, Codes.BTC_INVALID_OUTPOINT],
      ['a vout above 2^32', { inputs: [{ txid: 'a1'.repeat(32), vout: 2 ** 32, amount: 100_000n }] }, Codes.BTC_INVALID_OUTPOINT],
      ['a bad sequence', { inputs: [{ txid: 'a1'.repeat(32), vout: 0, amount: 100_000n, sequence: 1.5 }] }, Codes.BTC_INVALID_OUTPOINT],
      ['a bad lock time', { lockTime: -1 }, Codes.BTC_INVALID_OUTPOINT],
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
      [
        'an input above 21M BTC',
        { inputs: [{ txid: 'a1'.repeat(32), vout: 0, amount: 2_100_000_000_000_001n }] },
        Codes.BTC_INVALID_AMOUNT,
      ],
      ['a negative output', { outputs: [{ address: RECIPIENT, amount: -5n }] }, Codes.BTC_INVALID_AMOUNT],
      ['a negative fee', { fee: -1n }, Codes.BTC_INVALID_AMOUNT],
      ['a dust output', { outputs: [{ address: RECIPIENT, amount: 293n }] }, Codes.BTC_DUST_OUTPUT],
      [
        'a mainnet output on testnet',
        { outputs: [{ address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', amount: 10_000n }] },
        Codes.BTC_INVALID_ADDRESS,
      ],
      ['a garbage output address', { outputs: [{ address: 'not an address', amount: 10_000n }] }, Codes.BTC_INVALID_ADDRESS],
      [
        'a mainnet change address on testnet',
        { change: { address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4' } },
        Codes.BTC_INVALID_ADDRESS,
      ],
      ['inputs below outputs', { outputs: [{ address: RECIPIENT, amount: 105_000n }] }, Codes.BTC_INSUFFICIENT_FUNDS],
      ['inputs below outputs + fee', { outputs: [{ address: RECIPIENT, amount: 104_500n }] }, Codes.BTC_INSUFFICIENT_FUNDS],
      ['leftover without a change address', { change: undefined }, Codes.BTC_FEE_MISMATCH],
      ['change below dust', { outputs: [{ address: RECIPIENT, amount: 103_800n }] }, Codes.BTC_DUST_OUTPUT],
      ['a fee below 1 sat/vB', { fee: 100n }, Codes.BTC_FEE_TOO_LOW],
      ['a fee above the maximum rate', { fee: 10_000n, maxFeeRate: 10n }, Codes.BTC_FEE_TOO_HIGH],
      ['a non-object request', null as unknown as Record<string, unknown>, Codes.BTC_INVALID_TRANSACTION],
    ];
    for (const [name, change, expected] of cases) {
      it(name, () => {
        const value = change === null ? null : { ...request(), ...change };
        assert.throws(() => prepareP2wpkhTransaction(value as P2wpkhTransactionRequest), code(expected));
        if (expected === Codes.PUBLIC_KEY_INVALID) return;
        const { publicKey: _key, ...withoutKey } = (value ?? {}) as P2wpkhTransactionRequest;
        assert.throws(() => validateP2wpkhRequest((value === null ? null : withoutKey) as P2wpkhTransactionRequest), code(expected));
      });
    }
  });

  it('validates a good request without the key: outputs with their scripts, the change last', () => {
    const validated = validateP2wpkhRequest(request());
    const prepared = prepareP2wpkhTransaction(request());
    assert.equal(validated.change?.index, validated.outputs.length - 1);
    assert.equal(validated.change?.amount, prepared.change?.amount);
    assert.deepEqual(
      validated.outputs.at(-1)?.script,
      p2wpkh(PUBLIC, { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef }).script,
    );
    assert.equal(validated.estimatedVsize, prepared.estimatedVsize);
  });

  describe('rejects bad signatures', () => {
    const prepared = prepareP2wpkhTransaction(request());
    const good = prepared.inputs.map((input) => networkSign(input.message, SECRET));

    it('the wrong count', () => {
      assert.throws(() => attachBitcoinSignatures(prepared, good.slice(0, 1)), code(Codes.BTC_SIGNATURE_COUNT));
      assert.throws(() => attachBitcoinSignatures(prepared, [...good, good[0]!]), code(Codes.BTC_SIGNATURE_COUNT));
    });
    it('a malformed signature', () => {
      assert.throws(() => attachBitcoinSignatures(prepared, [good[0]!, good[1]!.subarray(0, 64)]), code(Codes.SIGNATURE_MALFORMED));
      const zero = good[1]!.slice();
      zero.fill(0, 32, 64);
      assert.throws(() => attachBitcoinSignatures(prepared, [good[0]!, zero]), code(Codes.SIGNATURE_MALFORMED));
    });
    it('a high s', () => {
      const high = good[0]!.slice();
      const s = BigInt(`0x${bytesToHex(high.subarray(32, 64))}`);
      high.set(hexToBytes((SECP256K1_ORDER - s).toString(16).padStart(64, '0')), 32);
      assert.throws(() => attachBitcoinSignatures(prepared, [high, good[1]!]), code(Codes.SIGNATURE_HIGH_S));
    });
    it('a signature by another key', () => {
      const other = networkSign(prepared.inputs[1]!.message, OTHER_SECRET);
      assert.throws(() => attachBitcoinSignatures(prepared, [good[0]!, other]), code(Codes.BTC_SIGNATURE_INVALID));
    });
    it('signatures in the wrong order', () => {
      assert.throws(() => attachBitcoinSignatures(prepared, [good[1]!, good[0]!]), code(Codes.BTC_SIGNATURE_INVALID));
    });
    it('a prepared transaction that was edited', () => {
      const input = { ...prepared.inputs[0]!, digest: new Uint8Array(32) };
      assert.throws(
        () => attachBitcoinSignatures({ ...prepared, inputs: [input, prepared.inputs[1]!] }, good),
        code(Codes.BTC_PREPARED_MISMATCH),
      );
      assert.throws(() => attachBitcoinSignatures({ ...prepared, fee: 2_000n }, good), code(Codes.BTC_PREPARED_MISMATCH));
      assert.throws(
        () => attachBitcoinSignatures({ ...prepared, psbt: new Uint8Array([1, 2, 3]) }, good),
        code(Codes.BTC_PREPARED_MISMATCH),
      );
      const otherKey = secp256k1.getPublicKey(OTHER_SECRET);
      assert.throws(() => attachBitcoinSignatures({ ...prepared, publicKey: otherKey }, good), code(Codes.BTC_PREPARED_MISMATCH));
    });
  });
});
