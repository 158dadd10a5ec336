/**
 * The local chain's mirror of `dwallet::eip1559` against viem: the unsigned transaction equals
 * `serializeTransaction({ type: 'eip1559', … })` byte for byte and the signing digest equals
 * viem's `keccak256` of it, for hundreds of random transactions (zero values everywhere, data of
 * every length class up to more than 65535 bytes, values up to 2^256 − 1, contract creation, an
 * empty access list); a signature over the digest recovers the signer through viem; and every
 * abort of the module is raised for its bad input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Hex, keccak256, parseTransaction, recoverTransactionAddress, serializeTransaction } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { unsigned_transaction as mirrorUnsignedTransaction, signing_digest } from '../../../chain/local/move/eip1559.ts';
import { assertMoveAbort, assertOutOfRange, type RandomValues, randomValues } from '../support/encoders.ts';

/** The arguments of `eip1559::unsigned_transaction`, by their Move names. */
interface Eip1559Fields {
  chain_id: bigint;
  nonce: bigint;
  max_priority_fee_per_gas: bigint;
  max_fee_per_gas: bigint;
  gas_limit: bigint;
  to: Uint8Array;
  value: bigint;
  data: Uint8Array;
}

/** The mirror called with the arguments in the Move order. */
function unsigned_transaction(tx: Eip1559Fields): Uint8Array {
  return mirrorUnsignedTransaction(
    tx.chain_id,
    tx.nonce,
    tx.max_priority_fee_per_gas,
    tx.max_fee_per_gas,
    tx.gas_limit,
    tx.to,
    tx.value,
    tx.data,
  );
}

const MAX_U256 = (1n << 256n) - 1n;
const MAX_U64 = (1n << 64n) - 1n;
const hex = (bytes: Uint8Array): Hex => `0x${bytesToHex(bytes)}`;

/** viem's unsigned serialization of the same transaction (access list empty). */
function viemSerialized(tx: Eip1559Fields): Hex {
  return serializeTransaction({
    type: 'eip1559',
    // viem types chain ids as numbers but encodes bigints (numberToHex); ids above 2^53 need them.
    chainId: tx.chain_id as unknown as number,
    nonce: tx.nonce as unknown as number,
    maxPriorityFeePerGas: tx.max_priority_fee_per_gas,
    maxFeePerGas: tx.max_fee_per_gas,
    gas: tx.gas_limit,
    to: tx.to.length === 0 ? undefined : hex(tx.to),
    value: tx.value,
    data: hex(tx.data),
    accessList: [],
  });
}

/** Checks mirror ≡ viem for one transaction; returns the unsigned bytes. */
function assertMatchesViem(tx: Eip1559Fields, label: string): Uint8Array {
  const unsigned = unsigned_transaction(tx);
  const expected = viemSerialized(tx);
  assert.equal(hex(unsigned), expected, label);
  assert.equal(hex(signing_digest(unsigned)), keccak256(expected), label);
  return unsigned;
}

function randomTransaction(random: RandomValues, dataLength: number): Eip1559Fields {
  const max_fee_per_gas = random.uint(256);
  const tipBits = random.int(257);
  let max_priority_fee_per_gas = random.uint(tipBits);
  if (max_priority_fee_per_gas > max_fee_per_gas) max_priority_fee_per_gas = random.int(2) ? max_fee_per_gas : 0n;
  return {
    chain_id: random.int(4) === 0 ? 1n : random.uint(64) || 1n,
    nonce: random.uint(64),
    max_priority_fee_per_gas,
    max_fee_per_gas,
    gas_limit: random.uint(64),
    to: random.int(8) === 0 ? new Uint8Array() : random.int(8) === 0 ? new Uint8Array(20) : random.bytes(20),
    value: random.uint(256),
    data: random.bytes(dataLength),
  };
}

const zeroTransaction = (): Eip1559Fields => ({
  chain_id: 1n,
  nonce: 0n,
  max_priority_fee_per_gas: 0n,
  max_fee_per_gas: 0n,
  gas_limit: 0n,
  to: new Uint8Array(),
  value: 0n,
  data: new Uint8Array(),
});

