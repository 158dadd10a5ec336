/**
 * BCS encodings of what ECDSA puts on chain and sends (PROTOCOL.md §2): the user's DKG and
 * imported-key messages, the dWallet output, presigns and the user's sign message. (The 65-byte
 * signature is signature.ts; the network key material network-key/encoding.ts; the validators'
 * round messages are the sessions' round tables.)
 *
 *     UserDkgMessage     { user_public_share: Point, proof: Fischlin<DL>, public_user_share: Option<Scalar> }
 *     ImportedKeyMessage { user_public_share: Point, network_public_share: Point,
 *                          encrypted_network_share: ClCiphertext, user_proof: Fischlin<DL>,
 *                          encryption_proof: Maurer<EncDL>, public_user_share: Option<Scalar> }
 *     DWalletOutput      { curve: u32, key_commitment: [u8; 32], session_id: [u8; 32],
 *                          user_public_share, network_public_share, public_key: Point,
 *                          encrypted_network_share: ClCiphertext,
 *                          kind: enum { Universal { mu0, mu1, mu_g: Scalar }, Imported },
 *                          public_user_share: Option<Scalar> }
 *     Presign            { curve: u32, key_commitment: [u8; 32], session_id: [u8; 32],
 *                          encrypted_mask: ClCiphertext, encrypted_masked_nonce_parts: [ClCiphertext; 2],
 *                          nonce_public_parts: [Point; 2],
 *                          kind: enum { Universal { encrypted_masked_key_parts: [ClCiphertext; 2] },
 *                                       Targeted { dwallet_public_key: Point, target: [u8; 32],
 *                                                  encrypted_masked_key_share: ClCiphertext } } }
 *     UserSignMessage    { nonce, displaced_network_nonce, nonce_commitment, alpha_commitment,
 *                          beta_commitment, nonce_key_commitment: Point,
 *                          encrypted_partial_signature, encrypted_displaced_mask: ClCiphertext,
 *                          proofs: { nonce_non_zero: Maurer<DCom>, alpha_non_zero: Maurer<DCom>,
 *                                    beta: Fischlin<DCom>, nonce_key: Maurer<DComEq>,
 *                                    nonce: Maurer<DComDL>, displacement: Maurer<VecDComDL>,
 *                                    displaced_mask: Maurer<DComEval>,
 *                                    partial_signature: Maurer<DComEval> } }
 *
 * Points are compressed SEC1 (never the identity), scalars 32 bytes below q, forms and ciphertexts
 * elements of the key's class group, proof responses within their honest bounds. Decoding is
 * strict (encoding/decode.ts) and then checks what the bytes claim about themselves: the curve id,
 * X = X_A + X_B, a published x_A against X_A. Errors are EncodingErrors (ENCODING_*).
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { ciphertextSchema } from '../cl/encoding.ts';
import type { ClCiphertext } from '../cl/encryption.ts';
import { clPublicKey } from '../cl/keys.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import type { Curve, CurvePoint } from '../curves/curve.ts';
import { pointSchema, scalarSchema } from '../curves/encoding.ts';
import { decodeExact } from '../encoding/decode.ts';
import { EncodingError, ErrorCodes } from '../errors.ts';
import { fischlinProofSchema, maurerProofSchema } from '../proofs/encoding.ts';
import type { FischlinProof } from '../proofs/fischlin.ts';
import type { Language } from '../proofs/language.ts';
import { dcomLanguage } from '../proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../proofs/languages/dcom-eq.ts';
import { dcomEvalLanguage } from '../proofs/languages/dcom-eval.ts';
import { dlLanguage } from '../proofs/languages/dl.ts';
import { encDlLanguage } from '../proofs/languages/enc-dl.ts';
import { vecDcomDlLanguage } from '../proofs/languages/vec-dcom-dl.ts';
import type { MaurerProof } from '../proofs/maurer.ts';
import { curveId } from './curves.ts';
import type { ImportedKeyMessage } from './dkg/imported-key.ts';
import type { DWalletOutput } from './dkg/output.ts';
import type { UserDkgMessage } from './dkg/user.ts';
import type { NetworkKeyParts } from './network-key/key-parts.ts';
import type { Presign } from './presign/presign.ts';
import type { SignMessageProofs, UserSignMessage } from './sign/message.ts';

// biome-ignore lint/suspicious/noExplicitAny: schemas of heterogeneous structs are cached together
type AnySchema = BcsType<any, any>;

const bytes32 = bcs.bytes(32);

function invalid(what: string, message: string): EncodingError {
  return new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${what}: ${message}`);
}

/** Schemas that depend on the curve only, or on the curve and the class-group setup. */
interface CurveSchemas {
  readonly point: BcsType<CurvePoint, CurvePoint>;
  readonly scalar: BcsType<bigint, bigint>;
  readonly dkg: AnySchema;
  readonly dlProof: BcsType<FischlinProof, FischlinProof>;
  readonly nonZeroProof: BcsType<MaurerProof, MaurerProof>;
  readonly betaProof: BcsType<FischlinProof, FischlinProof>;
  /** The fixed-size head every DWalletOutput starts with (readable without the CL setup). */
  readonly outputHead: AnySchema;
}

