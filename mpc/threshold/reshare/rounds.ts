/**
 * The resharing session's round table and payloads (README.md, "Session"):
 *   round 1  dealing     broadcast, once, old parties   T_i, the mask sharing R_i, the sharing R'_i
 *   round 2  complaints  broadcast, once, every party   complaints about one's shares (possibly none)
 *   round 3  proposal, echo, commit (old parties)       agreement on the qualified set (dkg/rounds.ts)
 *            request     (attempt = seq), every party   messages a party lacks, by digest
 *   round 4  reveal      broadcast, once, old parties   u_v = s_v + Σ_{i∈Q} R_i(v) per old virtual id
 * Every payload is decoded strictly, and its structure checked against the roles, before the
 * protocol sees it.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { agreementKinds } from '../../session/agreement.ts';
import { type Committee, type PartyId, partyCount } from '../../session/committee.ts';
import type { RoundMessage } from '../../session/message.ts';
import { kind, type RoundSpec } from '../../session/rounds.ts';
import {
  checkQualifiedSet,
  MAX_DKG_REQUESTS,
  type MessageRef,
  type QualifiedSet,
  qualifiedSetSchema,
  requestSchema,
} from '../dkg/rounds.ts';
import type { ReshareRoles } from './committee.ts';
import { type ReshareComplaint, reshareComplaintSchema, Sharing } from './complaint.ts';
import { type ReshareDealing, reshareDealingSchema } from './dealing.ts';
import type { ReshareParams } from './params.ts';
import { type Reveal, revealSchema } from './reveal.ts';

export const ReshareRounds = { DEALING: 1, COMPLAINTS: 2, QUALIFIED: 3, REVEAL: 4 } as const;

export const ReshareKinds = { DEALING: 'dealing', COMPLAINTS: 'complaints', REQUEST: 'request', REVEAL: 'reveal' } as const;

/** Why the resharing names a party (each with the signed messages that prove it). */
export const ReshareBlameReasons = {
  /** A dealing that fails the public check. Evidence: the dealing. */
  INVALID_DEALING: 'RESHARE_INVALID_DEALING',
  /** A dealing with a share that a valid complaint proves wrong. Evidence: the dealing and the complaint. */
  INVALID_SHARE: 'RESHARE_INVALID_SHARE',
  /** A complaint whose proof fails or whose shares all match. Evidence: the complaint and the dealing. */
  FALSE_COMPLAINT: 'RESHARE_FALSE_COMPLAINT',
  /** A revealed u_v that fails h^{u_v} = vk_v·Π D_ℓ^{v^ℓ}. Evidence: the reveal (and the decided set's dealings, public). */
  INVALID_REVEAL: 'RESHARE_INVALID_REVEAL',
} as const;

export interface ReshareComplaintsPayload {
  readonly complaints: readonly ReshareComplaint[];
}

export function reshareComplaintsSchema(): BcsType<ReshareComplaintsPayload, ReshareComplaintsPayload> {
  return bcs.struct('ReshareComplaints', { complaints: bcs.vector(reshareComplaintSchema()) }) as unknown as BcsType<
    ReshareComplaintsPayload,
    ReshareComplaintsPayload
  >;
}

function checkComplaints(roles: ReshareRoles, payload: ReshareComplaintsPayload, sender: PartyId): string | undefined {
  let previous = 0;
  for (const { sharing, complaint } of payload.complaints) {
    if (!roles.oldAccess.isParty(complaint.dealer)) return `a complaint against party ${complaint.dealer}, not an old party`;
    if (complaint.dealer === sender) return 'a complaint against the sender itself';
    if (sharing === Sharing.MASK && roles.oldParty(sender) === undefined) return 'a mask complaint from outside the old committee';
    if (sharing === Sharing.FRESH && roles.newParty(sender) === undefined) return 'a new-sharing complaint from outside the new committee';
    const order = 2 * complaint.dealer + sharing;
    if (order <= previous) return 'complaints are not strictly increasing by dealer, then sharing';
    previous = order;
  }
  return undefined;
}

function checkSet(roles: ReshareRoles, committee: Committee, value: QualifiedSet): string | undefined {
  if ([...value.dealers, ...value.excluded].some((ref) => roles.oldParty(ref.party) === undefined))
    return 'a dealer outside the old committee';
  return checkQualifiedSet(committee, value);
}

export function reshareRoundTable(params: ReshareParams, roles: ReshareRoles, committee: Committee): RoundSpec[] {
  const n = partyCount(committee);
  const fromOld = (message: RoundMessage) => (roles.oldParty(message.sender) === undefined ? 'the sender is not an old party' : undefined);
  return [
    {
      round: ReshareRounds.DEALING,
      name: 'reshare/dealing',
      kinds: {
        [ReshareKinds.DEALING]: kind<ReshareDealing>({
          schema: reshareDealingSchema(params),
          delivery: 'broadcast',
          maxAttempt: 0,
          check: (_, message) => fromOld(message),
        }),
      },
    },
    {
      round: ReshareRounds.COMPLAINTS,
      name: 'reshare/complaints',
      kinds: {
        [ReshareKinds.COMPLAINTS]: kind<ReshareComplaintsPayload>({
          schema: reshareComplaintsSchema(),
          delivery: 'broadcast',
          maxAttempt: 0,
          check: (payload, message) => checkComplaints(roles, payload, message.sender),
        }),
      },
    },
    {
      round: ReshareRounds.QUALIFIED,
      name: 'reshare/qualified',
      kinds: {
        [ReshareKinds.REQUEST]: kind<{ items: readonly MessageRef[] }>({
          schema: requestSchema,
          delivery: 'broadcast',
          maxAttempt: MAX_DKG_REQUESTS - 1,
          check: ({ items }) =>
            items.length === 0 || items.length > 3 * n
              ? 'a request lists 1 to 3n messages'
              : items.every((item) => item.party >= 1 && item.party <= n)
                ? undefined
                : 'a request names a party outside the session',
        }),
        ...agreementKinds({ valueSchema: qualifiedSetSchema, checkValue: (value) => checkSet(roles, committee, value) }),
      },
    },
    {
      round: ReshareRounds.REVEAL,
      name: 'reshare/reveal',
      kinds: {
        [ReshareKinds.REVEAL]: kind<Reveal>({
          schema: revealSchema(params),
          delivery: 'broadcast',
          maxAttempt: 0,
          check: (payload, message) =>
            fromOld(message) ??
            (payload.values.length === roles.oldAccess.weightOf(message.sender) ? undefined : 'one value per virtual id of the sender'),
        }),
      },
    },
  ];
}
