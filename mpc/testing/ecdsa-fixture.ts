/**
 * Fixtures for the ECDSA and Schnorr tests and benches: a dealt network key per curve (threshold CL key and
 * global key parts), presigns computed directly by a test dealer (the same values the presign
 * session aggregates, without the proofs, for tests that need many of them), and threshold
 * decryption run in process. Deterministic (a DRBG per label); a dealer knows every secret, so
 * nothing here belongs on a real network.
 * @module
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { clEncrypt, clEncryptWith, clRandomness } from '../cl/encryption.ts';
import { clAdd, clScale } from '../cl/homomorphic.ts';
import type { ClassGroupSetup } from '../classgroups/setup.ts';
import { loadSetup } from '../classgroups/setups.ts';
import { type Curve, type CurveName, curveOrder, getCurve } from '../curves/curve.ts';
import { type EcdsaCurveName, ecdsaCurve } from '../ecdsa/curves.ts';
import type { DWalletOutput } from '../ecdsa/dkg/output.ts';
import { dealKeyParts, dealNetworkKey } from '../ecdsa/network-key/dealer.ts';
import type { NetworkKeyParts } from '../ecdsa/network-key/key-parts.ts';
import type { Presign } from '../ecdsa/presign/presign.ts';
import { presignTarget } from '../ecdsa/presign/target.ts';
import type { SignContext, UserSignMessage } from '../ecdsa/sign/message.ts';
import { signatureFromPlaintexts, signDecryptionSession } from '../ecdsa/sign/network.ts';
import { verifyUserSignMessage } from '../ecdsa/sign/verify.ts';
import type { EcdsaSignature } from '../ecdsa/signature.ts';
import { Drbg } from '../numbers/drbg.ts';
import { type RandomSource, randomBelow } from '../numbers/random.ts';
import { weightedAccessStructure } from '../threshold/access-structure.ts';
import { combineShareMessages } from '../threshold/combine.ts';
import { decryptionShareMessage } from '../threshold/decryption-share.ts';
import type { ThresholdPublicKey } from '../threshold/keys.ts';
import type { PartyKeyShare } from '../threshold/secret-share.ts';

/** The DRBG of the test suite for `name` (test/support/random.ts draws the same). */
function fixtureRng(name: string): Drbg {
  return new Drbg('dwallet/test', utf8ToBytes(name));
}

export interface NetworkKeyFixture {
  readonly curve: Curve;
  readonly setup: ClassGroupSetup;
  readonly key: NetworkKeyParts;
  readonly thresholdKey: ThresholdPublicKey;
  readonly keyShares: readonly PartyKeyShare[];
  readonly rng: RandomSource;
}

/** The fixture of the ECDSA tests (a network key on secp256k1 or P-256). */
export type EcdsaFixture = NetworkKeyFixture;

const fixtures = new Map<string, NetworkKeyFixture>();

/**
 * A network key on any curve (the DKG and the key serve every curve, PROTOCOL.md §6–§7) dealt for
 * the weights and threshold (memoised per arguments).
 */
export function networkKeyFixture(curveName: CurveName, weights: readonly number[] = [1, 1, 1, 1], threshold = 3): NetworkKeyFixture {
  const id = `${curveName}/${weights.join(',')}/${threshold}`;
  const known = fixtures.get(id);
  if (known !== undefined) return known;
  const curve = getCurve(curveName);
  const setup = loadSetup(curveOrder(curveName), 112);
  // The label predates ed25519 keys: kept, so the ECDSA tests draw the keys they always drew.
  const rng = fixtureRng(`ecdsa fixture ${id}`);
  const dealt = dealNetworkKey(curve, setup, weightedAccessStructure(threshold, weights), rng);
  const key = dealKeyParts(curve, dealt.thresholdKey.encryptionKey, rng);
  const fixture = { curve, setup, key, thresholdKey: dealt.thresholdKey, keyShares: dealt.keyShares, rng };
  fixtures.set(id, fixture);
  return fixture;
}

/** A network key on an ECDSA curve (refusing ed25519) dealt for the weights and threshold. */
export function ecdsaFixture(curveName: EcdsaCurveName, weights: readonly number[] = [1, 1, 1, 1], threshold = 3): EcdsaFixture {
  ecdsaCurve(curveName);
  return networkKeyFixture(curveName, weights, threshold);
}

export function sessionId(label: string): Uint8Array {
  return new Drbg('dwallet/test/ecdsa/session-id', utf8ToBytes(label)).bytes(32);
}

/**
 * A presign as the presign session would aggregate it, drawn by the test: γ, k₀, k₁ random,
 * ct_γ = Enc(γ), ct_γx = γ⊙ct ⊕ Enc(0), ct_γk_b = Enc(γ·k_b), R_B,b = k_b·G.
 */
export function dealerPresign(
  key: NetworkKeyParts,
  label: string,
  target: { kind: 'universal' } | { kind: 'targeted'; dwallet: DWalletOutput } = { kind: 'universal' },
  rng: RandomSource = fixtureRng(`dealer presign ${label}`),
): Presign {
  const { curve, encryptionKey } = key;
  const { setup } = encryptionKey;
  const q = curve.order;
  const gamma = 1n + randomBelow(rng, q - 1n);
  const k = [1n + randomBelow(rng, q - 1n), 1n + randomBelow(rng, q - 1n)] as const;
  const times = (ct: Parameters<typeof clScale>[1]) =>
    clAdd(setup, clScale(setup, ct, gamma), clEncryptWith(encryptionKey, 0n, clRandomness(setup, rng)));
  const base = {
    curve,
    keyCommitment: key.commitment.slice(),
    sessionId: sessionId(`presign ${label}`),
    encryptedMask: clEncrypt(encryptionKey, gamma, rng).ciphertext,
    encryptedMaskedNonceParts: [
      clEncrypt(encryptionKey, (gamma * k[0]) % q, rng).ciphertext,
      clEncrypt(encryptionKey, (gamma * k[1]) % q, rng).ciphertext,
    ] as const,
    noncePublicParts: [curve.multiply(curve.generator, k[0]), curve.multiply(curve.generator, k[1])] as const,
  };
  if (target.kind === 'universal') {
    return { ...base, kind: 'universal', encryptedMaskedKeyParts: [times(key.encryptedParts[0]), times(key.encryptedParts[1])] };
  }
  return {
    ...base,
    kind: 'targeted',
    dwalletPublicKey: target.dwallet.publicKey,
    target: presignTarget(target.dwallet, setup),
    encryptedMaskedKeyShare: times(target.dwallet.encryptedNetworkShare),
  };
}

/**
 * The network's side run in process without sessions: verify the user's message, then decrypt
 * (ct_A, ct_αβ) with the shares of `parties` (default: the first t) and combine.
 */
export function networkSign(
  fixture: EcdsaFixture,
  context: SignContext,
  message: UserSignMessage,
  parties?: readonly number[],
): EcdsaSignature | undefined {
  const request = verifyUserSignMessage(context, message);
  const session = signDecryptionSession(fixture.thresholdKey, request, sessionId(`sign ${bytesToHex(context.presign.sessionId)}`));
  const chosen = parties ?? fixture.keyShares.slice(0, fixture.thresholdKey.access.threshold).map((share) => share.party);
  const shares = chosen.map((party) => decryptionShareMessage(session, fixture.keyShares[party - 1] as PartyKeyShare));
  return signatureFromPlaintexts(request, combineShareMessages(session, shares));
}
