/**
 * The local chain's mirror of `dwallet::bip143` against @scure/btc-signer: the SHA256d of the
 * mirror's preimage equals scure's BIP-143 sighash (`Transaction.preimageWitnessV0`, SIGHASH_ALL,
 * scriptCode of the P2WPKH input) for every input of 120 random spends of 1–5 P2WPKH inputs and
 * 1–5 outputs with random versions, sequences, lock times and output scripts (CompactSize
 * boundaries included); signatures scure makes over real P2WPKH inputs verify against the
 * mirror's sighash; BIP-143's own native-P2WPKH example gives its published preimage, sighash and
 * signature; every abort of the module is raised for its bad input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { OutScript, p2wpkh, RawTx, SigHash, Transaction } from '@scure/btc-signer';
import {
  type Input,
  input_sequence,
  input_txid,
  input_value,
  input_vout,
  new_input,
  new_output,
  type Output,
  output_script_pubkey,
  output_value,
  p2wpkh_script_pubkey,
  p2wpkh_sighash_preimage,
  sighash,
} from '../../../chain/local/move/bip143.ts';
import { assertMoveAbort, assertOutOfRange, type RandomValues, randomValues } from '../support/encoders.ts';

const MAX_U32 = 2 ** 32 - 1;
const MAX_I64 = (1n << 63n) - 1n;
const reversed = (bytes: Uint8Array): Uint8Array => bytes.slice().reverse();

/** scure's BIP-143 SIGHASH_ALL digest of input `index` (a P2WPKH input of `pubkeyHash` worth `value`). */
function scureSighash(tx: Transaction, index: number, pubkeyHash: Uint8Array, value: bigint): Uint8Array {
  return tx.preimageWitnessV0(index, OutScript.encode({ type: 'pkh', hash: pubkeyHash }), SigHash.ALL, value);
}

/** The same transaction built with scure; txids are given to it in display order (it reverses them). */
function scureTransaction(
  version: number,
  inputs: readonly Input[],
  pubkeyHashes: readonly Uint8Array[],
  outputs: readonly Output[],
  lockTime: number,
) {
  const tx = new Transaction({ version: version | 0, lockTime, allowUnknownVersion: true, allowUnknownOutputs: true });
  inputs.forEach((input, i) => {
    tx.addInput({
      txid: reversed(input.txid),
      index: input.vout,
      sequence: input.sequence,
      witnessUtxo: { script: OutScript.encode({ type: 'wpkh', hash: pubkeyHashes[i] as Uint8Array }), amount: input.value },
    });
  });
  for (const output of outputs) tx.addOutput({ script: output.script_pubkey, amount: output.value });
  return tx;
}

function randomScript(random: RandomValues): Uint8Array {
  switch (random.int(6)) {
    case 0:
      return p2wpkh_script_pubkey(random.bytes(20));
    case 1:
      return OutScript.encode({ type: 'pkh', hash: random.bytes(20) });
    case 2:
      return OutScript.encode({ type: 'sh', hash: random.bytes(20) });
    case 3:
      return OutScript.encode({ type: 'wsh', hash: random.bytes(32) });
    case 4:
      return OutScript.encode({ type: 'tr', pubkey: secp256k1.getPublicKey(random.bytes(32), true).slice(1) });
    default:
      return opcodeScript(random, random.pick([0, 1, 75, 252, 253, 254, 300]));
  }
}

/** Single-byte opcodes (OP_0, OP_1..OP_16, OP_NOP, OP_DUP, OP_EQUAL, OP_HASH160, OP_CHECKSIG …): any sequence decodes as a script. */
const OPCODES = [0x00, ...Array.from({ length: 16 }, (_, i) => 0x51 + i), 0x61, 0x6a, 0x76, 0x87, 0x88, 0xa9, 0xac];

/** A script of exactly `length` bytes that scure can parse (it decodes every output script, even of unknown type). */
function opcodeScript(random: RandomValues, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => random.pick(OPCODES));
}

const sequenceOf = (random: RandomValues): number => random.pick([0, 0xffff_fffd, 0xffff_fffe, MAX_U32, random.int(MAX_U32 + 1)]);

