/**
 * The local chain answers web pages of any origin as a Sui full node does (runtime/cors.ts): a
 * preflight for exactly the headers `SuiGrpcClient` sends (recorded from a real call, so a new
 * header in @mysten/sui fails here rather than in a browser), gRPC-web answers with the gRPC
 * status headers readable, the faucet's JSON POST, and every refusal (404, 413, a gRPC error)
 * readable too; a header outside the gRPC-web set is not allowed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SuiGrpcClient } from '@mysten/sui/grpc';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { type RunningServer, startLocalChainServer } from '../../../chain/local/server.ts';
import { GRPC_WEB_CORS, PREFLIGHT_MAX_AGE_SECONDS } from '../../../runtime/cors.ts';
import { createLogger } from '../../../runtime/log.ts';
import { LocalHarness } from '../support/local-harness.ts';

const ORIGIN = 'http://dapp.example:5173';

/** Request headers a browser sends without asking (https://fetch.spec.whatwg.org/#cors-safelisted-request-header). */
const SAFELISTED = new Set(['accept', 'accept-language', 'content-language']);

function listOf(header: string | null): string[] {
  return (header ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}

describe('local chain: CORS for browsers', () => {
  let h: LocalHarness;
  let server: RunningServer;
  /** The headers of the gRPC-web requests SuiGrpcClient made, as it made them. */
  const sent: Headers[] = [];

  before(async () => {
    h = await LocalHarness.create();
    server = await startLocalChainServer(h.local, { logger: createLogger('chain', { level: 'error' }) });
    const recording: typeof fetch = (input, init) => {
      sent.push(new Headers(init?.headers));
      return fetch(input, init);
    };
    const grpc = new SuiGrpcClient({ network: 'localnet', baseUrl: server.url, fetch: recording, timeout: 30_000 });
    await grpc.core.getReferenceGasPrice();
  });
  after(async () => {
    await server?.close();
    h?.close();
  });

  async function preflight(path: string, method: string, headers: readonly string[]): Promise<Response> {
    return fetch(`${server.url}${path}`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': headers.join(', ') },
    });
  }

  it('allows in a preflight every header SuiGrpcClient sends, for any origin, cached for a day', async () => {
    assert.ok(sent.length > 0, 'SuiGrpcClient made a request');
    const names = [...new Set(sent.flatMap((headers) => [...headers.keys()]))].filter((name) => !SAFELISTED.has(name));
    for (const name of ['content-type', 'x-grpc-web', 'x-sui-client-protocol-version']) {
      assert.ok(names.includes(name), `SuiGrpcClient sends ${name} (sent: ${names.join(', ')})`);
    }
    const response = await preflight('/sui.rpc.v2.LedgerService/GetEpoch', 'POST', names);
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.ok(listOf(response.headers.get('access-control-allow-methods')).includes('post'));
    const allowed = listOf(response.headers.get('access-control-allow-headers'));
    for (const name of names) assert.ok(allowed.includes(name), `${name} allowed (allowed: ${allowed.join(', ')})`);
    for (const name of ['x-user-agent', 'grpc-timeout']) assert.ok(allowed.includes(name), `${name} (gRPC-web) allowed`);
    assert.equal(response.headers.get('access-control-max-age'), String(PREFLIGHT_MAX_AGE_SECONDS));
  });

  it('does not allow a header outside the gRPC-web set (the browser then refuses the call)', async () => {
    const response = await preflight('/sui.rpc.v2.LedgerService/GetEpoch', 'POST', ['content-type', 'x-not-grpc-web']);
    assert.ok(!listOf(response.headers.get('access-control-allow-headers')).includes('x-not-grpc-web'));
  });

  it('marks a gRPC-web answer readable and exposes grpc-status and grpc-message', async () => {
    const response = await fetch(`${server.url}/sui.rpc.v2.LedgerService/GetServiceInfo`, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
      body: new Uint8Array([0, 0, 0, 0, 0]),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(listOf(response.headers.get('access-control-expose-headers')).sort(), [...GRPC_WEB_CORS.exposeHeaders].sort());
    assert.match(response.headers.get('content-type') ?? '', /grpc-web/);
    await response.arrayBuffer();
  });

  it("lets a page call the faucet (JSON POST) and read the side door's refusals: 404, 413", async () => {
    const faucet = await preflight('/v2/gas', 'POST', ['content-type']);
    assert.equal(faucet.status, 204);
    assert.equal(faucet.headers.get('access-control-allow-origin'), '*');
    const funded = await fetch(`${server.url}/v2/gas`, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ FixedAmountRequest: { recipient: `0x${'5'.repeat(64)}` } }),
    });
    assert.equal(funded.headers.get('access-control-allow-origin'), '*');
    assert.equal(((await funded.json()) as { status: unknown }).status, 'Success');

    const missing = await fetch(`${server.url}/no/such/route`, { headers: { Origin: ORIGIN } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('access-control-allow-origin'), '*');
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, ChainErrorCodes.INVALID_REQUEST);

    const large = await fetch(`${server.url}/v1/faucet`, {
      method: 'POST',
      headers: { Origin: ORIGIN, 'content-type': 'application/json' },
      body: 'x'.repeat(600 * 1024),
    });
    assert.equal(large.status, 413);
    assert.equal(large.headers.get('access-control-allow-origin'), '*');
    await large.arrayBuffer();
  });
});
