/**
 * The validators' Schnorr sign session (PROTOCOL.md §9; PROTOCOL-EXTENSIONS.md §9.1), Taproot and
 * EdDSA alike: the threshold-sign session of mpc/signing/session.ts — optimistic decryption, the
 * proven round with blame and retry without the blamed, the designated combiner, standbys,
 * re-sends and persistence are described there — instantiated with the Schnorr side:
 *
 *   start    verify the user's message (sign/verify.ts: recompute μ_k, K, σ_K and e, check
 *            z_A·G = σ_K·K_A + e·(a·X_A + b·G)) — a failure completes the session with a
 *            rejection the chain records, before any decryption share exists — then send this
 *            validator's unproven decryption share of the one ciphertext
 *            ct_s = σ_K⊙(ct_k0 ⊕ μ_k⊙ct_k1) ⊕ (e·a)⊙ct_key ⊕ Enc(z_A; 0)
 *   round 1  "share": once shares of weight ≥ t are in, combine them to s and encode (K, s) in the
 *            scheme's form; it is the output only if noble verifies it (BIP-340 under x(Q), or
 *            Ed25519 under enc(X)): sign/network.ts schnorrSignatureFromPlaintext.
 *   round 2  "proven-share": EDL-proven shares of ct_s, blame and retry (generic).
 *   round 3  "signature": with a designated combiner, the 64 signature bytes; the others accept
 *            them only if they carry this request's nonce and verify
 *            (sign/network.ts checkReceivedSchnorrSignature) — for fixed (key, message, K)
 *            exactly one s < q verifies, so the output does not depend on who combined.
 *
 * A standby (mpc/signing/signers.ts), and every validator when `verifiedBefore` is set (a shared
 * dWallet's message each validator computed itself, sign/shared.ts), takes the request of the
 * message without the response check (sign/verify.ts schnorrSignRequestOf); what it outputs still
 * verifies under the dWallet's key for the approved message.
 *
 * One protocol label serves both algorithms: the algorithm is part of the configuration the
 * chain request fixes, and the decryption-share proofs bind the Schnorr sign protocol, the
 * session id and ct_s (threshold/session.ts).
 * @module
 */
import type { BcsType } from '@mysten/bcs';
import type { DWalletOutput } from '../../ecdsa/dkg/output.ts';
import { EcdsaErrorCodes, UserMessageRejection } from '../../ecdsa/errors.ts';
import type { NetworkKeyParts } from '../../ecdsa/network-key/key-parts.ts';
import type { PresignLedger } from '../../ecdsa/presign/ledger.ts';
import { rejectionOf } from '../../ecdsa/protocols/verification.ts';
import { DWalletError } from '../../errors.ts';
import type { SessionDefinition } from '../../session/protocol.ts';
import { type ThresholdSignOutput, thresholdSignSession, thresholdSignShareSchemas } from '../../signing/session.ts';
import type { ThresholdSignScheme, ThresholdSignSessionConfig, UserMessageVerdict } from '../../signing/threshold-sign-scheme.ts';
import type { ThresholdPublicKey } from '../../threshold/keys.ts';
import type { DecryptionShareMessage, ProvenDecryptionShareMessage } from '../../threshold/messages.ts';
import { SchnorrError, SchnorrErrorCodes } from '../errors.ts';
import type { SchnorrPresign } from '../presign/presign.ts';
import type { SchnorrAlgorithm } from '../scheme.ts';
import { decodeSchnorrUserSignMessage } from '../sign/encoding.ts';
import { SCHNORR_SIGN_PROTOCOL, type SchnorrSignContext, type SchnorrUserSignMessage } from '../sign/message.ts';
import {
  checkReceivedSchnorrSignature,
  SCHNORR_SIGN_DECRYPTION_ROUND,
  schnorrSignatureFromPlaintext,
  schnorrSignCiphertexts,
} from '../sign/network.ts';
import {
  SchnorrSignChecks,
  schnorrSignRequestOf,
  type VerifiedSchnorrSignRequest,
  verifyDecodedSchnorrUserSignMessage,
} from '../sign/verify.ts';

export const SCHNORR_SIGN_SESSION_PROTOCOL = '2pc-mpc/schnorr/sign-session';

/** The ciphertexts a Schnorr sign session decrypts: ct_s. */
const SCHNORR_SIGN_CIPHERTEXTS = 1;

/** Taproot (x(K) ‖ s, BIP-340) and EdDSA (enc(K) ‖ le(s), RFC 8032) signatures are both 64 bytes. */
export const SCHNORR_SIGNATURE_BYTES = 64;

