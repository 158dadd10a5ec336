/**
 * Object ids on the local chain are derived as Sui derives them (chain/local/transaction-state.ts
 * `deriveObjectId`), checked against a transaction on Sui's testnet: the publish transaction
 * EnSBAVVdaVmLzue9NYg9j8bkrqRdvfCdquaS4VswiHK6 created package
 * 0x7143c05fe9e955dd66f61be06048a7aa239a083df9f9c540593b630359d65253, the first object it created
 * (as shown by Sui's explorers for that digest).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromBase58 } from '@mysten/sui/utils';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { deriveObjectId } from '../../../chain/local/transaction-state.ts';

const TESTNET_PUBLISH_DIGEST = 'EnSBAVVdaVmLzue9NYg9j8bkrqRdvfCdquaS4VswiHK6';
const TESTNET_PUBLISHED_PACKAGE = '0x7143c05fe9e955dd66f61be06048a7aa239a083df9f9c540593b630359d65253';

test('the first object of a testnet publish transaction gets the package id Sui gave it', () => {
  assert.equal(deriveObjectId(fromBase58(TESTNET_PUBLISH_DIGEST), 0n), TESTNET_PUBLISHED_PACKAGE);
});

test('each creation number gives another id; a digest that is not 32 bytes is refused', () => {
  const digest = fromBase58(TESTNET_PUBLISH_DIGEST);
  const ids = new Set([0n, 1n, 2n, 1n << 40n].map((n) => deriveObjectId(digest, n)));
  assert.equal(ids.size, 4);
  assert.throws(() => deriveObjectId(digest.subarray(1), 0n), { code: ChainErrorCodes.STORE_INVALID });
});
