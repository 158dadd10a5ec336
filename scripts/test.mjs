#!/usr/bin/env node
// Runs the test suite with Node's own test runner through tsx, reporting TAP (`# pass N`, `# fail N`).
//   npm test              the default suite: every test/**/*.test.ts except *.heavy.test.ts
//   npm run test:heavy    only the heavy suites (*.heavy.test.ts)
//   npm test -- <files>   the given files
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireNodeVersion } from './node-version.mjs';

requireNodeVersion();

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const heavy = args.includes('--heavy');
const explicit = args.filter((arg) => !arg.startsWith('--'));

function collect(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

const files = explicit.length > 0 ? explicit : collect(join(root, 'test')).filter((file) => file.endsWith('.heavy.test.ts') === heavy);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(result.status ?? 1);
