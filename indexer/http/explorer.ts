/**
 * The explorer (indexer/explorer/): `GET /` its page, `GET /explorer/explorer.js` and
 * `/explorer/explorer.css` its script and style, `GET /explorer/names.json` the names of the
 * chain's numeric ids (curves, hash schemes) from the same tables the indexer uses, so the page
 * holds no copy of them. The files are read once, when the app is made; a missing one fails then.
 *
 * Every answer carries a Content-Security-Policy that allows only this origin's script, style and
 * API (no inline script or style, no other host), and `nosniff`.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { CURVE_IDS, HASH_SCHEME_IDS } from '../../mpc/signing/algorithms.ts';

export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly body: string;
  readonly type: string;
}

function asset(file: string, type: string): Asset {
  return { body: readFileSync(new URL(`../explorer/${file}`, import.meta.url), 'utf8'), type };
}

/** `{ curves: { "0": "secp256k1", … }, hashSchemes: { "0": "keccak256", … } }`, hash schemes named as the CLI names them. */
function names(): Asset {
  const curves = Object.fromEntries(Object.entries(CURVE_IDS).map(([name, id]) => [id, name]));
  const hashSchemes = Object.fromEntries(Object.entries(HASH_SCHEME_IDS).map(([name, id]) => [id, name.toLowerCase().replace('_', '-')]));
  return { body: JSON.stringify({ curves, hashSchemes }), type: 'application/json; charset=utf-8' };
}

export function explorerRoutes(app: Hono): void {
  const assets: Record<string, Asset> = {
    '/': asset('index.html', 'text/html; charset=utf-8'),
    '/explorer/explorer.js': asset('explorer.js', 'text/javascript; charset=utf-8'),
    '/explorer/explorer.css': asset('explorer.css', 'text/css; charset=utf-8'),
    '/explorer/names.json': names(),
  };
  for (const [path, { body, type }] of Object.entries(assets)) {
    app.get(path, (c) =>
      c.body(body, 200, {
        'content-type': type,
        'content-security-policy': EXPLORER_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        // Read at start: a new version comes with a restart, so the browser asks again each time.
        'cache-control': 'no-cache',
      }),
    );
  }
}
