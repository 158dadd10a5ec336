/**
 * CL ciphertexts inside the statements of languages (PROTOCOL.md §3, §5). A statement is a flat
 * list of group values, so a ciphertext (c1, c2) occupies two consecutive class-group factors;
 * these helpers flatten ciphertexts into statements and read them back, and compute the term
 * Σ aᵢ⊙ctᵢ ⊕ Enc(0; η) that EncDH, ScaleDL and DComEval share.
 * @module
 */
import type { ClCiphertext } from '../../cl/encryption.ts';
import { clEncryptWith } from '../../cl/encryption.ts';
import { clAdd, clLinearCombination } from '../../cl/homomorphic.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import type { Form } from '../../classgroups/form.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import { ErrorCodes, ParameterError } from '../../errors.ts';
import { formFactor, type GroupValue, type Statement, type StatementFactor } from '../language.ts';

/** The two statement factors (c1, c2) of a ciphertext of `setup`. */
export function ciphertextFactors(setup: ClassGroupSetup): StatementFactor[] {
  return [formFactor(setup.group), formFactor(setup.group)];
}

/** A ciphertext as the two statement values (c1, c2). */
export function ciphertextValues(ciphertext: ClCiphertext): [Form, Form] {
  return [ciphertext.c1, ciphertext.c2];
}

/** The ciphertext stored at `offset` and `offset + 1` of a statement. */
export function ciphertextAt(statement: Statement, offset: number): ClCiphertext {
  const c1 = statement[offset];
  const c2 = statement[offset + 1];
  if (!isForm(c1) || !isForm(c2)) {
    throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `the statement has no ciphertext at factors ${offset} and ${offset + 1}`);
  }
  return { c1, c2 };
}

function isForm(value: GroupValue | undefined): value is Form {
  return value !== undefined && typeof (value as Form).a === 'bigint' && typeof (value as Form).c === 'bigint';
}

/**
 * Σ aᵢ⊙ctᵢ ⊕ Enc(0; η) = (Π ctᵢ.c1^aᵢ · h^η, Π ctᵢ.c2^aᵢ · pk^η) for integers aᵢ and η: one
 * multi-exponentiation per component over the variable bases ctᵢ (their squarings shared) and the
 * fixed-base tables of h and pk. Equal, form for form, to what clEvaluate returns for the same
 * exponents and η (reduced forms are canonical and composition commutes).
 */
export function rerandomizedCombination(
  publicKey: ClPublicKey,
  ciphertexts: readonly ClCiphertext[],
  exponents: readonly bigint[],
  eta: bigint,
): ClCiphertext {
  const { setup } = publicKey;
  return clAdd(setup, clLinearCombination(setup, exponents, ciphertexts), clEncryptWith(publicKey, 0n, eta));
}
