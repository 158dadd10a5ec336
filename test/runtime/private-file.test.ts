/**
 * Private files (runtime/private-file.ts): `createPrivateFile` creates a file 0600 only when the
 * name is free, never overwriting one and leaving no temporary file; `writePrivateFile` replaces.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createPrivateFile, writePrivateFile } from '../../runtime/private-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'dwallet-private-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('createPrivateFile: creates 0600 when absent; refuses to overwrite; leaves no temporary file', () => {
  const path = join(dir, 'header.json');
  assert.equal(createPrivateFile(path, 'first'), true);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(createPrivateFile(path, 'second'), false);
  assert.equal(readFileSync(path, 'utf8'), 'first');
  writeFileSync(join(dir, 'other'), 'x', { mode: 0o644 });
  assert.equal(createPrivateFile(join(dir, 'other'), 'y'), false);
  assert.equal(readFileSync(join(dir, 'other'), 'utf8'), 'x');
  assert.deepEqual(readdirSync(dir).sort(), ['header.json', 'other']);
});

test('writePrivateFile: replaces the file, 0600, no temporary file left', () => {
  const path = join(dir, 'replaced.json');
  writePrivateFile(path, 'one');
  writePrivateFile(path, 'two');
  assert.equal(readFileSync(path, 'utf8'), 'two');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.ok(!readdirSync(dir).some((name) => name.endsWith('.tmp')));
});
