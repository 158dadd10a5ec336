/**
 * Worker threads that run a TypeScript module. On Node 20 a worker thread gets none of the main
 * thread's module hooks, so a worker of a tsx process would have to register tsx's loader inside
 * itself: one more hooks thread per worker, every module resolved and loaded through it (0.60 s for
 * the validator's session worker to load on an idle core, against 0.25 s from one prebuilt file).
 * Worse, the worker inherits `--import tsx`, whose preload registers tsx once already, so that
 * registration was the second in its thread — the shape of Node's hooks deadlock
 * (nodejs/node#50948). CI saw it: the three session workers of a validator, loaded that way, all
 * not ready after 45 s, and again after a restart.
 *
 * So the entry and the project's modules it imports are bundled by esbuild (the compiler tsx
 * itself runs) into one ES module, once per process and entry, written under
 * `node_modules/.cache/dwallet-network/` by its content hash (several processes starting at once
 * write the same file; the rename makes that safe), and the worker loads that file with no loader
 * at all. Packages stay imports, resolved from the project's node_modules as before. Each module's
 * `import.meta.url`, `dirname` and `filename` are replaced by its own, so files found next to a
 * module (the store's migrations) are found from the bundle too. The bundle carries a source map:
 * stack traces name the TypeScript files. The worker gets the process's Node options less the tsx
 * import. If the bundle cannot be built or written, the worker loads the entry through tsx's loader
 * registered once inside it, and `onFallback` is told why.
 * @module
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as esbuild from 'esbuild';

/** How a worker's entry was loaded: one prebuilt file, or tsx's loader inside the worker. */
export type WorkerLoading = 'bundle' | 'loader';

/** The workerData keys the bootstrap (worker-bootstrap.mjs) reads; a worker's own data must not use them. */
export const WORKER_ENTRY_KEY = '__typescriptWorkerEntry';
export const WORKER_LOADING_KEY = '__typescriptWorkerLoading';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where bundles are written by default: inside the project, so that their package imports resolve. */
export const DEFAULT_BUNDLE_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'dwallet-network');
/** A bundle of the same entry not used for this long is removed when a new one is written. */
const STALE_BUNDLE_MS = 24 * 60 * 60 * 1000;
const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export interface TypeScriptWorkerOptions {
  /** The folder bundles are written to; it must be inside the project (default {@link DEFAULT_BUNDLE_DIR}). */
  readonly bundleDir?: string;
  /** Told why the entry is loaded through tsx's loader instead of a bundle. */
  readonly onFallback?: (reason: string) => void;
  /** How long building the bundle may take before the worker is started without it (default 30 s). */
  readonly bundleTimeoutMs?: number;
}

export interface TypeScriptWorker {
  readonly worker: Worker;
  readonly loading: WorkerLoading;
}

const bundles = new Map<string, Promise<string>>();
/** Builds in flight: esbuild's service is stopped when the last one ends. */
let building = 0;

/**
 * Starts a worker thread running the TypeScript module `entry` with `data` as its workerData
 * (plus the two bootstrap keys). Resolves once the worker is created, not once it has loaded.
 */
