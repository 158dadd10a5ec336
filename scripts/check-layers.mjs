#!/usr/bin/env node
// Checks the import structure of the repository (README "Layout"; CONTRIBUTING.md "Layers"):
//   1. every import between top-level folders points down the layers (ALLOWED below):
//        mpc ← runtime ← chain ← indexer ← validator;  chain ← relayer;  chain ← client (SDK)
//        services ← devnet ← client/cli;  scripts, examples, bin on top
//      (bench may import every layer but not test/; test/ may import anything); only the CLI
//      (client/cli/) may import devnet/: the SDK does not carry the local network's tooling;
//   2. inside every folder, its parts (each subfolder, and each file at its top) import each other
//      without a cycle that passes through a subfolder, so each subfolder can be read, tested and
//      replaced on its own (files side by side in one folder may still refer to each other).
// Prints every violation with the importing file and line, and exits 1 if there is any.
//   node scripts/check-layers.mjs [--root DIR]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const rootIndex = args.indexOf('--root');
const root = rootIndex >= 0 ? args[rootIndex + 1] : fileURLToPath(new URL('..', import.meta.url));

const BELOW_SERVICES = ['mpc', 'runtime', 'chain'];
const SERVICES = [...BELOW_SERVICES, 'indexer', 'validator', 'relayer'];
/**
 * What each top-level folder may import (besides itself): ARCHITECTURE.md's "may import" column,
 * with runtime/ below chain/ (the local chain's server is a service). Nothing below client/ imports
 * it; the services import neither each other upward nor the client.
 */
const ALLOWED = {
  mpc: [],
  runtime: ['mpc'],
  chain: ['mpc', 'runtime'],
  indexer: BELOW_SERVICES,
  validator: [...BELOW_SERVICES, 'indexer'],
  relayer: BELOW_SERVICES,
  devnet: SERVICES,
  client: BELOW_SERVICES,
  examples: [...BELOW_SERVICES, 'client'],
  scripts: [...SERVICES, 'devnet', 'client'],
  bin: ['scripts', 'client'],
  bench: [...SERVICES, 'devnet', 'client', 'scripts'],
  test: [...SERVICES, 'devnet', 'client', 'scripts', 'examples', 'bench', 'bin'],
};
/** Imports allowed beyond ALLOWED: [from prefix, to prefix, why]. */
const EXCEPTIONS = [['client/cli/', 'devnet/', 'the CLI starts a local network (`dwallet devnet`); the SDK does not carry it']];
/** Why an import is refused, for pairs that deserve more than "not allowed". */
const WHY = {
  'bench>test': 'a bench imports no test helpers: shared drivers live in devnet/load/ or mpc/testing/',
  'client>devnet': 'only the CLI (client/cli/) starts a local network; the SDK must not carry it',
};

const SOURCE = /\.(ts|mjs|js)$/;
const SKIP = new Set(['node_modules', '.git', '.data', 'dist', 'move']);

function collect(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, path).split(sep).join('/'));
  }
  return out;
}

// Static imports and re-exports, dynamic imports, and worker URLs (`new URL('./x.mjs', import.meta.url)`).
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function importsOf(file) {
  const text = readFileSync(join(root, file), 'utf8');
  const found = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const target = normalize(join(dirname(file), match[1]))
      .split(sep)
      .join('/');
    // Data files (a Move source a test reads, a fixture) are not imports.
    if (!SOURCE.test(target)) continue;
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ target, line });
  }
  return found;
}

const top = (path) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '.');
const files = collect(root);
const problems = [];
const edges = [];

for (const file of files) {
  for (const { target, line } of importsOf(file)) {
    edges.push({ file, target, line });
    const from = top(file);
    const to = top(target);
    if (from === to || from === '.' || to === '.') continue;
    const where = `${file}:${line} imports ${target}`;
    if (!(from in ALLOWED) || !(to in ALLOWED)) {
      problems.push(`${where}: ${!(from in ALLOWED) ? from : to}/ has no place in the layers (scripts/check-layers.mjs ALLOWED)`);
    } else if (!ALLOWED[from].includes(to) && !EXCEPTIONS.some(([a, b]) => file.startsWith(a) && target.startsWith(b))) {
      problems.push(
        `${where}: ${WHY[`${from}>${to}`] ?? `${from}/ may import ${ALLOWED[from].map((f) => `${f}/`).join(', ') || 'nothing outside itself'}`}`,
      );
    }
  }
}

// Cycles between the parts of each folder. The part of a file inside folder F is the first path
// element below F (a subfolder, or the file itself at F's top).
const folders = new Set(['']);
for (const file of files) {
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
}
for (const folder of folders) {
  const prefix = folder === '' ? '' : `${folder}/`;
  const partOf = (path) => (path.startsWith(prefix) ? path.slice(prefix.length).split('/')[0] : undefined);
  const graph = new Map();
  const witness = new Map();
  for (const { file, target, line } of edges) {
    const a = partOf(file);
    const b = partOf(target);
    if (a === undefined || b === undefined || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a).add(b);
    if (!witness.has(`${a}>${b}`)) witness.set(`${a}>${b}`, `${file}:${line}`);
  }
  for (const cycle of stronglyConnected(graph)) {
    // Files of one folder may import each other in a cycle (a type and its codec); folders may not.
    if (cycle.every((part) => SOURCE.test(part))) continue;
    const parts = cycle.map((p) => `${prefix}${p}`).join(', ');
    const links = [];
    for (const a of cycle)
      for (const b of graph.get(a) ?? []) if (cycle.includes(b)) links.push(`    ${a} → ${b} (${witness.get(`${a}>${b}`)})`);
    problems.push(`import cycle between ${parts}:\n${links.join('\n')}`);
  }
}

/** Tarjan's strongly connected components with more than one node. */
function stronglyConnected(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (v) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indices.has(v)) visit(v);
  return out;
}

if (problems.length > 0) {
  console.error(`check-layers: ${problems.length} problem(s) in ${files.length} files\n`);
  for (const problem of problems) console.error(`- ${problem}`);
  process.exit(1);
}
console.log(`check-layers: ${files.length} files, ${edges.length} imports, every one down the layers, no cycle between folders`);
