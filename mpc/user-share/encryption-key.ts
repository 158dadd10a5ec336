/**
 * The user's class-group encryption key (PROTOCOL.md §3, §7 "encrypted backup of x_A"): a CL key
 * pair per (Sui address, curve), in the same class-group setup as the network key of that curve,
 * derived from a 32-byte root seed the user keeps, and registered on chain with a proof of
 * knowledge of its secret key that the validators verify.
 *
 * Derivation. sk = clKeyGenFromSeed(setup, cSHAKE256(rootSeed, personalization
 * "dwallet/user-share/encryption-key/v1", 32 bytes)). clKeyGenFromSeed mixes q and the security
 * level into its DRBG (cl/keys.ts), so one root seed gives unrelated keys on different curves; the
 * personalization keeps this key apart from anything else a root seed is ever used for.
 *
 * The language. φ(sk) = h^sk from an integer witness |sk| < 2^s (S = 2^s the key range of §3) to
 * the class group; a Maurer proof of it (proofs/maurer.ts) for the one statement pk, in the
 * context { protocol: USER_SHARE_ENCRYPTION_KEY_PROTOCOL, sessionId: the registration's chain
 * session id, round 'registration', proof 'knowledge of the decryption key', partyId 0 }. The
 * chain derives the session id from the sender's address and a fresh preimage
 * (move/sources/session_identifier.move), so a proof is bound to one registration by one address
 * and cannot be replayed into another: nobody registers a key as theirs without knowing its sk
 * (otherwise Bob could register Alice's key under his address, and every share backed up or
 * transferred to Bob would be readable by Alice).
 *
 * Why a Maurer proof with an integer witness is sound here (PROTOCOL.md §5). ⟨h⟩ has unknown
 * order, so sk cannot be reduced and the proof works over ℤ: the mask r has s + κ + σ bits
 * (proofs/factors.ts integerMaskBits), the response z = r + e·sk is an integer that hides sk up
 * to 2^−σ, and the verifier refuses a z longer than an honest one can be (at decoding, before any
 * exponentiation). Knowledge soundness with 128-bit challenges: two accepting answers (e, z),
 * (e', z') to one mask give h^(z−z') = pk^(e−e') (up to order 2, see below). That e − e' divides
 * z − z' follows from the strong-root assumption in Cl(Δ_q) (nobody computes a nontrivial root of
 * h), and that
 * sk' = (z−z')/(e−e') then satisfies pk = h^sk' from the low-order assumption (nobody computes
 * elements of order below 2^128 other than those of order 2, which anyone can build from the
 * public Δ_K). This is the argument of Damgård–Fujisaki for groups of unknown order, as the CL
 * literature applies it to class groups (e.g. Castagnos–Catalano–Laguillaumie–Savasta–Tucker,
 * "Bandwidth-efficient threshold EC-DSA", PKC 2020); the 2PC-MPC papers' class-group proofs rest
 * on the same two assumptions. sk' may lie outside [0, S) (the extractor's slack), which does not
 * matter: decryption with any sk' with h^sk' = pk is decryption with sk.
 * Elements of order 2: verifiers judge class-group equations up to order 2 (factors.ts
 * `equationHolds`, the rule under which a single and a batched check reach the same verdict at
 * every verifier), so the proof shows pk² = h^(2sk'). A decoded pk is a square class (classgroups/
 * group.ts `assertElement`), as h is, and squaring is one-to-one on the squares (they are the
 * odd-order part, classgroups/setup.ts "The 2-Sylow subgroup"), hence pk = h^sk' exactly. The
 * verdict depends on the bytes alone: the same at every honest validator.
 *
 * Secrets and variable-time code (mpc/SECURITY.md §5): sk is drawn by the DRBG into a BigInt
 * (cl/keys.ts), raised through the fixed-base table of h (`hTable.pow`, signed-digit windows and
 * NUCOMP: variable time) when the key pair is derived, and enters the prover's response
 * z = r + e·sk and its range check as BigInt arithmetic; the mask r, as secret as sk since z is
 * public, meets `hTable.pow` too. All of it on the user's machine only; sk is never logged nor put
 * in an error.
 * @module
 */
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeClPublicKey, decodeClPublicKeyForOneUse, encodeClPublicKey } from '../cl/encoding.ts';
import { type ClKeyPair, type ClPublicKey, clKeyGenFromSeed } from '../cl/keys.ts';
import { encodeForm } from '../classgroups/encoding.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import { loadSetup } from '../classgroups/setups.ts';
import { type Curve, type CurveName, curveOrder } from '../curves/curve.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../ecdsa/errors.ts';
import { NETWORK_KEY_SECURITY_LEVEL } from '../ecdsa/protocols/network-key-dkg.ts';
import { DWalletError, ErrorCodes, ParameterError } from '../errors.ts';
import { bigintToBytes } from '../numbers/bytes.ts';
import { type RandomSource, systemRandom } from '../numbers/random.ts';
import { assertProofContext, type ProofContext, USER_PARTY_ID } from '../proofs/context.ts';
import { encodePublicParameters, formFactor, integerFactor, type Language } from '../proofs/language.ts';
import { type MaurerProof, proveMaurer, verifyMaurer } from '../proofs/maurer.ts';
import { decodeEncryptionKeyProof, encodeEncryptionKeyProof } from './encoding.ts';