export interface SchnorrSignSessionConfig extends ThresholdSignSessionConfig {
  readonly key: NetworkKeyParts;
  readonly dwallet: DWalletOutput;
  readonly presign: SchnorrPresign;
  readonly algorithm: SchnorrAlgorithm;
  /** The approval's hash scheme id (mpc/signing/algorithms.ts HASH_SCHEME_IDS), one of the algorithm's. */
  readonly hashScheme: number;
  /** The approved message bytes (sign/message.ts turns them into what is signed). */
  readonly message: Uint8Array;
  /** The user's sign message, as recorded on chain (a shared dWallet's: as computed by sign/shared.ts). */
  readonly userMessage: Uint8Array;
  /** The validator's record of consumed presigns: creating the session consumes the presign. */
  readonly ledger: PresignLedger;
}

/** `signature` and `encoded` are the same 64 bytes. */
export type SchnorrSignSessionOutput = ThresholdSignOutput<Uint8Array>;

/** The payload schemas of the session's two share kinds (one share per virtual party: ct_s). */
export function schnorrSignShareSchemas(thresholdKey: ThresholdPublicKey): {
  unproven: BcsType<DecryptionShareMessage, DecryptionShareMessage>;
  proven: BcsType<ProvenDecryptionShareMessage, ProvenDecryptionShareMessage>;
} {
  return thresholdSignShareSchemas(thresholdKey, SCHNORR_SIGN_CIPHERTEXTS);
}

function contextOf(config: SchnorrSignSessionConfig): SchnorrSignContext {
  const { key, dwallet, presign, algorithm, hashScheme, message } = config;
  return { key, dwallet, presign, algorithm, hashScheme, message };
}

function messageOf(config: SchnorrSignSessionConfig): SchnorrUserSignMessage {
  try {
    return decodeSchnorrUserSignMessage(config.key.curve, config.userMessage);
  } catch (error) {
    if (error instanceof DWalletError) {
      throw new UserMessageRejection(
        EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE,
        SchnorrSignChecks.ENCODING,
        `Schnorr sign message: the message does not decode: ${error.message}`,
        {},
        { cause: error },
      );
    }
    throw error;
  }
}

/** The verdict of `decide`: a typed error (DWalletError) is the rejection it names, anything else a bug. */
function verdictOf(decide: () => VerifiedSchnorrSignRequest): UserMessageVerdict<VerifiedSchnorrSignRequest> {
  try {
    return { status: 'accepted', request: decide() };
  } catch (error) {
    return rejectionOf(error);
  }
}

/** The Schnorr side of the threshold-sign session (PROTOCOL-EXTENSIONS.md §9.1). */
export const schnorrThresholdSignScheme: ThresholdSignScheme<SchnorrSignSessionConfig, VerifiedSchnorrSignRequest, Uint8Array> = {
  protocol: SCHNORR_SIGN_SESSION_PROTOCOL,
  decryptionProtocol: SCHNORR_SIGN_PROTOCOL,
  decryptionRound: SCHNORR_SIGN_DECRYPTION_ROUND,
  ciphertextCount: SCHNORR_SIGN_CIPHERTEXTS,
  signatureBytes: SCHNORR_SIGNATURE_BYTES,
  invalidConfig: (reason) => new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_CONFIG, reason),
  checkConfig: (config) => {
    const { form } = config.thresholdKey.encryptionKey;
    if (form.a !== config.key.encryptionKey.form.a || form.b !== config.key.encryptionKey.form.b) {
      throw new SchnorrError(SchnorrErrorCodes.SCHNORR_INVALID_CONFIG, 'the threshold key does not decrypt under the network key’s pk');
    }
  },
  consumePresign: (config) => config.ledger.consume(config.presign),
  verify: (config) => verdictOf(() => verifyDecodedSchnorrUserSignMessage(contextOf(config), messageOf(config))),
  requestOf: (config) => verdictOf(() => schnorrSignRequestOf(contextOf(config), messageOf(config))),
  ciphertexts: schnorrSignCiphertexts,
  signatureFromPlaintexts: (request, [s]) => (s === undefined ? undefined : schnorrSignatureFromPlaintext(request, s)),
  checkReceivedSignature: checkReceivedSchnorrSignature,
  encodeSignature: (signature) => signature.slice(),
  decodeSignature: (_config, bytes) => bytes.slice(),
};

/**
 * The Schnorr sign session (create it with mpc/session/runtime.ts createSession). Creating it
 * consumes the presign in the config's ledger.
 */
export const schnorrSignSession: SessionDefinition<SchnorrSignSessionConfig, SchnorrSignSessionOutput> =
  thresholdSignSession(schnorrThresholdSignScheme);
