/**
 * BCS encodings of the network key material (PROTOCOL.md §2, §4, §6):
 *
 *     NetworkKeyParts   { curve: u32, level: u16, encryption_key: Form,
 *                         public_parts: [Point; 2], encrypted_parts: [ClCiphertext; 2] }
 *     NetworkKey        vector<NetworkKeyParts bytes>          (the chain's `global_key_parts`)
 *     ThresholdKey      { curve: u32, level: u16, threshold: u32, weights: vector<u32>,
 *                         encryption_key: Form, verification_keys: vector<Form>, share_bits: u32 }
 *     KeyShare          { curve: u32, level: u16, party: u16,          (shares are signed: a reshared
 *                                                                     key has negative ones)
 *                         shares: vector<{ virtual_id: u16, value: BigInt }> }
 *
 * The chain's `key_commitment` of a network key covering several curves is
 * {@link networkKeyCommitment} of its parts; each dWallet and presign binds the commitment of its
 * own curve's parts (key-parts.ts). Decoding is strict and checks everything against the setup the
 * caller supplies (a form of the setup's group, the curve of the setup's q, the level).
 *
 * A KeyShare holds a validator's secret shares: it is for that validator's key store only (file
 * mode 0600 or an encrypted column), never logged or sent.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { ciphertextSchema } from '../../cl/encoding.ts';
import { clPublicKey } from '../../cl/keys.ts';
import { formSchema } from '../../classgroups/encoding.ts';
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import type { Curve } from '../../curves/curve.ts';
import { pointSchema } from '../../curves/encoding.ts';
import { bcsBigInt } from '../../encoding/bigint.ts';
import { decodeExact } from '../../encoding/decode.ts';
import { EncodingError, ErrorCodes } from '../../errors.ts';
import { curveById, curveIdOf } from '../../signing/algorithms.ts';
import { weightedAccessStructure } from '../../threshold/access-structure.ts';
import { assertKeyShareMatches, assertKeyShareShape, assertThresholdPublicKey, type ThresholdPublicKey } from '../../threshold/keys.ts';
import { type PartyKeyShare, SecretShare } from '../../threshold/secret-share.ts';
import { Transcript } from '../../transcript.ts';
import { KEY_COMMITMENT_BYTES, type NetworkKeyParts, networkKeyParts } from './key-parts.ts';

/**
 * Largest share bit length accepted when decoding. Shares grow with log2(W!·C(W+t, t))
 * (threshold/dealer.ts): about 1,730 bits at W = 128, t = 86, and at the largest total weight
 * W = t = MAX_VIRTUAL_PARTIES = 1024 a resharing's share bound is 11,949 bits at the 128-bit level
 * (11,709 at 112); the bound leaves room above that.
 */
export const MAX_SHARE_BITS = 16_384;

const header = { curve: bcs.u32(), level: bcs.u16() };

function keyPartsSchema(curve: Curve, setup: ClassGroupSetup) {
  const point = pointSchema(curve);
  const ct = ciphertextSchema(setup);
  return bcs.struct('NetworkKeyParts', {
    ...header,
    encryption_key: formSchema(setup.group),
    public_parts: bcs.fixedArray(2, point),
    encrypted_parts: bcs.fixedArray(2, ct),
  });
}

function assertHeader(curve: Curve, setup: ClassGroupSetup, value: { curve: number; level: number }, what: string): void {
  if (value.curve !== curveIdOf(curve) || value.level !== setup.level || setup.q !== curve.order) {
    throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, `${what}: made for another curve or security level`, {
      curve: value.curve,
      level: value.level,
    });
  }
}

export function encodeNetworkKeyParts(parts: NetworkKeyParts): Uint8Array {
  const setup = parts.encryptionKey.setup;
  return keyPartsSchema(parts.curve, setup)
    .serialize({
      curve: curveIdOf(parts.curve),
      level: setup.level,
      encryption_key: parts.encryptionKey.form,
      public_parts: [...parts.publicParts],
      encrypted_parts: [...parts.encryptedParts],
    })
    .toBytes();
}

export function decodeNetworkKeyParts(curve: Curve, setup: ClassGroupSetup, bytes: Uint8Array): NetworkKeyParts {
  const raw = decodeExact(keyPartsSchema(curve, setup), bytes, 'network key parts');
  assertHeader(curve, setup, raw, 'network key parts');
  const [x0, x1] = raw.public_parts;
  const [c0, c1] = raw.encrypted_parts;
  if (x0 === undefined || x1 === undefined || c0 === undefined || c1 === undefined) {
    throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, 'network key parts: two parts expected');
  }
  return networkKeyParts(curve, clPublicKey(setup, raw.encryption_key), [x0, x1], [c0, c1]);
}

const networkKeySchema = bcs.vector(bcs.byteVector());

/** The chain's `global_key_parts`: the parts of each curve, in order. */
export function encodeNetworkKey(parts: readonly NetworkKeyParts[]): Uint8Array {
  return networkKeySchema.serialize(parts.map(encodeNetworkKeyParts)).toBytes();
}

/** The parts of each curve; `setupFor` supplies the setup of a curve (from a cache: mpc does no I/O). */
export function decodeNetworkKey(bytes: Uint8Array, setupFor: (curve: Curve, level: number) => ClassGroupSetup): NetworkKeyParts[] {
  const entries = decodeExact(networkKeySchema, bytes, 'network key').map((entry) => new Uint8Array(entry));
  const seen = new Set<number>();
  return entries.map((entry) => {
    const raw = decodeExact(bcs.struct('NetworkKeyPartsHeader', header), entry.subarray(0, 6), 'network key parts header');
    if (seen.has(raw.curve)) throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, 'network key: a curve appears twice');
    seen.add(raw.curve);
    const curve = curveById(raw.curve);
    return decodeNetworkKeyParts(curve, setupFor(curve, raw.level), entry);
  });
}

