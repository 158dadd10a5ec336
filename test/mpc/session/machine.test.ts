import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { aggregationRound } from '../../../mpc/session/aggregation.ts';
import { createCommittee, uniformCommittee } from '../../../mpc/session/committee.ts';
import { BlameReasons, SessionError, SessionErrorCodes } from '../../../mpc/session/errors.ts';
import type { AuthenticatedMessage, SessionMachine } from '../../../mpc/session/machine.ts';
import { encodeRoundMessage, messageDigest, type RoundMessage, sameBytes } from '../../../mpc/session/message.ts';
import { ProposerSchedule } from '../../../mpc/session/proposer.ts';
import type { Protocol, SessionDefinition } from '../../../mpc/session/protocol.ts';
import { kind } from '../../../mpc/session/rounds.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { MAX_VERSIONS_PER_SLOT } from '../../../mpc/session/store.ts';
import { testRng } from '../../support/random.ts';
import { configFor, contributionBytes, definition, dlNetwork, parts, ROUND, ROUND_NAME } from './fixtures.ts';

const committee = uniformCommittee(4, 3);

/** A started network whose party 1 has received nothing yet, and party 2's broadcasts to it. */
function setup(seed: string) {
  const { network, sessionId } = dlNetwork({ committee, seed });
  network.start();
  const fromTwo = network
    .inFlight()
    .filter((e) => e.from === 2 && e.to === 1)
    .map((e) => network.keys.open(e.bytes));
  const contribution = fromTwo.find((m) => m.message.kind === 'contribution') as AuthenticatedMessage;
  return { network, sessionId, contribution };
}

function refuses(
  what: string,
  machine: SessionMachine<unknown>,
  input: Parameters<SessionMachine<unknown>['handle']>[0],
  code: string,
): void {
  const before = machine.serialize();
  assert.throws(
    () => machine.handle(input),
    (error: unknown) => error instanceof SessionError && error.code === code,
    `${what}: expected ${code}`,
  );
  assert.ok(sameBytes(machine.serialize(), before), `${what}: the state changed`);
}

