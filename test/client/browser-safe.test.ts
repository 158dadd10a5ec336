/**
 * The SDK's browser path carries no Node built-in (SPEC-22 item 1): every module in
 * {@link BROWSER_ENTRIES} is bundled by esbuild as a browser would get it (`platform: 'browser'`,
 * ESM, everything bundled), and the test fails
 *
 * 1. if any import resolves to a Node built-in — `node:fs` or bare `fs`, `crypto`, `path`, … (the
 *    list is `node:module`'s `builtinModules`) — naming the chain of imports from the entry to the
 *    importing file. A package whose `browser` field maps a built-in to a shim or to nothing is
 *    fine: the plugin asks esbuild to resolve the import first and only reports what esbuild
 *    cannot resolve for a browser;
 * 2. if the bundled code uses the Node globals `Buffer.…`, `process.env` or `process.pid`, which a
 *    browser does not have (a reference to them fails at run time, not at bundle time). The check
 *    reads the output that esbuild keeps (only the code tree-shaking left), split into the modules
 *    it came from by the `// path` line esbuild writes before each. Our own modules may not use
 *    them at all; a package module may when it guards them (`typeof process`, `typeof Buffer`,
 *    `globalThis.process` in the same module: e.g. a scheduler picking `process.nextTick` when it
 *    exists), since guarded code runs in a browser. `ArrayBuffer.`/`SharedArrayBuffer.` and
 *    `x.process(` are not the globals (the match requires no identifier character or `.` before).
 * The checker is tested on inputs that must fail, so that it can.
 *
 * Also: `loadNetworkDescription(path)` without Node's file system (a child whose
 * `process.getBuiltinModule` is gone, as in a browser) is INVALID_ARGUMENT.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function filesOf(dir: string): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/** The modules a browser (the SDK's Web Worker, a page) imports; the integrator adds the worker entries. */
export const BROWSER_ENTRIES: readonly string[] = [
  'client/dwallet-client.ts',
  'client/sign-transactions.ts',
  ...filesOf('client/ethereum'),
  ...filesOf('client/bitcoin'),
  'client/verify-transactions.ts',
  'client/secret-store.ts',
  'client/secret-store-keys.ts',
  'client/secret-store-encryption.ts',
  'client/secret-store-backend.ts',
  'client/secret-store-key-source.ts',
  'client/encrypted-secret-share-store.ts',
  'client/secret-backup-file.ts',
  'client/errors.ts',
  'client/network.ts',
  'client/user-share-keys.ts',
  ...filesOf('client/browser/secret-store'),
  // The two bundles of the browser build (scripts/build-browser.ts): the page's and the worker's.
  'client/browser/index.ts',
  'client/browser/worker.ts',
  // What else the project bundles for a browser: the example dApp's page and the browser bench's worker.
  'examples/dapp/app.ts',
  'bench/support/browser-bench-worker.ts',
  'mpc/numbers/primes.ts',
];

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const BUILTIN_FILTER = new RegExp(`^(node:.*|${builtinModules.map((name) => name.replace(/[/\\]/g, '\\$&')).join('|')})(/.*)?$`);

/** `Buffer.x`, `process.env`, `process.pid`, not preceded by an identifier character or a dot. */
const NODE_GLOBAL_USE = /(?<![\w$.])(?:Buffer\s*\.\s*[A-Za-z_$][\w$]*|process\s*\.\s*(?:env|pid)\b)/g;
const GUARD = /typeof\s+(?:globalThis\.)?(?:process|Buffer)\b|globalThis\.process\b/;

interface Built {
  metafile: Metafile;
  outputs: { path: string; text: string }[];
  /** Imports of built-ins esbuild could not resolve for a browser: importer (relative) → specifier. */
  builtins: { importer: string; specifier: string }[];
}

async function bundle(entryPoints: string[] | { contents: string }): Promise<Built> {
  const builtins: Built['builtins'] = [];
  const reportBuiltins: Plugin = {
    name: 'report-node-builtins',
    setup(b) {
      b.onResolve({ filter: BUILTIN_FILTER }, async (args) => {
        if ((args.pluginData as { probe?: boolean } | undefined)?.probe) return undefined;
        const base = args.path
          .split('/')
          .slice(0, args.path.startsWith('@') ? 2 : 1)
          .join('/');
        if (!BUILTINS.has(base) && !BUILTINS.has(args.path)) return undefined;
        // Let esbuild resolve it first: a package's `browser` field may map it to a shim or to nothing.
        const resolved = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { probe: true },
        });
        if (resolved.errors.length === 0 && !resolved.external) return resolved;
        builtins.push({ importer: relative(ROOT, args.importer) || args.importer, specifier: args.path });
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    ...(Array.isArray(entryPoints)
      ? { entryPoints: entryPoints.map((entry) => join(ROOT, entry)) }
      : { stdin: { contents: entryPoints.contents, resolveDir: join(ROOT, 'client'), sourcefile: 'fixture.ts', loader: 'ts' } }),
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    outdir: join(ROOT, '.browser-safe-out'),
    logLevel: 'silent',
    plugins: [reportBuiltins],
  });
  return {
    metafile: result.metafile,
    outputs: result.outputFiles.map((file) => ({ path: relative(ROOT, file.path), text: file.text })),
    builtins,
  };
}

