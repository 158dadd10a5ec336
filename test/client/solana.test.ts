/**
 * Solana helpers: the address of an Ed25519 dWallet, the SOL transfer message it signs (the
 * dWallet pays the fee), and the signed wire transaction. Keys from @noble/curves stand in for
 * the network (RFC 8032 seeds, and a raw scalar key as an EdDSA dWallet has, decision 5 of the
 * issue); @solana/kit decodes the results and verifies the signatures with WebCrypto.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import {
  createKeyPairFromPrivateKeyBytes,
  getAddressFromPublicKey,
  getBase58Decoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getTransactionDecoder,
} from '@solana/kit';
import { getTransferSolInstructionDataDecoder, SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system';
import { ChainHelperError, ChainHelperErrorCodes as Codes } from '../../client/chains/errors.ts';
import {
  attachSolanaSignature,
  LAMPORTS_PER_SIGNATURE,
  MAX_LAMPORTS,
  parseRecentBlockhash,
  parseSolanaAddress,
  prepareSolanaTransfer,
  type SolanaTransferRequest,
  solanaAddress,
} from '../../client/solana/index.ts';
import { verifySolanaTransaction } from '../../client/verify-transactions.ts';
import { HASH_SCHEME_IDS } from '../../mpc/signing/algorithms.ts';

function code(expected: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ChainHelperError, `expected a ChainHelperError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    return true;
  };
}

const base58 = getBase58Decoder();
const SEED = new Uint8Array(32).map((_, i) => i * 7 + 3);
const PUBLIC = ed25519.getPublicKey(SEED);
const OTHER_SEED = new Uint8Array(32).fill(9);
const RECIPIENT = solanaAddress(ed25519.getPublicKey(OTHER_SEED));
const BLOCKHASH = base58.decode(new Uint8Array(32).map((_, i) => 200 - i));

function request(overrides: Partial<SolanaTransferRequest> | Record<string, unknown> = {}): SolanaTransferRequest {
  return { publicKey: PUBLIC, to: RECIPIENT, lamports: 1_500_000n, recentBlockhash: BLOCKHASH, ...overrides } as SolanaTransferRequest;
}

const L = ed25519.Point.Fn.ORDER;
const leToBig = (bytes: Uint8Array) => bytes.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
const bigToLe32 = (value: bigint) => new Uint8Array(32).map((_, i) => Number((value >> BigInt(8 * i)) & 0xffn));

/**
 * EdDSA with a raw scalar key x (A = x·G), RFC 8032 §5.1.6 with the nonce drawn at random: what
 * the network's signature of an EdDSA dWallet is (R ‖ S, S = r + SHA-512(R ‖ A ‖ M)·x mod ℓ).
 */
function signWithScalar(x: bigint, message: Uint8Array): { publicKey: Uint8Array; signature: Uint8Array } {
  const A = ed25519.Point.BASE.multiply(x).toBytes();
  const r = leToBig(ed25519.utils.randomSecretKey()) % L || 1n;
  const R = ed25519.Point.BASE.multiply(r).toBytes();
  const k = leToBig(sha512(concatBytes(R, A, message))) % L;
  return { publicKey: A, signature: concatBytes(R, bigToLe32((r + k * x) % L)) };
}

