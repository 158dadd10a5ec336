/**
 * The agreement on result batches (validator/batches/batch-protocol.ts) on the in-process test
 * network: validators decide one batch per sequence made only of results they all computed alike,
 * wait for results they have not computed yet, refuse a proposal carrying a result that differs
 * from theirs (and blame its proposer), and decide despite delays, losses and restarts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeResultBatch, encodeResultBatch, type ResultBatch, resultVariant } from '../../chain/schemas/result-batch.ts';
import { Drbg } from '../../mpc/numbers/drbg.ts';
import { type PartyId, uniformCommittee } from '../../mpc/session/committee.ts';
import { BlameReasons } from '../../mpc/session/errors.ts';
import { createSession, restoreSession } from '../../mpc/session/runtime.ts';
import { TestNetwork } from '../../mpc/testing/network.ts';
import { type BatchHost, type EntryValidity, resultBatchSession } from '../../validator/batches/batch-protocol.ts';
import { decodeEntry, encodeEntry } from '../../validator/engine/results.ts';

const committee = uniformCommittee(4, 3);
const TIMEOUTS = { attemptMs: 1_000, attemptIncrementMs: 500 };

function sid(label: string): Uint8Array {
  return new Drbg('dwallet/test/batch', utf8ToBytes(label)).bytes(32);
}

function signatureEntry(label: string, fill = 7): Uint8Array {
  const signature = new Uint8Array(65).fill(fill);
  signature[64] = 1;
  return encodeEntry({ Signature: { session_id: sid(label), signature } });
}

/** A validator's view: its own results by session (hex of the 32-byte id), as the store holds them. */
class Host implements BatchHost {
  readonly results = new Map<string, Uint8Array>();
  /** Sessions whose own result is not ready yet. */
  readonly running = new Set<string>();
  validations = 0;

  set(label: string, entry: Uint8Array): void {
    this.results.set(Buffer.from(sid(label)).toString('hex'), entry);
  }

  propose(sequence: bigint): Uint8Array | undefined {
    const ready = [...this.results.entries()].filter(([key]) => !this.running.has(key)).sort(([a], [b]) => a.localeCompare(b));
    if (ready.length === 0) return undefined;
    return encodeResultBatch({ sequence, results: ready.map(([, entry]) => decodeEntry(entry)) });
  }

  validate(_sequence: bigint, batch: ResultBatch): EntryValidity {
    this.validations += 1;
    for (const result of batch.results) {
      const key = Buffer.from(resultVariant(result).sessionId).toString('hex');
      const own = this.results.get(key);
      if (own === undefined || this.running.has(key)) return { status: 'unknown' };
      if (Buffer.compare(Buffer.from(own), Buffer.from(encodeEntry(result))) !== 0) return { status: 'invalid', detail: 'differs' };
    }
    return { status: 'valid' };
  }
}

function run(
  hosts: Map<PartyId, Host>,
  seed: string,
  options: { restartRate?: number; delayRate?: number; dropRate?: number; until?: readonly PartyId[] } = {},
) {
  const sessionId = sid(`agreement ${seed}`);
  const config = (party: PartyId) => ({ sequence: 5n, attempt: 0, host: hosts.get(party) as Host, timeouts: TIMEOUTS, recheckMs: 100 });
  const params = (party: PartyId) => ({ sessionId, self: party, committee });
  const network = new TestNetwork<Uint8Array>({
    committee,
    seed,
    ...(options.restartRate === undefined ? {} : { restartRate: options.restartRate }),
    ...(options.delayRate === undefined ? {} : { delayRate: options.delayRate }),
    ...(options.dropRate === undefined ? {} : { dropRate: options.dropRate }),
    maxDelayMs: 2_000,
    create: (party) => createSession(resultBatchSession, config(party), params(party)),
    restore: (party, state) => restoreSession(resultBatchSession, config(party), params(party), state),
  });
  network.start();
  const until = options.until ?? [1, 2, 3, 4];
  network.run({ maxSteps: 20_000, done: () => until.every((party) => network.result(party) !== undefined) });
  return network;
}

function decided(network: TestNetwork<Uint8Array>, parties: readonly PartyId[]): ResultBatch {
  let value: Uint8Array | undefined;
  for (const party of parties) {
    const result = network.result(party);
    assert.equal(result?.status, 'completed', `party ${party} did not decide`);
    const output = (result as { output: Uint8Array }).output;
    value ??= output;
    assert.deepEqual(output, value, `party ${party} decided another batch`);
  }
  return decodeResultBatch(value as Uint8Array);
}

function hostsWith(labels: readonly string[]): Map<PartyId, Host> {
  const hosts = new Map<PartyId, Host>();
  for (const party of [1, 2, 3, 4]) {
    const host = new Host();
    for (const label of labels) host.set(label, signatureEntry(label));
    hosts.set(party, host);
  }
  return hosts;
}

describe('result batch agreement', () => {
  test('validators with the same results decide one batch holding them all, for the configured sequence', () => {
    const network = run(hostsWith(['a', 'b', 'c']), 'same results');
    const batch = decided(network, [1, 2, 3, 4]);
    assert.equal(batch.sequence, 5n);
    assert.equal(batch.results.length, 3);
  });

  test('with losses, delays and restarts, every validator decides the same batch', () => {
    const network = run(hostsWith(['a', 'b']), 'chaos', { restartRate: 0.05, delayRate: 0.3, dropRate: 0.05 });
    assert.equal(decided(network, [1, 2, 3, 4]).results.length, 2);
  });

  test('a validator whose result differs never gets it decided, and a proposal carrying it gets its proposer blamed', () => {
    for (const seed of ['differs 1', 'differs 2', 'differs 3', 'differs 4']) {
      const hosts = hostsWith(['a', 'b']);
      (hosts.get(4) as Host).set('b', signatureEntry('b', 8));
      const network = run(hosts, seed, { until: [1, 2, 3] });
      const batch = decided(network, [1, 2, 3]);
      for (const result of batch.results) {
        assert.deepEqual(
          encodeEntry(result),
          signatureEntry(Buffer.from(resultVariant(result).sessionId).equals(Buffer.from(sid('a'))) ? 'a' : 'b'),
        );
      }
      for (const party of [1, 2, 3]) {
        for (const blame of network.machine(party).blames) {
          assert.equal(blame.party, 4, 'an honest validator was blamed');
          assert.ok(blame.reason === BlameReasons.INVALID_PROPOSAL || blame.reason === BlameReasons.INVALID_VOTE);
        }
      }
    }
  });

  test('a validator still computing a result waits (no refusal, no blame) and decides once its result is ready', () => {
    const hosts = hostsWith(['a']);
    const late = hosts.get(2) as Host;
    late.running.add(Buffer.from(sid('a')).toString('hex'));
    // Its result becomes ready after a few rechecks (the driver fires the recheck timer when a session ends).
    const validate = late.validate.bind(late);
    late.validate = (sequence, batch) => {
      if (late.validations >= 3) late.running.clear();
      return validate(sequence, batch);
    };
    const network = run(hosts, 'late result');
    decided(network, [1, 2, 3, 4]);
    for (const party of [1, 2, 3, 4]) assert.deepEqual(network.machine(party).blames, [], `party ${party} blamed someone`);
  });

  test('nothing to propose: no value is decided', () => {
    const hosts = hostsWith([]);
    const network = run(hosts, 'empty');
    assert.ok(network.stats.timersFired > 0, 'the agreement kept checking for results');
    for (const party of [1, 2, 3, 4]) assert.equal(network.result(party), undefined);
  });
});
