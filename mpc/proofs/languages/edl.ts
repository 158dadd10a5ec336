/**
 * L_EDL: equality of discrete logarithms in the class group, (g₀^s, g₁^s, …, g_k^s) for public
 * bases gᵢ and an integer witness s (PROTOCOL.md §4–5). With bases (h, c₁) it proves that a
 * decryption share d = c₁^s was made with the share s behind the verification key vk = h^s;
 * with (h, c₁, c₁', …) one proof covers the shares of several ciphertexts.
 * @module
 */

import { encodeForm } from '../../classgroups/encoding.ts';
import type { Form } from '../../classgroups/form.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import { ErrorCodes, ParameterError } from '../../errors.ts';
import { encodePublicParameters, formFactor, integerFactor, type Language } from '../language.ts';

/** EDL over `bases` (the first is usually h, whose fixed-base table is then used) for |s| < 2^witnessBits. */
export function edlLanguage(setup: ClassGroupSetup, bases: readonly Form[], witnessBits: number): Language {
  if (bases.length < 2) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, 'EDL needs at least two bases');
  const { group } = setup;
  const raise = bases.map((base) => (group.equals(base, setup.h) ? (s: bigint) => setup.hTable.pow(s) : (s: bigint) => group.pow(base, s)));
  return {
    name: 'EDL',
    witness: [integerFactor(witnessBits)],
    statement: bases.map(() => formFactor(group)),
    scalarOrder: setup.q,
    publicParameters: encodePublicParameters(...bases.map((b) => encodeForm(group, b))),
    map: ([s]) => raise.map((pow) => pow(s as bigint)),
  };
}
