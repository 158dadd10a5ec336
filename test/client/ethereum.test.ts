/**
 * Ethereum helpers: the dWallet address, and EIP-1559 transactions signed from the network's
 * 65-byte r ‖ s ‖ v. A locally known key signed with @noble/curves stands in for the network
 * (same signature format); viem recovers and parses what the helpers assemble.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  type Address,
  bytesToHex,
  fromRlp,
  hexToBytes,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  serializeTransaction,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { HashScheme } from '../../chain/constants.ts';
import { ChainHelperError, ChainHelperErrorCodes as Codes } from '../../client/chains/errors.ts';
import { SECP256K1_ORDER } from '../../client/chains/signature.ts';
import {
  attachEthereumSignature,
  type Eip1559TransactionFields,
  ethereumAddress,
  parseEthereumAddress,
  prepareEip1559Transaction,
} from '../../client/ethereum/index.ts';

const SECRET = hexToBytes('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
const PUBLIC = secp256k1.getPublicKey(SECRET, true);
const OTHER_SECRET = hexToBytes('0x0000000000000000000000000000000000000000000000000000000000000002');
const ADDRESS = privateKeyToAccount(bytesToHex(SECRET)).address;

const FIELDS = {
  chainId: 11155111,
  nonce: 7,
  gas: 21_000n,
  maxFeePerGas: 30_000_000_000n,
  maxPriorityFeePerGas: 1_500_000_000n,
  to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address,
  value: 1_000_000_000_000_000n,
  data: '0x' as const,
} satisfies Eip1559TransactionFields;

/** What the network would output: r ‖ s ‖ v over keccak256(message), low s. */
function networkSign(digest: Uint8Array, secret = SECRET): Uint8Array {
  const recovered = secp256k1.sign(digest, secret, { prehash: false, format: 'recovered' }); // v ‖ r ‖ s
  const out = new Uint8Array(65);
  out.set(recovered.subarray(1), 0);
  out[64] = recovered[0] as number;
  return out;
}

