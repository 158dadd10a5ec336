import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Hono } from 'hono';
import { ConfigError, loadConfig } from '../../runtime/config.ts';
import { HttpError, installServiceRoutes } from '../../runtime/http.ts';
import { createLogger } from '../../runtime/log.ts';
import { MetricsRegistry } from '../../runtime/metrics.ts';

const spec = {
  port: { type: 'integer', env: 'T_PORT', default: 8080, min: 0, max: 65535, description: 'port' },
  chainUrl: { type: 'url', env: 'T_CHAIN', required: true, description: 'chain URL' },
  mode: { type: 'string', oneOf: ['a', 'b'], default: 'a', description: 'mode' },
  peers: { type: 'string[]', env: 'T_PEERS', default: [], description: 'peers' },
} as const;

describe('config', () => {
  test('defaults < file < environment < overrides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ port: 9000, chainUrl: 'http://file:1' }));
    assert.deepEqual(loadConfig(spec, { file, env: {} }), { port: 9000, chainUrl: 'http://file:1', mode: 'a', peers: [] });
    assert.equal(loadConfig(spec, { file, env: { T_PORT: '9100', T_PEERS: 'x, y' } }).port, 9100);
    assert.deepEqual(loadConfig(spec, { file, env: { T_PEERS: 'x, y' } }).peers, ['x', 'y']);
    assert.equal(loadConfig(spec, { file, env: { T_PORT: '9100' }, overrides: { port: 1 } }).port, 1);
  });

  test('reports every problem at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ port: 'x', extra: 1, mode: 'c' }));
    try {
      loadConfig(spec, { file, env: {} });
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.code, 'CONFIG_INVALID');
      assert.equal(error.problems.length, 4, error.message);
    }
    writeFileSync(file, '{not json');
    assert.throws(() => loadConfig(spec, { file, env: { T_CHAIN: 'http://x' } }), ConfigError);
    assert.throws(() => loadConfig(spec, { env: { T_CHAIN: 'not a url' } }), ConfigError);
    assert.throws(() => loadConfig(spec, { env: { T_CHAIN: 'http://x', T_PORT: '70000' } }), ConfigError);
  });
});

describe('log', () => {
  test('writes JSON lines, honours the level and redacts secret-looking fields', () => {
    const lines: string[] = [];
    const log = createLogger('svc', { level: 'info', sink: (l) => lines.push(l) });
    log.debug('hidden');
    log.info('hello', { secretShare: 5n, nested: { privateKey: 'x', ok: 1n }, bytes: new Uint8Array([1, 2]) });
    log.child({ session: 'abc' }).warn('w');
    assert.equal(lines.length, 2);
    const first = JSON.parse(lines[0]!);
    assert.equal(first.msg, 'hello');
    assert.equal(first.secretShare, '[redacted]');
    assert.deepEqual(first.nested, { privateKey: '[redacted]', ok: '1' });
    assert.equal(first.bytes, '0x0102');
    assert.equal(JSON.parse(lines[1]!).session, 'abc');
  });
});

describe('metrics and service routes', () => {
  test('renders Prometheus text and maps typed errors to 4xx JSON', async () => {
    const metrics = new MetricsRegistry();
    metrics.counter('requests_total', 'requests').inc({ route: '/x' });
    metrics.gauge('pool_size', 'pool').set(3);
    metrics.histogram('latency_seconds', 'latency', [0.1, 1]).observe(0.5);
    const text = metrics.render();
    assert.match(text, /requests_total\{route="\/x"\} 1/);
    assert.match(text, /latency_seconds_bucket\{le="0.1"\} 0/);
    assert.match(text, /latency_seconds_bucket\{le="1"\} 1/);
    const app = new Hono();
    installServiceRoutes(app, { logger: createLogger('t', { sink: () => {} }), metrics, health: () => ({ height: 1 }) });
    app.get('/bad', () => {
      throw new HttpError(400, 'BAD_QUERY', 'limit must be a number');
    });
    app.get('/boom', () => {
      throw new Error('secret details');
    });
    assert.deepEqual(await (await app.request('/health')).json(), { ok: true, height: 1 });
    const bad = await app.request('/bad');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, 'BAD_QUERY');
    const boom = await app.request('/boom');
    assert.equal(boom.status, 500);
    assert.doesNotMatch(await boom.text(), /secret details/);
    assert.equal((await app.request('/nope')).status, 404);
    assert.match(await (await app.request('/metrics')).text(), /pool_size 3/);
  });
});