describe('eip1559 mirror ≡ viem serializeTransaction + keccak256', () => {
  it('zero values everywhere, creation and transfer, smallest and largest fields', () => {
    assertMatchesViem(zeroTransaction(), 'all zero, creation');
    assert.equal(hex(unsigned_transaction(zeroTransaction())), '0x02c90180808080808080c0');
    assertMatchesViem({ ...zeroTransaction(), to: new Uint8Array(20) }, 'all zero, to the zero address');
    assertMatchesViem(
      {
        chain_id: MAX_U64,
        nonce: MAX_U64,
        max_priority_fee_per_gas: MAX_U256,
        max_fee_per_gas: MAX_U256,
        gas_limit: MAX_U64,
        to: new Uint8Array(20).fill(0xff),
        value: MAX_U256,
        data: new Uint8Array(56).fill(0xff),
      },
      'every field at its maximum',
    );
    for (const value of [1n, 0x7fn, 0x80n, 0xffn, 0x100n]) {
      assertMatchesViem({ ...zeroTransaction(), value, nonce: value, gas_limit: value, chain_id: value }, `small scalar ${value}`);
    }
  });

  it('data of every length class: 0, 1 (below and above 0x80), 55, 56, 255, 256, 65535, 65536, 70000 bytes', () => {
    const random = randomValues('eip1559/data-lengths');
    for (const length of [0, 1, 55, 56, 255, 256, 65535, 65536, 70000]) {
      assertMatchesViem(randomTransaction(random, length), `data of ${length} bytes`);
      assertMatchesViem({ ...zeroTransaction(), data: random.bytes(length) }, `zero tx with data of ${length} bytes`);
    }
    assertMatchesViem({ ...zeroTransaction(), data: Uint8Array.of(0x00) }, 'data 0x00');
    assertMatchesViem({ ...zeroTransaction(), data: Uint8Array.of(0x7f) }, 'data 0x7f');
    assertMatchesViem({ ...zeroTransaction(), data: Uint8Array.of(0x80) }, 'data 0x80');
  });

  it('320 random transactions (creations, zero and maximal fields, short and long data)', () => {
    const random = randomValues('eip1559/random');
    let creations = 0;
    let longPayloads = 0;
    for (let i = 0; i < 320; i++) {
      const length = random.pick([0, 0, 1, 2, 20, 54, 55, 56, 57, 100, 255, 256, 1000, 4096, random.int(600)]);
      const tx = randomTransaction(random, length);
      if (tx.to.length === 0) creations++;
      const unsigned = assertMatchesViem(tx, `random transaction ${i}`);
      if (unsigned.length > 56) longPayloads++;
      // viem reads back the same fields (it reads chain id and nonce as JavaScript numbers).
      if (tx.chain_id > BigInt(Number.MAX_SAFE_INTEGER) || tx.nonce > BigInt(Number.MAX_SAFE_INTEGER)) continue;
      const parsed = parseTransaction(hex(unsigned));
      assert.equal(parsed.type, 'eip1559');
      assert.equal(BigInt(parsed.chainId ?? 0), tx.chain_id);
      assert.equal(parsed.value ?? 0n, tx.value);
      assert.equal(parsed.to ?? undefined, tx.to.length === 0 ? undefined : hex(tx.to));
    }
    assert.ok(creations >= 20, `${creations} contract creations`);
    assert.ok(longPayloads >= 100, `${longPayloads} payloads with a long list prefix`);
  });

  it('a signature over the digest is a valid signature of the transaction (viem recovers the signer)', async () => {
    const privateKey = secp256k1.utils.randomSecretKey();
    const account = privateKeyToAccount(hex(privateKey));
    const random = randomValues('eip1559/signature');
    for (let i = 0; i < 5; i++) {
      const tx = {
        ...randomTransaction(random, random.int(200)),
        chain_id: BigInt(1 + random.int(100_000)),
        nonce: BigInt(random.int(1000)),
      };
      const unsigned = unsigned_transaction(tx);
      const signature = secp256k1.sign(signing_digest(unsigned), privateKey, { prehash: false, format: 'recovered' });
      const yParity = signature[0] as number;
      const r = BigInt(hex(signature.slice(1, 33)));
      const s = BigInt(hex(signature.slice(33, 65)));
      const parsed = parseTransaction(hex(unsigned));
      const signed = serializeTransaction(parsed, {
        r: `0x${r.toString(16).padStart(64, '0')}`,
        s: `0x${s.toString(16).padStart(64, '0')}`,
        yParity,
      });
      assert.equal(await recoverTransactionAddress({ serializedTransaction: signed as `0x02${string}` }), account.address);
    }
  });
});

