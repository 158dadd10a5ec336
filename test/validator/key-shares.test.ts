/** The store of the network key shares a validator made itself (DKG, resharing): round trip and every refusal. */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ecdsaCurve } from '../../mpc/ecdsa/curves.ts';
import { dealNetworkKey } from '../../mpc/ecdsa/network-key/dealer.ts';
import { weightedAccessStructure } from '../../mpc/threshold/access-structure.ts';
import { SecretShare } from '../../mpc/threshold/secret-share.ts';
import { ValidatorErrorCodes } from '../../validator/errors.ts';
import { KeyShareStore } from '../../validator/key-shares.ts';
import { testRng } from '../support/random.ts';
import { testSetup } from '../support/setup.ts';

const curve = ecdsaCurve('secp256k1');
const setup = testSetup('secp256k1');
const dealt = dealNetworkKey(curve, setup, weightedAccessStructure(2, [1, 1, 1]), testRng('key shares'));
const keyId = `0x${'ab'.repeat(32)}`;

function store(): KeyShareStore {
  return new KeyShareStore(join(mkdtempSync(join(tmpdir(), 'key-shares-')), 'network-keys'), () => setup);
}

function version(epoch: bigint, party: number) {
  return { epoch, curves: [{ curve, thresholdKey: dealt.thresholdKey, keyShare: dealt.keyShares[party - 1] ?? null }] };
}

function refused(fn: () => unknown, field: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.equal((error as { code?: string }).code, ValidatorErrorCodes.VALIDATOR_KEY_FILE_INVALID);
    assert.match((error as Error).message, field);
    return true;
  });
}

describe('KeyShareStore', () => {
  it('keeps versions by epoch, private, and gives back matching shares', () => {
    const shares = store();
    assert.deepEqual(shares.load(keyId), []);
    shares.save(keyId, version(2n, 1));
    shares.save(keyId, version(1n, 2));
    shares.save(keyId, { epoch: 3n, curves: [{ curve, thresholdKey: dealt.thresholdKey, keyShare: null }] });
    const versions = shares.load(keyId);
    assert.deepEqual(
      versions.map((v) => v.epoch),
      [1n, 2n, 3n],
    );
    assert.equal(versions[0]?.curves[0]?.keyShare?.party, 2);
    assert.equal(versions[1]?.curves[0]?.keyShare?.party, 1);
    assert.equal(versions[2]?.curves[0]?.keyShare, null);
    assert.equal(shares.at(keyId, 2n)?.epoch, 2n);
    assert.equal(shares.at(keyId, 0n), undefined);
    const text = readFileSync(shares.path(keyId), 'utf8');
    assert.ok(!text.includes(String(dealt.keyShares[0]?.shares[0]?.expose())), 'shares are encoded, never printed as numbers');
  });

  it('refuses a file others may read, another key, bad JSON, a share that does not match, unordered epochs, a bad id', () => {
    const shares = store();
    shares.save(keyId, version(1n, 1));
    const path = shares.path(keyId);
    const original = readFileSync(path, 'utf8');
    chmodSync(path, 0o644);
    assert.throws(() => shares.load(keyId), { code: ValidatorErrorCodes.VALIDATOR_KEY_FILE_PERMISSIONS });
    chmodSync(path, 0o600);
    const rewrite = (edit: (json: Record<string, unknown>) => unknown) => {
      const json = JSON.parse(original);
      edit(json);
      writeFileSync(path, JSON.stringify(json), { mode: 0o600 });
    };
    writeFileSync(path, '{not json', { mode: 0o600 });
    refused(() => shares.load(keyId), /not JSON/);
    rewrite((json) => {
      json.networkKeyId = `0x${'cd'.repeat(32)}`;
    });
    refused(() => shares.load(keyId), /networkKeyId/);
    rewrite((json) => {
      json.version = 2;
    });
    refused(() => shares.load(keyId), /version/);
    // A share of party 2 filed as party 1's: it does not match party 1's verification keys.
    const other = new KeyShareStore(join(mkdtempSync(join(tmpdir(), 'key-shares-')), 'k'), () => setup);
    other.save(keyId, {
      epoch: 1n,
      curves: [
        {
          curve,
          thresholdKey: dealt.thresholdKey,
          keyShare: { party: 1, shares: [new SecretShare(1, (dealt.keyShares[0]?.shares[0]?.expose() ?? 0n) + 1n)] },
        },
      ],
    });
    writeFileSync(path, readFileSync(other.path(keyId)), { mode: 0o600 });
    refused(() => shares.load(keyId), /does not decode or does not match/);
    rewrite((json) => {
      const versions = json.versions as Record<string, unknown>[];
      json.versions = [versions[0], { ...versions[0], epoch: '0' }];
    });
    refused(() => shares.load(keyId), /increase by epoch/);
    rewrite((json) => {
      (json.versions as Record<string, unknown>[])[0] = { epoch: '-1', curves: [] };
    });
    refused(() => shares.load(keyId), /epoch/);
    assert.throws(() => shares.path('../../etc/passwd'), { code: ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN });
  });
});
