/**
 * One threshold decryption: a threshold key, the ciphertexts decrypted together, and the context
 * bound into the proofs of the decryption shares (PROTOCOL.md §2, §4).
 *
 * Every share message carries the digest of the ciphertexts it decrypts, so that a share made
 * for other ciphertexts is rejected by name before any group operation. The proofs bind the
 * ciphertexts too: their EDL language has the bases (h, c1⁽¹⁾, …, c1⁽ᵏ⁾).
 * @module
 */

import { encodeClCiphertext } from '../cl/encoding.ts';
import type { ClCiphertext } from '../cl/encryption.ts';
import { assertProofContext, type ProofContext } from '../proofs/context.ts';
import type { Language } from '../proofs/language.ts';
import { edlLanguage } from '../proofs/languages/edl.ts';
import { Transcript } from '../transcript.ts';
import { ThresholdError, ThresholdErrorCodes } from './errors.ts';
import type { ThresholdPublicKey } from './keys.ts';

/** The name of the decryption-share proof within its round. */
export const DECRYPTION_PROOF_NAME = 'threshold-decryption/decryption-shares';

/** The transcript label of the ciphertext digest. */
export const CIPHERTEXT_DIGEST_LABEL = 'dwallet/threshold-decryption/ciphertexts/v1';

export const CIPHERTEXT_DIGEST_BYTES = 32;

/** Where the decryption happens: bound into every proof of a decryption share. */
export interface DecryptionContext {
  /** e.g. "2pc-mpc/ecdsa/sign" */
  readonly protocol: string;
  /** 32 bytes, fixed by the chain request. */
  readonly sessionId: Uint8Array;
  /** The round of the proven shares, e.g. "sign/decryption-proofs". */
  readonly round: string;
}

/** A cSHAKE256 digest of the ciphertexts' canonical encodings, in order. */
export function ciphertextsDigest(key: ThresholdPublicKey, ciphertexts: readonly ClCiphertext[]): Uint8Array {
  const transcript = new Transcript(CIPHERTEXT_DIGEST_LABEL);
  transcript.appendNumber('count', ciphertexts.length);
  ciphertexts.forEach((ct, i) => {
    transcript.append(`ciphertext/${i}`, encodeClCiphertext(key.setup, ct));
  });
  return transcript.challengeBytes('digest', CIPHERTEXT_DIGEST_BYTES);
}

export class DecryptionSession {
  readonly key: ThresholdPublicKey;
  readonly ciphertexts: readonly ClCiphertext[];
  readonly context: DecryptionContext;
  /** Binds share messages to these ciphertexts. */
  readonly digest: Uint8Array;
  #language: Language | undefined;

  /** `ciphertexts` must be valid elements of the key's group (as decoded or computed locally). */
  constructor(key: ThresholdPublicKey, ciphertexts: readonly ClCiphertext[], context: DecryptionContext) {
    if (!Array.isArray(ciphertexts) || ciphertexts.length === 0) {
      throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'threshold decryption needs at least one ciphertext');
    }
    assertProofContext({ ...context, proof: DECRYPTION_PROOF_NAME, partyId: 0 });
    for (const ct of ciphertexts) {
      key.setup.group.assertElement(ct.c1);
      key.setup.group.assertElement(ct.c2);
    }
    this.key = key;
    this.ciphertexts = Object.freeze([...ciphertexts]);
    this.context = { protocol: context.protocol, sessionId: context.sessionId.slice(), round: context.round };
    this.digest = ciphertextsDigest(key, this.ciphertexts);
  }

  /** L_EDL over (h, c1⁽¹⁾, …, c1⁽ᵏ⁾) with the share bound as witness bound; built on first use. */
  get language(): Language {
    this.#language ??= edlLanguage(this.key.setup, [this.key.setup.h, ...this.ciphertexts.map((ct) => ct.c1)], this.key.shareBits);
    return this.#language;
  }

  /** The proof context of `party`'s proven shares. */
  proofContext(party: number): ProofContext {
    return { ...this.context, proof: DECRYPTION_PROOF_NAME, partyId: party };
  }
}