describe('eip1559 mirror: bad input', () => {
  it('refuses chain id 0 (EInvalidChainId)', () => {
    assertMoveAbort(() => unsigned_transaction({ ...zeroTransaction(), chain_id: 0n }), 'eip1559', 'EInvalidChainId');
  });

  it('refuses a priority fee above the fee cap (ETipAboveFeeCap)', () => {
    assertMoveAbort(
      () => unsigned_transaction({ ...zeroTransaction(), max_priority_fee_per_gas: 2n, max_fee_per_gas: 1n }),
      'eip1559',
      'ETipAboveFeeCap',
    );
    assertMatchesViem({ ...zeroTransaction(), max_priority_fee_per_gas: 7n, max_fee_per_gas: 7n }, 'tip equal to the cap');
  });

  it('refuses a recipient that is neither 20 bytes nor empty (EInvalidRecipientLength)', () => {
    for (const length of [1, 19, 21, 32]) {
      assertMoveAbort(
        () => unsigned_transaction({ ...zeroTransaction(), to: new Uint8Array(length) }),
        'eip1559',
        'EInvalidRecipientLength',
      );
    }
  });

  it('checks in the Move order: chain id, then fees, then recipient', () => {
    const bad = { ...zeroTransaction(), chain_id: 0n, max_priority_fee_per_gas: 2n, max_fee_per_gas: 1n, to: new Uint8Array(3) };
    assertMoveAbort(() => unsigned_transaction(bad), 'eip1559', 'EInvalidChainId');
    assertMoveAbort(() => unsigned_transaction({ ...bad, chain_id: 1n }), 'eip1559', 'ETipAboveFeeCap');
    assertMoveAbort(() => unsigned_transaction({ ...bad, chain_id: 1n, max_fee_per_gas: 2n }), 'eip1559', 'EInvalidRecipientLength');
  });

  it('refuses to digest bytes that are not a type-2 transaction (ENotEip1559Transaction)', () => {
    assertMoveAbort(() => signing_digest(new Uint8Array()), 'eip1559', 'ENotEip1559Transaction');
    assertMoveAbort(() => signing_digest(Uint8Array.of(0x01, 0xc0)), 'eip1559', 'ENotEip1559Transaction');
    assertMoveAbort(() => signing_digest(Uint8Array.of(0xc0)), 'eip1559', 'ENotEip1559Transaction');
  });

  it('refuses values outside their Move types', () => {
    assertOutOfRange(() => unsigned_transaction({ ...zeroTransaction(), chain_id: MAX_U64 + 1n }), 'chain_id');
    assertOutOfRange(() => unsigned_transaction({ ...zeroTransaction(), nonce: -1n }), 'nonce');
    assertOutOfRange(() => unsigned_transaction({ ...zeroTransaction(), gas_limit: MAX_U64 + 1n }), 'gas_limit');
    assertOutOfRange(() => unsigned_transaction({ ...zeroTransaction(), max_fee_per_gas: MAX_U256 + 1n }), 'max_fee_per_gas');
    assertOutOfRange(() => unsigned_transaction({ ...zeroTransaction(), max_priority_fee_per_gas: -1n }), 'max_priority_fee_per_gas');
    assertOutOfRange(() => unsigned_transaction({ ...zeroTransaction(), value: MAX_U256 + 1n }), 'value');
  });
});
