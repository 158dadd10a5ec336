/** Fixtures for the validator's unit tests: a committee of 4 with BLS and peer keys, without a chain. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { blsPublicKey } from '../../chain/certificate.ts';
import type { Chain } from '../../chain/chain.ts';
import type { CommitteeValue } from '../../chain/schemas/objects.ts';
import { SessionId } from '../../chain/session-id.ts';
import { Drbg } from '../../mpc/numbers/drbg.ts';
import { CommitteeView } from '../../validator/committee-view.ts';
import { type LocalPeerIdentity, localPeerIdentity } from '../../validator/peer/identity.ts';
import type { RequestRow } from '../../validator/store/database.ts';

/** A share-encryption key for committees of these tests (the secp256k1 generator, compressed). */
const SHARE_ENCRYPTION_KEY = Uint8Array.from(Buffer.from('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798', 'hex'));

export interface TestMember {
  readonly party: number;
  readonly blsSecretKey: Uint8Array;
  readonly peerSecretKey: Uint8Array;
  readonly identity: LocalPeerIdentity;
}

function blsKey(seed: string): Uint8Array {
  const key = new Drbg('dwallet/test/validator/bls', utf8ToBytes(seed)).bytes(32);
  key[0] = 0x1f;
  return key;
}

export function testCommittee(n = 4, threshold = 3, epoch = 1n): { view: CommitteeView; members: TestMember[] } {
  const keys = Array.from({ length: n }, (_, i) => ({
    blsSecretKey: blsKey(`member ${i}`),
    peerSecretKey: new Drbg('dwallet/test/validator/peer', utf8ToBytes(`member ${i}`)).bytes(32),
  }));
  const value: CommitteeValue = {
    members: keys.map((k, i) => ({
      public_key: blsPublicKey(k.blsSecretKey),
      weight: 1n,
      sui_address: `0x${(i + 1).toString(16).padStart(64, '0')}`,
      network_address: `http://127.0.0.1:${9500 + i}`,
      share_encryption_key: SHARE_ENCRYPTION_KEY,
    })),
    total_weight: BigInt(n),
    threshold: BigInt(threshold),
  };
  const view = new CommitteeView(epoch, value);
  const members = keys.map((k, i) => ({
    party: i + 1,
    ...k,
    identity: localPeerIdentity(i + 1, k.blsSecretKey, k.peerSecretKey),
  }));
  return { view, members };
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `dwallet-${label}-`));
}

/** A chain that knows the deployment and holds no objects: plans that read nothing from it. */
export const noChain = {
  deployment: async () => ({
    packageId: `0x${'11'.repeat(32)}`,
    coordinatorId: `0x${'22'.repeat(32)}`,
    coordinatorInitialSharedVersion: 1n,
  }),
  getObject: async () => null,
} as unknown as Chain;

/** A pending request row of the validator's store for the request event `event` of session `sid`. */
export function requestRow(kind: string, eventName: string, event: Uint8Array, sid: Uint8Array): RequestRow {
  return {
    sessionId: SessionId.fromBytes(sid),
    mpcSessionId: bytesToHex(sid),
    kind,
    sessionSequence: 1,
    txDigest: 'tx',
    eventName,
    event: Buffer.from(event),
    result: null,
    resultAt: null,
    batchSequence: null,
    onChain: false,
    requestedAt: 0,
  };
}