/** The leading fields of a DWalletOutput, shared by the full schema and its head. */
function outputHeadFields(point: BcsType<CurvePoint, CurvePoint>) {
  return {
    curve: bcs.u32(),
    key_commitment: bytes32,
    session_id: bytes32,
    user_public_share: point,
    network_public_share: point,
    public_key: point,
  };
}

interface SetupSchemas {
  readonly ciphertext: BcsType<ClCiphertext, ClCiphertext>;
  readonly imported: AnySchema;
  readonly output: AnySchema;
  readonly presign: AnySchema;
  readonly sign: AnySchema;
}

const curveCache = new Map<string, CurveSchemas>();
const setupCache = new WeakMap<ClassGroupSetup, Map<string, SetupSchemas>>();

function curveSchemas(curve: Curve): CurveSchemas {
  let known = curveCache.get(curve.name);
  if (known !== undefined) return known;
  const point = pointSchema(curve);
  const scalar = scalarSchema(curve);
  const dlProof = fischlinProofSchema(dlLanguage(curve));
  known = {
    point,
    scalar,
    dlProof,
    dkg: bcs.struct('UserDkgMessage', { user_public_share: point, proof: dlProof, public_user_share: bcs.option(scalar) }),
    nonZeroProof: maurerProofSchema(dcomLanguage(curve), 1),
    betaProof: fischlinProofSchema(dcomLanguage(curve)),
    outputHead: bcs.struct('DWalletOutputHead', outputHeadFields(point)),
  };
  curveCache.set(curve.name, known);
  return known;
}

/** A language with the right shape for encodings (public values do not change an encoding). */
function evaluationShape(curve: Curve, setup: ClassGroupSetup): Language {
  const placeholder = { c1: setup.group.identity, c2: setup.group.identity };
  return dcomEvalLanguage(curve, clPublicKey(setup, setup.h), [placeholder, placeholder]);
}

