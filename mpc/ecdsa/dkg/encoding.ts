/**
 * BCS encodings of the DKG's messages and their result (PROTOCOL.md §2, §6): the user's DKG and
 * imported-key messages and the dWallet output, with the head of an output readable without the
 * class-group setup (`dwalletOutputPublicKey`, for the indexer). Layouts: mpc/ecdsa/messages.ts.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { ciphertextSchema } from '../../cl/encoding.ts';
import { clPublicKey } from '../../cl/keys.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import type { Curve, CurvePoint } from '../../curves/curve.ts';
import { pointSchema, scalarSchema } from '../../curves/encoding.ts';
import { decodeExact } from '../../encoding/decode.ts';
import { EncodingError, ErrorCodes } from '../../errors.ts';
import { fischlinProofSchema, maurerProofSchema } from '../../proofs/encoding.ts';
import type { FischlinProof } from '../../proofs/fischlin.ts';
import { dlLanguage } from '../../proofs/languages/dl.ts';
import { encDlLanguage } from '../../proofs/languages/enc-dl.ts';
import { curveIdOf } from '../../signing/algorithms.ts';
import { type AnySchema, bytes32, checkCurve, invalid, optional, perCurve, perSetup } from '../encoding.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { ImportedKeyMessage } from './imported-key.ts';
import type { DWalletOutput } from './output.ts';
import type { UserDkgMessage } from './user.ts';

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

const dkgCurveSchemas = perCurve((curve: Curve) => {
  const point = pointSchema(curve);
  const dlProof = fischlinProofSchema(dlLanguage(curve));
  return {
    dlProof,
    dkg: bcs.struct('UserDkgMessage', {
      user_public_share: point,
      proof: dlProof,
      public_user_share: bcs.option(scalarSchema(curve)),
    }) as AnySchema,
    /** The fixed-size head every DWalletOutput starts with (readable without the CL setup). */
    outputHead: bcs.struct('DWalletOutputHead', outputHeadFields(point)) as AnySchema,
  };
});

/** The schemas that need the class-group setup (ciphertexts, proofs over CL). */
export const dkgSetupSchemas = perSetup((curve: Curve, setup: ClassGroupSetup) => {
  const point = pointSchema(curve);
  const scalar = scalarSchema(curve);
  const ciphertext = ciphertextSchema(setup);
  return {
    imported: bcs.struct('ImportedKeyMessage', {
      user_public_share: point,
      network_public_share: point,
      encrypted_network_share: ciphertext,
      user_proof: dkgCurveSchemas(curve).dlProof,
      encryption_proof: maurerProofSchema(encDlLanguage(curve, clPublicKey(setup, setup.h)), 1),
      public_user_share: bcs.option(scalar),
    }) as AnySchema,
    output: bcs.struct('DWalletOutput', {
      ...outputHeadFields(point),
      encrypted_network_share: ciphertext,
      kind: bcs.enum('DWalletKind', {
        Universal: bcs.struct('DWalletRandomizers', { mu0: scalar, mu1: scalar, mu_g: scalar }),
        Imported: null,
      }),
      public_user_share: bcs.option(scalar),
    }) as AnySchema,
  };
});

/** The bytes of π_DL as the μ transcript absorbs them. */
export function encodeDkgUserProof(curve: Curve, proof: FischlinProof): Uint8Array {
  return dkgCurveSchemas(curve).dlProof.serialize(proof).toBytes();
}

export function encodeUserDkgMessage(curve: Curve, message: UserDkgMessage): Uint8Array {
  return dkgCurveSchemas(curve)
    .dkg.serialize({
      user_public_share: message.userPublicShare,
      proof: message.proof,
      public_user_share: message.publicUserSecretShare ?? null,
    })
    .toBytes();
}

export function decodeUserDkgMessage(curve: Curve, bytes: Uint8Array): UserDkgMessage {
  const raw = decodeExact(dkgCurveSchemas(curve).dkg, bytes, 'user DKG message');
  return { userPublicShare: raw.user_public_share, proof: raw.proof, publicUserSecretShare: optional(raw.public_user_share) };
}

export function encodeImportedKeyMessage(key: NetworkKeyParts, message: ImportedKeyMessage): Uint8Array {
  return dkgSetupSchemas(key.curve, key.encryptionKey.setup)
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
  const raw = decodeExact(dkgSetupSchemas(key.curve, key.encryptionKey.setup).imported, bytes, 'imported-key message');
  return {
    userPublicShare: raw.user_public_share,
    networkPublicShare: raw.network_public_share,
    encryptedNetworkShare: raw.encrypted_network_share,
    userProof: raw.user_proof,
    encryptionProof: raw.encryption_proof,
    publicUserSecretShare: optional(raw.public_user_share),
  };
}

export function encodeDWalletOutput(output: DWalletOutput, setup: ClassGroupSetup): Uint8Array {
  const { randomizers } = output;
  if ((output.kind === 'universal') !== (randomizers !== undefined)) {
    throw invalid('dWallet output', 'a universal dWallet has randomizers, an imported one has none');
  }
  return dkgSetupSchemas(output.curve, setup)
    .output.serialize({
      curve: curveIdOf(output.curve),
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
    raw = dkgCurveSchemas(curve).outputHead.parse(bytes);
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
  const raw = decodeExact(dkgSetupSchemas(curve, setup).output, bytes, what);
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