/** The import chain from an entry (an input of the bundle) to `target`, by breadth-first search in the metafile. */
function chainTo(metafile: Metafile, target: string): string[] {
  const entries = Object.values(metafile.outputs)
    .map((output) => output.entryPoint)
    .filter((entry): entry is string => entry !== undefined);
  const previous = new Map<string, string | null>(entries.map((entry) => [entry, null]));
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (file === target) break;
    for (const imported of metafile.inputs[file]?.imports ?? []) {
      if (imported.external || previous.has(imported.path)) continue;
      previous.set(imported.path, file);
      queue.push(imported.path);
    }
  }
  if (!previous.has(target)) return [target];
  const chain: string[] = [];
  for (let file: string | null = target; file !== null; file = previous.get(file) ?? null) chain.unshift(file);
  return chain;
}

/** Node globals in an output, by the module esbuild says each piece of code came from. */
function nodeGlobalUses(text: string): string[] {
  const problems: string[] = [];
  // esbuild (not minified) writes `// <input path>` on its own line before each module's code.
  const sections = text.split(/^\/\/ (?=\S+\.(?:[cm]?[jt]s|json)$)/m);
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const source = section.slice(0, newline);
    const code = section
      .slice(newline + 1)
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const uses = [...code.matchAll(NODE_GLOBAL_USE)].map((match) => match[0]);
    if (uses.length === 0) continue;
    const isPackage = source.includes('node_modules/');
    if (isPackage && GUARD.test(code)) continue;
    problems.push(`${source} uses ${[...new Set(uses)].join(', ')}${isPackage ? ' without a typeof guard' : ''}`);
  }
  return problems;
}

/** Everything that keeps `built` from running in a browser, one line each. */
function problemsOf(built: Built): string[] {
  const problems = built.builtins.map(({ importer, specifier }) => `${[...chainTo(built.metafile, importer), specifier].join(' → ')}`);
  for (const output of built.outputs) problems.push(...nodeGlobalUses(output.text).map((p) => `${output.path}: ${p}`));
  return [...new Set(problems)];
}

describe('the SDK on the browser path', () => {
  test('BROWSER_ENTRIES bundle for a browser with no Node built-in and no Node global', async () => {
    const built = await bundle([...BROWSER_ENTRIES]);
    assert.equal(built.outputs.filter((o) => o.path.endsWith('.js')).length, BROWSER_ENTRIES.length);
    assert.deepEqual(problemsOf(built), []);
  });

  test('the check fails, naming the import chain, on a Node-only module (the file store)', async () => {
    const built = await bundle(['client/file-secret-store.ts']);
    const problems = problemsOf(built);
    assert.ok(problems.includes('client/file-secret-store.ts → client/secret-record-files.ts → node:fs'), problems.join('\n'));
    assert.ok(
      problems.some((p) => /runtime\/private-file\.ts → node:/.test(p)),
      problems.join('\n'),
    );
  });

  test('the check fails on Buffer, process.env and process.pid in our code, and on unguarded package code only', async () => {
    const ours = await bundle({
      contents: `
        export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
        export const debug = () => process.env.DEBUG;
        export const pid = () => process.pid;
        export const fine = (b: ArrayBuffer) => ArrayBuffer.isView(b) || { process: (x: number) => x }.process(1);`,
    });
    const problems = problemsOf(ours);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0] as string, /fixture\.ts uses Buffer\.from, process\.env, process\.pid$/);
    // Package code: unguarded is reported, guarded is not.
    const unguarded = '// node_modules/pkg/a.js\nvar x = Buffer.alloc(1);\n';
    const guarded = '// node_modules/pkg/b.js\nvar y = typeof process === "object" ? process.env.X : undefined;\n';
    assert.deepEqual(nodeGlobalUses(unguarded + guarded), ['node_modules/pkg/a.js uses Buffer.alloc without a typeof guard']);
  });

  test('loadNetworkDescription(path) without Node is INVALID_ARGUMENT; a parsed description still loads', () => {
    const script = `
      process.getBuiltinModule = undefined;
      const { loadNetworkDescription } = await import('./client/network.ts');
      try { loadNetworkDescription('network.json'); console.log(JSON.stringify({ loaded: true })); }
      catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout.trim()), {
      code: 'INVALID_ARGUMENT',
      message: 'a network description path needs Node: pass the parsed description',
    });
  });
});
