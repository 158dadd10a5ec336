/**
 * Peer identity: the Ed25519 key a validator signs its envelopes with, bound to the committee
 * member registered on chain by a certificate — the member's BLS signature (the key the chain
 * knows) over the peer key. A receiver therefore needs nothing but the chain to authenticate a
 * peer. BLS verification costs tens of milliseconds, an Ed25519 envelope signature about one, so
 * the verifier remembers, per epoch, the certificates that verified (a member's honest envelopes
 * cost one pairing per epoch) and those that did not (a bad certificate sent again costs nothing),
 * and checks a new one only when the caller's budget allows (peer/admission.ts: a few per source
 * and minute), so that made-up identities cannot buy pairings.
 *
 * Certified bytes: `PEER_IDENTITY_DOMAIN ‖ BLS public key (48) ‖ peer public key (32)`.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { blsPublicKey, blsSign, verifyAggregate } from '../../chain/certificate.ts';
import { BLS_SIGNATURE_LENGTH } from '../../chain/constants.ts';
import type { PartyId } from '../../mpc/session/committee.ts';

export const PEER_IDENTITY_DOMAIN = utf8ToBytes('dwallet/validator/peer-identity/v1');
export const PEER_KEY_LENGTH = 32;
export const PEER_CERTIFICATE_LENGTH = BLS_SIGNATURE_LENGTH;
/** Refused certificates remembered per epoch (older ones are forgotten first). */
const REFUSED_LIMIT = 4096;

export function peerIdentityMessage(memberPublicKey: Uint8Array, peerKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(PEER_IDENTITY_DOMAIN.length + memberPublicKey.length + peerKey.length);
  out.set(PEER_IDENTITY_DOMAIN, 0);
  out.set(memberPublicKey, PEER_IDENTITY_DOMAIN.length);
  out.set(peerKey, PEER_IDENTITY_DOMAIN.length + memberPublicKey.length);
  return out;
}

/** This validator's signing identity towards its peers. */
export interface LocalPeerIdentity {
  readonly party: PartyId;
  readonly peerSecretKey: Uint8Array;
  readonly peerKey: Uint8Array;
  readonly certificate: Uint8Array;
}

export function localPeerIdentity(party: PartyId, blsSecretKey: Uint8Array, peerSecretKey: Uint8Array): LocalPeerIdentity {
  const peerKey = ed25519.getPublicKey(peerSecretKey);
  return {
    party,
    peerSecretKey,
    peerKey,
    certificate: blsSign(blsSecretKey, peerIdentityMessage(blsPublicKey(blsSecretKey), peerKey)),
  };
}

export interface PeerIdentityClaim {
  readonly epoch: bigint;
  readonly party: PartyId;
  /** The member's BLS key on chain. */
  readonly memberPublicKey: Uint8Array;
  readonly peerKey: Uint8Array;
  readonly certificate: Uint8Array;
}

/** `verified` / `refused`: the certificate's verdict; `busy`: a new certificate the caller's budget does not cover now. */
export type IdentityVerdict = 'verified' | 'refused' | 'busy';

function claimKey(claim: PeerIdentityClaim): string {
  return `${claim.party}/${bytesToHex(claim.memberPublicKey)}/${bytesToHex(claim.peerKey)}/${bytesToHex(claim.certificate)}`;
}

/**
 * Checks peer certificates, remembering per epoch which verified and which did not. Two epochs are
 * remembered at once (during an epoch change, envelopes of the current epoch and of the resharing,
 * which carries the next one, arrive side by side); an older epoch is forgotten when a third comes.
 */
export class PeerIdentityVerifier {
  readonly #epochs = new Map<bigint, { readonly verified: Set<string>; readonly refused: Set<string> }>();
  #checks = 0;

  /** BLS verifications done so far (each a pairing). */
  get checks(): number {
    return this.#checks;
  }

  #memory(epoch: bigint) {
    let memory = this.#epochs.get(epoch);
    if (memory === undefined) {
      memory = { verified: new Set(), refused: new Set() };
      this.#epochs.set(epoch, memory);
      if (this.#epochs.size > 2) this.#epochs.delete([...this.#epochs.keys()].reduce((a, b) => (a < b ? a : b)));
    }
    return memory;
  }

  verify(claim: PeerIdentityClaim, mayCheck: () => boolean = () => true): IdentityVerdict {
    const { memberPublicKey, peerKey, certificate } = claim;
    if (peerKey.length !== PEER_KEY_LENGTH || certificate.length !== PEER_CERTIFICATE_LENGTH) return 'refused';
    const { verified, refused } = this.#memory(claim.epoch);
    const key = claimKey(claim);
    if (verified.has(key)) return 'verified';
    if (refused.has(key)) return 'refused';
    if (!mayCheck()) return 'busy';
    this.#checks += 1;
    if (verifyAggregate([memberPublicKey], certificate, peerIdentityMessage(memberPublicKey, peerKey))) {
      // At most one verified identity per member and epoch is kept (a member's key replaced the old one).
      for (const known of verified) if (known.startsWith(`${claim.party}/`)) verified.delete(known);
      verified.add(key);
      return 'verified';
    }
    if (refused.size >= REFUSED_LIMIT) refused.delete(refused.values().next().value as string);
    refused.add(key);
    return 'refused';
  }

  /** Whether this claim's certificate is already known: verified, refused, or unknown (checking it costs a pairing). */
  known(claim: PeerIdentityClaim): IdentityVerdict | undefined {
    const memory = this.#epochs.get(claim.epoch);
    if (memory === undefined) return undefined;
    const key = claimKey(claim);
    if (memory.verified.has(key)) return 'verified';
    if (memory.refused.has(key)) return 'refused';
    return undefined;
  }
}
