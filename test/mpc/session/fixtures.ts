/**
 * A DL aggregation on secp256k1 for the session tests: party p's witnesses are fixed by (p, variant),
 * so a test knows every honest statement and can check the aggregate itself.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { type CurvePoint, getCurve } from '../../../mpc/curves/curve.ts';
import { Drbg } from '../../../mpc/numbers/drbg.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import type { Statement, Witness } from '../../../mpc/proofs/language.ts';
import { dlLanguage } from '../../../mpc/proofs/languages/dl.ts';
import type { AggregationConfig, AggregationOutput } from '../../../mpc/session/aggregation.ts';
import { aggregationSession } from '../../../mpc/session/aggregation-session.ts';
import type { Committee, PartyId } from '../../../mpc/session/committee.ts';
import { contributionSchema, type Part, proofContext, proveContribution } from '../../../mpc/session/contribution.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import type { Behaviour } from '../../../mpc/testing/behaviour.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { testRng } from '../../support/random.ts';

export const curve = getCurve('secp256k1');
export const PROTOCOL = 'test/dl-aggregation';
export const ROUND = 1;
export const ROUND_NAME = 'test/round-1';
export const COUNT = 2;
export const parts: Part[] = [{ name: 'dl', language: dlLanguage(curve), count: COUNT }];
export const definition = aggregationSession<Statement[][]>(PROTOCOL);
export const contribution = contributionSchema(parts);
export const TIMEOUTS = { attemptMs: 1_000, attemptIncrementMs: 500, fetchMs: 100 };

export function sessionIdOf(label: string): Uint8Array {
  return new Drbg('dwallet/test/session-id', utf8ToBytes(label)).bytes(32);
}

/** Party p's witnesses (variant 0 is what its machine proves; other variants are for equivocation). */
export function witnessesOf(party: PartyId, variant = 0): Witness[] {
  const rng = new Drbg('dwallet/test/dl-witness', utf8ToBytes(`${party}/${variant}`));
  return Array.from({ length: COUNT }, () => [randomBelow(rng, curve.order)]);
}

export function configFor(party: PartyId): AggregationConfig<Statement[][]> {
  return { round: ROUND, name: ROUND_NAME, parts, witnesses: () => [witnessesOf(party)], timeouts: TIMEOUTS };
}

/** A contribution payload of `party` proving the witnesses of `variant` (a valid equivocation). */
export function contributionBytes(sessionId: Uint8Array, party: PartyId, variant: number): Uint8Array {
  const payload = proveContribution(
    parts,
    [witnessesOf(party, variant)],
    (part) => proofContext(PROTOCOL, sessionId, ROUND_NAME, part, party),
    testRng(`contribution ${party}/${variant}`),
  );
  return contribution.serialize(payload).toBytes();
}

/** The aggregate the contributors' (variant 0) statements sum to. */
export function expectedAggregate(contributors: readonly PartyId[], variants: ReadonlyMap<PartyId, number> = new Map()): CurvePoint[] {
  return Array.from({ length: COUNT }, (_, i) => {
    let sum = curve.identity;
    for (const party of contributors)
      sum = sum.add(curve.multiply(curve.generator, (witnessesOf(party, variants.get(party) ?? 0)[i] as Witness)[0] as bigint));
    return sum;
  });
}

export function aggregateEquals(output: AggregationOutput<Statement[][]>, expected: readonly CurvePoint[]): boolean {
  const sums = output.aggregate[0] as Statement[];
  return sums.length === expected.length && sums.every((statement, i) => (statement[0] as CurvePoint).equals(expected[i] as CurvePoint));
}

export interface NetworkSetup {
  readonly committee: Committee;
  readonly seed: string;
  readonly behaviours?: ReadonlyMap<PartyId, Behaviour>;
  readonly dropRate?: number;
  readonly delayRate?: number;
  readonly maxDelayMs?: number;
  readonly restartRate?: number;
  readonly delay?: ConstructorParameters<typeof TestNetwork>[0]['delay'];
  readonly drop?: ConstructorParameters<typeof TestNetwork>[0]['drop'];
}

export function dlNetwork(setup: NetworkSetup): { network: TestNetwork<AggregationOutput<Statement[][]>>; sessionId: Uint8Array } {
  const sessionId = sessionIdOf(setup.seed);
  const params = (party: PartyId) => ({ sessionId, self: party, committee: setup.committee, rng: testRng(`${setup.seed}/party ${party}`) });
  const network = new TestNetwork<AggregationOutput<Statement[][]>>({
    ...setup,
    create: (party) => createSession(definition, configFor(party), params(party)),
    restore: (party, state) => restoreSession(definition, configFor(party), params(party), state),
  });
  return { network, sessionId };
}
