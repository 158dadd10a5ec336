/**
 * The canonical bytes of what a language's relation depends on, so that `publicParameters`
 * binds all of it into every transcript (PROTOCOL.md §2): a proof made for one curve, base,
 * Pedersen instance, CL key or ciphertext does not verify for another. Each helper also refuses
 * parameters that do not define the language (an identity base, a form outside the group), with a
 * {@link LanguageParameterError}.
 * @module
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { encodeClCiphertext, encodeClPublicKey } from '../../cl/encoding.ts';
import type { ClCiphertext } from '../../cl/encryption.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import { encodeForm } from '../../classgroups/encoding.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import type { Pedersen } from '../../commitments/pedersen.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { bigintToBytes } from '../../numbers/bytes.ts';
import { LanguageParameterError, ProofErrorCodes } from '../errors.ts';
import { encodePublicParameters } from '../language.ts';

function invalid(message: string, cause?: unknown): LanguageParameterError {
  return new LanguageParameterError(ProofErrorCodes.PROOF_INVALID_PUBLIC_PARAMETERS, message, {}, cause === undefined ? {} : { cause });
}

/** The curve, by name (its order and generator follow from it). */
export function curveParameter(curve: Curve): Uint8Array {
  return utf8ToBytes(curve.name);
}

/** A public base point; the identity is refused (every relation with it is trivial). */
export function pointParameter(curve: Curve, point: CurvePoint, what: string): Uint8Array {
  if (point === null || typeof point !== 'object' || typeof point.is0 !== 'function')
    throw invalid(`${what}: expected a point of ${curve.name}`);
  if (point.is0()) throw invalid(`${what} must not be the identity`);
  return curve.encodePoint(point);
}

/** A Pedersen instance: its curve, message generator M and randomness generator H. */
export function pedersenParameter(commitment: Pedersen): Uint8Array {
  const { curve } = commitment;
  return encodePublicParameters(
    curveParameter(curve),
    pointParameter(curve, commitment.messageGenerator, 'the Pedersen message generator'),
    pointParameter(curve, commitment.randomnessGenerator, 'the Pedersen randomness generator'),
  );
}

/**
 * A CL public key with the setup it lives in: security level, q, the discriminant Δ_q and h (so
 * that two setups can never share transcripts, even if the setup derivation changes), then pk.
 */
export function clKeyParameter(publicKey: ClPublicKey): Uint8Array {
  const known = checkedKeys.get(publicKey);
  if (known !== undefined && known.form === publicKey?.form && known.setup === publicKey.setup) return known.bytes;
  const { setup } = publicKey;
  const bytes = encodePublicParameters(
    bigintToBytes(BigInt(setup.level), 2),
    bigintToBytes(setup.q),
    bigintToBytes(-setup.deltaQ),
    formParameter(setup, setup.h, 'h'),
    wrap('the CL public key', () => encodeClPublicKey(publicKey)),
  );
  checkedKeys.set(publicKey, { setup, form: publicKey.form, bytes });
  return bytes;
}

/** Keys already encoded (and their forms checked), as for ciphertexts below. */
const checkedKeys = new WeakMap<
  ClPublicKey,
  { readonly setup: ClPublicKey['setup']; readonly form: ClPublicKey['form']; readonly bytes: Uint8Array }
>();

/**
 * A curve and a CL key used together: CL plaintexts live in Z_q, so the key's setup must be
 * derived for the curve's own q (PROTOCOL.md §3), or x·G and Enc(x) would not be about one x.
 */
export function curveAndKeyParameter(language: string, curve: Curve, publicKey: ClPublicKey): Uint8Array {
  if (publicKey?.setup?.q !== curve.order) throw invalid(`${language}: the CL key's plaintext modulus is not the order of ${curve.name}`);
  return encodePublicParameters(curveParameter(curve), clKeyParameter(publicKey));
}

/**
 * A public ciphertext of the setup (both forms must be elements of its class group). Validating
 * two forms costs about a millisecond (a gcd and a Jacobi symbol each), and the same long-lived
 * ciphertexts (a presign's, a dWallet's) enter every sign message's languages, so the bytes of a
 * ciphertext object already checked are kept (weakly, per object) and given again while its two
 * forms are the same objects: the objects of this code base are never mutated (readonly types).
 */
export function ciphertextParameter(setup: ClassGroupSetup, ciphertext: ClCiphertext, what: string): Uint8Array {
  if (ciphertext === null || typeof ciphertext !== 'object') throw invalid(`${what}: expected a CL ciphertext`);
  const known = checkedCiphertexts.get(ciphertext);
  if (known !== undefined && known.setup === setup && known.c1 === ciphertext.c1 && known.c2 === ciphertext.c2) return known.bytes;
  const bytes = wrap(what, () => encodeClCiphertext(setup, ciphertext));
  checkedCiphertexts.set(ciphertext, { setup, c1: ciphertext.c1, c2: ciphertext.c2, bytes });
  return bytes;
}

const checkedCiphertexts = new WeakMap<
  ClCiphertext,
  { readonly setup: ClassGroupSetup; readonly c1: ClCiphertext['c1']; readonly c2: ClCiphertext['c2']; readonly bytes: Uint8Array }
>();

function formParameter(setup: ClassGroupSetup, form: ClCiphertext['c1'], what: string): Uint8Array {
  return wrap(what, () => encodeForm(setup.group, form));
}

/** Encoding validates group elements; report a failure as invalid public parameters. */
function wrap(what: string, encode: () => Uint8Array): Uint8Array {
  try {
    return encode();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid(`${what} is not an element of the setup's class group: ${reason}`, error);
  }
}
