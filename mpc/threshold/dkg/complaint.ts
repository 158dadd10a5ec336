/**
 * Complaints and their public verdict (README.md, round 2). A recipient j whose share from dealer
 * i is out of range or does not match i's commitments reveals S_ij = k_j·E_i with a Chaum–Pedersen
 * proof that log_G K_j = log_{E_i} S_ij (a Maurer proof of the language k ↦ (k·G, k·E_i), made
 * non-interactive by Fiat–Shamir over a transcript bound to the protocol, session, round, dealer,
 * the dealing's digest and the complainer). With S_ij anyone decrypts j's shares from i and checks
 * them: a share that fails proves the dealer cheated; shares that all pass, or a proof that fails,
 * prove the complaint false. The verdict reads only the dealing and the complaint, so every
 * honest validator reaches the same one.
 *
 * Revealing S_ij discloses only j's shares from dealer i, which are excluded from the key when the
 * complaint holds; a false complainer discloses its own shares from an honest dealer (its loss).
 * k_j itself stays hidden (the proof is zero-knowledge), so j's key can be used for later dealings.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { type CurvePoint, multiplyAs } from '../../curves/curve.ts';
import { pointSchema } from '../../curves/encoding.ts';
import type { RandomSource } from '../../numbers/random.ts';
import type { ProofContext } from '../../proofs/context.ts';
import { maurerProofSchema } from '../../proofs/encoding.ts';
import { encodePublicParameters, type Language, pointFactor, SCALAR } from '../../proofs/language.ts';
import { type MaurerProof, proveMaurer, verifyMaurer } from '../../proofs/maurer.ts';
import { type Dealing, shareMatches } from './dealing.ts';
import { type DkgParams, encryptionKeyOf, SHARE_ENCRYPTION_CURVE } from './params.ts';
import { decryptShare, sharedPoint } from './share-encryption.ts';

/** The proof name's round: bound into every complaint's proof. */
export const COMPLAINT_ROUND_NAME = 'dkg/complaints';

export interface Complaint {
  /** The accused dealer. */
  readonly dealer: number;
  /** Digest of the dealer's dealing message (message.ts): which of its dealings is accused. */
  readonly dealingDigest: Uint8Array;
  /** S_ij = k_j·E_i */
  readonly sharedSecret: CurvePoint;
  /** log_G K_j = log_{E_i} S_ij */
  readonly proof: MaurerProof;
}

/** DLEQ: k ↦ (k·G, k·E). */
export function dleqLanguage(ephemeral: CurvePoint): Language {
  const curve = SHARE_ENCRYPTION_CURVE;
  return {
    name: 'DLEQ',
    witness: [SCALAR],
    statement: [pointFactor(curve), pointFactor(curve)],
    scalarOrder: curve.order,
    publicParameters: encodePublicParameters(utf8ToBytes(curve.name), curve.encodePoint(curve.generator), curve.encodePoint(ephemeral)),
    map: ([k], secrecy) => {
      const multiply = multiplyAs(curve, secrecy);
      return [multiply(curve.generator, k as bigint), multiply(ephemeral, k as bigint)];
    },
  };
}

function complaintContext(params: DkgParams, complainer: number, dealer: number, dealingDigest: Uint8Array): ProofContext {
  return {
    protocol: params.protocol,
    sessionId: params.sessionId,
    round: COMPLAINT_ROUND_NAME,
    proof: `complaint against dealer ${dealer}, dealing ${bytesToHex(dealingDigest)}`,
    partyId: complainer,
  };
}

const digestSchema = bcs.bytes(32).transform<Uint8Array, Uint8Array>({ input: (b) => b, output: (b) => new Uint8Array(b) });

/** The strict schema of one complaint. */
export function complaintSchema(): BcsType<Complaint, Complaint> {
  const curve = SHARE_ENCRYPTION_CURVE;
  return bcs.struct('DkgComplaint', {
    dealer: bcs.u16(),
    dealingDigest: digestSchema,
    sharedSecret: pointSchema(curve),
    proof: maurerProofSchema(dleqLanguage(curve.generator), 1),
  }) as unknown as BcsType<Complaint, Complaint>;
}

/** Complainer j's complaint against `dealing` of `dealer`, from its share-decryption key k_j. */
export function createComplaint(
  params: DkgParams,
  complainer: number,
  decryptionKey: bigint,
  dealer: number,
  dealing: Dealing,
  dealingDigest: Uint8Array,
  rng: RandomSource,
): Complaint {
  const language = dleqLanguage(dealing.ephemeral);
  const { proof, statements } = proveMaurer(language, complaintContext(params, complainer, dealer, dealingDigest), [[decryptionKey]], rng);
  return { dealer, dealingDigest, sharedSecret: (statements[0] as CurvePoint[])[1] as CurvePoint, proof };
}

/** The shares of `party`'s virtual ids in `dealing`, decrypted with S. */
export function decryptPartyShares(
  params: DkgParams,
  dealer: number,
  dealing: Dealing,
  party: number,
  shared: CurvePoint,
): { virtualId: number; value: bigint }[] {
  return params.access.virtualIds(party).map((v) => ({
    virtualId: v,
    value: decryptShare(params, dealer, v, dealing.ephemeral, shared, dealing.ciphertexts[v - 1] as Uint8Array),
  }));
}

/** What a recipient finds in a dealing: its shares (secret), and the virtual ids whose share is bad. */
export interface OpenedDealing {
  readonly shares: { virtualId: number; value: bigint }[];
  readonly bad: number[];
}

/** What recipient `party` finds in a dealing. */
export function openDealing(params: DkgParams, party: number, decryptionKey: bigint, dealer: number, dealing: Dealing): OpenedDealing {
  const shares = decryptPartyShares(params, dealer, dealing, party, sharedPoint(decryptionKey, dealing.ephemeral));
  const bad = shares.filter((s) => !shareMatches(params, dealing.commitments, s.virtualId, s.value)).map((s) => s.virtualId);
  return { shares, bad };
}

export type ComplaintVerdict =
  | { readonly status: 'dealer-cheated'; readonly detail: string }
  | { readonly status: 'false-complaint'; readonly detail: string };

/**
 * The public verdict on `complainer`'s complaint against `dealing` (whose digest the complaint
 * must name: the caller matches them). Deterministic: no randomness, no local state.
 */
export function judgeComplaint(params: DkgParams, complainer: number, dealing: Dealing, complaint: Complaint): ComplaintVerdict {
  const statement = [encryptionKeyOf(params, complainer), complaint.sharedSecret];
  const context = complaintContext(params, complainer, complaint.dealer, complaint.dealingDigest);
  const proof = verifyMaurer(dleqLanguage(dealing.ephemeral), context, [statement], complaint.proof);
  if (!proof.valid) return { status: 'false-complaint', detail: `the DLEQ proof of S does not verify (${proof.reason})` };
  const shares = decryptPartyShares(params, complaint.dealer, dealing, complainer, complaint.sharedSecret);
  const bad = shares.filter((s) => !shareMatches(params, dealing.commitments, s.virtualId, s.value)).map((s) => s.virtualId);
  if (bad.length > 0) {
    return { status: 'dealer-cheated', detail: `the shares of virtual ids ${bad.join(', ')} do not match the commitments` };
  }
  return { status: 'false-complaint', detail: 'every share of the complainer matches the commitments' };
}
