/**
 * `npm run example:dapp`: the example dApp (examples/dapp/) against a local devnet.
 *
 * Starts (or resumes) the devnet in `.data/devnet` as `npm start` does (the local chain, 4
 * validators, the indexer, the relayer; a network key on secp256k1 and ed25519), builds the browser
 * bundles (scripts/build-browser.ts: the SDK's main-thread entry and its worker, plus the page's
 * script examples/dapp/app.ts), and serves on one local port:
 *
 * | path | what |
 * |---|---|
 * | `/` | the page (examples/dapp/index.html) |
 * | `/style.css` | its style |
 * | `/network.json` | the devnet's network description (chain, faucet and indexer URLs, ids) |
 * | `/dist/<file>` | the bundles: `dapp.js` (the page), `dwallet-worker.js` (the SDK's worker), `dwallet.js`, source maps |
 *
 * The page talks to the chain, its faucet and the indexer directly (they answer browsers of any
 * origin: runtime/cors.ts); this server holds nothing but files. Every answer carries a
 * Content-Security-Policy allowing only this origin's scripts and the network's URLs.
 *
 * Options: `--port 8787` (0 picks a free one), `--host 127.0.0.1`, `--data-dir .data/devnet`.
 * Ctrl-C stops the server and the network.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Hono } from 'hono';
import { DEFAULT_POOL_TARGET, endpointRecord, startLocalNetwork, watchPool } from '../client/cli/commands/devnet.ts';
import { DEFAULT_DATA_DIR } from '../client/cli/globals.ts';
import { Output } from '../client/cli/output.ts';
import { loadNetworkDescription, type NetworkDescription } from '../client/network.ts';
import { type RunningHttp, serveHono } from '../runtime/serve.ts';
import { type BrowserBundleFile, buildBrowserBundles } from './build-browser.ts';

const EXAMPLE_DIR = fileURLToPath(new URL('../examples/dapp/', import.meta.url));
/** Where the bundles are written (dist/ is git-ignored). */
export const EXAMPLE_DAPP_OUT_DIR = fileURLToPath(new URL('../dist/example-dapp/', import.meta.url));
export const DEFAULT_EXAMPLE_DAPP_PORT = 8787;

export interface ExampleDappOptions {
  /** The network the page connects to (served as /network.json). */
  readonly network: NetworkDescription;
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Where the bundles go (default dist/example-dapp/). */
  readonly outDir?: string;
  /** Minified bundles (default true: the sizes a page downloads). */
  readonly minify?: boolean;
}

export interface RunningExampleDapp {
  /** The page's URL. */
  readonly url: string;
  readonly bundles: readonly BrowserBundleFile[];
  close(): Promise<void>;
}

/** The page's Content-Security-Policy: its own scripts and styles, the network's services to talk to. */
export function exampleDappCsp(network: NetworkDescription): string {
  const origins = new Set(
    [network.chain.url, network.indexer, ...(network.faucet === undefined ? [] : [network.faucet])].map((url) => new URL(url).origin),
  );
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self'",
    `connect-src 'self' ${[...origins].join(' ')}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function contentType(name: string): string {
  const extension = name.slice(name.lastIndexOf('.'));
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** Builds the bundles and serves the example on `host:port`. */
export async function serveExampleDapp(options: ExampleDappOptions): Promise<RunningExampleDapp> {
  const outDir = options.outDir ?? EXAMPLE_DAPP_OUT_DIR;
  const { files } = await buildBrowserBundles({
    outDir,
    minify: options.minify ?? true,
    extraEntries: { dapp: resolve(EXAMPLE_DIR, 'app.ts') },
  });
  // Read once: the files served are exactly the ones built now (a name not in this map is a 404).
  const assets = new Map<string, { body: string; type: string }>([
    ['/', { body: readFileSync(resolve(EXAMPLE_DIR, 'index.html'), 'utf8'), type: contentType('.html') }],
    ['/style.css', { body: readFileSync(resolve(EXAMPLE_DIR, 'style.css'), 'utf8'), type: contentType('.css') }],
    ['/network.json', { body: `${JSON.stringify(options.network, null, 2)}\n`, type: 'application/json; charset=utf-8' }],
  ]);
  for (const name of files.flatMap((file) => [file.name, `${file.name}.map`])) {
    // A bundle's source map, when the build wrote one (a browser's developer tools ask for it).
    if (name.endsWith('.map') && !existsSync(resolve(outDir, name))) continue;
    assets.set(`/dist/${name}`, { body: readFileSync(resolve(outDir, name), 'utf8'), type: contentType(name) });
  }
  const csp = exampleDappCsp(options.network);
  const app = new Hono();
  app.get('*', (c) => {
    const asset = assets.get(c.req.path);
    if (asset === undefined) return c.text(`no file ${c.req.path}`, 404);
    return c.body(asset.body, 200, {
      'content-type': asset.type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // Rebuilt at each start: the browser asks again rather than keep an older bundle.
      'cache-control': 'no-cache',
    });
  });
  const http: RunningHttp = await serveHono(app, options.host ?? '127.0.0.1', options.port ?? 0);
  return { url: `${http.url}/`, bundles: files, close: () => http.close() };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_EXAMPLE_DAPP_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not ${values.port}`);
  const dataDir = resolve(values['data-dir']);
  const output = new Output(false);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());

  const devnet = await startLocalNetwork({ dataDir, poolTarget: DEFAULT_POOL_TARGET, output });
  let dapp: RunningExampleDapp | undefined;
  let status = 0;
  try {
    output.result(endpointRecord(devnet, dataDir));
    output.progress('building the browser bundles');
    dapp = await serveExampleDapp({ network: loadNetworkDescription(resolve(dataDir, 'network.json')), host: values.host, port });
    output.result(
      Object.fromEntries(dapp.bundles.map((file) => [file.name, `${file.bytes} bytes, ${file.gzipBytes} gzipped`])) as Record<
        string,
        string
      >,
    );
    output.result({ 'example dApp': dapp.url });
    output.progress(`open ${dapp.url} in a browser; Ctrl-C stops the page and the network`);
    // The page works at once; a sign finds a presign waiting once the pools fill.
    await watchPool(devnet, 1, output, controller.signal);
    await new Promise<void>((done) => {
      if (controller.signal.aborted) done();
      else controller.signal.addEventListener('abort', () => done(), { once: true });
    });
  } catch (error) {
    output.error(error);
    status = 1;
  } finally {
    output.progress('stopping the page and the network');
    await dapp?.close();
    await devnet.stop();
  }
  process.exit(status);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
