/**
 * The validators' plans for the user's share (validator/engine/plan.ts on a real dealt network
 * key, secp256k1 and ed25519): a registration (`EncryptionKeyRegistrationRequested`) is certified
 * as EncryptionKeyVerified when its proof of knowledge of sk verifies for its session, a backup
 * (`ShareBackupRequested`) as ShareBackupVerified and a transfer (`ShareTransferRequested`) as
 * ShareTransferVerified when the EncDL proof verifies under the key the event names for the
 * dWallet's X_A; otherwise each is rejected with the user-share reason code (15 for the key, 16
 * for the encryption) and the failed check. Four validators holding different key shares, and one
 * holding none, build the same result bytes from the event: the verdict depends on the chain's
 * bytes alone. A request whose dWallet output or curve cannot start a session is rejected at once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { EncryptionKeyRegistrationRequested, ShareBackupRequested, ShareTransferRequested } from '../../chain/schemas/events.ts';
import { ReasonCodes } from '../../chain/schemas/rejection-reasons.ts';
import type { SessionResult } from '../../chain/schemas/result-batch.ts';
import { getCurve } from '../../mpc/curves/curve.ts';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes } from '../../mpc/ecdsa/errors.ts';
import { encodeDWalletOutput } from '../../mpc/ecdsa/messages.ts';
import { encodeKeyShare, encodeNetworkKey, encodeThresholdKey } from '../../mpc/ecdsa/network-key/encoding.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { createSession } from '../../mpc/session/runtime.ts';
import { CURVE_IDS } from '../../mpc/signing/algorithms.ts';
import { networkKeyFixture, sessionId } from '../../mpc/testing/ecdsa-fixture.ts';
import { decryptUserShare, EncryptedShareChecks, encryptUserShare } from '../../mpc/user-share/encrypted-share.ts';
import {
  EncryptionKeyChecks,
  encodeUserEncryptionKey,
  proveEncryptionKeyOwnership,
  userEncryptionKeyPair,
  userShareSetup,
} from '../../mpc/user-share/encryption-key.ts';
import {
  encryptionKeyVerificationSession,
  shareBackupVerificationSession,
  shareTransferVerificationSession,
} from '../../mpc/user-share/protocols.ts';
import { type PlanContext, planSession, REQUEST_KIND_OF_PROTOCOL } from '../../validator/engine/plan.ts';
import { decodeEntry, encodeEntry } from '../../validator/engine/results.ts';
import { NetworkKeys } from '../../validator/network-keys.ts';
import type { RequestRow } from '../../validator/store/database.ts';
import type { Planned } from '../../validator/types.ts';
import { nobleTimesG } from '../mpc/user-share/support.ts';
import { noChain, requestRow as row, testCommittee } from './support.ts';

const networkKeyId = `0x${'4f'.repeat(32)}`;
const sender = `0x${'01'.repeat(32)}`;
const recipient = `0x${'02'.repeat(32)}`;
const dwalletId = `0x${'1d'.repeat(32)}`;
const { view } = testCommittee();

type Kind = 'register-encryption-key' | 'share-backup' | 'share-transfer';

function assertRejected(result: SessionResult, code: string, check: string, reasonCode: number): void {
  assert.ok('Rejected' in result, `a rejection, got ${Object.keys(result).join()}`);
  assert.equal(result.Rejected.reason_code, reasonCode);
  assert.deepEqual(result.Rejected.blamed, []);
  assert.deepEqual(new Uint8Array(result.Rejected.reason), utf8ToBytes(`${code}/${check}`));
}

for (const name of ['secp256k1', 'ed25519'] as const) {
  describe(`validators: the user's share on ${name}`, () => {
    const fixture = networkKeyFixture(name);
    const { key, thresholdKey, keyShares, rng } = fixture;
    const curve = getCurve(name);
    const setup = key.encryptionKey.setup;

    /** A validator's plan context: holding key share `share` (index into the dealt shares), or none. */
    function context(share: number | null): PlanContext {
      const entries =
        share === null
          ? []
          : [
              {
                curve: name,
                thresholdKey: encodeThresholdKey(curve, thresholdKey),
                keyShare: encodeKeyShare(curve, thresholdKey, keyShares[share] as (typeof keyShares)[0]),
              },
            ];
      const keys = new NetworkKeys(noChain, 'key.json', entries);
      keys.register(networkKeyId, encodeNetworkKey([key]));
      return {
        keys,
        view,
        ledgerFor: () => new InMemoryPresignLedger(),
        timeouts: { attemptMs: 1000, attemptIncrementMs: 500, fetchMs: 100 },
        signResendMs: 1000,
        signStandbyWaitMs: 0,
        network: {} as PlanContext['network'],
      };
    }

    function registrationRow(sid: Uint8Array, encryptionKey: Uint8Array, proof: Uint8Array, curveId = CURVE_IDS[name]): RequestRow {
      const event = EncryptionKeyRegistrationRequested.bcs
        .serialize({
          session_id: sid,
          session_sequence: 3n,
          epoch: 1n,
          requester: sender,
          encryption_key_id: `0x${'e1'.repeat(32)}`,
          owner: sender,
          curve: curveId,
          encryption_key: encryptionKey,
          proof,
          fee: 0n,
        })
        .toBytes();
      return row('register-encryption-key', 'EncryptionKeyRegistrationRequested', event, sid);
    }

    function shareRow(
      kind: 'share-backup' | 'share-transfer',
      sid: Uint8Array,
      fields: { output: Uint8Array; owner: string; encryptionKey: Uint8Array; encryptedShare: Uint8Array; dwallet?: string },
    ): RequestRow {
      const schema = kind === 'share-backup' ? ShareBackupRequested : ShareTransferRequested;
      const event = schema.bcs
        .serialize({
          session_id: sid,
          session_sequence: 4n,
          epoch: 1n,
          requester: sender,
          encrypted_share_id: `0x${'e5'.repeat(32)}`,
          dwallet_id: fields.dwallet ?? dwalletId,
          network_key_id: networkKeyId,
          curve: CURVE_IDS[name],
          algorithm: name === 'ed25519' ? 2 : 0,
          dwallet_output: fields.output,
          owner: fields.owner,
          encryption_key: fields.encryptionKey,
          encrypted_share: fields.encryptedShare,
          fee: 0n,
        })
        .toBytes();
      return row(kind, kind === 'share-backup' ? 'ShareBackupRequested' : 'ShareTransferRequested', event, sid);
    }

    /** Runs a planned verification session as validator `self` and returns its one chain entry's bytes. */
    function runVerification(planned: Planned, sid: Uint8Array, self: number): Uint8Array {
      assert.equal(planned.type, 'session');
      if (planned.type !== 'session') throw new Error('unreachable');
      const machine = createSession(planned.plan.definition, planned.plan.config, { sessionId: sid, self, committee: view.committee });
      const step = machine.start();
      assert.ok(step.result !== null, 'a verification session ends when it starts');
      const entries = planned.plan.results(step.result);
      assert.equal(entries.length, 1);
      return (entries[0] as { entry: Uint8Array }).entry;
    }

    /** The verdict of every validator (each with its own key share, one with none): the same result bytes. */
    async function verdictOfEveryValidator(kind: Kind, request: RequestRow, sid: Uint8Array): Promise<SessionResult> {
      const shares = name === 'secp256k1' ? [0, 1, 2, 3, null] : [null, null, null, null];
      const entries: Uint8Array[] = [];
      for (const [index, share] of shares.entries()) {
        entries.push(runVerification(await planSession(kind, [request], context(share)), sid, (index % 4) + 1));
      }
      for (const entry of entries.slice(1)) assert.deepEqual(entry, entries[0], 'every validator reaches the same verdict');
      return decodeEntry(entries[0] as Uint8Array);
    }

    /** The rejection planned at once (no session) for a request whose data cannot start one, alike everywhere. */
    async function rejectedAtOnce(kind: Kind, request: RequestRow): Promise<SessionResult> {
      const entries: Uint8Array[] = [];
      for (const share of [0, null]) {
        const planned = await planSession(kind, [request], context(name === 'secp256k1' ? share : null));
        assert.equal(planned.type, 'rejected');
        if (planned.type !== 'rejected') throw new Error('unreachable');
        entries.push((planned.results[0] as { entry: Uint8Array }).entry);
      }
      assert.deepEqual(entries[1], entries[0]);
      return decodeEntry(entries[0] as Uint8Array);
    }

    const owner = userEncryptionKeyPair(setup, new Uint8Array(32).fill(0x0a));
    const theirs = userEncryptionKeyPair(setup, new Uint8Array(32).fill(0x0b));
    const ownerKey = encodeUserEncryptionKey(owner.publicKey);
    const recipientKey = encodeUserEncryptionKey(theirs.publicKey);
    const dkg = createUserDkgMessage(key, sessionId(`user-share plan dkg ${name}`), { rng });
    const output = encodeDWalletOutput(dkg.output, setup);
    const dwalletBytes = Uint8Array.from(Buffer.from(dwalletId.slice(2), 'hex'));

    test('the user-share protocols serve their kinds; user keys live in the network key’s setup of the curve', () => {
      assert.equal(REQUEST_KIND_OF_PROTOCOL[encryptionKeyVerificationSession.protocol], 'register-encryption-key');
      assert.equal(REQUEST_KIND_OF_PROTOCOL[shareBackupVerificationSession.protocol], 'share-backup');
      assert.equal(REQUEST_KIND_OF_PROTOCOL[shareTransferVerificationSession.protocol], 'share-transfer');
      assert.equal(userShareSetup(curve), setup, 'the dealt network key is at the network key level');
      assert.equal(userShareSetup(curve).q, curve.order);
      // The DKG's x_A is the dWallet's X_A by @noble/curves (the statement of every share below).
      assert.deepEqual(nobleTimesG(name, dkg.secretShare), curve.encodePoint(dkg.output.userPublicShare));
    });

    test('a registration with its proof is certified as EncryptionKeyVerified', async () => {
      const sid = sessionId(`user-share plan registration ${name}`);
      const proof = proveEncryptionKeyOwnership(owner, sid, rng);
      const result = await verdictOfEveryValidator('register-encryption-key', registrationRow(sid, ownerKey, proof), sid);
      assert.ok('EncryptionKeyVerified' in result, `accepted, got ${JSON.stringify(Object.keys(result))}`);
      assert.deepEqual(new Uint8Array(result.EncryptionKeyVerified.session_id), sid);
      assert.deepEqual(encodeEntry(result), encodeEntry({ EncryptionKeyVerified: { session_id: sid } }));
    });

    test('a registration with a wrong proof, or a key that does not decode, is rejected (reason 15)', async () => {
      const sid = sessionId(`user-share plan registration rejected ${name}`);
      const code = EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY;
      const reason = ReasonCodes.USER_SHARE_INVALID_ENCRYPTION_KEY;
      assert.equal(reason, 15);
      // A proof made for another session (a replayed registration) and a proof for another key.
      const replayed = proveEncryptionKeyOwnership(owner, sessionId('another registration'), rng);
      const cases: [string, Uint8Array, Uint8Array, string][] = [
        ['replayed proof', ownerKey, replayed, EncryptionKeyChecks.PROOF],
        ['someone else’s key', recipientKey, proveEncryptionKeyOwnership(owner, sid, rng), EncryptionKeyChecks.PROOF],
        ['proof that does not decode', ownerKey, replayed.subarray(1), EncryptionKeyChecks.PROOF_ENCODING],
        ['key that does not decode', ownerKey.subarray(1), replayed, EncryptionKeyChecks.ENCODING],
        ['key of random bytes', new Uint8Array(ownerKey.length).fill(0x5a), replayed, EncryptionKeyChecks.ENCODING],
      ];
      for (const [label, encryptionKey, proof, check] of cases) {
        const result = await verdictOfEveryValidator('register-encryption-key', registrationRow(sid, encryptionKey, proof), sid);
        assert.doesNotThrow(() => assertRejected(result, code, check, reason), label);
      }
    });

    test('a registration on a curve the network does not know is rejected at once', async () => {
      const sid = sessionId(`user-share plan registration curve ${name}`);
      const result = await rejectedAtOnce('register-encryption-key', registrationRow(sid, ownerKey, new Uint8Array([1]), 7));
      assert.ok('Rejected' in result);
      assert.deepEqual(new Uint8Array(result.Rejected.session_id), sid);
      assert.deepEqual(new Uint8Array(result.Rejected.reason), utf8ToBytes('INVALID_PARAMETER/request'));
    });

    test('a backup under the owner’s key is certified as ShareBackupVerified, and decrypts to x_A', async () => {
      const sid = sessionId(`user-share plan backup ${name}`);
      const share = encryptUserShare({
        curve,
        recipientKey: owner.publicKey,
        secretShare: dkg.secretShare,
        dwalletId: dwalletBytes,
        sessionId: sid,
        rng,
      });
      const request = shareRow('share-backup', sid, { output, owner: sender, encryptionKey: ownerKey, encryptedShare: share });
      const result = await verdictOfEveryValidator('share-backup', request, sid);
      assert.deepEqual(encodeEntry(result), encodeEntry({ ShareBackupVerified: { session_id: sid } }));
      const decrypted = decryptUserShare({
        curve,
        secretKey: owner.secretKey,
        userPublicShare: dkg.output.userPublicShare,
        encryptedShare: share,
      });
      assert.deepEqual(nobleTimesG(name, decrypted), nobleTimesG(name, dkg.secretShare));
    });

    test('a transfer under the recipient’s key is certified as ShareTransferVerified', async () => {
      const sid = sessionId(`user-share plan transfer ${name}`);
      const share = encryptUserShare({
        curve,
        recipientKey: theirs.publicKey,
        secretShare: dkg.secretShare,
        dwalletId: dwalletBytes,
        sessionId: sid,
        rng,
      });
      const request = shareRow('share-transfer', sid, { output, owner: recipient, encryptionKey: recipientKey, encryptedShare: share });
      const result = await verdictOfEveryValidator('share-transfer', request, sid);
      assert.deepEqual(encodeEntry(result), encodeEntry({ ShareTransferVerified: { session_id: sid } }));
    });

    for (const kind of ['share-backup', 'share-transfer'] as const) {
      test(`a ${kind} with a wrong proof, or a key or share that does not decode, is rejected (reason 16 / 15)`, async () => {
        const sid = sessionId(`user-share plan ${kind} rejected ${name}`);
        const [keyPair, encryptionKey, who] = kind === 'share-backup' ? [owner, ownerKey, sender] : [theirs, recipientKey, recipient];
        const encrypt = (overrides: { sessionId?: Uint8Array; dwalletId?: Uint8Array } = {}) =>
          encryptUserShare({
            curve,
            recipientKey: keyPair.publicKey,
            secretShare: dkg.secretShare,
            dwalletId: dwalletBytes,
            sessionId: sid,
            rng,
            ...overrides,
          });
        const share = encrypt();
        const other = createUserDkgMessage(key, sessionId(`user-share plan other dkg ${name}`), { rng }).output;
        const invalid = [
          EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION,
          EncryptedShareChecks.PROOF,
          ReasonCodes.USER_SHARE_INVALID_ENCRYPTION,
        ] as const;
        const cases: [string, Parameters<typeof shareRow>[2], readonly [string, string, number]][] = [
          [
            'a share made for another session',
            { output, owner: who, encryptionKey, encryptedShare: encrypt({ sessionId: sessionId('elsewhere') }) },
            invalid,
          ],
          [
            'a share made for another dWallet',
            { output, owner: who, encryptionKey, encryptedShare: encrypt({ dwalletId: new Uint8Array(32) }) },
            invalid,
          ],
          [
            'a share of this dWallet presented for another id',
            { output, owner: who, encryptionKey, encryptedShare: share, dwallet: `0x${'2d'.repeat(32)}` },
            invalid,
          ],
          [
            'another dWallet’s X_A',
            { output: encodeDWalletOutput(other, setup), owner: who, encryptionKey, encryptedShare: share },
            invalid,
          ],
          [
            'another key named on chain',
            { output, owner: who, encryptionKey: kind === 'share-backup' ? recipientKey : ownerKey, encryptedShare: share },
            invalid,
          ],
          [
            'a share that does not decode',
            { output, owner: who, encryptionKey, encryptedShare: share.subarray(3) },
            [EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION, EncryptedShareChecks.ENCODING, 16],
          ],
          [
            'a key that does not decode',
            { output, owner: who, encryptionKey: encryptionKey.subarray(1), encryptedShare: share },
            [EcdsaErrorCodes.USER_SHARE_INVALID_ENCRYPTION_KEY, EncryptionKeyChecks.ENCODING, 15],
          ],
        ];
        for (const [label, fields, [code, check, reason]] of cases) {
          const result = await verdictOfEveryValidator(kind, shareRow(kind, sid, fields), sid);
          assert.doesNotThrow(() => assertRejected(result, code, check, reason), label);
        }
      });
    }

    test('a backup whose dWallet output does not decode is rejected at once as malformed', async () => {
      const sid = sessionId(`user-share plan bad output ${name}`);
      const request = shareRow('share-backup', sid, {
        output: new Uint8Array([1, 2, 3]),
        owner: sender,
        encryptionKey: ownerKey,
        encryptedShare: new Uint8Array([1]),
      });
      const result = await rejectedAtOnce('share-backup', request);
      assert.ok('Rejected' in result);
      assert.equal(result.Rejected.reason_code, ReasonCodes.REQUEST_MALFORMED);
      assert.equal(bytesToHex(new Uint8Array(result.Rejected.session_id)), bytesToHex(sid));
    });
  });
}