describe('session machine: refused inputs', () => {
  test('every bad input gets its typed error, leaves the state unchanged, and the session still completes', () => {
    const { network, sessionId, contribution } = setup('refusals');
    const machine = network.machine(1);
    const seal = (message: RoundMessage): AuthenticatedMessage => network.keys.open(network.keys.seal(message));
    const base = contribution.message;
    const payloadOf = (kindName: string, value: unknown) =>
      (
        aggregationRound({ round: ROUND, name: ROUND_NAME, parts }, committee).kinds[kindName] as {
          schema: { serialize(v: unknown): { toBytes(): Uint8Array } };
        }
      ).schema
        .serialize(value)
        .toBytes();
    const asMessage = (message: AuthenticatedMessage) => ({ type: 'message' as const, message });
    const schedule = new ProposerSchedule(committee, sessionId, ROUND);
    const notProposer = ([2, 3, 4] as const).find((p) => p !== schedule.proposer(0)) as number;
    const cases: [string, AuthenticatedMessage, string][] = [
      ['another session', seal({ ...base, sessionId: new Uint8Array(32).fill(7) }), SessionErrorCodes.SESSION_WRONG_SESSION],
      ['another protocol', seal({ ...base, protocol: 'test/other' }), SessionErrorCodes.SESSION_WRONG_PROTOCOL],
      ['an unknown round', seal({ ...base, round: 9 }), SessionErrorCodes.SESSION_UNKNOWN_ROUND],
      ['an unknown kind', seal({ ...base, kind: 'share' }), SessionErrorCodes.SESSION_UNKNOWN_KIND],
      ['a recipient on a broadcast', seal({ ...base, recipient: 1 }), SessionErrorCodes.SESSION_WRONG_RECIPIENT],
      ['an attempt on a one-shot kind', seal({ ...base, attempt: 1 }), SessionErrorCodes.SESSION_ATTEMPT_OUT_OF_RANGE],
      [
        'an attempt far ahead',
        seal({ ...base, kind: 'echo', attempt: 40, payload: payloadOf('echo', { value: null }) }),
        SessionErrorCodes.SESSION_ATTEMPT_OUT_OF_RANGE,
      ],
      [
        'a proposal from a party that does not lead the attempt',
        seal({
          ...base,
          sender: notProposer,
          kind: 'proposal',
          payload: payloadOf('proposal', { value: [{ party: 1, digest: new Uint8Array(32) }], justification: null }),
        }),
        SessionErrorCodes.SESSION_UNEXPECTED_SENDER,
      ],
      [
        'a request beyond the last sequence number',
        seal({
          ...base,
          kind: 'request',
          attempt: 32,
          payload: payloadOf('request', { items: [{ party: 1, digest: new Uint8Array(32) }] }),
        }),
        SessionErrorCodes.SESSION_ATTEMPT_OUT_OF_RANGE,
      ],
      ['a garbage payload', seal({ ...base, payload: new Uint8Array([1, 2, 3]) }), SessionErrorCodes.SESSION_MALFORMED_PAYLOAD],
      [
        'a truncated payload',
        seal({ ...base, payload: base.payload.subarray(0, base.payload.length - 1) }),
        SessionErrorCodes.SESSION_MALFORMED_PAYLOAD,
      ],
      ['a trailing byte', seal({ ...base, payload: new Uint8Array([...base.payload, 0]) }), SessionErrorCodes.SESSION_MALFORMED_PAYLOAD],
      [
        'an unsorted contributor list',
        seal({
          ...base,
          kind: 'echo',
          payload: payloadOf('echo', { value: [2, 1, 3].map((party) => ({ party, digest: new Uint8Array(32) })) }),
        }),
        SessionErrorCodes.SESSION_MALFORMED_PAYLOAD,
      ],
      [
        'a contributor outside the committee',
        seal({
          ...base,
          kind: 'echo',
          payload: payloadOf('echo', { value: [1, 2, 9].map((party) => ({ party, digest: new Uint8Array(32) })) }),
        }),
        SessionErrorCodes.SESSION_MALFORMED_PAYLOAD,
      ],
      [
        'a sender outside the committee',
        { ...contribution, sender: 9, message: { ...base, sender: 9 } },
        SessionErrorCodes.SESSION_UNKNOWN_SENDER,
      ],
      ['itself as the sender', { ...contribution, sender: 1, message: { ...base, sender: 1 } }, SessionErrorCodes.SESSION_OWN_MESSAGE],
      ['a signer that is not the sender', { ...contribution, sender: 3 }, SessionErrorCodes.SESSION_SENDER_MISMATCH],
      ['no envelope', { ...contribution, evidence: new Uint8Array(0) }, SessionErrorCodes.SESSION_MISSING_EVIDENCE],
      [
        'an invalid kind name',
        { ...contribution, message: { ...base, kind: 'Contribution' } },
        SessionErrorCodes.SESSION_MALFORMED_MESSAGE,
      ],
      [
        'a short session id',
        { ...contribution, message: { ...base, sessionId: new Uint8Array(31) } },
        SessionErrorCodes.SESSION_MALFORMED_MESSAGE,
      ],
    ];
    for (const [what, message, code] of cases) refuses(what, machine, asMessage(message), code);
    refuses('a timer never set', machine, { type: 'timeout', timer: 'r1/attempt/7' }, SessionErrorCodes.SESSION_UNKNOWN_TIMER);
    refuses('not an input', machine, { type: 'nonsense' } as never, SessionErrorCodes.SESSION_MALFORMED_MESSAGE);
    assert.throws(
      () => machine.start(),
      (e: unknown) => e instanceof SessionError && e.code === SessionErrorCodes.SESSION_ALREADY_STARTED,
    );

    network.run();
    for (const party of [1, 2, 3, 4]) assert.equal(network.result(party)?.status, 'completed');
    assert.deepEqual(machine.blames, []);
  });

  test('identical copies are dropped; a second, different message for a slot blames its sender with both envelopes', () => {
    const { network, sessionId, contribution } = setup('equivocation');
    const machine = network.machine(1);
    assert.equal(network.deliverDirect(1, contribution), undefined);
    const state = machine.serialize();
    assert.equal(network.deliverDirect(1, contribution), undefined);
    assert.ok(sameBytes(machine.serialize(), state), 'a duplicate changed the state');

    const other = network.keys.open(network.keys.seal({ ...contribution.message, payload: contributionBytes(sessionId, 2, 1) }));
    assert.equal(network.deliverDirect(1, other), undefined);
    const blames = machine.blames;
    assert.equal(blames.length, 1);
    const [blame] = blames;
    assert.equal(blame?.party, 2);
    assert.equal(blame?.reason, BlameReasons.EQUIVOCATION);
    assert.equal(blame?.evidence.length, 2);
    const opened = (blame?.evidence ?? []).map((e) => network.keys.open(e).message);
    assert.ok(sameBytes(encodeRoundMessage(opened[0] as RoundMessage), encodeRoundMessage(contribution.message)));
    assert.ok(sameBytes(encodeRoundMessage(opened[1] as RoundMessage), encodeRoundMessage(other.message)));
  });

  test('a message for a slot that is already full is dropped before its payload is decoded', () => {
    const { network, sessionId, contribution } = setup('full slot');
    const machine = network.machine(1);
    const variant = (v: number) =>
      network.keys.open(network.keys.seal({ ...contribution.message, payload: contributionBytes(sessionId, 2, v) }));
    assert.equal(network.deliverDirect(1, contribution), undefined);
    for (let v = 1; v < MAX_VERSIONS_PER_SLOT; v++) assert.equal(network.deliverDirect(1, variant(v)), undefined);
    const state = machine.serialize();
    // A fifth version whose payload does not even decode: the full slot refuses it without decoding
    // (a malformed payload to a slot with room is a SESSION_MALFORMED_PAYLOAD refusal).
    const garbage = network.keys.open(network.keys.seal({ ...contribution.message, payload: new Uint8Array(64).fill(0xff) }));
    assert.equal(network.deliverDirect(1, garbage), undefined);
    assert.ok(sameBytes(machine.serialize(), state), 'a message to a full slot changed the state');
    const fromThree = network.keys.open(network.keys.seal({ ...garbage.message, sender: 3 }));
    assert.equal(network.deliverDirect(1, fromThree)?.code, SessionErrorCodes.SESSION_MALFORMED_PAYLOAD);
  });

  test('a party answers requests for a contribution once per requester, however often it is asked', () => {
    const { network, contribution } = setup('requests');
    const machine = network.machine(1);
    assert.equal(network.deliverDirect(1, contribution), undefined);
    const own = network.inFlight().find((e) => e.from === 1 && network.keys.open(e.bytes).message.kind === 'contribution');
    const ownMessage = network.keys.open((own as { bytes: Uint8Array }).bytes).message;
    const items = [
      { party: 1, digest: messageDigest(ownMessage) },
      { party: 2, digest: messageDigest(contribution.message) },
    ];
    const payload = (
      aggregationRound({ round: ROUND, name: ROUND_NAME, parts }, committee).kinds.request as never as {
        schema: { serialize(v: unknown): { toBytes(): Uint8Array } };
      }
    ).schema
      .serialize({ items })
      .toBytes();
    let answers = 0;
    for (let seq = 0; seq < 5; seq++) {
      const request = network.keys.open(network.keys.seal({ ...contribution.message, sender: 3, kind: 'request', attempt: seq, payload }));
      const step = machine.handle({ type: 'message', message: request });
      for (const out of step.outgoing) {
        if (out.to !== 3) continue;
        answers += 1;
        const sent = out.type === 'send' ? out.message : network.keys.open(out.evidence).message;
        assert.equal(sent.kind, 'contribution');
      }
    }
    assert.equal(answers, 2);
  });

  test('messages fed before start wait for it', () => {
    const { network, sessionId } = dlNetwork({ committee, seed: 'early' });
    const late = createSession(definition, configFor(1), { sessionId, self: 1, committee, rng: testRng('early 1') });
    network.start();
    const toOne = network.inFlight().filter((e) => e.to === 1);
    for (const envelope of toOne) late.handle({ type: 'message', message: network.keys.open(envelope.bytes) });
    assert.equal(late.status, 'created');
    const step = late.start();
    assert.equal(late.status, 'running');
    assert.ok(step.outgoing.some((out) => out.type === 'send' && out.message.kind === 'contribution'));
  });
});