describe('Solana addresses', () => {
  it('base58 of the Ed25519 key: the address WebCrypto’s key pair of the same seed has in @solana/kit', async () => {
    for (const seed of [SEED, OTHER_SEED, ed25519.utils.randomSecretKey()]) {
      const pair = await createKeyPairFromPrivateKeyBytes(seed);
      assert.equal(solanaAddress(ed25519.getPublicKey(seed)), await getAddressFromPublicKey(pair.publicKey));
    }
  });

  it('parses recipient addresses, on or off the curve', () => {
    assert.equal(parseSolanaAddress(RECIPIENT), RECIPIENT);
    assert.equal(parseSolanaAddress(SYSTEM_PROGRAM_ADDRESS), SYSTEM_PROGRAM_ADDRESS);
    for (const bad of ['', 'not base58 0OIl', '1111', `${RECIPIENT}1`, RECIPIENT.slice(1), 42, null]) {
      assert.throws(() => parseSolanaAddress(bad, 'to'), code(Codes.SOL_INVALID_ADDRESS));
    }
  });

  it('rejects bad dWallet keys: wrong length, not a point, a point of small order', () => {
    assert.throws(() => solanaAddress(PUBLIC.subarray(1)), code(Codes.PUBLIC_KEY_INVALID));
    assert.throws(() => solanaAddress(new Uint8Array(33)), code(Codes.PUBLIC_KEY_INVALID));
    // y = 2: (y² − 1)/(d·y² + 1) is not a square mod p, so no point has this encoding
    const notAPoint = new Uint8Array(32);
    notAPoint[0] = 2;
    assert.throws(() => ed25519.Point.fromBytes(notAPoint));
    assert.throws(() => solanaAddress(notAPoint), code(Codes.PUBLIC_KEY_INVALID));
    // the all-zero encoding (the system program's address) is the point (√−1, 0), of order 4
    assert.throws(() => solanaAddress(new Uint8Array(32)), code(Codes.PUBLIC_KEY_INVALID));
    const identity = ed25519.Point.ZERO.toBytes();
    assert.throws(() => solanaAddress(identity), code(Codes.PUBLIC_KEY_INVALID));
  });

  it('parses blockhashes: base58 of exactly 32 bytes', () => {
    assert.equal(parseRecentBlockhash(BLOCKHASH), BLOCKHASH);
    const cases = ['', 'O0Il', base58.decode(new Uint8Array(31).fill(5)), base58.decode(new Uint8Array(33).fill(5)), 7];
    for (const bad of cases) assert.throws(() => parseRecentBlockhash(bad), code(Codes.SOL_INVALID_BLOCKHASH));
  });
});