describe('bip143 mirror ≡ @scure/btc-signer', () => {
  it("gives BIP-143's native P2WPKH example: preimage, sighash and signature", () => {
    // https://github.com/bitcoin/bips/blob/master/bip-0143.mediawiki#native-p2wpkh, input 1.
    const unsigned = RawTx.decode(
      hexToBytes(
        '0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000',
      ),
    );
    const values = [625_000_000n, 600_000_000n];
    const inputs = unsigned.inputs.map((input, i) => new_input(reversed(input.txid), input.index, values[i] as bigint, input.sequence));
    const outputs = unsigned.outputs.map((output) => new_output(output.amount, output.script));
    const privateKey = hexToBytes('619c335025c7f4012e556c2a58b2506e30b8511b53ade95ea316fd8c3286feb9');
    const pubkeyHash = ripemd160(sha256(secp256k1.getPublicKey(privateKey, true)));
    assert.equal(bytesToHex(pubkeyHash), '1d0f172a0ecb48aee1be1f2687d2963ae33f71a1');
    const preimage = p2wpkh_sighash_preimage(unsigned.version, inputs, 1n, pubkeyHash, outputs, unsigned.lockTime);
    assert.equal(
      bytesToHex(preimage),
      '0100000096b827c8483d4e9b96712b6713a7b68d6e8003a781feba36c31143470b4efd3752b0a642eea2fb7ae638c36f6252b6750293dbe574a806984b8e4d8548339a3bef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a010000001976a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac0046c32300000000ffffffff863ef3e1a92afbfdb97f31ad0fc7683ee943e9abcf2501590ff8f6551f47e5e51100000001000000',
    );
    const digest = sighash(preimage);
    assert.equal(bytesToHex(digest), 'c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670');
    assert.equal(
      bytesToHex(secp256k1.sign(digest, privateKey, { prehash: false, format: 'der' })),
      '304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee',
    );
  });

  it('p2wpkh_script_pubkey is the P2WPKH output script of the key hash', () => {
    const key = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    const hash = ripemd160(sha256(key));
    assert.deepEqual(p2wpkh_script_pubkey(hash), p2wpkh(key).script);
    assert.deepEqual(OutScript.decode(p2wpkh_script_pubkey(hash)), { type: 'wpkh', hash });
  });

  it('120 random spends of 1–5 inputs and 1–5 outputs: every input has scure’s sighash', () => {
    const random = randomValues('bip143/random');
    let compared = 0;
    for (let spend = 0; spend < 120; spend++) {
      const version = random.pick([1, 2, 0, MAX_U32, random.int(MAX_U32 + 1)]);
      const lockTime = random.pick([0, 500_000_000, MAX_U32, random.int(MAX_U32 + 1)]);
      const inputs = Array.from({ length: 1 + random.int(5) }, () =>
        new_input(random.bytes(32), random.pick([0, 1, MAX_U32, random.int(MAX_U32 + 1)]), random.uint(63), sequenceOf(random)),
      );
      const outputs = Array.from({ length: 1 + random.int(5) }, () =>
        new_output(random.pick([0n, MAX_I64, random.uint(63)]), randomScript(random)),
      );
      const pubkeyHashes = inputs.map(() => random.bytes(20));
      const tx = scureTransaction(version, inputs, pubkeyHashes, outputs, lockTime);
      inputs.forEach((input, index) => {
        const hash = pubkeyHashes[index] as Uint8Array;
        const preimage = p2wpkh_sighash_preimage(version, inputs, BigInt(index), hash, outputs, lockTime);
        assert.equal(
          bytesToHex(sighash(preimage)),
          bytesToHex(scureSighash(tx, index, hash, input.value)),
          `spend ${spend}, input ${index}`,
        );
        compared++;
      });
    }
    assert.ok(compared >= 300, `${compared} inputs compared`);
  });

  it('outputs whose scripts need 1-, 3- and 5-byte CompactSize lengths (252, 253, 65535, 65536 bytes)', () => {
    const random = randomValues('bip143/compact-size');
    const inputs = [new_input(random.bytes(32), 0, 50_000n, MAX_U32)];
    const hash = random.bytes(20);
    for (const length of [252, 253, 65535, 65536]) {
      const outputs = [new_output(1000n, opcodeScript(random, length)), new_output(2000n, p2wpkh_script_pubkey(random.bytes(20)))];
      const preimage = p2wpkh_sighash_preimage(2, inputs, 0n, hash, outputs, 0);
      const tx = scureTransaction(2, inputs, [hash], outputs, 0);
      assert.equal(bytesToHex(sighash(preimage)), bytesToHex(scureSighash(tx, 0, hash, 50_000n)), `script of ${length} bytes`);
    }
  });

  it('scure signs real P2WPKH inputs over the mirror’s sighash', () => {
    const random = randomValues('bip143/signatures');
    for (let spend = 0; spend < 10; spend++) {
      const keys = Array.from({ length: 1 + random.int(3) }, () => random.bytes(32));
      const publicKeys = keys.map((key) => secp256k1.getPublicKey(key, true));
      const pubkeyHashes = publicKeys.map((key) => ripemd160(sha256(key)));
      const inputs = keys.map(() => new_input(random.bytes(32), random.int(10), 1000n + random.uint(40), sequenceOf(random)));
      const outputs = Array.from({ length: 1 + random.int(5) }, () => new_output(random.uint(40), randomScript(random)));
      const version = random.pick([1, 2]);
      const lockTime = random.int(1_000_000);
      const tx = scureTransaction(version, inputs, pubkeyHashes, outputs, lockTime);
      keys.forEach((key, index) => {
        assert.ok(tx.signIdx(key, index, [SigHash.ALL]));
        const partial = tx.getInput(index).partialSig?.[0];
        assert.ok(partial, 'scure recorded a signature');
        const [publicKey, signature] = partial;
        assert.deepEqual(publicKey, publicKeys[index]);
        assert.equal(signature.at(-1), SigHash.ALL);
        const digest = sighash(
          p2wpkh_sighash_preimage(version, inputs, BigInt(index), pubkeyHashes[index] as Uint8Array, outputs, lockTime),
        );
        assert.ok(
          secp256k1.verify(signature.slice(0, -1), digest, publicKey, { prehash: false, format: 'der' }),
          `spend ${spend}, input ${index}`,
        );
      });
    }
  });

  it('keeps the fields it was given (accessors)', () => {
    const txid = randomValues('bip143/accessors').bytes(32);
    const input = new_input(txid, 7, 123n, 0xffff_fffe);
    assert.deepEqual([input_txid(input), input_vout(input), input_value(input), input_sequence(input)], [txid, 7, 123n, 0xffff_fffe]);
    const output = new_output(9n, Uint8Array.of(0x6a));
    assert.deepEqual([output_value(output), output_script_pubkey(output)], [9n, Uint8Array.of(0x6a)]);
  });
});

