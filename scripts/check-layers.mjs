#!/usr/bin/env node
// Checks the import structure of the repository (README "Layout"; CONTRIBUTING.md "Layers"):
//   1. every import between top-level folders points down the layers:
//        mpc ← runtime ← chain ← indexer ← validator, relayer ← devnet ← client ← scripts, examples, bin
//      (bench may import every layer but not test/; test/ may import anything), and only the CLI
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

/** Rank of each top-level folder: a folder may import folders of lower rank only. */
const RANK = {
  mpc: 0,
  runtime: 1,
  chain: 2,
  indexer: 3,
  validator: 4,
  relayer: 4,
  devnet: 5,
  client: 6,
  scripts: 7,
  examples: 7,
  bin: 8,
  bench: 9,
  test: 10,
};
/** Pairs allowed beyond the ranks, each with why. */
const EXTRA = [];
/** Imports refused although the ranks allow them: [from prefix, to prefix, why]. */
const REFUSED = [
  ['client/', 'devnet/', 'only the CLI (client/cli/) starts a local network; the SDK must not carry it', 'client/cli/'],
  ['bench/', 'test/', 'a bench imports no test helpers: shared drivers live in devnet/load/ or mpc/testing/'],
];

const SOURCE = /\.(ts|mjs|js)$/;
const SKIP = new Set(['node_modules', '.git', '.data', 'move']);

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
    if (!(from in RANK) || !(to in RANK)) {
      problems.push(`${where}: ${!(from in RANK) ? from : to}/ has no place in the layers (scripts/check-layers.mjs RANK)`);
      continue;
    }
    const refused = REFUSED.find(([a, b, , except]) => file.startsWith(a) && target.startsWith(b) && !(except && file.startsWith(except)));
    if (refused) {
      problems.push(`${where}: ${refused[2]}`);
      continue;
    }
    if (RANK[to] >= RANK[from] && !EXTRA.some(([a, b]) => from === a && to === b)) {
      problems.push(`${where}: ${from}/ sits ${RANK[to] === RANK[from] ? 'beside' : 'below'} ${to}/ and may not import it`);
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
