/** Certificate helpers: what validators sign, how relayers aggregate, and the signer bitmap. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregateSignatures,
  blsPublicKey,
  blsPublicKeyPoint,
  proofOfPossession,
  proofOfPossessionMessage,
  resultBatchSigningMessage,
  signersBitmap,
  signersFromBitmap,
  signResultBatch,
  verifyAggregate,
  verifyAggregatePoints,
} from '../../chain/certificate.ts';
import { ChainRequestError } from '../../chain/errors.ts';
import { committeePoints } from '../../chain/local/move/committee.ts';
import { validatorKeys } from './support/local-harness.ts';

describe('certificates', () => {
  const validators = validatorKeys(4);
  const batch = new Uint8Array([1, 2, 3]);
  const coordinatorId = `0x${'c0'.repeat(32)}`;

  it('signs intent ‖ coordinator id ‖ batch ‖ bcs(epoch)', () => {
    assert.deepEqual(
      resultBatchSigningMessage(coordinatorId, batch, 258n),
      new Uint8Array([0x64, 1, 0, ...new Uint8Array(32).fill(0xc0), 1, 2, 3, 2, 1, 0, 0, 0, 0, 0, 0]),
    );
    assert.throws(() => resultBatchSigningMessage(coordinatorId, batch, -1n), ChainRequestError);
  });

  it('an aggregate of a quorum verifies under the sum of their keys, and nothing else does', () => {
    const signers = validators.slice(0, 3);
    const signature = aggregateSignatures(signers.map((v) => signResultBatch(v.secretKey, coordinatorId, batch, 1n)));
    const message = resultBatchSigningMessage(coordinatorId, batch, 1n);
    assert.equal(signature.length, 96);
    assert.equal(
      verifyAggregate(
        signers.map((v) => v.publicKey),
        signature,
        message,
      ),
      true,
    );
    assert.equal(
      verifyAggregate(
        validators.slice(1).map((v) => v.publicKey),
        signature,
        message,
      ),
      false,
    );
    assert.equal(
      verifyAggregate(
        signers.map((v) => v.publicKey),
        signature,
        resultBatchSigningMessage(coordinatorId, batch, 2n),
      ),
      false,
    );
    // Certified for one coordinator, it does not verify for another.
    assert.equal(
      verifyAggregate(
        signers.map((v) => v.publicKey),
        signature,
        resultBatchSigningMessage(`0x${'c1'.repeat(32)}`, batch, 1n),
      ),
      false,
    );
    assert.equal(verifyAggregate([], signature, message), false);
    assert.equal(verifyAggregate([new Uint8Array(48)], signature, message), false);
    assert.throws(() => aggregateSignatures([new Uint8Array(96)]), ChainRequestError);
    assert.throws(() => aggregateSignatures([]), ChainRequestError);
  });

  it('proofs of possession bind the key to the member address', () => {
    const [v] = validators;
    assert.ok(v);
    const proof = proofOfPossession(v.secretKey, v.address);
    assert.equal(verifyAggregate([v.publicKey], proof, proofOfPossessionMessage(v.publicKey, v.address)), true);
    assert.equal(verifyAggregate([v.publicKey], proof, proofOfPossessionMessage(v.publicKey, validators[1]?.address ?? '')), false);
    assert.deepEqual(blsPublicKey(v.secretKey), v.publicKey);
  });

  it('encodes signer bitmaps least significant bit first', () => {
    assert.deepEqual(signersBitmap([0, 2, 9], 10), new Uint8Array([0b101, 0b10]));
    assert.deepEqual(signersFromBitmap(new Uint8Array([0b101, 0b10])), [0, 2, 9]);
    assert.deepEqual(signersBitmap([], 0), new Uint8Array());
    assert.throws(() => signersBitmap([4], 4), ChainRequestError);
    assert.throws(() => signersBitmap([1, 1], 4), ChainRequestError);
    assert.throws(() => signersBitmap([-1], 4), ChainRequestError);
  });

  it('keys decoded once verify certificates as the keys do; bytes that are no G1 point decode to nothing', () => {
    const signers = validators.slice(0, 3);
    const message = resultBatchSigningMessage(coordinatorId, batch, 1n);
    const signature = aggregateSignatures(signers.map((v) => signResultBatch(v.secretKey, coordinatorId, batch, 1n)));
    const points = signers.map((v) => blsPublicKeyPoint(v.publicKey));
    assert.ok(points.every((p) => p !== null));
    const decoded = points.filter((p) => p !== null);
    assert.equal(verifyAggregatePoints(decoded, signature, message), true);
    assert.equal(verifyAggregatePoints(decoded.slice(0, 2), signature, message), false);
    assert.equal(verifyAggregatePoints(decoded, signature.slice(1), message), false);
    assert.equal(verifyAggregatePoints([], signature, message), false);
    assert.equal(blsPublicKeyPoint(new Uint8Array(48).fill(0xff)), null);
    assert.equal(blsPublicKeyPoint((validators[0] as (typeof validators)[0]).publicKey.slice(1)), null);
  });

  it('the local chain decodes the keys of a committee once and keeps them for its next certificates', () => {
    const committee = {
      members: validators.map((v) => ({
        public_key: v.publicKey,
        weight: 1n,
        sui_address: `0x${'1'.repeat(64)}`,
        network_address: '',
        share_encryption_key: new Uint8Array(33),
      })),
      total_weight: 4n,
      threshold: 3n,
    };
    const first = committeePoints(committee);
    assert.equal(first.length, 4);
    // A copy of the committee (as each transaction decodes the coordinator anew) finds the same points.
    assert.equal(committeePoints(structuredClone(committee)), first);
  });
});