export const USER_SHARE_ENCRYPTION_KEY_PROTOCOL = 'dwallet/user-share/encryption-key';

/** The cSHAKE256 personalization that turns a root seed into the seed of the CL key. */
export const ENCRYPTION_KEY_SEED_PERSONALIZATION = 'dwallet/user-share/encryption-key/v1';

/** Bytes of a root seed. */
export const ROOT_SEED_BYTES = 32;

/** The check names a rejection of a registration carries (`UserMessageRejection.check`). */
export const EncryptionKeyChecks = {
  ENCODING: 'encryption-key:encoding',
  PROOF_ENCODING: 'encryption-key:proof-encoding',
  PROOF: 'encryption-key:proof',
} as const;

/**
 * The class-group setup of every user encryption key on `curve`: the curve's setup at the network
 * key's security level (ecdsa/protocols/network-key-dkg.ts NETWORK_KEY_SECURITY_LEVEL), the setup
 * of every network key of the curve. A registration names no network key, so its setup is a
 * constant of the protocol and of the curve alone: every validator decodes a key in the same
 * setup, and the user derives its key in it. Made once per process (classgroups/setups.ts).
 */
export function userShareSetup(curve: Curve): ClassGroupSetup {
  return loadSetup(curveOrder(curve.name as CurveName), NETWORK_KEY_SECURITY_LEVEL);
}

/** The user's CL key pair on the setup's curve, derived from the root seed (see the module comment). */
export function userEncryptionKeyPair(setup: ClassGroupSetup, rootSeed: Uint8Array): ClKeyPair {
  if (!(rootSeed instanceof Uint8Array) || rootSeed.length !== ROOT_SEED_BYTES) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `the user-share root seed must be exactly ${ROOT_SEED_BYTES} bytes`);
  }
  const seed = cshake256(rootSeed, { personalization: utf8ToBytes(ENCRYPTION_KEY_SEED_PERSONALIZATION), dkLen: 32 });
  return clKeyGenFromSeed(setup, seed);
}

const languages = new WeakMap<ClassGroupSetup, Language>();

/**
 * φ(sk) = h^sk, witness an integer |sk| < 2^setup.randomnessBits, statement one form. Its public
 * parameters are the setup (level, q, Δ_q, h), so a proof for one setup never verifies in another.
 * Memoised per setup.
 */
export function clKeyLanguage(setup: ClassGroupSetup): Language {
  const known = languages.get(setup);
  if (known !== undefined) return known;
  const language: Language = Object.freeze({
    name: 'CLKeyDL',
    witness: [integerFactor(setup.randomnessBits)],
    statement: [formFactor(setup.group)],
    scalarOrder: setup.q,
    publicParameters: encodePublicParameters(
      bigintToBytes(BigInt(setup.level), 2),
      bigintToBytes(setup.q),
      bigintToBytes(-setup.deltaQ),
      encodeForm(setup.group, setup.h),
    ),
    map: ([sk]: readonly bigint[]) => [setup.hTable.pow(sk as bigint)],
  });
  languages.set(setup, language);
  return language;
}

