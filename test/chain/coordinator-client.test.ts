/** The typed coordinator client builds each Move call from the function specs, and refuses bad arguments before signing. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { Curve, HashScheme, SignatureAlgorithm } from '../../chain/constants.ts';
import { CoordinatorClient } from '../../chain/coordinator-client.ts';
import { SqliteCursorStore } from '../../chain/cursors/sqlite-cursor-store.ts';
import { ChainErrorCodes, ChainRequestError } from '../../chain/errors.ts';
import { COORDINATOR_FUNCTIONS } from '../../chain/schemas/functions.ts';

const deployment = {
  packageId: normalizeSuiAddress('0xd1'),
  coordinatorId: normalizeSuiAddress('0xc0'),
  coordinatorInitialSharedVersion: 3n,
};
const ref = { objectId: normalizeSuiAddress('0xca'), version: 5n, digest: 'HdfFNRXCUSpgmH7RSfVEKoF8vgA8ac5NRkcjhL3wDPMq' };

describe('coordinator client', () => {
  const client = new CoordinatorClient(deployment);

  it('builds approve_message then request_sign in one programmable transaction', () => {
    const tx = new Transaction();
    const approval = client.approveMessage(tx, { dwalletCap: ref, hashScheme: HashScheme.SHA256, message: new Uint8Array([1, 2]) });
    client.requestSign(tx, {
      approval,
      presignCap: { ...ref, objectId: normalizeSuiAddress('0xcb') },
      sessionPreimage: new Uint8Array(32),
      userSignMessage: new Uint8Array([9]),
      payment: client.payFromGas(tx, 10n),
    });
    const data = tx.getData();
    const calls = data.commands.flatMap((c) => (c.MoveCall ? [c.MoveCall] : []));
    assert.deepEqual(
      calls.map((c) => `${c.module}::${c.function}`),
      ['coordinator::approve_message', 'coordinator::request_sign'],
    );
    assert.equal(calls[1]?.arguments.length, COORDINATOR_FUNCTIONS.request_sign.params.length - 1, 'every parameter but the context');
    const shared = data.inputs.find((input) => input.Object?.SharedObject);
    assert.deepEqual(shared?.Object?.SharedObject, { objectId: deployment.coordinatorId, initialSharedVersion: '3', mutable: true });
    const hashArgument = calls[0]?.arguments[2];
    assert.ok(hashArgument && 'Input' in hashArgument);
    const pure = data.inputs[hashArgument.Input as number]?.Pure?.bytes;
    assert.equal(bcs.u32().parse(Buffer.from(pure as string, 'base64')), HashScheme.SHA256);
  });

  it('refuses missing and ill-typed arguments', () => {
    const tx = new Transaction();
    assert.throws(
      () =>
        client.call(tx, 'request_presign', {
          network_key_id: deployment.coordinatorId,
          curve: Curve.P256,
          algorithm: SignatureAlgorithm.ECDSA,
        }),
      (e: unknown) => e instanceof ChainRequestError && /session_preimage/.test(e.message),
    );
    assert.throws(
      () =>
        client.requestPresign(tx, {
          networkKeyId: 'not an id',
          curve: Curve.P256,
          algorithm: SignatureAlgorithm.ECDSA,
          sessionPreimage: new Uint8Array(32),
          payment: tx.gas,
        }),
      (e: unknown) => e instanceof ChainRequestError && e.code === ChainErrorCodes.INVALID_REQUEST,
    );
    assert.throws(
      () => client.setFee(tx, { adminCap: ref, requestKind: 300 as never, algorithm: SignatureAlgorithm.ECDSA, amount: 1n }),
      ChainRequestError,
    );
  });
});

describe('sqlite cursor store', () => {
  it('keeps cursors per name and refuses invalid ones', async () => {
    const store = SqliteCursorStore.open(':memory:');
    assert.equal(await store.load('a'), null);
    await store.save('a', '12');
    await store.save('b', 'x#3');
    await store.save('a', '13');
    assert.equal(await store.load('a'), '13');
    assert.equal(await store.load('b'), 'x#3');
    await assert.rejects(store.save('a', ''), (e: unknown) => e instanceof ChainRequestError && e.code === ChainErrorCodes.INVALID_CURSOR);
    await assert.rejects(store.save('a', 'x'.repeat(2000)), ChainRequestError);
    assert.equal(
      store.transaction(() => store.loadSync('a')),
      '13',
    );
    store.close();
  });
});