describe('SOL transfers', () => {
  it('the message is a system-program transfer paid for by the dWallet, with the given blockhash (SHA512 scheme)', () => {
    const prepared = prepareSolanaTransfer(request());
    assert.equal(prepared.hashScheme, HASH_SCHEME_IDS.SHA512);
    assert.equal(prepared.hashScheme, 4);
    assert.equal(prepared.from, solanaAddress(PUBLIC));
    assert.equal(prepared.fee, 5_000n);
    const message = getCompiledTransactionMessageDecoder().decode(prepared.message);
    assert.equal(message.version, 0);
    assert.deepEqual(message.header, { numSignerAccounts: 1, numReadonlySignerAccounts: 0, numReadonlyNonSignerAccounts: 1 });
    assert.deepEqual(message.staticAccounts, [prepared.from, RECIPIENT, SYSTEM_PROGRAM_ADDRESS]);
    assert.equal(message.lifetimeToken, BLOCKHASH);
    assert.equal(message.instructions.length, 1);
    const instruction = message.instructions[0]!;
    assert.equal(message.staticAccounts[instruction.programAddressIndex], SYSTEM_PROGRAM_ADDRESS);
    assert.deepEqual(instruction.accountIndices, [0, 1]);
    const data = getTransferSolInstructionDataDecoder().decode(instruction.data!);
    assert.equal(data.discriminator, 2);
    assert.equal(data.amount, 1_500_000n);
  });

  it('signed by the key, the wire transaction decodes with kit and its signature verifies (kit’s verifySignature)', async () => {
    const prepared = prepareSolanaTransfer(request());
    const signature = ed25519.sign(prepared.message, SEED);
    const signed = prepared.finalize(signature);
    assert.equal(signed.signature, base58.decode(signature));
    const decoded = getTransactionDecoder().decode(getBase64Encoder().encode(signed.wireTransaction));
    assert.deepEqual(Uint8Array.from(decoded.messageBytes), prepared.message);
    assert.deepEqual(Object.keys(decoded.signatures), [prepared.from]);
    assert.deepEqual(Uint8Array.from(decoded.signatures[prepared.from]!), signature);
    await verifySolanaTransaction(signed.wireTransaction, PUBLIC);
  });

  it('a raw scalar key (an EdDSA dWallet’s A = x·G) signs transfers kit verifies', async () => {
    for (let i = 0; i < 4; i++) {
      const x = (leToBig(ed25519.utils.randomSecretKey()) % (L - 1n)) + 1n;
      const publicKey = ed25519.Point.BASE.multiply(x).toBytes();
      const prepared = prepareSolanaTransfer(request({ publicKey, lamports: BigInt(1 + i) }));
      const { signature } = signWithScalar(x, prepared.message);
      const signed = attachSolanaSignature(prepared, signature);
      await verifySolanaTransaction(signed.wireTransaction, publicKey);
    }
  });

  it('many random keys, recipients, amounts and blockhashes', async () => {
    for (let i = 0; i < 8; i++) {
      const seed = ed25519.utils.randomSecretKey();
      const lamports = i === 0 ? MAX_LAMPORTS - LAMPORTS_PER_SIGNATURE : BigInt(1 + i * 1_000_003);
      const prepared = prepareSolanaTransfer({
        publicKey: ed25519.getPublicKey(seed),
        to: solanaAddress(ed25519.getPublicKey(ed25519.utils.randomSecretKey())),
        lamports,
        recentBlockhash: base58.decode(ed25519.utils.randomSecretKey()),
        lastValidBlockHeight: BigInt(300_000_000 + i),
        balance: lamports + LAMPORTS_PER_SIGNATURE,
      });
      assert.equal(prepared.lastValidBlockHeight, BigInt(300_000_000 + i));
      const signed = prepared.finalize(ed25519.sign(prepared.message, seed));
      await verifySolanaTransaction(signed.wireTransaction, ed25519.getPublicKey(seed));
    }
  });

  describe('rejects bad requests', () => {
    const cases: [string, Partial<SolanaTransferRequest> | Record<string, unknown> | null, string][] = [
      ['a non-object request', null, Codes.SOL_INVALID_TRANSFER],
      ['a 31-byte key', { publicKey: PUBLIC.subarray(1) }, Codes.PUBLIC_KEY_INVALID],
      ['a small-order key', { publicKey: new Uint8Array(32) }, Codes.PUBLIC_KEY_INVALID],
      ['a key as a string', { publicKey: solanaAddress(PUBLIC) }, Codes.PUBLIC_KEY_INVALID],
      ['a bad recipient', { to: 'not an address' }, Codes.SOL_INVALID_ADDRESS],
      ['a short recipient', { to: RECIPIENT.slice(0, 20) }, Codes.SOL_INVALID_ADDRESS],
      ['zero lamports', { lamports: 0n }, Codes.SOL_INVALID_AMOUNT],
      ['negative lamports', { lamports: -1n }, Codes.SOL_INVALID_AMOUNT],
      ['lamports above u64', { lamports: MAX_LAMPORTS + 1n }, Codes.SOL_INVALID_AMOUNT],
      ['lamports as a number', { lamports: 1000 }, Codes.SOL_INVALID_AMOUNT],
      ['a blockhash that is not base58', { recentBlockhash: '0'.repeat(44) }, Codes.SOL_INVALID_BLOCKHASH],
      ['a blockhash of 31 bytes', { recentBlockhash: base58.decode(new Uint8Array(31).fill(1)) }, Codes.SOL_INVALID_BLOCKHASH],
      ['a hex blockhash', { recentBlockhash: 'ab'.repeat(32) }, Codes.SOL_INVALID_BLOCKHASH],
      ['a missing blockhash', { recentBlockhash: undefined }, Codes.SOL_INVALID_BLOCKHASH],
      ['a negative block height', { lastValidBlockHeight: -1n }, Codes.SOL_INVALID_BLOCKHASH],
      ['a negative balance', { balance: -1n }, Codes.SOL_INVALID_AMOUNT],
      ['a balance below the amount', { balance: 1_000_000n }, Codes.SOL_INSUFFICIENT_FUNDS],
      ['a balance that does not cover the fee', { balance: 1_500_000n + LAMPORTS_PER_SIGNATURE - 1n }, Codes.SOL_INSUFFICIENT_FUNDS],
    ];
    for (const [name, change, expected] of cases) {
      it(name, () => {
        const value = change === null ? null : request(change);
        assert.throws(() => prepareSolanaTransfer(value as SolanaTransferRequest), code(expected));
      });
    }
    it('a balance of exactly the amount and the fee is enough', () => {
      assert.equal(prepareSolanaTransfer(request({ balance: 1_500_000n + LAMPORTS_PER_SIGNATURE })).lamports, 1_500_000n);
    });
  });

  describe('rejects bad signatures', () => {
    const prepared = prepareSolanaTransfer(request());
    const good = ed25519.sign(prepared.message, SEED);

    it('the wrong length', () => {
      assert.throws(() => prepared.finalize(good.subarray(0, 63)), code(Codes.SIGNATURE_MALFORMED));
      assert.throws(() => prepared.finalize(Uint8Array.of(...good, 0)), code(Codes.SIGNATURE_MALFORMED));
      assert.throws(() => prepared.finalize('sig' as unknown as Uint8Array), code(Codes.SIGNATURE_MALFORMED));
    });
    it('a signature by another key', () => {
      assert.throws(() => prepared.finalize(ed25519.sign(prepared.message, OTHER_SEED)), code(Codes.SOL_SIGNATURE_INVALID));
    });
    it('a signature over another message, and a flipped bit', () => {
      const other = prepareSolanaTransfer(request({ lamports: 1_500_001n }));
      assert.throws(() => prepared.finalize(ed25519.sign(other.message, SEED)), code(Codes.SOL_SIGNATURE_INVALID));
      const flipped = good.slice();
      flipped[3]! ^= 0x10;
      assert.throws(() => prepared.finalize(flipped), code(Codes.SOL_SIGNATURE_INVALID));
    });
    it('a non-canonical S (S + ℓ) is refused (RFC 8032 strict verification)', () => {
      const s = leToBig(good.subarray(32));
      const malleated = concatBytes(good.subarray(0, 32), bigToLe32(s + L));
      assert.throws(() => prepared.finalize(malleated), code(Codes.SOL_SIGNATURE_INVALID));
    });
    it('a prepared transfer that was edited', () => {
      assert.throws(() => attachSolanaSignature({ ...prepared, lamports: 2n }, good), code(Codes.SOL_PREPARED_MISMATCH));
      assert.throws(() => attachSolanaSignature({ ...prepared, to: solanaAddress(PUBLIC) }, good), code(Codes.SOL_PREPARED_MISMATCH));
      const message = prepared.message.slice();
      message[message.length - 1]! ^= 1;
      assert.throws(() => attachSolanaSignature({ ...prepared, message }, good), code(Codes.SOL_PREPARED_MISMATCH));
      const otherKey = ed25519.getPublicKey(OTHER_SEED);
      assert.throws(() => attachSolanaSignature({ ...prepared, publicKey: otherKey }, good), code(Codes.SOL_PREPARED_MISMATCH));
      assert.throws(() => attachSolanaSignature(null as never, good), code(Codes.SOL_PREPARED_MISMATCH));
    });
  });
});

