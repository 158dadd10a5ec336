/**
 * The browser build of the SDK (`npm run build:browser`): esbuild bundles, from the same source as
 * the Node SDK,
 *   client/browser/index.ts  → <outDir>/dwallet.js         (the page's entry: BrowserDWalletClient, wallets)
 *   client/browser/worker.ts → <outDir>/dwallet-worker.js  (the module Web Worker that runs the SDK)
 * as ESM for `platform: 'browser'`, target ES2022 (BigInt, top-level await, class fields), minified,
 * with source maps, and prints each file's size raw and gzipped. Each bundle stands alone (no
 * shared chunks), so the worker is one file a page starts with `new Worker(url, { type: 'module' })`.
 * A `node:` import anywhere on either path fails the build (the browser platform has no Node
 * built-ins), which is the point: the SDK's browser path must not need them.
 *
 *   npx tsx scripts/build-browser.ts [--out-dir dist/browser] [--no-minify]
 *
 * `extraEntries` lets the example page add its own script to the same build (scripts/example-dapp.ts).
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The SDK's two browser entries, by output name. */
export const BROWSER_BUNDLE_ENTRIES: Readonly<Record<string, string>> = {
  dwallet: 'client/browser/index.ts',
  'dwallet-worker': 'client/browser/worker.ts',
};

export interface BuildBrowserOptions {
  /** Where the bundles go (created if missing). */
  readonly outDir: string;
  /** Default true. */
  readonly minify?: boolean;
  /** More entries bundled the same way: output name → source path (relative to the repository or absolute). */
  readonly extraEntries?: Record<string, string>;
}

export interface BrowserBundleFile {
  /** File name in outDir, e.g. `dwallet.js`. */
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The source files bundled into it (paths relative to the repository; packages under node_modules). */
  readonly inputs: readonly string[];
}

/** Bundles the SDK's browser entries (and `extraEntries`); the JavaScript files written, with their sizes. */
export async function buildBrowserBundles(options: BuildBrowserOptions): Promise<{ files: BrowserBundleFile[] }> {
  const outDir = resolve(options.outDir);
  const entries = { ...BROWSER_BUNDLE_ENTRIES, ...(options.extraEntries ?? {}) };
  const entryPoints = Object.entries(entries).map(([out, source]) => ({ out, in: resolve(ROOT, source) }));
  const result = await build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    sourcemap: true,
    splitting: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
    legalComments: 'none',
  });
  const files: BrowserBundleFile[] = [];
  for (const [output, meta] of Object.entries(result.metafile.outputs).sort(([a], [b]) => a.localeCompare(b))) {
    if (!output.endsWith('.js')) continue;
    const path = resolve(ROOT, output);
    const bytes = readFileSync(path);
    files.push({
      name: relative(outDir, path) || basename(path),
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 9 }).length,
      inputs: Object.keys(meta.inputs).map((input) => input.replace(/^(\.\.\/)+[^/]+\/node_modules\//, 'node_modules/')),
    });
  }
  return { files };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out-dir');
  const outDir = at >= 0 && args[at + 1] !== undefined ? args[at + 1] : join(ROOT, 'dist', 'browser');
  const started = performance.now();
  const { files } = await buildBrowserBundles({ outDir: outDir as string, minify: !args.includes('--no-minify') });
  console.log(`built in ${Math.round(performance.now() - started)} ms into ${relative(process.cwd(), resolve(outDir as string)) || '.'}`);
  for (const file of files)
    console.log(`  ${file.name.padEnd(24)} ${kib(file.bytes).padStart(12)}  gzip ${kib(file.gzipBytes).padStart(10)}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
