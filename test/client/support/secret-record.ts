/**
 * A secret share record for the secret-store tests: a random share and public key, the other
 * fields fixed (ids 0xaa…, 0xbb…, 0xcc…, session 0xab…), any of them overridden.
 * @module
 */

import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { pendingKey, type SecretShareRecord, type SecretShareStore } from '../../../client/secret-store.ts';

export const recordId = (byte: string) => `0x${byte.repeat(32)}`;
export const RECORD_SESSION = 'ab'.repeat(32);

export function sampleRecord(overrides: Partial<SecretShareRecord> = {}): SecretShareRecord {
  return {
    dwalletId: recordId('aa'),
    capId: recordId('bb'),
    sessionId: RECORD_SESSION,
    curve: 'secp256k1',
    algorithm: 'ecdsa',
    networkKeyId: recordId('cc'),
    imported: false,
    state: 'active',
    secretShare: bytesToNumberBE(secp256k1.utils.randomSecretKey()),
    output: new Uint8Array([1, 2, 3, 4]),
    publicKey: secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true),
    createdAt: new Date(0).toISOString(),
    ...overrides,
  };
}

/**
 * Puts a record under a dWallet id and a pending one under a session key, and checks that both read
 * back, that an absent key reads undefined and that keys() lists the two; returns both records.
 */
export async function assertRoundTrip(store: SecretShareStore): Promise<{ record: SecretShareRecord; pending: SecretShareRecord }> {
  const r = sampleRecord();
  const pending = sampleRecord({ dwalletId: null, capId: null, state: 'pending' });
  await store.put(recordId('aa'), r);
  await store.put(pendingKey(RECORD_SESSION), pending);
  assert.deepEqual(await store.get(recordId('aa')), r);
  assert.deepEqual(await store.get(pendingKey(RECORD_SESSION)), pending);
  assert.equal(await store.get(recordId('dd')), undefined);
  assert.deepEqual(await store.keys(), [recordId('aa'), `session-${RECORD_SESSION}`]);
  return { record: r, pending };
}
