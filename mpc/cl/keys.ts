/**
 * CL key pairs: sk ← [0, S), pk = h^sk (PROTOCOL.md §3).
 *
 * A public key carries a fixed-base table of pk, grown on first use, because the keys that matter
 * (the network's encryption key, a validator's key) are raised to fresh exponents for every
 * encryption and proof. Keys decoded again from bytes are memoised per setup, so the table is
 * built once per process, not once per message.
 *
 * A key met once (a user's key a validator verifies one encrypted share under) is made by
 * {@link clPublicKeyForOneUse} instead: the table of a ~900-bit exponent costs about five plain
 * exponentiations to build (~250 ms against ~45 ms at |Δ| = 1,860 bits), which only pays back
 * after some five uses, and a stream of such keys would otherwise evict the memoised keys that do
 * get reused. {@link clPublicKeyPow} raises either kind; the form is the same (reduced forms are
 * unique), so no verdict depends on which kind of key a verifier made.
 * @module
 */
import type { FixedBaseTable } from '../classgroups/fixed-base.ts';
import type { Form } from '../classgroups/form.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import { ErrorCodes, InvalidFormError, ParameterError } from '../errors.ts';
import { bigintToBytes } from '../numbers/bytes.ts';
import { Drbg } from '../numbers/drbg.ts';
import { type RandomSource, randomBits, systemRandom } from '../numbers/random.ts';

/** Width of the fixed-base tables of public keys. */
export const PUBLIC_KEY_TABLE_WIDTH = 6;

/** pk = h^sk, with its lazily built fixed-base table. */
export interface ClPublicKey {
  readonly setup: ClassGroupSetup;
  readonly form: Form;
  /** The fixed-base table of pk, grown on use (a key for one use never grows it: {@link clPublicKeyPow}). */
  readonly table: FixedBaseTable;
  /** Made by {@link clPublicKeyForOneUse}: raised by plain exponentiation, not through its table. */
  readonly oneUse?: true;
}

/** sk ∈ [0, S). Never logged, never serialised outside its owner's process. */
export interface ClSecretKey {
  readonly setup: ClassGroupSetup;
  readonly value: bigint;
}

export interface ClKeyPair {
  readonly secretKey: ClSecretKey;
  readonly publicKey: ClPublicKey;
}

export const KEYGEN_DRBG_LABEL = 'dwallet/cl/keygen-from-seed/v1';

const MEMO_LIMIT = 64;
const memo = new WeakMap<ClassGroupSetup, Map<string, ClPublicKey>>();

/**
 * Throws `FORM_SMALL_ORDER_KEY` when `form` cannot be a key: the identity or an element of order 2.
 * With pk of order ≤ 2, pk^r ∈ {1, ε}, so c2² = f^{2m} and anyone reads m from c2 alone; a
 * verification key of order ≤ 2 makes every proof of its shares meaningless. (Decoded forms are
 * square classes, which excludes order 2; the identity still has to be refused, and derived keys
 * are checked the same way: an sk of 0 gives the identity.)
 */
export function assertKeyForm(setup: ClassGroupSetup, form: Form, what: string): void {
  setup.group.assertElement(form);
  if (setup.group.hasOrderAtMostTwo(form)) {
    throw new InvalidFormError(ErrorCodes.FORM_SMALL_ORDER_KEY, `${what}: the identity or an element of order 2 cannot be a key`);
  }
}

function memoId(form: Form): string {
  return `${form.a.toString(16)}:${form.b.toString(16)}`;
}

/**
 * The public key with form `form` (checked with {@link assertKeyForm}: a group element, neither the
 * identity nor of order 2). The same key asked for twice returns the same object, table included.
 */
export function clPublicKey(setup: ClassGroupSetup, form: Form): ClPublicKey {
  let keys = memo.get(setup);
  if (keys === undefined) {
    keys = new Map();
    memo.set(setup, keys);
  }
  const id = memoId(form);
  const known = keys.get(id);
  if (known !== undefined) return known;
  assertKeyForm(setup, form, 'CL public key');
  const key: ClPublicKey = { setup, form, table: setup.group.fixedBase(form, PUBLIC_KEY_TABLE_WIDTH) };
  if (keys.size >= MEMO_LIMIT) keys.delete(keys.keys().next().value as string);
  keys.set(id, key);
  return key;
}

/**
 * The public key with form `form` for a single use (see the module comment), checked like
 * {@link clPublicKey}: the memoised key when this process already has it (its table may be built),
 * else a key that is not memoised and is raised without a table.
 */
export function clPublicKeyForOneUse(setup: ClassGroupSetup, form: Form): ClPublicKey {
  const known = memo.get(setup)?.get(memoId(form));
  if (known !== undefined) return known;
  assertKeyForm(setup, form, 'CL public key');
  return { setup, form, table: setup.group.fixedBase(form, PUBLIC_KEY_TABLE_WIDTH), oneUse: true };
}

/** pk^e for any integer e: through the key's table, or by plain exponentiation for a key of one use. */
export function clPublicKeyPow(publicKey: ClPublicKey, e: bigint): Form {
  return publicKey.oneUse === true ? publicKey.setup.group.pow(publicKey.form, e) : publicKey.table.pow(e);
}

/** The key pair of secret key sk (which must lie in [0, S)). */
export function clKeyPairFromSecret(setup: ClassGroupSetup, sk: bigint): ClKeyPair {
  if (sk < 0n || sk >= 1n << BigInt(setup.randomnessBits)) {
    throw new ParameterError(ErrorCodes.OUT_OF_RANGE, `CL secret key must lie in [0, 2^${setup.randomnessBits})`);
  }
  return {
    secretKey: { setup, value: sk },
    publicKey: clPublicKey(setup, setup.hTable.pow(sk)),
  };
}

/** A fresh key pair: sk uniform in [0, S). */
export function clKeyGen(setup: ClassGroupSetup, rng: RandomSource = systemRandom): ClKeyPair {
  return clKeyPairFromSecret(setup, randomBits(rng, setup.randomnessBits));
}

/**
 * The key pair derived from a 32-byte secret seed: sk from a DRBG labelled
 * `dwallet/cl/keygen-from-seed/v1` over (seed ‖ level ‖ q), so one seed gives unrelated keys on
 * different curves or levels.
 */
export function clKeyGenFromSeed(setup: ClassGroupSetup, seed: Uint8Array): ClKeyPair {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'CL key seed must be exactly 32 bytes');
  }
  const input = new Uint8Array(66);
  input.set(seed, 0);
  input[32] = setup.level >> 8;
  input[33] = setup.level & 0xff;
  input.set(bigintToBytes(setup.q, 32), 34);
  return clKeyGen(setup, new Drbg(KEYGEN_DRBG_LABEL, input));
}
