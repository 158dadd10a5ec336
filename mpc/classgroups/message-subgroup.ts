/**
 * The subgroup F = ⟨f⟩ of Cl(Δ_q) of order q, where discrete logarithms are easy: the plaintext
 * space of CL encryption (Castagnos–Laguillaumie, CT-RSA 2015, §3; BICYCL, eprint 2022/1466, §2).
 *
 * f = (q², q, (1 − Δ_K)/4), and for m ≢ 0 (mod q), f^m is the reduced form (q², L(m)·q, ·) where
 * L(m) is the odd representative of m⁻¹ mod q in (−q, q). Conversely, from a reduced (q², b, ·)
 * the message is m = (b/q)⁻¹ mod q. Neither direction needs a group exponentiation.
 * @module
 */
import { ErrorCodes, InvalidFormError } from '../errors.ts';
import { mod, modInverse } from '../numbers/modular.ts';
import type { Form } from './form.ts';
import type { ClassGroup } from './group.ts';

/** The parameters F needs: q, Δ_K and the group Cl(Δ_q). */
export interface MessageSubgroup {
  readonly q: bigint;
  readonly deltaK: bigint;
  readonly group: ClassGroup;
}

/** f = (q², q, (1 − Δ_K)/4) */
export function generatorF(params: MessageSubgroup): Form {
  const { q, deltaK } = params;
  return { a: q * q, b: q, c: (1n - deltaK) / 4n };
}

/** f^m for any integer m (reduced mod q first). */
export function powF(params: MessageSubgroup, m: bigint): Form {
  const { q, deltaK, group } = params;
  const reduced = mod(m, q);
  if (reduced === 0n) return group.identity;
  let L = modInverse(reduced, q);
  if (L % 2n === 0n) L -= q;
  // (q², L·q, c) with c = (L²q² − Δ_q)/(4q²) = (L² − Δ_K)/4; reduced since |Lq| < q² < c.
  return { a: q * q, b: L * q, c: (L * L - deltaK) / 4n };
}

/**
 * m ∈ [0, q) with f^m = M, for M a reduced element of F. Throws `FORM_NOT_IN_MESSAGE_SUBGROUP`
 * when M is not in F (which for a decryption means a malformed or wrongly decrypted ciphertext).
 */
export function dlogF(params: MessageSubgroup, M: Form): bigint {
  const { q, group } = params;
  if (group.isIdentity(M)) return 0n;
  const qSquared = q * q;
  if (M.a !== qSquared || M.b % q !== 0n) {
    throw new InvalidFormError(ErrorCodes.FORM_NOT_IN_MESSAGE_SUBGROUP, 'the form is not in the message subgroup F = ⟨f⟩');
  }
  const L = M.b / q;
  if (mod(L, q) === 0n) {
    throw new InvalidFormError(ErrorCodes.FORM_NOT_IN_MESSAGE_SUBGROUP, 'the form is not in the message subgroup F = ⟨f⟩');
  }
  return modInverse(L, q);
}
