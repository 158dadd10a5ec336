/**
 * BCS encoding of the user's sign message (PROTOCOL.md §8) and of the proofs the nonce
 * randomizers absorb. Layout: mpc/ecdsa/messages.ts.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { ciphertextSchema } from '../../cl/encoding.ts';
import { clPublicKey } from '../../cl/keys.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import type { Curve } from '../../curves/curve.ts';
import { pointSchema } from '../../curves/encoding.ts';
import { decodeExact } from '../../encoding/decode.ts';
import { fischlinProofSchema, maurerProofSchema } from '../../proofs/encoding.ts';
import type { FischlinProof } from '../../proofs/fischlin.ts';
import type { Language } from '../../proofs/language.ts';
import { dcomLanguage } from '../../proofs/languages/dcom.ts';
import { dcomDlLanguage } from '../../proofs/languages/dcom-dl.ts';
import { dcomEqLanguage } from '../../proofs/languages/dcom-eq.ts';
import { dcomEvalLanguage } from '../../proofs/languages/dcom-eval.ts';
import { vecDcomDlLanguage } from '../../proofs/languages/vec-dcom-dl.ts';
import type { MaurerProof } from '../../proofs/maurer.ts';
import { type AnySchema, perCurve, perSetup } from '../encoding.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';
import type { SignMessageProofs, UserSignMessage } from './message.ts';

const signCurveSchemas = perCurve((curve: Curve) => ({
  nonZeroProof: maurerProofSchema(dcomLanguage(curve), 1),
  betaProof: fischlinProofSchema(dcomLanguage(curve)),
}));

/** A language with the right shape for encodings (public values do not change an encoding). */
function evaluationShape(curve: Curve, setup: ClassGroupSetup): Language {
  const placeholder = { c1: setup.group.identity, c2: setup.group.identity };
  return dcomEvalLanguage(curve, clPublicKey(setup, setup.h), [placeholder, placeholder]);
}

const signMessageSchema = perSetup((curve: Curve, setup: ClassGroupSetup): AnySchema => {
  const point = pointSchema(curve);
  const ciphertext = ciphertextSchema(setup);
  const { nonZeroProof, betaProof } = signCurveSchemas(curve);
  const G = curve.generator;
  const evaluationProof = maurerProofSchema(evaluationShape(curve, setup), 1);
  return bcs.struct('UserSignMessage', {
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
  });
});

/** The bytes of the proofs the nonce randomizers absorb (sign/randomizers.ts). */
export function encodeNonZeroProof(curve: Curve, proof: MaurerProof): Uint8Array {
  return signCurveSchemas(curve).nonZeroProof.serialize(proof).toBytes();
}

export function encodeBetaProof(curve: Curve, proof: FischlinProof): Uint8Array {
  return signCurveSchemas(curve).betaProof.serialize(proof).toBytes();
}

export function encodeUserSignMessage(key: NetworkKeyParts, message: UserSignMessage): Uint8Array {
  const { proofs } = message;
  return signMessageSchema(key.curve, key.encryptionKey.setup)
    .serialize({
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
  const raw = decodeExact(signMessageSchema(key.curve, key.encryptionKey.setup), bytes, 'user sign message');
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
