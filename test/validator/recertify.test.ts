/**
 * A decided result batch that does not land does not block its sequence: four validators' cores
 * decide sequence 0; the chain (played by the test) does not record it within `landMs`, so they
 * decide sequence 0 again in a new agreement (attempt 1, its own session id) with at most half the
 * results, sign those bytes too, and the results left out are decided in the next sequence. When
 * the chain records sequence 0, every result is in exactly one recorded or decided batch. A
 * validator refuses to decide again before its own deadline, and a batch above an attempt's caps.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { resultBatchSigningMessage, verifyAggregate } from '../../chain/certificate.ts';
import { decodeResultBatch, resultVariant } from '../../chain/schemas/result-batch.ts';
import { SessionId } from '../../chain/session-id.ts';
import { freePorts } from '../../devnet/ports.ts';
import { batchCaps, batchSessionId, MAX_BATCH_ENTRIES } from '../../validator/batches/batch-protocol.ts';
import { batchKind, batchOfKind } from '../../validator/batches/decider.ts';
import { type CoreValidator, recordOnChain, startCore, storeSignResult, TEST_COORDINATOR_ID, until, viewWithPorts } from './core.ts';
import { tempDir, testCommittee } from './support.ts';

const LAND_MS = 1500;
const root = tempDir('recertify');
const { view: baseView, members } = testCommittee();
let view = baseView;
const cores: CoreValidator[] = [];

before(async () => {
  const ports = await freePorts('127.0.0.1', 4);
  view = viewWithPorts(members, ports, baseView);
  for (const [i, member] of members.entries()) {
    cores.push(await startCore({ member, dir: join(root, String(i)), view, port: ports[i] as number, landMs: LAND_MS }));
  }
});

after(async () => {
  await Promise.all(cores.map((c) => c.stop().catch(() => {})));
  rmSync(root, { recursive: true, force: true });
});

function sessionsOf(batch: Uint8Array): string[] {
  return decodeResultBatch(batch).results.map((r) => SessionId.fromBytes(resultVariant(r).sessionId));
}

describe('result batches decided again when they do not land', () => {
  test('attempts have their own session kinds and ids, and halving caps', () => {
    assert.equal(batchKind(7), 'batch/7');
    assert.deepEqual(batchOfKind(batchKind(7, 2)), { sequence: 7, attempt: 2 });
    assert.deepEqual(batchOfKind('batch/7'), { sequence: 7, attempt: 0 });
    assert.equal(batchOfKind('batch/7/x'), undefined);
    assert.notEqual(bytesToHex(batchSessionId(TEST_COORDINATOR_ID, 1n, 7n, 0)), bytesToHex(batchSessionId(TEST_COORDINATOR_ID, 1n, 7n, 1)));
    assert.equal(batchCaps(0).entries, MAX_BATCH_ENTRIES);
    assert.equal(batchCaps(1).entries, MAX_BATCH_ENTRIES / 2);
    assert.equal(batchCaps(30).entries, 1, 'a batch of one result is always allowed');
  });

  test('a batch not on chain after landMs is decided again, smaller; the rest goes to the next sequence', async () => {
    const sessions = [0, 1, 2, 3].map((i) => cores.map((c) => storeSignResult(c.store, String.fromCharCode(97 + i), i))[0] as string);
    for (const c of cores) c.decider.poke();
    await until(() => cores.every((c) => c.decider.decided(0) !== undefined), 20_000, 'sequence 0');
    const first = (cores[0] as CoreValidator).decider.decided(0)?.batch as Uint8Array;
    const decidedAt = Date.now();
    assert.deepEqual(sessionsOf(first).sort(), [...sessions].sort());
    for (const c of cores) assert.equal(bytesToHex((c.decider.decided(0) as { batch: Uint8Array }).batch), bytesToHex(first));

    await until(() => cores.every((c) => c.store.batch(0)?.attempt === 1), 20_000, 'sequence 0 decided again');
    assert.ok(Date.now() - decidedAt >= LAND_MS - 200, 'not before the deadline');
    const second = (cores[0] as CoreValidator).decider.decided(0) as { batch: Uint8Array; signature: Uint8Array };
    assert.equal(decodeResultBatch(second.batch).sequence, 0n);
    const kept = sessionsOf(second.batch);
    assert.equal(kept.length, 2, 'half the results');
    assert.deepEqual(kept, sessionsOf(first).slice(0, 2), 'the earlier batch first, in its order');
    const message = resultBatchSigningMessage(TEST_COORDINATOR_ID, second.batch, view.epoch);
    for (const [i, c] of cores.entries()) {
      const decided = c.decider.decided(0) as { batch: Uint8Array; signature: Uint8Array };
      assert.equal(bytesToHex(decided.batch), bytesToHex(second.batch));
      assert.ok(verifyAggregate([view.members[i]?.blsPublicKey as Uint8Array], decided.signature, message), 'signed anew');
      assert.deepEqual(JSON.parse(c.store.batch(0)?.acked ?? ''), [], 'to be pushed to the relayers again');
    }

    // The results left out are decided in sequence 1.
    await until(() => cores.every((c) => c.decider.decided(1) !== undefined), 20_000, 'sequence 1');
    const next = sessionsOf((cores[0] as CoreValidator).decider.decided(1)?.batch as Uint8Array);
    assert.deepEqual([...kept, ...next].sort(), [...sessions].sort());

    // The chain records the smaller batch: nothing is released, every result is in one batch.
    for (const c of cores) recordOnChain(c, 0);
    for (const c of cores) {
      assert.equal(c.store.readyResults(10).length, 0);
      assert.equal(c.decider.current, 2);
    }
  });

  test('a batch for sequence k that lost the race to the chain gives its results back', () => {
    const core = cores[0] as CoreValidator;
    const late = storeSignResult(core.store, 'z', 9);
    core.store.setBatchSequence([late as SessionId], 1);
    recordOnChain(core, 1);
    assert.deepEqual(
      core.store.readyResults(10).map((r) => r.sessionId),
      [late],
      'assigned to sequence 1 here, not in what the chain recorded: ready for a later sequence',
    );
  });
});
