/**
 * Misbehaviours for the DL aggregation tests, built from the protocol-agnostic hooks of
 * mpc/testing/behaviour.ts with the aggregation's schemas.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { CurvePoint } from '../../../mpc/curves/curve.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { aggregationRound, type ContributorList } from '../../../mpc/session/aggregation.ts';
import type { ProposalPayload, VotePayload } from '../../../mpc/session/agreement.ts';
import type { Committee, PartyId } from '../../../mpc/session/committee.ts';
import type { ContributionPayload } from '../../../mpc/session/contribution.ts';
import type { RoundMessage } from '../../../mpc/session/message.ts';
import type { Behaviour } from '../../../mpc/testing/behaviour.ts';
import { rewritePayloads } from '../../../mpc/testing/behaviour.ts';
import { contribution, curve, parts, ROUND, ROUND_NAME } from './fixtures.ts';

interface Codec<T> {
  parse(bytes: Uint8Array): T;
  serialize(value: T): { toBytes(): Uint8Array };
}

function kindSchema<T>(committee: Committee, kindName: string): Codec<T> {
  return (aggregationRound({ round: ROUND, name: ROUND_NAME, parts }, committee).kinds[kindName] as unknown as { schema: Codec<T> }).schema;
}

export function codecs(committee: Committee) {
  const decode = <T>(codec: Codec<T>, bytes: Uint8Array) => decodeExact(codec as never, bytes) as T;
  const proposal = kindSchema<ProposalPayload<ContributorList>>(committee, 'proposal');
  const vote = kindSchema<VotePayload<ContributorList>>(committee, 'echo');
  return {
    contribution: (bytes: Uint8Array) => decode<ContributionPayload>(contribution as never, bytes),
    encodeContribution: (value: ContributionPayload) => contribution.serialize(value).toBytes(),
    proposal: (bytes: Uint8Array) => decode(proposal, bytes),
    encodeProposal: (value: ProposalPayload<ContributorList>) => proposal.serialize(value).toBytes(),
    vote: (bytes: Uint8Array) => decode(vote, bytes),
    encodeVote: (value: VotePayload<ContributorList>) => vote.serialize(value).toBytes(),
  };
}

/** Its proof's response is off by one: the statements are its own, the proof does not verify. */
export function badProofPayload(payload: Uint8Array): Uint8Array {
  const value = decodeExact(contribution, payload);
  const [part] = value.parts;
  if (part === undefined) throw new Error('no part');
  const z = part.proof.responses[0] as bigint;
  return contribution.serialize({ parts: [{ ...part, proof: { ...part.proof, responses: [(z + 1n) % curve.order] } }] }).toBytes();
}

/** Its first statement is moved by G: including it would change the aggregate. */
export function badStatementPayload(payload: Uint8Array): Uint8Array {
  const value = decodeExact(contribution, payload);
  const [part] = value.parts;
  if (part === undefined) throw new Error('no part');
  const [first, ...rest] = part.statements;
  const moved = [((first as readonly CurvePoint[])[0] as CurvePoint).add(curve.generator)];
  return contribution.serialize({ parts: [{ ...part, statements: [moved, ...rest] }] }).toBytes();
}

export const badProof = (): Behaviour => rewritePayloads('contribution', badProofPayload);
export const badContribution = (): Behaviour => rewritePayloads('contribution', badStatementPayload);

/**
 * A Byzantine party that, per message and recipient, at random: sends it, sends nothing, sends a
 * contribution with a wrong statement, a proposal missing its last contributor, or a vote for nil
 * instead. Every choice is signed by it, so its lies are equivocation as well.
 */
export function chaos(committee: Committee, seed: string): Behaviour {
  const rng = new Drbg('dwallet/test/chaos', utf8ToBytes(seed));
  const roll = (n: number) => Number(randomBelow(rng, BigInt(n)));
  const c = codecs(committee);
  return {
    outgoing: (message: RoundMessage, _to: PartyId) => {
      const choice = roll(4);
      if (choice === 0) return null;
      if (choice === 1) return message;
      switch (message.kind) {
        case 'contribution':
          return { ...message, payload: badStatementPayload(message.payload) };
        case 'proposal': {
          const value = c.proposal(message.payload);
          return { ...message, payload: c.encodeProposal({ ...value, value: value.value.slice(0, Math.max(1, value.value.length - 1)) }) };
        }
        case 'echo':
        case 'commit':
          return { ...message, payload: c.encodeVote({ value: null }) };
        default:
          return message;
      }
    },
    relays: false,
  };
}