/** The context of a registration's proof (see the module comment). */
export function encryptionKeyProofContext(sessionId: Uint8Array): ProofContext {
  const context: ProofContext = {
    protocol: USER_SHARE_ENCRYPTION_KEY_PROTOCOL,
    sessionId,
    round: 'registration',
    proof: 'knowledge of the decryption key',
    partyId: USER_PARTY_ID,
  };
  assertProofContext(context);
  return context;
}

/** Proof bytes (BCS of the Maurer proof) binding the registration session id (32 bytes). */
export function proveEncryptionKeyOwnership(keyPair: ClKeyPair, sessionId: Uint8Array, rng: RandomSource = systemRandom): Uint8Array {
  const { setup } = keyPair.publicKey;
  if (keyPair.secretKey.setup !== setup) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'the secret and public key of a key pair must share one setup');
  }
  const language = clKeyLanguage(setup);
  // The statement is the key pair's pk (no second exponentiation); a pair whose pk is not h^sk
  // only gives a proof that does not verify.
  const { proof } = proveMaurer(language, encryptionKeyProofContext(sessionId), [[keyPair.secretKey.value]], rng, {
    statements: [[keyPair.publicKey.form]],
  });
  return encodeEncryptionKeyProof(setup, proof);
}

/** Whether a decoded proof verifies for `publicKey` in the registration `sessionId` (verifyEncryptionKeyOwnership's last check). */
export function verifyEncryptionKeyProof(publicKey: ClPublicKey, proof: MaurerProof, sessionId: Uint8Array): boolean {
  const language = clKeyLanguage(publicKey.setup);
  return verifyMaurer(language, encryptionKeyProofContext(sessionId), [[publicKey.form]], proof).valid;
}

function reject(check: string, message: string, cause?: unknown): UserMessageRejection {
  return new UserMessageRejection(
    EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY,
    check,
    `user encryption key: ${message}`,
    {},
    cause === undefined ? undefined : { cause },
  );
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Decodes the key (a valid key form, assertKeyForm) and verifies the proof; returns the key.
 * Throws UserMessageRejection, code USER_SHARE_INVALID_ENCRYPTION_KEY, checks
 * 'encryption-key:encoding' | 'encryption-key:proof-encoding' | 'encryption-key:proof'.
 * A session id that is not 32 bytes is the caller's error (ParameterError), not the user's.
 */
export function verifyEncryptionKeyOwnership(
  setup: ClassGroupSetup,
  encryptionKey: Uint8Array,
  proof: Uint8Array,
  sessionId: Uint8Array,
): ClPublicKey {
  encryptionKeyProofContext(sessionId);
  let publicKey: ClPublicKey;
  try {
    publicKey = decodeUserEncryptionKey(setup, encryptionKey);
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    throw reject(EncryptionKeyChecks.ENCODING, `the key does not decode to a valid key: ${reason(error)}`, error);
  }
  let decoded: MaurerProof;
  try {
    decoded = decodeEncryptionKeyProof(setup, proof);
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    throw reject(EncryptionKeyChecks.PROOF_ENCODING, `the proof does not decode: ${reason(error)}`, error);
  }
  if (!verifyEncryptionKeyProof(publicKey, decoded, sessionId)) {
    throw reject(EncryptionKeyChecks.PROOF, 'the proof of knowledge of the secret key does not verify for this session');
  }
  return publicKey;
}

/** The key's bytes as the chain records them (= cl/encoding encodeClPublicKey: one form). */
export function encodeUserEncryptionKey(key: ClPublicKey): Uint8Array {
  return encodeClPublicKey(key);
}

/** Strict decoding: exactly one form of the setup's group that can be a key (cl/keys.ts assertKeyForm). */
export function decodeUserEncryptionKey(setup: ClassGroupSetup, bytes: Uint8Array): ClPublicKey {
  return decodeClPublicKey(setup, bytes);
}

/**
 * As {@link decodeUserEncryptionKey}, for a key a verifier uses once (cl/keys.ts
 * clPublicKeyForOneUse): no fixed-base table is built for it and it is not memoised. The decoded
 * form and every value computed with it are the same.
 */
export function decodeUserEncryptionKeyForOneUse(setup: ClassGroupSetup, bytes: Uint8Array): ClPublicKey {
  return decodeClPublicKeyForOneUse(setup, bytes);
}
