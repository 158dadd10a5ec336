/**
 * Fixtures for the Schnorr tests and benches (network keys come from ecdsa-fixture.ts
 * networkKeyFixture): presigns drawn by a test dealer (the values the presign session aggregates,
 * without the proofs), and the network's side of a signature run in process — verify the user's
 * message, threshold-decrypt ct_s with dealt key shares, and finish the signature. A dealer knows
 * every secret, so nothing here belongs on a real network.
 * @module
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { clEncrypt } from '../cl/encryption.ts';
import type { NetworkKeyParts } from '../ecdsa/network-key/key-parts.ts';
import { Drbg } from '../numbers/drbg.ts';
import { type RandomSource, randomBelow } from '../numbers/random.ts';
import type { SchnorrPresign } from '../schnorr/presign/presign.ts';
import type { SchnorrAlgorithm } from '../schnorr/scheme.ts';
import type { SchnorrSignContext } from '../schnorr/sign/message.ts';
import { schnorrSignatureFromPlaintext, schnorrSignDecryptionSession } from '../schnorr/sign/network.ts';
import { verifySchnorrUserSignMessage } from '../schnorr/sign/verify.ts';
import { combineShareMessages } from '../threshold/combine.ts';
import { decryptionShareMessage } from '../threshold/decryption-share.ts';
import type { PartyKeyShare } from '../threshold/secret-share.ts';
import { type NetworkKeyFixture, sessionId } from './ecdsa-fixture.ts';

/** A presign as the session would aggregate it: k₀, k₁ random, ct_kb = Enc(k_b), K_Bb = k_b·G. */
export function dealerSchnorrPresign(
  key: NetworkKeyParts,
  algorithm: SchnorrAlgorithm,
  label: string,
  rng: RandomSource = new Drbg('dwallet/test', utf8ToBytes(`dealer schnorr presign ${label}`)),
): SchnorrPresign {
  const { curve, encryptionKey } = key;
  const k = [1n + randomBelow(rng, curve.order - 1n), 1n + randomBelow(rng, curve.order - 1n)] as const;
  return Object.freeze({
    curve,
    algorithm,
    keyCommitment: key.commitment.slice(),
    sessionId: sessionId(`schnorr presign ${label}`),
    encryptedNonceParts: [clEncrypt(encryptionKey, k[0], rng).ciphertext, clEncrypt(encryptionKey, k[1], rng).ciphertext] as const,
    noncePublicParts: [curve.multiply(curve.generator, k[0]), curve.multiply(curve.generator, k[1])] as const,
  });
}

/**
 * The network's side in process: verify the user's message bytes, decrypt ct_s with the shares of
 * `parties` (default: the first t), and return the signature (undefined if it does not verify).
 */
export function networkSchnorrSign(
  fixture: NetworkKeyFixture,
  context: SchnorrSignContext,
  messageBytes: Uint8Array,
  parties?: readonly number[],
): Uint8Array | undefined {
  const request = verifySchnorrUserSignMessage(context, messageBytes);
  const session = schnorrSignDecryptionSession(
    fixture.thresholdKey,
    request,
    sessionId(`schnorr sign ${bytesToHex(context.presign.sessionId)}`),
  );
  const chosen = parties ?? fixture.keyShares.slice(0, fixture.thresholdKey.access.threshold).map((share) => share.party);
  const shares = chosen.map((party) => decryptionShareMessage(session, fixture.keyShares[party - 1] as PartyKeyShare));
  const [s] = combineShareMessages(session, shares);
  return s === undefined ? undefined : schnorrSignatureFromPlaintext(request, s);
}
