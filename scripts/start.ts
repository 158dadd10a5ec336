/**
 * `npm start`: what the project can show today — the class-group layer at work.
 *
 * Derives (or reads from the cache) the CL setup for secp256k1's group order, generates a key pair
 * from a seed, encrypts two numbers, adds and scales them under encryption, decrypts, and prints
 * what each step cost. The network (validators, chain, relayer) and the signing demo replace this
 * once they exist (see the README's status section).
 */
import { clDecrypt, clEncrypt } from '../mpc/cl/encryption.ts';
import { clAdd, clEvaluate, clScale } from '../mpc/cl/homomorphic.ts';
import { clKeyGenFromSeed } from '../mpc/cl/keys.ts';
import { loadSetup, type SetupSource } from '../mpc/classgroups/setup-cache.ts';
import { curveOrder } from '../mpc/curves/curve.ts';
import { encodeClCiphertext, encodeClPublicKey } from '../mpc/encoding/cl.ts';
import { mod } from '../mpc/numbers/modular.ts';
import { randomBelow, systemRandom } from '../mpc/numbers/random.ts';
import { FileSetupStore } from '../runtime/setup-store.ts';

function step<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const value = fn();
  console.log(`  ${label.padEnd(58)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`);
  return value;
}

const q = curveOrder('secp256k1');
const store = new FileSetupStore();
console.log('Castagnos–Laguillaumie encryption in the class group of discriminant −p·q³, q = the secp256k1 group order\n');

let source: SetupSource = 'derived';
const setup = step('setup (p, h; derived from q, or read from the cache)', () =>
  loadSetup(q, 112, { store, onSource: (s) => (source = s) }),
);
console.log(`    source: ${source} (${store.dir}); |Δ_K| = 1348 bits, |Δ_q| = ${setup.group.discriminantBits} bits, S = 2^${setup.randomnessBits}`);

const seed = systemRandom.bytes(32);
const { secretKey, publicKey } = step('key pair from a 32-byte seed (pk = h^sk)', () => clKeyGenFromSeed(setup, seed));
const a = randomBelow(systemRandom, q);
const b = randomBelow(systemRandom, q);
const k = randomBelow(systemRandom, q);
const ctA = step('encrypt a (builds the fixed-base table of pk on first use)', () => clEncrypt(publicKey, a).ciphertext);
const ctB = step('encrypt b', () => clEncrypt(publicKey, b).ciphertext);
const sum = step('a ⊕ b under encryption', () => clAdd(setup, ctA, ctB));
const scaled = step('k ⊙ a under encryption', () => clScale(setup, ctA, k));
const evaluated = step('circuit-private k·a + b ⊕ Enc(0)', () => clEvaluate(publicKey, [k, 1n], [ctA, ctB]).ciphertext);
const results = step('decrypt the three results', () => [clDecrypt(secretKey, sum), clDecrypt(secretKey, scaled), clDecrypt(secretKey, evaluated)]);

const expected = [mod(a + b, q), mod(k * a, q), mod(k * a + b, q)];
const ok = results.every((value, i) => value === expected[i]);
console.log(`\n  public key: ${encodeClPublicKey(publicKey).length} bytes, ciphertext: ${encodeClCiphertext(setup, sum).length} bytes (BCS)`);
console.log(`  a + b mod q, k·a mod q, k·a + b mod q: ${ok ? 'all three decrypt correctly' : 'MISMATCH'}`);
if (!ok) process.exit(1);