/** The chain's `key_commitment` of a network key: a digest of its curves' key commitments, in order. */
export function networkKeyCommitment(parts: readonly NetworkKeyParts[]): Uint8Array {
  const transcript = new Transcript('dwallet/ecdsa/network-key-commitment/v1');
  transcript.appendNumber('count', parts.length);
  parts.forEach((part, i) => {
    transcript.appendNumber(`curve/${i}`, curveIdOf(part.curve));
    transcript.append(`commitment/${i}`, part.commitment);
  });
  return transcript.challengeBytes('commitment', KEY_COMMITMENT_BYTES);
}

/**
 * The chain's `threshold_key_digest` of a network key in one epoch: a digest of its curves'
 * threshold public keys (pk, verification keys, share bound), in order. The chain keeps the digest
 * only (a committee of a thousand has a thousand verification keys per curve); validators keep the
 * keys and prove them against it.
 */
export function thresholdKeysDigest(keys: readonly { readonly curve: Curve; readonly key: ThresholdPublicKey }[]): Uint8Array {
  const transcript = new Transcript('dwallet/ecdsa/threshold-keys-digest/v1');
  transcript.appendNumber('count', keys.length);
  keys.forEach(({ curve, key }, i) => {
    transcript.appendNumber(`curve/${i}`, curveIdOf(curve));
    transcript.append(`threshold-key/${i}`, encodeThresholdKey(curve, key));
  });
  return transcript.challengeBytes('digest', KEY_COMMITMENT_BYTES);
}

function thresholdKeySchema(setup: ClassGroupSetup) {
  const form = formSchema(setup.group);
  return bcs.struct('ThresholdKey', {
    ...header,
    threshold: bcs.u32(),
    weights: bcs.vector(bcs.u32()),
    encryption_key: form,
    verification_keys: bcs.vector(form),
    share_bits: bcs.u32(),
  });
}

export function encodeThresholdKey(curve: Curve, key: ThresholdPublicKey): Uint8Array {
  return thresholdKeySchema(key.setup)
    .serialize({
      curve: curveIdOf(curve),
      level: key.setup.level,
      threshold: key.access.threshold,
      weights: [...key.access.weights],
      encryption_key: key.encryptionKey.form,
      verification_keys: [...key.verificationKeys],
      share_bits: key.shareBits,
    })
    .toBytes();
}

/** Decodes and checks a threshold key (one verification key per unit of weight, a sane share bound). */
export function decodeThresholdKey(curve: Curve, setup: ClassGroupSetup, bytes: Uint8Array): ThresholdPublicKey {
  const raw = decodeExact(thresholdKeySchema(setup), bytes, 'threshold key');
  assertHeader(curve, setup, raw, 'threshold key');
  const access = weightedAccessStructure(raw.threshold, raw.weights);
  if (raw.verification_keys.length !== access.totalWeight) {
    throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, 'threshold key: one verification key per unit of weight expected');
  }
  if (raw.share_bits < setup.randomnessBits || raw.share_bits > MAX_SHARE_BITS) {
    throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, 'threshold key: share bound out of range');
  }
  const key: ThresholdPublicKey = {
    setup,
    access,
    encryptionKey: clPublicKey(setup, raw.encryption_key),
    verificationKeys: Object.freeze(raw.verification_keys),
    shareBits: raw.share_bits,
  };
  assertThresholdPublicKey(key);
  return key;
}

function keyShareSchema(): BcsType<
  { curve: number; level: number; party: number; shares: { virtual_id: number; value: bigint }[] },
  { curve: number; level: number; party: number; shares: { virtual_id: number; value: bigint }[] }
> {
  return bcs.struct('KeyShare', {
    ...header,
    party: bcs.u16(),
    shares: bcs.vector(
      bcs.struct('VirtualShare', { virtual_id: bcs.u16(), value: bcsBigInt('KeyShare.value', { maxBits: MAX_SHARE_BITS, signed: true }) }),
    ),
  }) as never;
}

/** A validator's key share, for its own key store (see the module comment). */
export function encodeKeyShare(curve: Curve, key: ThresholdPublicKey, share: PartyKeyShare): Uint8Array {
  assertKeyShareShape(key, share);
  return keyShareSchema()
    .serialize({
      curve: curveIdOf(curve),
      level: key.setup.level,
      party: share.party,
      shares: share.shares.map((s) => ({ virtual_id: s.virtualId, value: s.expose() })),
    })
    .toBytes();
}

/**
 * Decodes a key share and checks it against the threshold key: party, virtual ids, share bound, and
 * h^{s_v} = vk_v for every share (threshold/keys.ts assertKeyShareMatches).
 */
export function decodeKeyShare(curve: Curve, key: ThresholdPublicKey, bytes: Uint8Array): PartyKeyShare {
  const raw = decodeExact(keyShareSchema(), bytes, 'key share');
  assertHeader(curve, key.setup, raw, 'key share');
  const share: PartyKeyShare = {
    party: raw.party,
    shares: Object.freeze(raw.shares.map((s) => new SecretShare(s.virtual_id, s.value))),
  };
  assertKeyShareMatches(key, share);
  return share;
}
