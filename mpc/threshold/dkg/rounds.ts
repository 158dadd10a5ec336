/**
 * The DKG session's round table and message payloads (README.md, "Rounds and messages"):
 *   round 1  dealing     broadcast, once   pk_i, commitments, E_i, the W encrypted shares
 *   round 2  complaints  broadcast, once   the sender's complaints (possibly none): "I have
 *                                          judged the dealings I hold"
 *   round 3  proposal, echo, commit        agreement (session/agreement.ts) on the qualified set
 *            request     (attempt = seq)   messages a party lacks, by digest; holders pass them on
 * Every payload is decoded strictly before the protocol sees it: forms by the class-group codec
 * (square classes only), points by the curve codec, exact counts and lengths.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { agreementKinds } from '../../session/agreement.ts';
import { type Committee, isMember, type PartyId, partyCount } from '../../session/committee.ts';
import { kind, type RoundSpec } from '../../session/rounds.ts';
import { type Complaint, complaintSchema } from './complaint.ts';
import { type Dealing, dealingSchema } from './dealing.ts';
import type { DkgParams } from './params.ts';

export const DkgRounds = { DEALING: 1, COMPLAINTS: 2, QUALIFIED: 3 } as const;

export const DkgKinds = { DEALING: 'dealing', COMPLAINTS: 'complaints', REQUEST: 'request' } as const;

/** Requests a party may send (sequence numbers 0..MAX_DKG_REQUESTS − 1). */
export const MAX_DKG_REQUESTS = 32;

/** Why the DKG names a party (each with the signed messages that prove it). */
export const DkgBlameReasons = {
  /** A dealing that fails the public check (C_0 ≠ pk_i^Δ, or pk_i the identity). Evidence: the dealing. */
  INVALID_DEALING: 'DKG_INVALID_DEALING',
  /** A dealing with a share that a valid complaint proves wrong. Evidence: the dealing and the complaint. */
  INVALID_SHARE: 'DKG_INVALID_SHARE',
  /** A complaint whose proof fails or whose shares all match. Evidence: the complaint and the dealing. */
  FALSE_COMPLAINT: 'DKG_FALSE_COMPLAINT',
} as const;

export interface ComplaintsPayload {
  readonly complaints: readonly Complaint[];
}

/** The schema of a complaint message. */
export function complaintsSchema(): BcsType<ComplaintsPayload, ComplaintsPayload> {
  return bcs.struct('DkgComplaints', { complaints: bcs.vector(complaintSchema()) }) as unknown as BcsType<
    ComplaintsPayload,
    ComplaintsPayload
  >;
}

export interface MessageRef {
  readonly party: PartyId;
  /** Digest of the party's message (session/message.ts). */
  readonly digest: Uint8Array;
}

/**
 * What the committee agrees on: the qualified dealings, the complaint messages they were judged
 * against, and the dealings left out for cause (failing the public check, or proven wrong by a
 * named complaint), named so that every validator judges the same evidence and names the same
 * dealers.
 */
export interface QualifiedSet {
  readonly dealers: readonly MessageRef[];
  readonly complaints: readonly MessageRef[];
  readonly excluded: readonly MessageRef[];
}

const refSchema = bcs.struct('DkgMessageRef', { party: bcs.u16(), digest: bcs.bytes(32) });
/** A request for messages by (party, digest) (fetch.ts). */
export const requestSchema = bcs.struct('DkgRequest', { items: bcs.vector(refSchema) }) as unknown as BcsType<
  { items: readonly MessageRef[] },
  { items: readonly MessageRef[] }
>;

export const qualifiedSetSchema = bcs.struct('DkgQualifiedSet', {
  dealers: bcs.vector(refSchema),
  complaints: bcs.vector(refSchema),
  excluded: bcs.vector(refSchema),
}) as unknown as BcsType<QualifiedSet, QualifiedSet>;

function checkRefs(committee: Committee, refs: readonly MessageRef[], what: string, mayBeEmpty = false): string | undefined {
  if (refs.length === 0 && !mayBeEmpty) return `no ${what}`;
  let previous = 0;
  for (const ref of refs) {
    if (!isMember(committee, ref.party)) return `${what}: party ${ref.party} is not a member`;
    if (ref.party <= previous) return `${what} are not strictly increasing`;
    previous = ref.party;
  }
  return undefined;
}

export function checkQualifiedSet(committee: Committee, value: QualifiedSet): string | undefined {
  const qualified = new Set(value.dealers.map((ref) => ref.party));
  return (
    checkRefs(committee, value.dealers, 'dealers') ??
    checkRefs(committee, value.complaints, 'complaint messages') ??
    checkRefs(committee, value.excluded, 'excluded dealers', true) ??
    (value.excluded.some((ref) => qualified.has(ref.party)) ? 'a dealer both qualified and excluded' : undefined)
  );
}

function checkComplaints(committee: Committee, payload: ComplaintsPayload, sender: PartyId): string | undefined {
  let previous = 0;
  for (const complaint of payload.complaints) {
    if (!isMember(committee, complaint.dealer)) return `a complaint against party ${complaint.dealer}, not a member`;
    if (complaint.dealer === sender) return 'a complaint against the sender itself';
    if (complaint.dealer <= previous) return 'complaints are not strictly increasing by dealer';
    previous = complaint.dealer;
  }
  return undefined;
}

export function dkgRoundTable(params: DkgParams, committee: Committee): RoundSpec[] {
  const n = partyCount(committee);
  return [
    {
      round: DkgRounds.DEALING,
      name: 'dkg/dealing',
      kinds: { [DkgKinds.DEALING]: kind<Dealing>({ schema: dealingSchema(params), delivery: 'broadcast', maxAttempt: 0 }) },
    },
    {
      round: DkgRounds.COMPLAINTS,
      name: 'dkg/complaints',
      kinds: {
        [DkgKinds.COMPLAINTS]: kind<ComplaintsPayload>({
          schema: complaintsSchema(),
          delivery: 'broadcast',
          maxAttempt: 0,
          check: (payload, message) => checkComplaints(committee, payload, message.sender),
        }),
      },
    },
    {
      round: DkgRounds.QUALIFIED,
      name: 'dkg/qualified',
      kinds: {
        [DkgKinds.REQUEST]: kind<{ items: readonly MessageRef[] }>({
          schema: requestSchema,
          delivery: 'broadcast',
          maxAttempt: MAX_DKG_REQUESTS - 1,
          check: ({ items }) =>
            items.length === 0 || items.length > 2 * n
              ? 'a request lists 1 to 2n messages'
              : items.every((item) => isMember(committee, item.party))
                ? undefined
                : 'a request names a party outside the committee',
        }),
        ...agreementKinds({ valueSchema: qualifiedSetSchema, checkValue: (value) => checkQualifiedSet(committee, value) }),
      },
    },
  ];
}
