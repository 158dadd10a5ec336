import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionError, SessionErrorCodes } from '../../../mpc/session/errors.ts';
import {
  decodeRoundMessage,
  encodeRoundMessage,
  messageDigest,
  type RoundMessage,
  roundMessageSchema,
  sameBytes,
} from '../../../mpc/session/message.ts';

const message: RoundMessage = {
  protocol: '2pc-mpc/ecdsa/presign',
  sessionId: new Uint8Array(32).fill(9),
  round: 3,
  attempt: 2,
  sender: 4,
  recipient: null,
  kind: 'echo',
  payload: new Uint8Array([1, 2, 3]),
};

const malformed = (f: () => unknown) =>
  assert.throws(f, (e: unknown) => e instanceof SessionError && e.code === SessionErrorCodes.SESSION_MALFORMED_MESSAGE);

test('round messages round-trip and every field changes the digest', () => {
  const bytes = encodeRoundMessage(message);
  assert.deepEqual(decodeRoundMessage(bytes), message);
  const direct = { ...message, recipient: 2 };
  assert.deepEqual(decodeRoundMessage(encodeRoundMessage(direct)), direct);
  const digest = messageDigest(message);
  assert.equal(digest.length, 32);
  assert.ok(sameBytes(messageDigest(bytes), digest));
  const variants: RoundMessage[] = [
    { ...message, protocol: '2pc-mpc/ecdsa/sign' },
    { ...message, sessionId: new Uint8Array(32).fill(8) },
    { ...message, round: 4 },
    { ...message, attempt: 3 },
    { ...message, sender: 5 },
    { ...message, recipient: 4 },
    { ...message, kind: 'commit' },
    { ...message, payload: new Uint8Array([1, 2]) },
  ];
  for (const variant of variants) assert.ok(!sameBytes(messageDigest(variant), digest));
});

test('decoding is strict', () => {
  const bytes = encodeRoundMessage(message);
  malformed(() => decodeRoundMessage(bytes.subarray(0, bytes.length - 1)));
  malformed(() => decodeRoundMessage(new Uint8Array([...bytes, 0])));
  malformed(() => decodeRoundMessage(new Uint8Array(0)));
  const raw = (overrides: Record<string, unknown>) =>
    roundMessageSchema
      .serialize({
        protocol: message.protocol,
        session_id: message.sessionId,
        round: message.round,
        attempt: message.attempt,
        sender: message.sender,
        recipient: null,
        kind: message.kind,
        payload: message.payload,
        ...overrides,
      })
      .toBytes();
  malformed(() => decodeRoundMessage(raw({ protocol: 'Upper/Case' })));
  malformed(() => decodeRoundMessage(raw({ protocol: 'x'.repeat(65) })));
  malformed(() => decodeRoundMessage(raw({ kind: 'with space' })));
  malformed(() => decodeRoundMessage(raw({ kind: '' })));
  // An option tag other than 0 or 1, and bytes that are not UTF-8, are not canonical encodings.
  const tagged = raw({});
  const optionAt = tagged.length - (1 + message.payload.length) - (1 + message.kind.length) - 1;
  assert.equal(tagged[optionAt], 0);
  tagged[optionAt] = 2;
  malformed(() => decodeRoundMessage(tagged));
  const badUtf8 = raw({ kind: 'echo' });
  badUtf8[badUtf8.length - (1 + message.payload.length) - 1] = 0xff;
  malformed(() => decodeRoundMessage(badUtf8));
  malformed(() => encodeRoundMessage({ ...message, sessionId: new Uint8Array(31) }));
  malformed(() => encodeRoundMessage({ ...message, round: 70_000 }));
  malformed(() => encodeRoundMessage({ ...message, attempt: -1 }));
});
