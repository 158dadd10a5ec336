/** Shared fixtures of the threshold decryption tests: a dealt committee and a session over fresh ciphertexts. */
import assert from 'node:assert/strict';
import { clEncrypt } from '../../../mpc/cl/encryption.ts';
import type { ClassGroupSetup } from '../../../mpc/classgroups/setup.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import type { Drbg } from '../../../mpc/numbers/drbg.ts';
import type { WeightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { dealThresholdKey } from '../../../mpc/threshold/dealer.ts';
import type { ThresholdPublicKey } from '../../../mpc/threshold/keys.ts';
import type { PartyKeyShare } from '../../../mpc/threshold/secret-share.ts';
import { type DecryptionContext, DecryptionSession } from '../../../mpc/threshold/session.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';

export const context: DecryptionContext = { protocol: 'test/threshold', sessionId: new Uint8Array(32).fill(7), round: 'decryption-proofs' };

export interface Committee {
  readonly setup: ClassGroupSetup;
  readonly rng: Drbg;
  readonly publicKey: ThresholdPublicKey;
  readonly keyShares: readonly PartyKeyShare[];
  readonly plaintexts: readonly bigint[];
  readonly session: DecryptionSession;
}

/** Deal `access`, encrypt `plaintexts` under the new key, open a session over them. */
export function committee(name: string, access: WeightedAccessStructure, plaintexts: readonly bigint[] = [42n]): Committee {
  const setup = testSetup();
  const rng = testRng(name);
  const { publicKey, keyShares } = dealThresholdKey(setup, access, rng);
  const ciphertexts = plaintexts.map((m) => clEncrypt(publicKey.encryptionKey, m, rng).ciphertext);
  return { setup, rng, publicKey, keyShares, plaintexts, session: new DecryptionSession(publicKey, ciphertexts, context) };
}

/** An assert.throws matcher for a DWalletError with `code` (and, if given, `details.party`). */
export function code(expected: string, party?: number): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof DWalletError, `expected a DWalletError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    if (party !== undefined) assert.equal(error.details.party, party);
    return true;
  };
}