describe('verifySolanaTransaction (independent check with @solana/kit)', () => {
  const prepared = prepareSolanaTransfer(request());
  const signed = prepared.finalize(ed25519.sign(prepared.message, SEED));
  const wire = getBase64Encoder().encode(signed.wireTransaction);
  const rewire = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

  it('accepts the signed transaction', async () => {
    await verifySolanaTransaction(signed.wireTransaction, PUBLIC);
  });
  it('refuses a tampered transaction (the lamports in the message changed)', async () => {
    const bytes = Uint8Array.from(wire);
    // the u64 amount ends the instruction, before the v0 message's lookup-table count (0):
    // 1_500_000 = 0x16e360, little-endian
    assert.deepEqual(bytes.subarray(bytes.length - 9, bytes.length - 5), Uint8Array.of(0x60, 0xe3, 0x16, 0));
    bytes[bytes.length - 7] = 0xff;
    await assert.rejects(verifySolanaTransaction(rewire(bytes), PUBLIC), code(Codes.TRANSACTION_UNVERIFIED));
  });
  it('refuses a tampered signature, another fee payer, garbage, an unsigned transaction', async () => {
    const bytes = Uint8Array.from(wire);
    bytes[5]! ^= 1; // inside the signature
    await assert.rejects(verifySolanaTransaction(rewire(bytes), PUBLIC), code(Codes.TRANSACTION_UNVERIFIED));
    await assert.rejects(
      verifySolanaTransaction(signed.wireTransaction, ed25519.getPublicKey(OTHER_SEED)),
      code(Codes.TRANSACTION_UNVERIFIED),
    );
    await assert.rejects(verifySolanaTransaction('AAEC', PUBLIC), code(Codes.TRANSACTION_UNVERIFIED));
    const unsigned = Uint8Array.from(wire);
    unsigned.fill(0, 1, 65); // the one signature slot, zeroed as kit encodes a missing one
    await assert.rejects(verifySolanaTransaction(rewire(unsigned), PUBLIC), code(Codes.TRANSACTION_UNVERIFIED));
  });
});
