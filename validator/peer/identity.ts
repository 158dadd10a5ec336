/**
 * Peer identity: the Ed25519 key a validator signs its envelopes with, bound to the committee
 * member registered on chain by a certificate — the member's BLS signature (the key the chain
 * knows) over the peer key. A receiver therefore needs nothing but the chain to authenticate a
 * peer, and checks each (member key, peer key) pair once: BLS verification costs tens of
 * milliseconds, an Ed25519 envelope signature about one.
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
/** Verified pairs kept (a committee has at most a few hundred members). */
const CACHE_LIMIT = 4096;

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

/** Checks certificates, remembering the pairs that verified. */
export class PeerIdentityVerifier {
  readonly #verified = new Set<string>();

  verify(memberPublicKey: Uint8Array, peerKey: Uint8Array, certificate: Uint8Array): boolean {
    if (peerKey.length !== PEER_KEY_LENGTH || certificate.length !== PEER_CERTIFICATE_LENGTH) return false;
    const key = `${bytesToHex(memberPublicKey)}/${bytesToHex(peerKey)}/${bytesToHex(certificate)}`;
    if (this.#verified.has(key)) return true;
    if (!verifyAggregate([memberPublicKey], certificate, peerIdentityMessage(memberPublicKey, peerKey))) return false;
    if (this.#verified.size >= CACHE_LIMIT) this.#verified.clear();
    this.#verified.add(key);
    return true;
  }
}
