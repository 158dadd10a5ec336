/**
 * Four validators' cores (store, session engine, peer HTTP API and transport, batch decider) on
 * loopback, without a chain: they decide result batches in strict sequence and sign identical
 * bytes; a validator stopped and restarted resumes from its store and joins the next sequence;
 * the peer API refuses every kind of bad input with its code; a validator restarted with open
 * request sessions in its store leaves them to its session workers (no planning error on the main
 * thread).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { aggregateSignatures, resultBatchSigningMessage, verifyAggregate } from '../../chain/certificate.ts';
import { decodeResultBatch } from '../../chain/schemas/result-batch.ts';
import type { SessionId } from '../../chain/session-id.ts';
import { freePorts } from '../../devnet/ports.ts';
import { encodeRoundMessage, type RoundMessage } from '../../mpc/session/message.ts';
import { RESULT_BATCH_PROTOCOL } from '../../validator/batches/batch-protocol.ts';
import { ValidatorErrorCodes } from '../../validator/errors.ts';
import { sealEnvelope } from '../../validator/peer/envelope.ts';
import { localPeerIdentity } from '../../validator/peer/identity.ts';
import { ValidatorStore } from '../../validator/store/database.ts';
import { type CoreValidator, recordOnChain, startCore, storeSignResult, TEST_COORDINATOR_ID, until, viewWithPorts } from './core.ts';
import { tempDir, testCommittee } from './support.ts';

const root = tempDir('core');
const { view: baseView, members } = testCommittee();
let ports: number[] = [];
let view = baseView;
const cores: CoreValidator[] = [];

before(async () => {
  ports = await freePorts('127.0.0.1', 4);
  view = viewWithPorts(members, ports, baseView);
  for (const [i, member] of members.entries()) {
    cores.push(await startCore({ member, dir: join(root, String(i)), view, port: ports[i] as number, maxQueuedPerSender: 3 }));
  }
});

after(async () => {
  await Promise.all(cores.map((c) => c.stop().catch(() => {})));
  rmSync(root, { recursive: true, force: true });
});

function core(i: number): CoreValidator {
  return cores[i] as CoreValidator;
}

function decidedEverywhere(sequence: number, which = [0, 1, 2, 3]): boolean {
  return which.every((i) => core(i).decider.decided(sequence) !== undefined);
}

async function post(i: number, body: Uint8Array | string, contentType = 'application/octet-stream') {
  const response = await fetch(`${core(i).http.url}/v1/peer/envelopes`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return {
    status: response.status,
    json: (await response.json()) as { status?: string; error?: { code: string; details: Record<string, unknown> } },
  };
}

function message(overrides: Partial<RoundMessage>): RoundMessage {
  return {
    protocol: RESULT_BATCH_PROTOCOL,
    sessionId: new Uint8Array(32).fill(1),
    round: 1,
    attempt: 0,
    sender: 2,
    recipient: null,
    kind: 'echo',
    payload: new Uint8Array([0]),
    ...overrides,
  };
}

describe('validator core', () => {
  test('four validators decide one batch per sequence and sign the same bytes; a quorum certificate verifies', async () => {
    const sessionId = cores.map((c) => storeSignResult(c.store, 'a', 0))[0] as SessionId;
    for (const c of cores) c.decider.poke();
    await until(() => decidedEverywhere(0), 20_000, 'sequence 0');
    const decided = cores.map((c) => c.decider.decided(0) as { batch: Uint8Array; signature: Uint8Array });
    for (const d of decided) assert.deepEqual(d.batch, decided[0]?.batch);
    const batch = decodeResultBatch(decided[0]?.batch as Uint8Array);
    assert.equal(batch.sequence, 0n);
    assert.deepEqual(
      batch.results.map((r) => bytesToHex((r as { Signature: { session_id: Uint8Array } }).Signature.session_id)),
      [sessionId],
    );
    const message = resultBatchSigningMessage(TEST_COORDINATOR_ID, decided[0]?.batch as Uint8Array, view.epoch);
    for (const [i, d] of decided.entries()) assert.ok(verifyAggregate([view.members[i]?.blsPublicKey as Uint8Array], d.signature, message));
    const certificate = aggregateSignatures(decided.slice(0, 3).map((d) => d.signature));
    assert.ok(
      verifyAggregate(
        view.members.slice(0, 3).map((m) => m.blsPublicKey),
        certificate,
        message,
      ),
    );
    for (const c of cores) assert.equal(c.store.request(sessionId)?.batchSequence, 0);
    assert.equal(
      cores.every((c) => c.decider.current === 1),
      true,
    );
  });

  test('with one validator down the others decide; restarted from its store, it catches up and joins the next sequence', async () => {
    await core(3).stop();
    for (const i of [0, 1, 2]) storeSignResult(core(i).store, 'b', 1);
    for (const i of [0, 1, 2]) core(i).decider.poke();
    await until(() => decidedEverywhere(1, [0, 1, 2]), 20_000, 'sequence 1 without validator 4');
    // The chain records sequences 0 and 1; the restarted validator reads the same from the chain.
    for (const i of [0, 1, 2]) for (const s of [0, 1]) recordOnChain(core(i), s);
    cores[3] = await startCore({ member: members[3] as (typeof members)[0], dir: join(root, '3'), view, port: ports[3] as number });
    const late = core(3);
    assert.equal(late.decider.decided(0) !== undefined, true, 'its decision of sequence 0 survived the restart');
    const b = storeSignResult(late.store, 'b', 1);
    late.store.markRequestOnChain(b, 1);
    for (const s of [0, 1]) recordOnChain(late, s);
    assert.equal(late.decider.current, 2);
    for (const c of cores) storeSignResult(c.store, 'c', 2);
    for (const c of cores) c.decider.poke();
    await until(() => decidedEverywhere(2), 20_000, 'sequence 2 with the restarted validator');
    const batches = cores.map((c) => bytesToHex((c.decider.decided(2) as { batch: Uint8Array }).batch));
    assert.equal(new Set(batches).size, 1);
  });

  test('the peer API refuses each kind of bad input with a 4xx, a code and a reason', async () => {
    const live = core(0).decider.sessionIdFor(2);
    assert.ok(core(0).engine.isLive(live), 'the agreement on sequence 2 is still answering peers');
    const peer = members[1] as (typeof members)[0];
    const seal = (m: RoundMessage) => sealEnvelope(peer.identity, view.epoch, m);
    const at = (overrides: Partial<RoundMessage>) => seal(message({ sessionId: hexToBytes(live), ...overrides }));

    let r = await post(0, seal(message({})), 'application/json');
    assert.equal(r.status, 415);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_CONTENT_TYPE);
    r = await post(0, new Uint8Array([7, 7, 7]));
    assert.equal(r.status, 400);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_MALFORMED);
    r = await post(0, encodeRoundMessage(message({})));
    assert.equal(r.status, 401);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_UNSIGNED);
    const forged = seal(message({}));
    forged[forged.length - 1] = (forged[forged.length - 1] as number) ^ 0xff;
    r = await post(0, forged);
    assert.equal(r.status, 401);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_BAD_SIGNATURE);
    const outsider = localPeerIdentity(2, new Uint8Array(32).fill(0x51), new Uint8Array(32).fill(0x52));
    r = await post(0, sealEnvelope(outsider, view.epoch, message({})));
    assert.equal(r.status, 401);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_BAD_IDENTITY);
    r = await post(0, sealEnvelope(peer.identity, view.epoch + 1n, message({})));
    assert.equal(r.status, 409);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_WRONG_EPOCH);

    r = await post(0, at({ payload: new Uint8Array([9, 9, 9]) }));
    assert.equal(r.status, 422);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_MESSAGE_REFUSED);
    assert.equal(r.json.error?.details.cause, 'SESSION_MALFORMED_PAYLOAD');
    r = await post(0, at({ kind: 'gossip' }));
    assert.equal(r.json.error?.details.cause, 'SESSION_UNKNOWN_KIND');
    r = await post(0, at({ round: 7 }));
    assert.equal(r.json.error?.details.cause, 'SESSION_UNKNOWN_ROUND');
    r = await post(0, at({ protocol: '2pc-mpc/ecdsa/sign-session' }));
    assert.equal(r.json.error?.details.cause, 'SESSION_WRONG_PROTOCOL');
    r = await post(0, at({ recipient: 3 }));
    assert.equal(r.status, 400);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_WRONG_RECIPIENT);

    const nil = at({ attempt: 9, payload: new Uint8Array([0]) });
    r = await post(0, nil);
    assert.equal(r.status, 202);
    assert.equal(r.json.status, 'accepted');
    r = await post(0, nil);
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'duplicate');

    r = await post(0, seal(message({ protocol: 'someone/else', sessionId: new Uint8Array(32).fill(0x61) })));
    assert.equal(r.status, 422);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_UNKNOWN_PROTOCOL);
    for (let k = 0; k < 3; k++) {
      r = await post(0, seal(message({ sessionId: new Uint8Array(32).fill(0x70 + k) })));
      assert.equal(r.json.status, 'queued');
    }
    r = await post(0, seal(message({ sessionId: new Uint8Array(32).fill(0x7f) })));
    assert.equal(r.status, 429);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_QUEUE_FULL);

    const large = new Uint8Array(17 * 1024 * 1024);
    r = await post(0, large);
    assert.equal(r.status, 413);
    assert.equal(r.json.error?.code, ValidatorErrorCodes.PEER_BODY_TOO_LARGE);

    const metrics = await (await fetch(`${core(0).http.url}/metrics`)).text();
    assert.match(metrics, /dwallet_validator_peer_errors_total\{code="PEER_UNSIGNED",direction="in",peer="unverified"\} 1/);
    const health = (await (await fetch(`${core(0).http.url}/health`)).json()) as { ok: boolean };
    assert.equal(health.ok, true);
  });

  test('a closed session acknowledges late envelopes without storing them', async () => {
    const closed = core(0).decider.sessionIdFor(0);
    recordOnChain(core(0), 2);
    await until(() => !core(0).engine.isLive(closed) && core(0).store.session(closed)?.status === 'closed', 5000, 'sequence 0 closed');
    const r = await post(
      0,
      sealEnvelope((members[1] as (typeof members)[0]).identity, view.epoch, message({ sessionId: hexToBytes(closed), attempt: 3 })),
    );
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'closed');
    assert.deepEqual(core(0).store.inboxOf(closed), []);
  });

  test('restarted with open request sessions in its store, the main thread leaves them to the session workers: no planning error', async () => {
    const presign = bytesToHex(new Uint8Array(32).fill(0x91));
    const sign = bytesToHex(new Uint8Array(32).fill(0x92));
    await core(2).stop();
    const lines: string[] = [];
    const reopened = ValidatorStore.open(join(root, '2', 'validator.sqlite'));
    reopened.insertSession(presign, 'presign', view.epoch, Date.now());
    reopened.insertSession(sign, 'sign', view.epoch, Date.now());
    reopened.close();
    cores[2] = await startCore({
      member: members[2] as (typeof members)[0],
      dir: join(root, '2'),
      view,
      port: ports[2] as number,
      logSink: (line) => lines.push(line),
    });
    // Three times the plan-retry period of the harness (200 ms): a planning failure would have been logged by now.
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(
      lines.filter((line) => line.includes('cannot plan session')),
      [],
    );
    assert.equal(core(2).engine.isLive(presign) || core(2).engine.isLive(sign), false, 'the main thread runs no request session');
    assert.equal(core(2).store.session(presign)?.status, 'new', 'the request sessions are left open for the workers');
  });

  test('a proposal with a result this validator lacks asks its session for it (a standby steps in); with it, the batch is decided', async () => {
    const sequence = core(1).decider.current;
    for (const i of [0, 1, 2]) storeSignResult(core(i).store, 'e', sequence);
    // Validator 4 recorded the request, but its session has no result yet (it stood by).
    const withResult = storeSignResult(core(3).store, 'e', sequence);
    const entry = new Uint8Array(core(3).store.request(withResult)?.result as Uint8Array);
    core(3).store.sqlite.prepare('UPDATE requests SET result = NULL, result_at = NULL').run();
    for (const c of cores) c.decider.poke();
    await until(() => core(3).lacking.includes(withResult), 20_000, 'validator 4 asked for its result');
    assert.deepEqual([...new Set(core(3).lacking)], [withResult]);
    assert.deepEqual(core(0).lacking, [], 'a validator with every result asks for none');
    core(3).store.setResult(withResult, entry, Date.now());
    core(3).decider.poke();
    await until(() => decidedEverywhere(sequence), 20_000, `sequence ${sequence} with the late result`);
  });
});
