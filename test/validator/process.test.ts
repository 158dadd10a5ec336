/**
 * The validator process's command line and configuration: missing or unknown options and invalid
 * settings stop it with status 2 and the list of problems; a key file readable by others stops it
 * before anything else is read; configuration checks beyond types (the chain, faults, curves).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { REPOSITORY_ROOT } from '../../devnet/process.ts';
import { DWalletError } from '../../mpc/errors.ts';
import { loadValidatorConfig } from '../../validator/config.ts';
import { tempDir } from './support.ts';

const dir = tempDir('validator-process');
after(() => rmSync(dir, { recursive: true, force: true }));

function runValidator(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'validator/main.ts', ...args], {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

function config(name: string, fields: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(fields));
  return path;
}

const valid = {
  chainUrl: 'http://127.0.0.1:1',
  packageId: '0x2',
  coordinatorId: '0x3',
  keyFile: join(dir, 'key.json'),
  dataDir: dir,
  port: 0,
};

describe('validator process', () => {
  test('bad arguments and configurations exit with status 2 and say why', async () => {
    let run = await runValidator([]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--config is required/);
    run = await runValidator(['--config', join(dir, 'missing.json')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /missing\.json/);
    run = await runValidator(['--config', config('bad.json', { ...valid, port: 'eighty', colour: 'blue', chainUrl: 'not a url' })]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /port: expected an integer/);
    assert.match(run.stderr, /unknown key "colour"/);
    assert.match(run.stderr, /chainUrl: expected a URL/);
    run = await runValidator(['--config', config('x.json', valid), '--verbose']);
    assert.equal(run.code, 2);
  });

  test('a key file readable by others stops the validator before it reads anything else', async () => {
    writeFileSync(valid.keyFile, '{}');
    chmodSync(valid.keyFile, 0o644);
    const run = await runValidator(['--config', config('good.json', valid)]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /VALIDATOR_KEY_FILE_PERMISSIONS/);
    assert.match(run.stderr, /chmod 600/);
  });

  test('the chain, faults and pool curves are checked beyond their types', () => {
    const problems = (overrides: Record<string, unknown>) => {
      try {
        // null: the field is absent.
        const merged = Object.fromEntries(Object.entries({ ...valid, ...overrides }).filter(([, value]) => value !== null));
        loadValidatorConfig({ env: {}, overrides: merged });
      } catch (error) {
        if (error instanceof DWalletError) return error.message;
        throw error;
      }
      return '';
    };
    assert.equal(problems({}), '');
    assert.match(problems({ faults: ['explode'] }), /unknown fault "explode"/);
    assert.match(problems({ presignPoolCurves: ['ed448'] }), /unknown curve "ed448"/);
    assert.equal(problems({ presignPoolCurves: ['secp256k1', 'ed25519'], presignPoolAlgorithms: ['taproot', 'eddsa'] }), '');
    assert.match(problems({ presignPoolAlgorithms: ['schnorr'] }), /presignPoolAlgorithms: unknown algorithm "schnorr"/);
    assert.match(problems({ presignsPerTransaction: 0 }), /presignsPerTransaction/);
    assert.match(problems({ chainKind: 'ethereum' }), /chainKind/);
    const sui = { chainKind: 'sui', chainUrl: 'https://fullnode.testnet.sui.io:443', packageId: null, coordinatorId: null };
    assert.match(problems(sui), /packageId: the package id is needed/);
    assert.match(problems(sui), /coordinatorId: the coordinator id is needed/);
    assert.match(problems({ ...sui, packageId: '0x2', coordinatorId: 'coordinator' }), /coordinatorId: the coordinator id/);
    assert.equal(problems({ ...sui, packageId: '0x2', coordinatorId: '0x3' }), '');
    assert.match(problems({ chainKind: 'local', packageId: '0x2', coordinatorId: '0x3' }), /chainKind: local is gone/);
    const both = problems({ faults: ['explode'], chainKind: 'sui', packageId: null });
    assert.ok(/unknown fault "explode"/.test(both) && /packageId: the package id/.test(both), 'every problem is reported at once');
  });
});
