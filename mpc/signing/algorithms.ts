/**
 * The signing schemes a dWallet can have, with the u32 ids the chain records for them
 * (chain/constants.ts `Curve`, `SignatureAlgorithm`, `HashScheme`; a test checks the tables
 * agree). A dWallet's curve and algorithm are fixed at creation; a presign is made for one
 * (curve, algorithm); a sign request names one of the scheme's hash schemes.
 *
 * | curve     | algorithm | hash schemes                          | signature                       |
 * |-----------|-----------|---------------------------------------|---------------------------------|
 * | secp256k1 | ecdsa     | keccak256, sha256, double-sha256, pre | r ‖ s ‖ recovery id (65 bytes)  |
 * | p256      | ecdsa     | sha256, prehashed                     | r ‖ s ‖ recovery id (65 bytes)  |
 * | secp256k1 | taproot   | sha256, prehashed                     | x(R) ‖ s, BIP-340 (64 bytes)    |
 * | ed25519   | eddsa     | sha512                                | R ‖ s, RFC 8032 (64 bytes)      |
 *
 * What the hash scheme means for the Schnorr family (PROTOCOL.md §9): Taproot signs the 32-byte
 * BIP-340 message m = SHA-256(message) (sha256) or m = message, exactly 32 bytes (prehashed, e.g.
 * a BIP-341 sighash). EdDSA signs the message itself; "sha512" names the hash inside its
 * challenge SHA-512(R ‖ A ‖ M) (the key is a raw scalar, not an RFC 8032 seed).
 * @module
 */
import { type Curve, type CurveName, getCurve, isCurveName } from '../curves/curve.ts';
import { ErrorCodes, ParameterError } from '../errors.ts';

/** Curve ids (u32 on chain). */
export const CURVE_IDS: Readonly<Record<CurveName, number>> = Object.freeze({ secp256k1: 0, p256: 1, ed25519: 2 });

export const SIGNATURE_ALGORITHMS = ['ecdsa', 'taproot', 'eddsa'] as const;
export type SignatureAlgorithmName = (typeof SIGNATURE_ALGORITHMS)[number];
/** Signature algorithm ids (u32 on chain). */
export const SIGNATURE_ALGORITHM_IDS: Readonly<Record<SignatureAlgorithmName, number>> = Object.freeze({ ecdsa: 0, taproot: 1, eddsa: 2 });

/** Hash scheme ids (u32 on chain). */
export const HASH_SCHEME_IDS = Object.freeze({ KECCAK256: 0, SHA256: 1, DOUBLE_SHA256: 2, PREHASHED: 3, SHA512: 4 } as const);
export type HashSchemeId = (typeof HASH_SCHEME_IDS)[keyof typeof HASH_SCHEME_IDS];

export interface SigningScheme {
  readonly curve: CurveName;
  readonly algorithm: SignatureAlgorithmName;
  readonly hashSchemes: readonly HashSchemeId[];
  /** Length of the signature the network outputs and the chain stores. */
  readonly signatureBytes: number;
}

const H = HASH_SCHEME_IDS;
/** Every (curve, algorithm) that exists; any other combination is refused everywhere. */
export const SIGNING_SCHEMES: readonly SigningScheme[] = Object.freeze([
  Object.freeze({
    curve: 'secp256k1',
    algorithm: 'ecdsa',
    hashSchemes: [H.KECCAK256, H.SHA256, H.DOUBLE_SHA256, H.PREHASHED],
    signatureBytes: 65,
  }),
  Object.freeze({ curve: 'p256', algorithm: 'ecdsa', hashSchemes: [H.SHA256, H.PREHASHED], signatureBytes: 65 }),
  Object.freeze({ curve: 'secp256k1', algorithm: 'taproot', hashSchemes: [H.SHA256, H.PREHASHED], signatureBytes: 64 }),
  Object.freeze({ curve: 'ed25519', algorithm: 'eddsa', hashSchemes: [H.SHA512], signatureBytes: 64 }),
] satisfies SigningScheme[]);

export function isSignatureAlgorithmName(value: unknown): value is SignatureAlgorithmName {
  return typeof value === 'string' && (SIGNATURE_ALGORITHMS as readonly string[]).includes(value);
}

/** The scheme of (curve, algorithm), or undefined for a combination that does not exist. */
export function findSigningScheme(curve: CurveName | string, algorithm: SignatureAlgorithmName | string): SigningScheme | undefined {
  return SIGNING_SCHEMES.find((scheme) => scheme.curve === curve && scheme.algorithm === algorithm);
}

/** The scheme of (curve, algorithm), refusing combinations that do not exist (e.g. ed25519 with ECDSA). */
export function signingScheme(curve: CurveName | string, algorithm: SignatureAlgorithmName | string): SigningScheme {
  const scheme = findSigningScheme(curve, algorithm);
  if (scheme === undefined) {
    const offered = SIGNING_SCHEMES.map((s) => `${s.curve}/${s.algorithm}`).join(', ');
    throw new ParameterError(
      ErrorCodes.INVALID_PARAMETER,
      `no signature algorithm ${String(algorithm)} on ${String(curve)}; offered: ${offered}`,
      {
        curve,
        algorithm,
      },
    );
  }
  return scheme;
}

/** The algorithm a dWallet on `curve` gets when none is named: ECDSA on secp256k1 and P-256, EdDSA on ed25519. */
export function defaultAlgorithm(curve: CurveName): SignatureAlgorithmName {
  return curve === 'ed25519' ? 'eddsa' : 'ecdsa';
}

export function isHashSchemeOf(scheme: SigningScheme, hashScheme: unknown): hashScheme is HashSchemeId {
  return (scheme.hashSchemes as readonly unknown[]).includes(hashScheme);
}

export function curveIdOf(curve: Curve | CurveName): number {
  return CURVE_IDS[typeof curve === 'string' ? curve : curve.name];
}

/** The curve of an on-chain id (refusing unknown ids). */
export function curveById(id: number): Curve {
  const name = (Object.keys(CURVE_IDS) as CurveName[]).find((candidate) => CURVE_IDS[candidate] === id);
  if (name === undefined || !isCurveName(name)) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `unknown curve id ${id}`, { id });
  return getCurve(name);
}

export function algorithmById(id: number): SignatureAlgorithmName {
  const name = SIGNATURE_ALGORITHMS.find((candidate) => SIGNATURE_ALGORITHM_IDS[candidate] === id);
  if (name === undefined) throw new ParameterError(ErrorCodes.INVALID_PARAMETER, `unknown signature algorithm id ${id}`, { id });
  return name;
}
