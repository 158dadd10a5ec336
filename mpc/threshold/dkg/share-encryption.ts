/**
 * Point-to-point encryption of the DKG shares inside the dealer's one broadcast (README.md,
 * "Messages"). The dealer draws an ephemeral scalar e and publishes E = e·G; the key of the share
 * (dealer i → virtual party v of party j) is a keystream derived from S_ij = e·K_j = k_j·E by
 * cSHAKE256, bound to the protocol, session, dealer, v, E and K_j; the share is encoded big-endian
 * at the fixed length of its bound and XORed with the keystream (a one-time pad per (i, v): the
 * key material differs in v, and e is fresh per dealing).
 *
 * No MAC: the share's integrity is what the commitments check (h^{P_i(v)} = Π C_ℓ^{v^ℓ}), and a
 * wrong share is resolved publicly by revealing S_ij with a DLEQ proof (complaint.ts), after which
 * anyone decrypts with this same function.
 *
 * Secrets: e, k_j, S_ij and the shares. Curve multiplication by e and k_j is constant time
 * (curves/curve.ts `multiply`); the XOR and the BigInt encoding are variable time in the share's
 * value only through its byte encoding (fixed length).
 * @module
 */
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { CurvePoint } from '../../curves/curve.ts';
import { bigintToBytes, bytesToBigint } from '../../numbers/bytes.ts';
import { ThresholdError, ThresholdErrorCodes } from '../errors.ts';
import { type DkgParams, encryptionKeyOf, SHARE_ENCRYPTION_CURVE, shareBytes } from './params.ts';

const KEYSTREAM_LABEL = 'dwallet/threshold/dkg/share-keystream/v1';

function lengthPrefixed(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + 4 + part.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of parts) {
    view.setUint32(offset, part.length, false);
    out.set(part, offset + 4);
    offset += 4 + part.length;
  }
  return out;
}

function u16(value: number): Uint8Array {
  return new Uint8Array([(value >> 8) & 0xff, value & 0xff]);
}

/** The keystream of share (dealer → virtual id v of `recipient`) from the shared point S. */
export function shareKeystream(
  params: DkgParams,
  dealer: number,
  virtualId: number,
  ephemeral: CurvePoint,
  shared: CurvePoint,
): Uint8Array {
  const curve = SHARE_ENCRYPTION_CURVE;
  const recipient = params.access.partyOfVirtual(virtualId);
  const input = lengthPrefixed([
    utf8ToBytes(params.protocol),
    params.sessionId,
    u16(dealer),
    u16(virtualId),
    curve.encodePoint(ephemeral),
    curve.encodePoint(encryptionKeyOf(params, recipient)),
    curve.encodePoint(shared),
  ]);
  return cshake256(input, { personalization: utf8ToBytes(KEYSTREAM_LABEL), dkLen: shareBytes(params) });
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ (b[i] as number));
}

/** The ciphertext of `share` (0 ≤ share < 2^(8·shareBytes)). */
export function encryptShare(
  params: DkgParams,
  dealer: number,
  virtualId: number,
  ephemeral: CurvePoint,
  shared: CurvePoint,
  share: bigint,
): Uint8Array {
  const length = shareBytes(params);
  if (share < 0n || share >= 1n << BigInt(8 * length)) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'dkg: a share outside its encoding range');
  }
  return xor(bigintToBytes(share, length), shareKeystream(params, dealer, virtualId, ephemeral, shared));
}

/** The integer a ciphertext decrypts to (its range is the caller's check). */
export function decryptShare(
  params: DkgParams,
  dealer: number,
  virtualId: number,
  ephemeral: CurvePoint,
  shared: CurvePoint,
  ciphertext: Uint8Array,
): bigint {
  if (ciphertext.length !== shareBytes(params)) {
    throw new ThresholdError(ThresholdErrorCodes.THRESHOLD_INVALID_INPUT, 'dkg: an encrypted share of the wrong length');
  }
  return bytesToBigint(xor(ciphertext, shareKeystream(params, dealer, virtualId, ephemeral, shared)));
}

/** S = k·P, constant time in k (the recipient's k_j with the dealer's E, or the dealer's e with K_j). */
export function sharedPoint(secret: bigint, point: CurvePoint): CurvePoint {
  return SHARE_ENCRYPTION_CURVE.multiply(point, secret);
}
