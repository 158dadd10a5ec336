/** The layer check (scripts/check-layers.mjs): refuses imports against the layers and cycles between folders; passes on this repository. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/check-layers.mjs', import.meta.url));
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs the check over a tree of the given files (path → source). */
function check(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  dirs.push(root);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  const run = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const clean = {
  'mpc/a.ts': 'export const a = 1;\n',
  'chain/b.ts': "import { a } from '../mpc/a.ts';\nexport const b = a;\n",
  'client/cli/c.ts': "import { b } from '../../chain/b.ts';\nimport type { D } from '../../devnet/d.ts';\nexport const c = b;\n",
  'devnet/d.ts': "import { b } from '../chain/b.ts';\nexport type D = typeof b;\n",
  'test/t.test.ts': "import { c } from '../client/cli/c.ts';\nconst url = new URL('../move/sources/x.move', import.meta.url);\n",
};

describe('check-layers', () => {
  it('passes on this repository', () => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /every one down the layers, no cycle between folders/);
  });

  it('passes a tree whose imports point down the layers', () => {
    const { status, output } = check(clean);
    assert.equal(status, 0, output);
    assert.match(output, /every one down the layers/);
  });

  it('refuses an import up the layers, naming the file and line', () => {
    const { status, output } = check({ ...clean, 'mpc/up.ts': "export const x = 1;\nimport { b } from '../chain/b.ts';\n" });
    assert.equal(status, 1);
    assert.match(output, /mpc\/up\.ts:2 imports chain\/b\.ts: mpc\/ may import nothing outside itself/);
  });

  it('refuses an import between services that do not build on each other, dynamic imports included', () => {
    const { status, output } = check({
      ...clean,
      'relayer/r.ts': 'export const r = 1;\n',
      'validator/v.ts': "export const load = () => import('../relayer/r.ts');\n",
    });
    assert.equal(status, 1);
    assert.match(output, /validator\/v\.ts:1 imports relayer\/r\.ts: validator\/ may import mpc\/, runtime\/, chain\/, indexer\//);
  });

  it('refuses the SDK importing devnet/ or a service, and a bench importing test helpers', () => {
    const { status, output } = check({
      ...clean,
      'client/sdk.ts': "import type { D } from '../devnet/d.ts';\nimport { v } from '../validator/v.ts';\n",
      'validator/v.ts': 'export const v = 1;\n',
      'bench/x.ts': "import { c } from '../test/t.test.ts';\n",
    });
    assert.equal(status, 1);
    assert.match(output, /client\/sdk\.ts:1 imports devnet\/d\.ts: only the CLI/);
    assert.match(output, /client\/sdk\.ts:2 imports validator\/v\.ts: client\/ may import mpc\/, runtime\/, chain\//);
    assert.match(output, /bench\/x\.ts:1 imports test\/t\.test\.ts: a bench imports no test helpers/);
  });

  it('refuses a folder unknown to the layers', () => {
    const { status, output } = check({ ...clean, 'tools/x.ts': "import { a } from '../mpc/a.ts';\n" });
    assert.equal(status, 1);
    assert.match(output, /tools\/ has no place in the layers/);
  });

  it('refuses a cycle between folders (a file at the top counts as a part) and shows its links', () => {
    const { status, output } = check({
      ...clean,
      'validator/peer/p.ts': "import { e } from '../engine/e.ts';\nexport const p = e;\n",
      'validator/engine/e.ts': "import { n } from '../node.ts';\nexport const e = 1;\n",
      'validator/node.ts': "import { p } from './peer/p.ts';\nexport const n = p;\n",
    });
    assert.equal(status, 1);
    assert.match(output, /import cycle between validator\/engine, validator\/node\.ts, validator\/peer/);
    assert.match(output, /engine → node\.ts \(validator\/engine\/e\.ts:1\)/);
  });

  it('lets files side by side in one folder refer to each other', () => {
    const { status, output } = check({
      ...clean,
      'mpc/ecdsa/user.ts': "import { encode } from './encoding.ts';\nexport type User = number;\nexport const u = encode;\n",
      'mpc/ecdsa/encoding.ts': "import type { User } from './user.ts';\nexport const encode = (u: User) => u;\n",
    });
    assert.equal(status, 0, output);
  });
});
