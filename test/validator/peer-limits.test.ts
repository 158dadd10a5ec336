/**
 * The peer endpoint under abuse, over real sockets: a body declared above the limit is refused
 * before any of it is sent; an envelope whose header names a non-member is refused after its header
 * alone and the connection closed, the rest never read; garbage envelopes cost no pairing, made-up
 * certified identities at most the source's budget of pairings; refusals past the source's budget
 * are answered late, while the same source's genuine envelopes are answered at once; a member's
 * identity learned ahead (GET /v1/peer/identity) needs no budget.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { freePorts } from '../../devnet/ports.ts';
import { encodeRoundMessage, type RoundMessage } from '../../mpc/session/message.ts';
import { createLogger } from '../../runtime/log.ts';
import { RESULT_BATCH_PROTOCOL } from '../../validator/batches/batch-protocol.ts';
import { ValidatorErrorCodes } from '../../validator/errors.ts';
import { ENVELOPE_DOMAIN, envelopeSchema, MAX_ENVELOPE_BYTES, sealEnvelope } from '../../validator/peer/envelope.ts';
import { localPeerIdentity } from '../../validator/peer/identity.ts';
import { learnPeerIdentities } from '../../validator/peer/identity-fetch.ts';
import { type CoreValidator, startCore, viewWithPorts } from './core.ts';
import { tempDir, testCommittee } from './support.ts';

const root = tempDir('peer-limits');
const { view: baseView, members } = testCommittee();
const peer = members[1] as (typeof members)[0];
let core: CoreValidator;
let view = baseView;
let port = 0;

before(async () => {
  const ports = await freePorts('127.0.0.1', 4);
  port = ports[0] as number;
  view = viewWithPorts(members, ports, baseView);
  core = await startCore({
    member: members[0] as (typeof members)[0],
    dir: join(root, '0'),
    view,
    port,
    admission: {
      certificateBurst: 3,
      certificateRefillMs: 60_000,
      refusalBurst: 40,
      refusalsPerSecond: 0.01,
      refusalDelayMs: 1500,
      maxHeld: 2,
    },
  });
});

after(async () => {
  await core?.stop();
  rmSync(root, { recursive: true, force: true });
});

function message(overrides: Partial<RoundMessage> = {}): RoundMessage {
  return {
    protocol: RESULT_BATCH_PROTOCOL,
    sessionId: new Uint8Array(32).fill(0x44),
    round: 1,
    attempt: 0,
    sender: peer.party,
    recipient: null,
    kind: 'echo',
    payload: new Uint8Array([0]),
    ...overrides,
  };
}

/** An envelope signed by `secretKey` whatever its other fields say. */
function signed(fields: { sender: number; peerSecretKey: Uint8Array; certificate: Uint8Array; message: Uint8Array }): Uint8Array {
  const body = {
    version: 1,
    epoch: view.epoch,
    sender: fields.sender,
    peer_key: ed25519.getPublicKey(fields.peerSecretKey),
    certificate: fields.certificate,
    message: fields.message,
  };
  const unsigned = envelopeSchema.serialize({ ...body, signature: new Uint8Array(64) }).toBytes();
  const toSign = new Uint8Array([...ENVELOPE_DOMAIN, ...unsigned.subarray(0, -64)]);
  return envelopeSchema.serialize({ ...body, signature: ed25519.sign(toSign, fields.peerSecretKey) }).toBytes();
}

interface RawAnswer {
  readonly status: number;
  readonly code: string | undefined;
  readonly ms: number;
  /** The server closed the connection after answering. */
  readonly closed: boolean;
}

/** POSTs `head` of a body declared as `declared` bytes over a raw socket, sends nothing more, and reads the answer. */
function rawPost(head: Uint8Array, declared: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let answered: { status: number; code: string | undefined } | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      if (answered === undefined) reject(new Error(`no answer: ${text}`));
      else resolve({ ...answered, ms: Date.now() - started, closed });
      socket.destroy();
    };
    // An answer the server does not follow by closing leaves the socket open: give it a moment, then report it open.
    let timer = setTimeout(() => finish(false), 10_000);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const body = text.indexOf('\r\n\r\n');
      if (status !== null && body >= 0 && answered === undefined && /\}\s*$/.test(text)) {
        answered = { status: Number(status[1]), code: /"code":"([A-Z_]+)"/.exec(text)?.[1] };
        clearTimeout(timer);
        timer = setTimeout(() => finish(false), 1000);
      }
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.write(
      `POST /v1/peer/envelopes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: ${declared}\r\n\r\n`,
    );
    socket.write(head);
  });
}