describe('session machine: serialized state', () => {
  const sessionId = new Uint8Array(32).fill(3);
  const params = { sessionId, self: 1, committee, rng: testRng('state') };

  test('restores to the same state; refuses other versions, corrupt bytes and other sessions', () => {
    const machine = createSession(definition, configFor(1), params);
    machine.start();
    const state = machine.serialize();
    const restored = restoreSession(definition, configFor(1), params, state);
    assert.ok(sameBytes(restored.serialize(), state));
    assert.deepEqual(restored.activeTimers(), machine.activeTimers());
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof SessionError ? error.code : 'other';
      }
      return 'none';
    };
    const other = state.slice();
    other[0] = 2;
    assert.equal(
      code(() => restoreSession(definition, configFor(1), params, other)),
      SessionErrorCodes.SESSION_STATE_VERSION,
    );
    assert.equal(
      code(() => restoreSession(definition, configFor(1), params, state.subarray(0, state.length - 3))),
      SessionErrorCodes.SESSION_STATE_CORRUPT,
    );
    assert.equal(
      code(() => restoreSession(definition, configFor(1), params, new Uint8Array([...state, 0]))),
      SessionErrorCodes.SESSION_STATE_CORRUPT,
    );
    assert.equal(
      code(() => restoreSession(definition, configFor(2), { ...params, self: 2 }, state)),
      SessionErrorCodes.SESSION_STATE_MISMATCH,
    );
    assert.equal(
      code(() => restoreSession(definition, configFor(1), { ...params, sessionId: new Uint8Array(32) }, state)),
      SessionErrorCodes.SESSION_STATE_MISMATCH,
    );
    assert.equal(
      code(() => restoreSession(definition, configFor(1), { ...params, committee: createCommittee([1, 1, 1, 2], 4) }, state)),
      SessionErrorCodes.SESSION_STATE_MISMATCH,
    );
    assert.equal(
      code(() => restoreSession({ ...definition, protocol: 'test/other' }, configFor(1), params, state)),
      SessionErrorCodes.SESSION_STATE_MISMATCH,
    );
  });

  test('a protocol that tries to send two different messages for one slot is stopped', () => {
    const ping = kind<number>({ schema: bcs.u8(), delivery: 'broadcast', maxAttempt: 0 });
    const twice: SessionDefinition<null, null> = {
      protocol: 'test/twice',
      rounds: () => [{ round: 1, name: 'twice', kinds: { ping } }],
      create: () =>
        ({
          start(ctx) {
            ctx.send(1, 'ping', 0, 1);
            ctx.send(1, 'ping', 0, 1);
            ctx.send(1, 'ping', 0, 2);
          },
          receive() {},
          timeout() {},
          outcome: () => undefined,
          save: () => new Uint8Array(0),
        }) satisfies Protocol<null>,
      restore: () => {
        throw new Error('not used');
      },
    };
    const machine = createSession(twice, null, params);
    assert.throws(
      () => machine.start(),
      (e: unknown) => e instanceof SessionError && e.code === SessionErrorCodes.SESSION_SELF_EQUIVOCATION,
    );
  });
});