describe('bip143 mirror: bad input', () => {
  const random = randomValues('bip143/bad');
  const inputs = [new_input(random.bytes(32), 0, 1000n, MAX_U32), new_input(random.bytes(32), 1, 2000n, MAX_U32)];
  const outputs = [new_output(2500n, p2wpkh_script_pubkey(random.bytes(20)))];
  const hash = random.bytes(20);

  it('refuses a txid that is not 32 bytes (EInvalidTxidLength)', () => {
    for (const length of [0, 20, 31, 33, 64])
      assertMoveAbort(() => new_input(new Uint8Array(length), 0, 1n, 0), 'bip143', 'EInvalidTxidLength');
  });

  it('refuses a public-key hash that is not 20 bytes (EInvalidPubkeyHashLength)', () => {
    for (const length of [0, 19, 21, 32, 33]) {
      assertMoveAbort(() => p2wpkh_script_pubkey(new Uint8Array(length)), 'bip143', 'EInvalidPubkeyHashLength');
      assertMoveAbort(
        () => p2wpkh_sighash_preimage(2, inputs, 0n, new Uint8Array(length), outputs, 0),
        'bip143',
        'EInvalidPubkeyHashLength',
      );
    }
  });

  it('refuses a spend with no input (ENoInputs) or no output (ENoOutputs)', () => {
    assertMoveAbort(() => p2wpkh_sighash_preimage(2, [], 0n, hash, outputs, 0), 'bip143', 'ENoInputs');
    assertMoveAbort(() => p2wpkh_sighash_preimage(2, inputs, 0n, hash, [], 0), 'bip143', 'ENoOutputs');
  });

  it('refuses an input index past the inputs (EInputIndexOutOfRange)', () => {
    for (const index of [2n, 3n, (1n << 64n) - 1n]) {
      assertMoveAbort(() => p2wpkh_sighash_preimage(2, inputs, index, hash, outputs, 0), 'bip143', 'EInputIndexOutOfRange');
    }
  });

  it('checks in the Move order: inputs, outputs, index, key hash', () => {
    const short = new Uint8Array(19);
    assertMoveAbort(() => p2wpkh_sighash_preimage(2, [], 5n, short, [], 0), 'bip143', 'ENoInputs');
    assertMoveAbort(() => p2wpkh_sighash_preimage(2, inputs, 5n, short, [], 0), 'bip143', 'ENoOutputs');
    assertMoveAbort(() => p2wpkh_sighash_preimage(2, inputs, 5n, short, outputs, 0), 'bip143', 'EInputIndexOutOfRange');
    assertMoveAbort(() => p2wpkh_sighash_preimage(2, inputs, 1n, short, outputs, 0), 'bip143', 'EInvalidPubkeyHashLength');
  });

  it('refuses values outside their Move types', () => {
    assertOutOfRange(() => new_input(new Uint8Array(32), MAX_U32 + 1, 1n, 0), 'vout');
    assertOutOfRange(() => new_input(new Uint8Array(32), 0, 1n << 64n, 0), 'value');
    assertOutOfRange(() => new_input(new Uint8Array(32), 0, 1n, -1), 'sequence');
    assertOutOfRange(() => new_output(-1n, new Uint8Array()), 'value');
    assertOutOfRange(() => p2wpkh_sighash_preimage(MAX_U32 + 1, inputs, 0n, hash, outputs, 0), 'version');
    assertOutOfRange(() => p2wpkh_sighash_preimage(2, inputs, -1n, hash, outputs, 0), 'input_index');
    assertOutOfRange(() => p2wpkh_sighash_preimage(2, inputs, 0n, hash, outputs, 1.5), 'lock_time');
  });
});