async function post(bytes: Uint8Array): Promise<{ status: number; code: string | undefined; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${core.http.url}/v1/peer/envelopes`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  const json = (await response.json()) as { error?: { code: string } };
  return { status: response.status, code: json.error?.code, ms: Date.now() - started };
}

async function certificateChecks(): Promise<number> {
  const text = await (await fetch(`${core.http.url}/metrics`)).text();
  return Number(/dwallet_validator_peer_certificate_checks_total (\d+)/.exec(text)?.[1] ?? 0);
}

describe('peer endpoint limits', () => {
  test('a body declared above the limit is refused before any of it is sent', async () => {
    const answer = await rawPost(new Uint8Array(0), 16 * 1024 * 1024);
    assert.equal(answer.status, 413);
    assert.equal(answer.code, ValidatorErrorCodes.PEER_BODY_TOO_LARGE);
    assert.equal(answer.closed, true);
  });

  test('a large envelope of a non-member is refused from its header: the rest is never sent, the connection is closed', async () => {
    const outsider = signed({
      sender: 9,
      peerSecretKey: new Uint8Array(32).fill(0x61),
      certificate: new Uint8Array(96),
      message: new Uint8Array(200 * 1024),
    });
    const answer = await rawPost(outsider.subarray(0, 200), outsider.length);
    assert.equal(answer.status, 403);
    assert.equal(answer.code, ValidatorErrorCodes.PEER_UNKNOWN_SENDER);
    assert.equal(answer.closed, true);
    const huge = new Uint8Array([...outsider.subarray(0, 139), 0x80, 0x80, 0x40]);
    const declared = await rawPost(huge, MAX_ENVELOPE_BYTES);
    assert.equal(declared.status, 413, 'a length prefix above the limit is refused at once');
    assert.equal(declared.closed, true);
  });

  test('garbage costs no pairing; made-up certified identities cost at most the source’s budget, then 429', async () => {
    const first = await post(sealEnvelope(peer.identity, view.epoch, message()));
    assert.ok(first.status === 202 || first.status === 200, `a member's envelope is taken (${first.status} ${first.code})`);
    const before = await certificateChecks();
    for (let i = 0; i < 10; i++) {
      const unsigned = signed({
        sender: peer.party,
        peerSecretKey: new Uint8Array(32).fill(0x70 + i),
        certificate: new Uint8Array(96).fill(i),
        message: encodeRoundMessage(message()),
      });
      unsigned.fill(0, unsigned.length - 64);
      assert.equal((await post(unsigned)).code, ValidatorErrorCodes.PEER_BAD_SIGNATURE);
    }
    assert.equal(await certificateChecks(), before, 'no pairing for unsigned envelopes');
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      // Correctly signed by a fresh peer key whose certificate is by a BLS key outside the committee.
      const made = localPeerIdentity(peer.party, new Uint8Array(32).fill(0x20 + i), new Uint8Array(32).fill(0x40 + i));
      codes.push(
        (
          await post(
            signed({
              sender: peer.party,
              peerSecretKey: made.peerSecretKey,
              certificate: made.certificate,
              message: encodeRoundMessage(message()),
            }),
          )
        ).code as string,
      );
    }
    // The budget is 3: one went to the member's own certificate.
    assert.deepEqual(codes.slice(0, 2), Array(2).fill(ValidatorErrorCodes.PEER_BAD_IDENTITY));
    assert.deepEqual(codes.slice(2), Array(8).fill(ValidatorErrorCodes.PEER_RATE_LIMITED));
    assert.equal((await certificateChecks()) - before, 2, 'as many pairings as the budget left');
    const genuine = await post(sealEnvelope(peer.identity, view.epoch, message({ attempt: 1 })));
    assert.ok(
      genuine.status === 202 || genuine.status === 200,
      `a member's own envelope is still taken (${genuine.status} ${genuine.code})`,
    );
  });

  test('past its refusal budget a source waits for its refusals; its genuine envelopes are answered at once', async () => {
    const garbage = new Uint8Array([7, 7, 7]);
    const times: number[] = [];
    while (times.length < 100 && (times.at(-1) ?? 0) < 1000) times.push((await post(garbage)).ms);
    assert.ok((times.at(-1) ?? 0) >= 1000, `no refusal was held: ${times.join(', ')} ms`);
    const held = await post(garbage);
    assert.ok(held.ms >= 1000, `the next refusal waited ${held.ms} ms too (${times.join(', ')} ms before)`);
    assert.equal(held.code, ValidatorErrorCodes.PEER_MALFORMED);
    const genuine = await post(sealEnvelope(peer.identity, view.epoch, message({ attempt: 2 })));
    assert.ok(genuine.ms < 1000, `a genuine envelope waited ${genuine.ms} ms`);
    assert.ok(genuine.status === 202 || genuine.status === 200);
    const health = await fetch(`${core.http.url}/health`);
    assert.equal(health.status, 200);
  });

  test("a member's identity learned ahead lets its first envelope in while its address's budget of new certificates is spent", async () => {
    const ports = view.members.map((m) => Number(new URL(m.url as string).port));
    const third = members[2] as (typeof members)[0];
    const other = await startCore({ member: third, dir: join(root, '2'), view, port: ports[2] as number });
    try {
      const unannounced = sealEnvelope(third.identity, view.epoch, message({ sender: third.party }));
      assert.equal((await post(unannounced)).code, ValidatorErrorCodes.PEER_RATE_LIMITED, 'the budget of this address is spent');
      const learned = new Set<number>();
      const options = {
        view: () => view,
        self: 1,
        verifier: core.verifier,
        logger: createLogger('test', { level: 'error' }),
        timeoutMs: 2000,
        retryMs: 100,
      };
      assert.equal(await learnPeerIdentities(options, learned), 1, 'the running member was learned; the others are down');
      assert.deepEqual([...learned], [third.party]);
      const checks = await certificateChecks();
      const first = await post(sealEnvelope(third.identity, view.epoch, message({ sender: third.party, attempt: 1 })));
      assert.ok(first.status === 202 || first.status === 200, `${first.status} ${first.code}`);
      assert.equal(await certificateChecks(), checks, 'no pairing at the envelope');
    } finally {
      await other.stop();
    }
  });
});
