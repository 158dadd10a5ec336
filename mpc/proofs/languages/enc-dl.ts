/**
 * L_EncDL: a CL encryption of the discrete logarithm of a curve point (PROTOCOL.md §5),
 * φ(x, η) = (Enc(x; η), x·G) = (h^η, f^x·pk^η, x·G). Validators prove it for their shares of the
 * network's key parts (§6) and of Schnorr nonces (§9), the user for an imported key (§7).
 *
 * x is a scalar: it only meets bases of order q (G, and f, which generates the message subgroup
 * F of order q), so φ is well defined on Z_q and f^x can be computed directly from x mod q.
 * η is an integer (|η| < 2^s, S = 2^s the randomness range of §3): h and pk have unknown order.
 * @module
 */
import { type ClCiphertext, clEncryptWith } from '../../cl/encryption.ts';
import type { ClPublicKey } from '../../cl/keys.ts';
import { type Curve, type CurvePoint, multiplyAs } from '../../curves/curve.ts';
import { encodePublicParameters, integerFactor, type Language, pointFactor, SCALAR, type Statement } from '../language.ts';
import { ciphertextAt, ciphertextFactors, ciphertextValues } from './ciphertexts.ts';
import { curveAndKeyParameter } from './parameters.ts';

/** EncDL under `publicKey` on `curve` (the key's setup must be for the curve's q). Witness (x, η), statement (ct, X). */
export function encDlLanguage(curve: Curve, publicKey: ClPublicKey): Language {
  const publicParameters = encodePublicParameters(curveAndKeyParameter('EncDL', curve, publicKey));
  const { setup } = publicKey;
  return {
    name: 'EncDL',
    witness: [SCALAR, integerFactor(setup.randomnessBits)],
    statement: [...ciphertextFactors(setup), pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters,
    map: ([x, eta], secrecy) => [
      ...ciphertextValues(clEncryptWith(publicKey, x as bigint, eta as bigint)),
      multiplyAs(curve, secrecy)(curve.generator, x as bigint),
    ],
  };
}

/** The statement (ct, X) as EncDL lays it out. */
export function encDlStatement(ciphertext: ClCiphertext, point: CurvePoint): Statement {
  return [...ciphertextValues(ciphertext), point];
}

/** The ciphertext and point of an EncDL statement. */
export function encDlStatementParts(statement: Statement): { ciphertext: ClCiphertext; point: CurvePoint } {
  return { ciphertext: ciphertextAt(statement, 0), point: statement[2] as CurvePoint };
}