function code(expected: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ChainHelperError, `expected a ChainHelperError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    return true;
  };
}

describe('ethereumAddress', () => {
  it('derives the known address of the key 1 (compressed and uncompressed)', () => {
    const one = new Uint8Array(32);
    one[31] = 1;
    assert.equal(ethereumAddress(secp256k1.getPublicKey(one, true)), '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf');
    assert.equal(ethereumAddress(secp256k1.getPublicKey(one, false)), '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf');
  });

  it("matches viem's account address", () => {
    assert.equal(ethereumAddress(PUBLIC), ADDRESS);
  });

  it('rejects a key of the wrong length or off the curve', () => {
    assert.throws(() => ethereumAddress(new Uint8Array(32)), code(Codes.PUBLIC_KEY_INVALID));
    const offCurve = new Uint8Array(33);
    offCurve[0] = 2;
    offCurve[32] = 5; // x = 5: 125 + 7 = 132 is not a square mod p
    assert.throws(() => ethereumAddress(offCurve), code(Codes.PUBLIC_KEY_INVALID));
    assert.throws(() => ethereumAddress('0x02' as unknown as Uint8Array), code(Codes.PUBLIC_KEY_INVALID));
  });

  it('parses addresses: checksummed, lowercase, wrong checksum, not an address', () => {
    assert.equal(parseEthereumAddress(FIELDS.to.toLowerCase()), FIELDS.to);
    assert.equal(parseEthereumAddress(`0x${FIELDS.to.slice(2).toUpperCase()}`), FIELDS.to);
    assert.throws(() => parseEthereumAddress('0x70997970c51812dc3A010C7d01b50e0d17dc79C8'), code(Codes.ETH_INVALID_ADDRESS));
    assert.throws(() => parseEthereumAddress('0x1234'), code(Codes.ETH_INVALID_ADDRESS));
  });
});

describe('EIP-1559 transactions', () => {
  it('prepares the unsigned serialisation as the message, under KECCAK256', () => {
    const prepared = prepareEip1559Transaction(FIELDS, { from: ADDRESS });
    assert.equal(prepared.unsigned, serializeTransaction({ ...FIELDS, type: 'eip1559' }));
    assert.equal(prepared.unsigned.slice(0, 4), '0x02');
    assert.deepEqual(prepared.message, hexToBytes(prepared.unsigned));
    assert.equal(prepared.hashScheme, HashScheme.KECCAK256);
    assert.equal(prepared.hashScheme, 0);
    assert.deepEqual(prepared.digest, keccak_256(prepared.message));
    assert.equal(prepared.from, ADDRESS);
  });

  it('assembles the signed transaction: viem recovers the dWallet address, fields round-trip', async () => {
    const prepared = prepareEip1559Transaction({ ...FIELDS, data: '0xA9059CBB', accessList: [] }, { from: PUBLIC });
    const signed = await attachEthereumSignature(prepared, networkSign(prepared.digest));
    assert.equal(signed.from, ADDRESS);
    assert.equal(await recoverTransactionAddress({ serializedTransaction: signed.serialized }), ADDRESS);
    assert.equal(signed.hash, keccak256(signed.serialized));
    const parsed = parseTransaction(signed.serialized);
    assert.equal(parsed.type, 'eip1559');
    assert.equal(parsed.chainId, FIELDS.chainId);
    assert.equal(parsed.nonce, FIELDS.nonce);
    assert.equal(parsed.gas, FIELDS.gas);
    assert.equal(parsed.maxFeePerGas, FIELDS.maxFeePerGas);
    assert.equal(parsed.maxPriorityFeePerGas, FIELDS.maxPriorityFeePerGas);
    assert.equal(parsed.to, FIELDS.to.toLowerCase());
    assert.equal(parsed.value, FIELDS.value);
    assert.equal(parsed.data, '0xa9059cbb');
  });

  it("is byte for byte what viem's own account signs (both RFC 6979)", async () => {
    const prepared = prepareEip1559Transaction(FIELDS);
    const signed = await attachEthereumSignature(prepared, networkSign(prepared.digest), ADDRESS);
    const reference = await privateKeyToAccount(bytesToHex(SECRET)).signTransaction({ ...FIELDS, type: 'eip1559' });
    assert.equal(signed.serialized, reference);
  });

  it('defaults value to 0 and data to 0x, keeps an access list', async () => {
    const { value: _value, data: _data, ...rest } = FIELDS;
    const accessList = [{ address: FIELDS.to, storageKeys: [`0x${'00'.repeat(31)}01` as const] }];
    const prepared = prepareEip1559Transaction({ ...rest, accessList }, { from: ADDRESS });
    const signed = await attachEthereumSignature(prepared, networkSign(prepared.digest));
    const parsed = parseTransaction(signed.serialized);
    assert.equal(parsed.value, undefined); // RLP 0x80: zero
    assert.equal(prepared.transaction.value, 0n);
    assert.equal(prepared.transaction.data, '0x');
    assert.deepEqual(parsed.accessList, [{ address: FIELDS.to.toLowerCase(), storageKeys: accessList[0]!.storageKeys }]);
  });

  it('takes nonces up to 2^64 − 1 (EIP-2681) as bigints, serialised exactly', async () => {
    const nonce = (1n << 64n) - 1n;
    const prepared = prepareEip1559Transaction({ ...FIELDS, nonce }, { from: PUBLIC });
    assert.equal(prepared.transaction.nonce, nonce);
    const signed = await attachEthereumSignature(prepared, networkSign(prepared.digest));
    // RLP: [chainId, nonce, …]; the nonce is the 8 bytes ff…ff.
    const fields = fromRlp(`0x${signed.serialized.slice(4)}`, 'hex');
    assert.equal(fields[1], '0xffffffffffffffff');
    // The signer, recovered with @noble/curves from the signing hash of the unsigned bytes.
    const v = Number(fields[9] === '0x' ? 0 : fields[9]);
    const compact = hexToBytes(
      `0x${(fields[10] as string).slice(2).padStart(64, '0')}${(fields[11] as string).slice(2).padStart(64, '0')}`,
    );
    const recovered = secp256k1.Signature.fromBytes(compact, 'compact').addRecoveryBit(v).recoverPublicKey(keccak_256(prepared.message));
    assert.deepEqual(recovered.toBytes(true), PUBLIC);
    assert.equal(signed.from, ADDRESS);
    // A nonce of 2^53 and above cannot be a JavaScript number without losing digits: bigint only.
    assert.equal(prepareEip1559Transaction({ ...FIELDS, nonce: 1n << 53n }).transaction.nonce, 1n << 53n);
    assert.throws(() => prepareEip1559Transaction({ ...FIELDS, nonce: 2 ** 53 }), code(Codes.ETH_INVALID_FIELD));
  });

  describe('rejects bad fields', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['missing chainId', { chainId: undefined }, Codes.ETH_MISSING_FIELD],
      ['missing nonce', { nonce: undefined }, Codes.ETH_MISSING_FIELD],
      ['missing gas', { gas: undefined }, Codes.ETH_MISSING_FIELD],
      ['missing maxFeePerGas', { maxFeePerGas: undefined }, Codes.ETH_MISSING_FIELD],
      ['missing maxPriorityFeePerGas', { maxPriorityFeePerGas: undefined }, Codes.ETH_MISSING_FIELD],
      ['missing to', { to: undefined }, Codes.ETH_MISSING_FIELD],
      ['chainId 0', { chainId: 0 }, Codes.ETH_INVALID_FIELD],
      ['chainId as bigint', { chainId: 1n }, Codes.ETH_INVALID_FIELD],
      ['negative nonce', { nonce: -1 }, Codes.ETH_INVALID_FIELD],
      ['fractional nonce', { nonce: 1.5 }, Codes.ETH_INVALID_FIELD],
      ['nonce of 2^64', { nonce: 1n << 64n }, Codes.ETH_INVALID_FIELD],
      ['negative bigint nonce', { nonce: -1n }, Codes.ETH_INVALID_FIELD],
      ['nonce as a string', { nonce: '7' }, Codes.ETH_INVALID_FIELD],
      ['negative value', { value: -1n }, Codes.ETH_INVALID_FIELD],
      ['value as a number', { value: 1 }, Codes.ETH_INVALID_FIELD],
      ['value of 2^256', { value: 1n << 256n }, Codes.ETH_INVALID_FIELD],
      ['gas below 21000', { gas: 20_999n }, Codes.ETH_INVALID_FIELD],
      ['gas of 2^64', { gas: 1n << 64n }, Codes.ETH_INVALID_FIELD],
      ['negative maxFeePerGas', { maxFeePerGas: -1n }, Codes.ETH_INVALID_FIELD],
      ['priority fee above the fee cap', { maxPriorityFeePerGas: 30_000_000_001n }, Codes.ETH_INVALID_FIELD],
      ['odd-length data', { data: '0xabc' }, Codes.ETH_INVALID_FIELD],
      ['data without 0x', { data: 'abcd' }, Codes.ETH_INVALID_FIELD],
      ['access list not an array', { accessList: {} }, Codes.ETH_INVALID_FIELD],
      [
        'access list storage key of 31 bytes',
        { accessList: [{ address: FIELDS.to, storageKeys: [`0x${'00'.repeat(31)}`] }] },
        Codes.ETH_INVALID_FIELD,
      ],
      ['access list bad address', { accessList: [{ address: '0x12', storageKeys: [] }] }, Codes.ETH_INVALID_ADDRESS],
      ['short to', { to: '0x1234' }, Codes.ETH_INVALID_ADDRESS],
      ['to with a wrong checksum', { to: '0x70997970c51812dc3A010C7d01b50e0d17dc79C8' }, Codes.ETH_INVALID_ADDRESS],
      ['gasPrice', { gasPrice: 1n }, Codes.ETH_UNSUPPORTED_FIELD],
      ['a legacy type', { type: 'legacy' }, Codes.ETH_UNSUPPORTED_FIELD],
      ['a signature field', { r: '0x01' }, Codes.ETH_UNSUPPORTED_FIELD],
      ['blobs', { blobs: [] }, Codes.ETH_UNSUPPORTED_FIELD],
    ];
    for (const [name, change, expected] of cases) {
      it(name, () => {
        const fields = { ...FIELDS, ...change } as unknown as Eip1559TransactionFields;
        assert.throws(() => prepareEip1559Transaction(fields), code(expected));
      });
    }
    it('not an object', () => {
      assert.throws(() => prepareEip1559Transaction(null as unknown as Eip1559TransactionFields), code(Codes.ETH_INVALID_FIELD));
    });
    it('a bad expected signer', () => {
      assert.throws(() => prepareEip1559Transaction(FIELDS, { from: '0x12' as `0x${string}` }), code(Codes.ETH_INVALID_ADDRESS));
      assert.throws(() => prepareEip1559Transaction(FIELDS, { from: new Uint8Array(33) }), code(Codes.PUBLIC_KEY_INVALID));
    });
  });

  describe('rejects bad signatures', () => {
    const prepared = prepareEip1559Transaction(FIELDS, { from: ADDRESS });
    const good = networkSign(prepared.digest);

    it('of the wrong length', async () => {
      await assert.rejects(attachEthereumSignature(prepared, good.subarray(0, 64)), code(Codes.SIGNATURE_MALFORMED));
    });
    it('with r = 0 or s ≥ n', async () => {
      const zeroR = good.slice();
      zeroR.fill(0, 0, 32);
      await assert.rejects(attachEthereumSignature(prepared, zeroR), code(Codes.SIGNATURE_MALFORMED));
      const bigS = good.slice();
      bigS.fill(0xff, 32, 64);
      await assert.rejects(attachEthereumSignature(prepared, bigS), code(Codes.SIGNATURE_MALFORMED));
    });
    it('with a recovery id above 3, or 2 (unrepresentable on Ethereum)', async () => {
      const four = good.slice();
      four[64] = 4;
      await assert.rejects(attachEthereumSignature(prepared, four), code(Codes.SIGNATURE_MALFORMED));
      const two = good.slice();
      two[64] = 2;
      await assert.rejects(attachEthereumSignature(prepared, two), code(Codes.ETH_UNSUPPORTED_RECOVERY_ID));
    });
    it('with a high s', async () => {
      const high = good.slice();
      let s = 0n;
      for (const byte of good.subarray(32, 64)) s = (s << 8n) | BigInt(byte);
      high.set(hexToBytes(`0x${(SECP256K1_ORDER - s).toString(16).padStart(64, '0')}`), 32);
      high[64] = (good[64] as number) ^ 1;
      await assert.rejects(attachEthereumSignature(prepared, high), code(Codes.SIGNATURE_HIGH_S));
    });
    it('by another key', async () => {
      await assert.rejects(attachEthereumSignature(prepared, networkSign(prepared.digest, OTHER_SECRET)), code(Codes.ETH_SIGNER_MISMATCH));
    });
    it('with the wrong recovery id (recovers another address)', async () => {
      const flipped = good.slice();
      flipped[64] = (good[64] as number) ^ 1;
      await assert.rejects(attachEthereumSignature(prepared, flipped), code(Codes.ETH_SIGNER_MISMATCH));
    });
    it('over another transaction', async () => {
      const other = prepareEip1559Transaction({ ...FIELDS, nonce: 8 });
      await assert.rejects(attachEthereumSignature(prepared, networkSign(other.digest)), code(Codes.ETH_SIGNER_MISMATCH));
    });
    it('checked against an explicit signer over prepared.from', async () => {
      const otherAddress = ethereumAddress(secp256k1.getPublicKey(OTHER_SECRET));
      await assert.rejects(attachEthereumSignature(prepared, good, otherAddress), code(Codes.ETH_SIGNER_MISMATCH));
    });
    it('without any expected signer', async () => {
      const anonymous = prepareEip1559Transaction(FIELDS);
      await assert.rejects(attachEthereumSignature(anonymous, networkSign(anonymous.digest)), code(Codes.ETH_SIGNER_UNKNOWN));
    });
    it('for a prepared transaction that was edited', async () => {
      const edited = { ...prepared, transaction: { ...prepared.transaction, value: 2n } };
      await assert.rejects(attachEthereumSignature(edited, good), code(Codes.ETH_PREPARED_MISMATCH));
      const digest = { ...prepared, digest: new Uint8Array(32) };
      await assert.rejects(attachEthereumSignature(digest, good), code(Codes.ETH_PREPARED_MISMATCH));
    });
  });
});
