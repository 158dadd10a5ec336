/** The result batch schema (defined once, here), event decoding and session ids. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bcs } from '@mysten/sui/bcs';
import { ChainDataError } from '../../chain/errors.ts';
import { decodeEvent, eventType, FeeSet } from '../../chain/schemas/events.ts';
import {
  decodeNetworkKeyGeneratedOutput,
  decodeReconfiguredOutput,
  decodeResultBatch,
  encodeNetworkKeyGeneratedOutput,
  encodeReconfiguredOutput,
  encodeResultBatch,
  type ResultBatch,
  ResultBatchSchema,
} from '../../chain/schemas/result-batch.ts';
import { deriveSessionId } from '../../chain/session-id.ts';
import { EncodingError } from '../../mpc/errors.ts';

const sid = (fill: number) => new Uint8Array(32).fill(fill);
const signature = () => {
  const s = new Uint8Array(65).fill(3);
  s[64] = 1;
  return s;
};

const batch: ResultBatch = {
  sequence: 42n,
  results: [
    { DWalletDkg: { session_id: sid(1), output: new Uint8Array([1, 2]) } },
    { ImportedKeyVerified: { session_id: sid(2), output: new Uint8Array([3]) } },
    { Presign: { session_id: sid(3), output: new Uint8Array([4]) } },
    { Signature: { session_id: sid(4), signature: signature() } },
    { FutureSignVerified: { session_id: sid(5) } },
    { Rejected: { session_id: sid(6), reason_code: 7, reason: new Uint8Array([8]), blamed: [0, 3] } },
  ],
};

describe('result batch schema', () => {
  it('round-trips every result kind, with the variant tags the Move parser expects', () => {
    const bytes = encodeResultBatch(batch);
    assert.deepEqual(bytes.subarray(0, 9), new Uint8Array([42, 0, 0, 0, 0, 0, 0, 0, 6]));
    assert.equal(bytes[9], 0, 'first result tag');
    const decoded = decodeResultBatch(bytes);
    assert.equal(decoded.sequence, 42n);
    assert.deepEqual(
      decoded.results.map((r) => Object.keys(r).find((k) => k !== '$kind')),
      ['DWalletDkg', 'ImportedKeyVerified', 'Presign', 'Signature', 'FutureSignVerified', 'Rejected'],
    );
    assert.deepEqual(encodeResultBatch(decoded), bytes);
  });

  it('rejects truncated, trailing, non-canonical and unknown-variant bytes', () => {
    const bytes = encodeResultBatch(batch);
    assert.throws(
      () => decodeResultBatch(bytes.subarray(0, bytes.length - 1)),
      (e: unknown) => e instanceof EncodingError && e.code === 'ENCODING_TRUNCATED',
    );
    assert.throws(
      () => decodeResultBatch(new Uint8Array([...bytes, 0])),
      (e: unknown) => e instanceof EncodingError && e.code === 'ENCODING_TRAILING_BYTES',
    );
    const nonCanonical = new Uint8Array([...bytes.subarray(0, 8), 0x86, 0x00, ...bytes.subarray(9)]);
    assert.throws(() => decodeResultBatch(nonCanonical), EncodingError);
    const unknown = new Uint8Array([...bytes.subarray(0, 8), 1, 12, 32, ...sid(1)]);
    assert.throws(() => decodeResultBatch(unknown), EncodingError);
  });

  it('refuses shapes the chain would abort on', () => {
    const bad = (results: ResultBatch['results']) => () => encodeResultBatch({ sequence: 0n, results });
    assert.throws(bad([{ DWalletDkg: { session_id: new Uint8Array(31), output: new Uint8Array([1]) } }]), ChainDataError);
    assert.throws(bad([{ Presign: { session_id: sid(1), output: new Uint8Array() } }]), ChainDataError);
    // 64 bytes (a Schnorr signature) or 65 (ECDSA); the chain checks which against the sign's algorithm.
    assert.doesNotThrow(bad([{ Signature: { session_id: sid(1), signature: new Uint8Array(64) } }]));
    assert.throws(bad([{ Signature: { session_id: sid(1), signature: new Uint8Array(63) } }]), ChainDataError);
    assert.throws(bad([{ Signature: { session_id: sid(1), signature: new Uint8Array(66) } }]), ChainDataError);
    const highRecovery = signature();
    highRecovery[64] = 4;
    assert.throws(bad([{ Signature: { session_id: sid(1), signature: highRecovery } }]), ChainDataError);
    assert.throws(bad([{ FutureSignVerified: { session_id: sid(1) } }, { FutureSignVerified: { session_id: sid(1) } }]), ChainDataError);
    assert.throws(() => encodeResultBatch({ sequence: -1n, results: [] }), ChainDataError);
    const raw = ResultBatchSchema.serialize({
      sequence: 0n,
      results: [{ Signature: { session_id: sid(1), signature: new Uint8Array(3) } }],
    }).toBytes();
    assert.throws(() => decodeResultBatch(raw), ChainDataError);
  });

  it('encodes the network results (tags 6 and 7) and checks their outputs as the chain does', () => {
    const keyOutput = {
      key_commitment: new Uint8Array(32).fill(1),
      global_key_parts: new Uint8Array([2, 3]),
      threshold_key_digest: new Uint8Array(32).fill(4),
    };
    const generated = encodeNetworkKeyGeneratedOutput(keyOutput);
    assert.deepEqual(decodeNetworkKeyGeneratedOutput(generated), keyOutput);
    const versions = [{ network_key_id: `0x${'ab'.repeat(32)}`, threshold_key_digest: new Uint8Array(32).fill(5) }];
    const reconfigured = encodeReconfiguredOutput({ versions });
    assert.deepEqual(decodeReconfiguredOutput(reconfigured), { versions });
    const bytes = encodeResultBatch({
      sequence: 1n,
      results: [
        { NetworkKeyGenerated: { session_id: sid(1), output: generated } },
        { Reconfigured: { session_id: sid(2), output: reconfigured } },
      ],
    });
    assert.equal(bytes[9], 6, 'NetworkKeyGenerated tag');
    const decoded = decodeResultBatch(bytes);
    assert.deepEqual(
      decoded.results.map((r) => Object.keys(r).find((k) => k !== '$kind')),
      ['NetworkKeyGenerated', 'Reconfigured'],
    );
    const bad = (results: ResultBatch['results']) => () => encodeResultBatch({ sequence: 0n, results });
    assert.throws(bad([{ NetworkKeyGenerated: { session_id: sid(1), output: new Uint8Array([...generated, 0]) } }]), ChainDataError);
    assert.throws(bad([{ NetworkKeyGenerated: { session_id: sid(1), output: generated.subarray(1) } }]), ChainDataError);
    assert.throws(() => encodeNetworkKeyGeneratedOutput({ ...keyOutput, key_commitment: new Uint8Array(31) }), ChainDataError);
    assert.throws(() => encodeNetworkKeyGeneratedOutput({ ...keyOutput, global_key_parts: new Uint8Array() }), ChainDataError);
    assert.throws(() => encodeReconfiguredOutput({ versions: [...versions, ...versions] }), ChainDataError);
    assert.throws(
      () => encodeReconfiguredOutput({ versions: [{ ...(versions[0] as (typeof versions)[0]), threshold_key_digest: new Uint8Array(3) }] }),
      ChainDataError,
    );
    assert.throws(bad([{ Reconfigured: { session_id: sid(2), output: new Uint8Array() } }]), ChainDataError);
  });
});

describe('event decoding', () => {
  const pkg = `0x${'ab'.repeat(32)}`;
  it('decodes an event of the package and refuses others', () => {
    const bytes = FeeSet.bcs.serialize({ request_kind: 3, algorithm: 2, amount: 9n }).toBytes();
    const event = decodeEvent(pkg, eventType(pkg, 'FeeSet'), bytes);
    assert.deepEqual(event, { name: 'FeeSet', value: { request_kind: 3, algorithm: 2, amount: 9n } });
    assert.throws(() => decodeEvent(pkg, `0x${'cd'.repeat(32)}::events::FeeSet`, bytes), ChainDataError);
    assert.throws(() => decodeEvent(pkg, eventType(pkg, 'FeeSet').replace('FeeSet', 'Nope'), bytes), ChainDataError);
    assert.throws(() => decodeEvent(pkg, eventType(pkg, 'FeeSet'), bytes.subarray(1)), ChainDataError);
    assert.throws(() => decodeEvent(pkg, eventType(pkg, 'FeeSet'), new Uint8Array([...bytes, 1])), ChainDataError);
  });
});

/** The same vector is asserted by `move/tests/session_identifier_tests.move`. */
const SESSION_ID_VECTOR = 'ce42b45020d02ab380d816ce22a8b0e1ce73d94223f629c6881a806650aa6f28';

describe('session ids', () => {
  it('derive from sender and preimage as the Move code does (shared test vector)', () => {
    const id = deriveSessionId('0xa11ce', new Uint8Array(32).fill(1));
    assert.equal(Buffer.from(id).toString('hex'), SESSION_ID_VECTOR);
    assert.notDeepEqual(deriveSessionId('0xb0b', new Uint8Array(32).fill(1)), id);
    assert.throws(() => deriveSessionId('0xa11ce', new Uint8Array(31)));
    assert.throws(() => deriveSessionId('not an address', new Uint8Array(32)));
    assert.equal(bcs.Address.serialize('0xa11ce').toBytes().length, 32);
  });
});