function setupSchemas(curve: Curve, setup: ClassGroupSetup): SetupSchemas {
  let byCurve = setupCache.get(setup);
  if (byCurve === undefined) {
    byCurve = new Map();
    setupCache.set(setup, byCurve);
  }
  const known = byCurve.get(curve.name);
  if (known !== undefined) return known;
  const { point, scalar, dlProof, nonZeroProof, betaProof } = curveSchemas(curve);
  const ciphertext = ciphertextSchema(setup);
  const G = curve.generator;
  const evaluationProof = maurerProofSchema(evaluationShape(curve, setup), 1);
  const schemas: SetupSchemas = {
    ciphertext,
    imported: bcs.struct('ImportedKeyMessage', {
      user_public_share: point,
      network_public_share: point,
      encrypted_network_share: ciphertext,
      user_proof: dlProof,
      encryption_proof: maurerProofSchema(encDlLanguage(curve, clPublicKey(setup, setup.h)), 1),
      public_user_share: bcs.option(scalar),
    }),
    output: bcs.struct('DWalletOutput', {
      ...outputHeadFields(point),
      encrypted_network_share: ciphertext,
      kind: bcs.enum('DWalletKind', {
        Universal: bcs.struct('DWalletRandomizers', { mu0: scalar, mu1: scalar, mu_g: scalar }),
        Imported: null,
      }),
      public_user_share: bcs.option(scalar),
    }),
    presign: bcs.struct('Presign', {
      curve: bcs.u32(),
      key_commitment: bytes32,
      session_id: bytes32,
      encrypted_mask: ciphertext,
      encrypted_masked_nonce_parts: bcs.fixedArray(2, ciphertext),
      nonce_public_parts: bcs.fixedArray(2, point),
      kind: bcs.enum('PresignKind', {
        Universal: bcs.struct('UniversalPresign', { encrypted_masked_key_parts: bcs.fixedArray(2, ciphertext) }),
        Targeted: bcs.struct('TargetedPresign', { dwallet_public_key: point, target: bytes32, encrypted_masked_key_share: ciphertext }),
      }),
    }),
    sign: bcs.struct('UserSignMessage', {
      nonce: point,
      displaced_network_nonce: point,
      nonce_commitment: point,
      alpha_commitment: point,
      beta_commitment: point,
      nonce_key_commitment: point,
      encrypted_partial_signature: ciphertext,
      encrypted_displaced_mask: ciphertext,
      proofs: bcs.struct('SignMessageProofs', {
        nonce_non_zero: nonZeroProof,
        alpha_non_zero: nonZeroProof,
        beta: betaProof,
        nonce_key: maurerProofSchema(dcomEqLanguage(curve, G), 1),
        nonce: maurerProofSchema(dcomDlLanguage(curve, G), 1),
        displacement: maurerProofSchema(vecDcomDlLanguage(curve, G, G), 1),
        displaced_mask: evaluationProof,
        partial_signature: evaluationProof,
      }),
    }),
  };
  byCurve.set(curve.name, schemas);
  return schemas;
}

function checkCurve(curve: Curve, id: number, what: string): void {
  if (id !== curveId(curve)) throw invalid(what, `made for curve ${id}, expected ${curve.name}`);
}

function optional<T>(value: T | null | undefined): T | undefined {
  return value === null || value === undefined ? undefined : value;
}

function pair<T>(values: readonly T[], what: string): readonly [T, T] {
  const [first, second] = values;
  if (first === undefined || second === undefined || values.length !== 2) throw invalid(what, 'two values expected');
  return [first, second];
}

// ---- DKG ------------------------------------------------------------------------------------

/** The bytes of π_DL as the μ transcript absorbs them. */
export function encodeDkgUserProof(curve: Curve, proof: FischlinProof): Uint8Array {
  return curveSchemas(curve).dlProof.serialize(proof).toBytes();
}

export function encodeUserDkgMessage(curve: Curve, message: UserDkgMessage): Uint8Array {
  return curveSchemas(curve)
    .dkg.serialize({
      user_public_share: message.userPublicShare,
      proof: message.proof,
      public_user_share: message.publicUserSecretShare ?? null,
    })
    .toBytes();
}

export function decodeUserDkgMessage(curve: Curve, bytes: Uint8Array): UserDkgMessage {
  const raw = decodeExact(curveSchemas(curve).dkg, bytes, 'user DKG message');
  return { userPublicShare: raw.user_public_share, proof: raw.proof, publicUserSecretShare: optional(raw.public_user_share) };
}

export function encodeImportedKeyMessage(key: NetworkKeyParts, message: ImportedKeyMessage): Uint8Array {
  return setupSchemas(key.curve, key.encryptionKey.setup)
    .imported.serialize({
      user_public_share: message.userPublicShare,
      network_public_share: message.networkPublicShare,
      encrypted_network_share: message.encryptedNetworkShare,
      user_proof: message.userProof,
      encryption_proof: message.encryptionProof,
      public_user_share: message.publicUserSecretShare ?? null,
    })
    .toBytes();
}

export function decodeImportedKeyMessage(key: NetworkKeyParts, bytes: Uint8Array): ImportedKeyMessage {
  const raw = decodeExact(setupSchemas(key.curve, key.encryptionKey.setup).imported, bytes, 'imported-key message');
  return {
    userPublicShare: raw.user_public_share,
    networkPublicShare: raw.network_public_share,
    encryptedNetworkShare: raw.encrypted_network_share,
    userProof: raw.user_proof,
    encryptionProof: raw.encryption_proof,
    publicUserSecretShare: optional(raw.public_user_share),
  };
}

