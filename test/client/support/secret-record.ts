/**
 * A secret share record for the secret-store tests: a random share and public key, the other
 * fields fixed (ids 0xaa…, 0xbb…, 0xcc…, session 0xab…), any of them overridden.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import type { SecretShareRecord } from '../../../client/secret-store.ts';

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
