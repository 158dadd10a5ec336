/** Administration through the local chain: network keys and fees, and their failures. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { ALGORITHM_COUNT, Curve, feeOf, MAX_GLOBAL_KEY_PARTS_LENGTH, RequestKind, SignatureAlgorithm } from '../../../chain/constants.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { readCoordinator, readObject } from '../../../chain/object-reader.ts';
import { NetworkKey } from '../../../chain/schemas/objects.ts';
import { assertAbort, assertRejects } from '../support/assertions.ts';
import { LocalHarness } from '../support/local-harness.ts';

describe('local chain: administration', () => {
  let h: LocalHarness;
  before(async () => {
    h = await LocalHarness.create();
  });
  after(() => h.close());

  async function register(curves: number[], commitment = new Uint8Array(32), parts = new Uint8Array([1])) {
    const tx = new Transaction();
    h.client.registerNetworkKey(tx, {
      adminCap: await h.adminCap(),
      curves: curves as Curve[],
      keyCommitment: commitment,
      globalKeyParts: parts,
    });
    return h.exec(tx, h.admin);
  }

  it('registers a network key as an object readable by id, with an event carrying its parts', async () => {
    const event = h.event(h.ok(await register([Curve.P256], new Uint8Array(32).fill(5), new Uint8Array([7, 7]))), 'NetworkKeyRegistered');
    const key = await readObject(h.chain, event.network_key_id, NetworkKey);
    assert.deepEqual(key.value.curves, [Curve.P256]);
    assert.deepEqual(key.value.global_key_parts, new Uint8Array([7, 7]));
    assert.deepEqual(event.key_commitment, new Uint8Array(32).fill(5));
    assert.equal(event.epoch, 1n);
  });

  it('refuses malformed network keys', async () => {
    assertAbort(await register([]), 'coordinator', 'EEmptyCurveList');
    assertAbort(await register([Curve.SECP256K1, 3]), 'coordinator', 'EUnsupportedCurve');
    assertAbort(await register([Curve.P256, Curve.P256]), 'coordinator', 'EDuplicateCurve');
    assertAbort(await register([Curve.P256], new Uint8Array(31)), 'coordinator', 'EInvalidKeyCommitment');
    assertAbort(await register([Curve.P256], new Uint8Array(32), new Uint8Array()), 'coordinator', 'EEmptyGlobalKeyParts');
    assertAbort(
      await register([Curve.P256], new Uint8Array(32), new Uint8Array(MAX_GLOBAL_KEY_PARTS_LENGTH + 1)),
      'coordinator',
      'EGlobalKeyPartsTooLong',
    );
  });

  it('sets fees per request kind and algorithm and refuses unknown kinds and algorithms', async () => {
    await h.setFee(RequestKind.FUTURE_SIGN_COMPLETION, 77n);
    await h.setFee(RequestKind.SIGN, 88n, SignatureAlgorithm.TAPROOT);
    const { fees } = await readCoordinator(h.chain);
    assert.equal(fees[RequestKind.FUTURE_SIGN_COMPLETION * ALGORITHM_COUNT + SignatureAlgorithm.ECDSA], 77n);
    assert.equal(feeOf(fees, RequestKind.FUTURE_SIGN_COMPLETION, SignatureAlgorithm.ECDSA), 77n);
    assert.equal(feeOf(fees, RequestKind.SIGN, SignatureAlgorithm.TAPROOT), 88n);
    assert.equal(feeOf(fees, RequestKind.SIGN, SignatureAlgorithm.ECDSA), 0n);
    const event = h.event(h.ok(await h.exec(await setFeeTx(RequestKind.SIGN, SignatureAlgorithm.EDDSA, 5n), h.admin), 'set fee'), 'FeeSet');
    assert.deepEqual(event, { request_kind: RequestKind.SIGN, algorithm: SignatureAlgorithm.EDDSA, amount: 5n });
    assertAbort(
      await h.exec(await setFeeTx(6 as RequestKind, SignatureAlgorithm.ECDSA, 1n), h.admin),
      'coordinator',
      'EInvalidRequestKind',
    );
    assertAbort(
      await h.exec(await setFeeTx(RequestKind.SIGN, 3 as SignatureAlgorithm, 1n), h.admin),
      'coordinator',
      'EUnsupportedSignatureAlgorithm',
    );
    const read = new Transaction();
    h.client.call(read, 'fee', { request_kind: 12, algorithm: SignatureAlgorithm.ECDSA });
    assertAbort(await h.exec(read, h.admin), 'coordinator', 'EInvalidRequestKind');
    const readAlgorithm = new Transaction();
    h.client.call(readAlgorithm, 'fee', { request_kind: RequestKind.SIGN, algorithm: 7 });
    assertAbort(await h.exec(readAlgorithm, h.admin), 'coordinator', 'EUnsupportedSignatureAlgorithm');
  });

  async function setFeeTx(requestKind: RequestKind, algorithm: SignatureAlgorithm, amount: bigint): Promise<Transaction> {
    const tx = new Transaction();
    h.client.setFee(tx, { adminCap: await h.adminCap(), requestKind, algorithm, amount });
    return tx;
  }

  it('only the AdminCap holder administers', async () => {
    const outsider = await h.user();
    const tx = new Transaction();
    h.client.setFee(tx, { adminCap: await h.adminCap(), requestKind: RequestKind.SIGN, algorithm: SignatureAlgorithm.ECDSA, amount: 0n });
    await assertRejects(h.exec(tx, outsider), ChainErrorCodes.TX_OBJECT_NOT_OWNED);
  });
});