// ---- dWallet output -------------------------------------------------------------------------

export function encodeDWalletOutput(output: DWalletOutput, setup: ClassGroupSetup): Uint8Array {
  const { randomizers } = output;
  if ((output.kind === 'universal') !== (randomizers !== undefined)) {
    throw invalid('dWallet output', 'a universal dWallet has randomizers, an imported one has none');
  }
  return setupSchemas(output.curve, setup)
    .output.serialize({
      curve: curveId(output.curve),
      key_commitment: output.keyCommitment,
      session_id: output.sessionId,
      user_public_share: output.userPublicShare,
      network_public_share: output.networkPublicShare,
      public_key: output.publicKey,
      encrypted_network_share: output.encryptedNetworkShare,
      kind:
        randomizers !== undefined
          ? { Universal: { mu0: randomizers.mu0, mu1: randomizers.mu1, mu_g: randomizers.muG } }
          : { Imported: true },
      public_user_share: output.publicUserSecretShare ?? null,
    })
    .toBytes();
}

/**
 * The public key X of a dWallet output, read from its head alone (no CL setup needed: what comes
 * after the head is not decoded); checks the curve and X = X_A + X_B.
 */
export function dwalletOutputPublicKey(curve: Curve, bytes: Uint8Array): CurvePoint {
  const what = 'dWallet output';
  let raw: { curve: number; user_public_share: CurvePoint; network_public_share: CurvePoint; public_key: CurvePoint };
  try {
    raw = curveSchemas(curve).outputHead.parse(bytes);
  } catch (error) {
    throw new EncodingError(ErrorCodes.ENCODING_TRUNCATED, `${what}: the head does not decode: ${(error as Error).message}`);
  }
  checkCurve(curve, raw.curve, what);
  if (!raw.user_public_share.add(raw.network_public_share).equals(raw.public_key)) throw invalid(what, 'X ≠ X_A + X_B');
  return raw.public_key;
}

/** Decodes a dWallet output; checks X = X_A + X_B and a published x_A against X_A. */
export function decodeDWalletOutput(curve: Curve, setup: ClassGroupSetup, bytes: Uint8Array): DWalletOutput {
  const what = 'dWallet output';
  const raw = decodeExact(setupSchemas(curve, setup).output, bytes, what);
  checkCurve(curve, raw.curve, what);
  const userPublicShare: CurvePoint = raw.user_public_share;
  const networkPublicShare: CurvePoint = raw.network_public_share;
  const publicKey: CurvePoint = raw.public_key;
  if (!userPublicShare.add(networkPublicShare).equals(publicKey)) throw invalid(what, 'X ≠ X_A + X_B');
  const publicUserSecretShare = optional<bigint>(raw.public_user_share);
  if (publicUserSecretShare !== undefined && !curve.multiplyPublic(curve.generator, publicUserSecretShare).equals(userPublicShare)) {
    throw invalid(what, 'the published x_A does not match X_A');
  }
  const universal = raw.kind.$kind === 'Universal' ? raw.kind.Universal : undefined;
  return Object.freeze({
    kind: universal === undefined ? 'imported' : 'universal',
    curve,
    keyCommitment: new Uint8Array(raw.key_commitment),
    sessionId: new Uint8Array(raw.session_id),
    userPublicShare,
    networkPublicShare,
    publicKey,
    encryptedNetworkShare: raw.encrypted_network_share,
    randomizers: universal === undefined ? undefined : { mu0: universal.mu0, mu1: universal.mu1, muG: universal.mu_g },
    publicUserSecretShare,
  });
}

// ---- presigns -------------------------------------------------------------------------------

export function encodePresign(presign: Presign, setup: ClassGroupSetup): Uint8Array {
  return setupSchemas(presign.curve, setup)
    .presign.serialize({
      curve: curveId(presign.curve),
      key_commitment: presign.keyCommitment,
      session_id: presign.sessionId,
      encrypted_mask: presign.encryptedMask,
      encrypted_masked_nonce_parts: [...presign.encryptedMaskedNonceParts],
      nonce_public_parts: [...presign.noncePublicParts],
      kind:
        presign.kind === 'universal'
          ? { Universal: { encrypted_masked_key_parts: [...presign.encryptedMaskedKeyParts] } }
          : {
              Targeted: {
                dwallet_public_key: presign.dwalletPublicKey,
                target: presign.target,
                encrypted_masked_key_share: presign.encryptedMaskedKeyShare,
              },
            },
    })
    .toBytes();
}