export async function startTypeScriptWorker(
  entry: URL,
  data: Readonly<Record<string, unknown>>,
  options: TypeScriptWorkerOptions = {},
): Promise<TypeScriptWorker> {
  for (const key of [WORKER_ENTRY_KEY, WORKER_LOADING_KEY]) {
    if (key in data) throw new Error(`workerData key ${key} is reserved for the worker's bootstrap`);
  }
  const bundleDir = options.bundleDir ?? DEFAULT_BUNDLE_DIR;
  let loading: WorkerLoading = 'bundle';
  let url: string;
  const timeoutMs = options.bundleTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not built within ${timeoutMs} ms`)), timeoutMs);
    });
    url = pathToFileURL(await Promise.race([bundleOf(entry, bundleDir), late])).href;
  } catch (error) {
    loading = 'loader';
    url = entry.href;
    options.onFallback?.(
      `the worker ${basename(fileURLToPath(entry))} could not be bundled into ${bundleDir}: ${(error as Error).message}`,
    );
  } finally {
    clearTimeout(timer);
  }
  const worker = new Worker(BOOTSTRAP, {
    execArgv: withoutTsxImport(process.execArgv),
    workerData: { ...data, [WORKER_ENTRY_KEY]: url, [WORKER_LOADING_KEY]: loading },
  });
  return { worker, loading };
}

/**
 * The process's Node options for a worker, less `--import tsx`: a worker inherits them, so tsx's
 * preload would register its hooks in every worker (a hooks thread each, though on Node 20 they do
 * not load the worker's TypeScript), and the bootstrap's own registration after it would be a second
 * register() in one thread, the shape of Node's hooks deadlock (nodejs/node#50948).
 */
export function withoutTsxImport(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i] as string;
    if (option === '--import' && isTsx(execArgv[i + 1] ?? '')) i += 1;
    else if (!(option.startsWith('--import=') && isTsx(option.slice('--import='.length)))) kept.push(option);
  }
  return kept;
}

function isTsx(specifier: string): boolean {
  return specifier === 'tsx' || specifier.startsWith('tsx/') || /[\\/]node_modules[\\/]tsx[\\/]/.test(specifier);
}

/** The path of `entry`'s bundle in `bundleDir`, built once per process (a failed build is not retried). */
function bundleOf(entry: URL, bundleDir: string): Promise<string> {
  const key = `${entry.href}\n${bundleDir}`;
  let bundle = bundles.get(key);
  if (bundle === undefined) {
    bundle = buildBundle(entry, bundleDir);
    // A start that gave up waiting (bundleTimeoutMs) no longer listens: its failure must not go unhandled.
    bundle.catch(() => {});
    bundles.set(key, bundle);
  }
  return bundle;
}

async function buildBundle(entry: URL, bundleDir: string): Promise<string> {
  const entryPath = fileURLToPath(entry);
  const stem = basename(entryPath, extname(entryPath));
  // The source map's paths are relative to the output file, so esbuild is told where it will be.
  const provisional = join(bundleDir, `${stem}.mjs`);
  let result: esbuild.BuildResult<{ write: false }>;
  building += 1;
  try {
    result = await esbuild.build({
      entryPoints: [entryPath],
      outfile: provisional,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      logLevel: 'silent',
      plugins: [ownImportMeta],
    });
  } finally {
    // The build service is a child process: none is left running (esbuild starts it again for a later build).
    building -= 1;
    if (building === 0) await esbuild.stop();
  }
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output');
  const hash = createHash('sha256').update(output.contents).digest('hex').slice(0, 16);
  const path = join(bundleDir, `${stem}-${hash}.mjs`);
  mkdirSync(bundleDir, { recursive: true });
  if (existsSync(path)) {
    const now = new Date();
    utimesSync(path, now, now);
  } else {
    const partial = `${path}.${process.pid}.${Math.random().toString(16).slice(2)}.partial`;
    writeFileSync(partial, output.contents);
    renameSync(partial, path);
  }
  removeStaleBundles(bundleDir, stem, path);
  return path;
}

/** Removes bundles of the same entry not written or reused for a day (another process may still start one that is newer). */
function removeStaleBundles(bundleDir: string, stem: string, keep: string): void {
  const isBundleOfStem = (name: string) => name.startsWith(`${stem}-`) && /^[0-9a-f]{16}\.mjs$/.test(name.slice(stem.length + 1));
  for (const name of readdirSync(bundleDir)) {
    const path = join(bundleDir, name);
    if (!isBundleOfStem(name) || path === keep) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_BUNDLE_MS) rmSync(path, { force: true });
    } catch {}
  }
}

/** Each bundled module keeps its own import.meta.url, dirname and filename (esbuild leaves import.meta as is). */
const ownImportMeta: esbuild.Plugin = {
  name: 'own-import-meta',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]s$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(path)))
        .replaceAll('import.meta.filename', JSON.stringify(path));
      return { contents, loader: /\.[cm]?ts$/.test(path) ? 'ts' : 'js' };
    });
  },
};