export function decodePresign(curve: Curve, setup: ClassGroupSetup, bytes: Uint8Array): Presign {
  const what = 'presign';
  const raw = decodeExact(setupSchemas(curve, setup).presign, bytes, what);
  checkCurve(curve, raw.curve, what);
  const base = {
    curve,
    keyCommitment: new Uint8Array(raw.key_commitment),
    sessionId: new Uint8Array(raw.session_id),
    encryptedMask: raw.encrypted_mask as ClCiphertext,
    encryptedMaskedNonceParts: pair<ClCiphertext>(raw.encrypted_masked_nonce_parts, what),
    noncePublicParts: pair<CurvePoint>(raw.nonce_public_parts, what),
  };
  if (raw.kind.$kind === 'Universal') {
    return Object.freeze({
      ...base,
      kind: 'universal',
      encryptedMaskedKeyParts: pair<ClCiphertext>(raw.kind.Universal.encrypted_masked_key_parts, what),
    });
  }
  return Object.freeze({
    ...base,
    kind: 'targeted',
    dwalletPublicKey: raw.kind.Targeted.dwallet_public_key,
    target: new Uint8Array(raw.kind.Targeted.target),
    encryptedMaskedKeyShare: raw.kind.Targeted.encrypted_masked_key_share,
  });
}

// ---- sign -----------------------------------------------------------------------------------

/** The bytes of the proofs the nonce randomizers absorb (sign/randomizers.ts). */
export function encodeNonZeroProof(curve: Curve, proof: MaurerProof): Uint8Array {
  return curveSchemas(curve).nonZeroProof.serialize(proof).toBytes();
}

export function encodeBetaProof(curve: Curve, proof: FischlinProof): Uint8Array {
  return curveSchemas(curve).betaProof.serialize(proof).toBytes();
}

export function encodeUserSignMessage(key: NetworkKeyParts, message: UserSignMessage): Uint8Array {
  const { proofs } = message;
  return setupSchemas(key.curve, key.encryptionKey.setup)
    .sign.serialize({
      nonce: message.nonce,
      displaced_network_nonce: message.displacedNetworkNonce,
      nonce_commitment: message.nonceCommitment,
      alpha_commitment: message.alphaCommitment,
      beta_commitment: message.betaCommitment,
      nonce_key_commitment: message.nonceKeyCommitment,
      encrypted_partial_signature: message.encryptedPartialSignature,
      encrypted_displaced_mask: message.encryptedDisplacedMask,
      proofs: {
        nonce_non_zero: proofs.nonceNonZero,
        alpha_non_zero: proofs.alphaNonZero,
        beta: proofs.beta,
        nonce_key: proofs.nonceKey,
        nonce: proofs.nonce,
        displacement: proofs.displacement,
        displaced_mask: proofs.displacedMask,
        partial_signature: proofs.partialSignature,
      },
    })
    .toBytes();
}

export function decodeUserSignMessage(key: NetworkKeyParts, bytes: Uint8Array): UserSignMessage {
  const raw = decodeExact(setupSchemas(key.curve, key.encryptionKey.setup).sign, bytes, 'user sign message');
  const p = raw.proofs;
  const proofs: SignMessageProofs = {
    nonceNonZero: p.nonce_non_zero,
    alphaNonZero: p.alpha_non_zero,
    beta: p.beta,
    nonceKey: p.nonce_key,
    nonce: p.nonce,
    displacement: p.displacement,
    displacedMask: p.displaced_mask,
    partialSignature: p.partial_signature,
  };
  return {
    nonce: raw.nonce,
    displacedNetworkNonce: raw.displaced_network_nonce,
    nonceCommitment: raw.nonce_commitment,
    alphaCommitment: raw.alpha_commitment,
    betaCommitment: raw.beta_commitment,
    nonceKeyCommitment: raw.nonce_key_commitment,
    encryptedPartialSignature: raw.encrypted_partial_signature,
    encryptedDisplacedMask: raw.encrypted_displaced_mask,
    proofs,
  };
}
