/**
 * The indexer's HTTP API over a real server, on an indexed local chain: every route's answer
 * (JSON, bigints as decimal strings, bytes as 0x-hex), 400s naming the bad parameter and what was
 * expected, 404s for objects never indexed, /health and /metrics, and the live stream — a result
 * delivered as an SSE message, filters, replay with `?after=` and `Last-Event-ID`, heartbeats; CORS
 * for pages of any origin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bytesToHex } from '@noble/hashes/utils.js';
import { bitcoinP2trAddress, bitcoinP2wpkhAddress } from '../../client/bitcoin/address.ts';
import { ethereumAddress } from '../../client/ethereum/address.ts';
import { solanaAddress } from '../../client/solana/address.ts';
import { indexerApp } from '../../indexer/http/app.ts';
import { EXPLORER_CSP } from '../../indexer/http/explorer.ts';
import type { Indexer } from '../../indexer/indexer.ts';
import { CURVE_IDS, SIGNATURE_ALGORITHM_IDS } from '../../mpc/signing/algorithms.ts';
import { type RunningHttp, serveHono } from '../../runtime/serve.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import {
  backendSkip,
  capturingLogger,
  dwalletOutputWithKey,
  openIndexer,
  rowsOf,
  runScenario,
  type Scenario,
  STORE_BACKENDS,
  TestDatabases,
} from './support.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field
type Json = any;

const UNKNOWN_ID = `0x${'ab'.repeat(32)}`;

for (const backend of STORE_BACKENDS) {
  describe(`indexer HTTP API (${backend})`, { skip: backendSkip(backend) }, () => {
    const databases = new TestDatabases(backend, 'http');
    let h: LocalHarness;
    let s: Scenario;
    let indexer: Indexer;
    let http: RunningHttp;

    before(async () => {
      h = await LocalHarness.create();
      s = await runScenario(h);
      indexer = await openIndexer(h.chain, await databases.create());
      await indexer.catchUp();
      http = await serveHono(indexerApp({ indexer, logger: capturingLogger().logger, heartbeatMs: 200 }), '127.0.0.1', 0);
    });
    after(async () => {
      await http?.close();
      await indexer?.close();
      h?.close();
      await databases.drop();
    });

    async function get(path: string, status = 200, headers: Record<string, string> = {}): Promise<Json> {
      const response = await fetch(`${http.url}${path}`, { headers });
      const body = await response.json();
      assert.equal(response.status, status, `${path}: ${JSON.stringify(body)}`);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      return body;
    }

    async function refused(path: string, status: 400 | 404, code: string, mentions: RegExp): Promise<void> {
      const body = await get(path, status);
      assert.equal(body.error.code, code, path);
      assert.match(body.error.message, mentions, path);
    }

    it('answers pages of any origin: a preflight, readable answers and refusals, the stream', async () => {
      const origin = 'http://dapp.example:5173';
      const preflight = await fetch(`${http.url}/v1/stream`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'last-event-id' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /last-event-id/);
      assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /GET/);
      for (const [path, status] of [
        [`/v1/dwallets/${s.dkg.dwalletId}`, 200],
        [`/v1/dwallets/${UNKNOWN_ID}`, 404],
        ['/v1/dwallets/0x12', 400],
      ] as const) {
        const response = await fetch(`${http.url}${path}`, { headers: { Origin: origin } });
        assert.equal(response.status, status, path);
        assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
        assert.match(response.headers.get('access-control-expose-headers') ?? '', /retry-after/, path);
        await response.json();
      }
      const stream = new AbortController();
      const live = await fetch(`${http.url}/v1/stream`, { headers: { Origin: origin }, signal: stream.signal });
      assert.equal(live.headers.get('access-control-allow-origin'), '*');
      assert.match(live.headers.get('content-type') ?? '', /text\/event-stream/);
      stream.abort();
    });

    it('GET /health and /metrics', async () => {
      const health = await get('/health');
      assert.equal(health.ok, true);
      assert.equal(health.caughtUp, true);
      assert.equal(typeof health.cursor, 'string');
      assert.equal(typeof health.lastEventAt, 'number');
      const metrics = await (await fetch(`${http.url}/metrics`)).text();
      for (const name of [
        'dwallet_indexer_events_total',
        'dwallet_indexer_results_total',
        'dwallet_indexer_lag_ms',
        'dwallet_indexer_sse_clients',
      ]) {
        assert.match(metrics, new RegExp(`^# TYPE ${name} `, 'm'));
      }
      assert.match(metrics, /dwallet_indexer_events_total\{event="SignCompleted"\} 1/);
    });

    it('GET /v1/network', async () => {
      const network = await get('/v1/network');
      const deployment = await h.chain.deployment();
      assert.equal(network.packageId, deployment.packageId);
      assert.equal(network.coordinatorId, deployment.coordinatorId);
      assert.equal(network.epoch, '1');
      assert.equal(network.committee.threshold, '3');
      assert.equal(network.committee.totalWeight, '4');
      assert.deepEqual(Object.keys(network.committee.members[0]).sort(), [
        'networkAddress',
        'publicKey',
        'shareEncryptionKey',
        'suiAddress',
        'weight',
      ]);
      assert.match(network.committee.members[0].publicKey, /^0x[0-9a-f]{96}$/);
      assert.deepEqual(network.networkKeys, [{ id: h.networkKeyId, curves: [0, 1, 2], epoch: '1' }]);
    });

    it('GET /v1/dwallets/:id and /v1/dwallets?owner=', async () => {
      const dwallet = await get(`/v1/dwallets/${s.dkg.dwalletId}`);
      assert.equal(dwallet.id, s.dkg.dwalletId);
      assert.equal(dwallet.capId, s.dkg.capId);
      assert.equal(dwallet.owner, s.user.toSuiAddress());
      assert.equal(dwallet.curve, 0);
      assert.equal(dwallet.networkKeyId, h.networkKeyId);
      assert.equal(dwallet.imported, false);
      assert.equal(dwallet.state, 'active');
      assert.equal(dwallet.output, `0x${bytesToHex(s.dkg.output)}`);
      assert.equal(dwallet.sessionId, `0x${s.dkg.sessionId}`);
      assert.equal(typeof dwallet.createdAt, 'number');
      assert.equal(dwallet.rejection, null);
      assert.equal((await get(`/v1/dwallets/${s.dkg.dwalletId.toUpperCase().replace('0X', '0x')}`)).id, s.dkg.dwalletId);
      const rejected = await get(`/v1/dwallets/${s.rejectedDkg.dwalletId}`);
      assert.equal(rejected.state, 'rejected');
      assert.equal(rejected.rejection.reasonName, 'ECDSA_INVALID_DKG_MESSAGE');

      const first = await get(`/v1/dwallets?owner=${s.user.toSuiAddress()}&limit=2`);
      assert.equal(first.dwallets.length, 2);
      const second = await get(`/v1/dwallets?owner=${s.user.toSuiAddress()}&limit=2&cursor=${first.nextCursor}`);
      assert.equal(second.dwallets.length, 1);
      assert.equal(second.nextCursor, null);
      assert.deepEqual(await get(`/v1/dwallets?owner=${UNKNOWN_ID}`), { dwallets: [], nextCursor: null });

      await refused('/v1/dwallets/0x1234', 400, 'INDEXER_INVALID_PARAMETER', /^id: expected 0x followed by 64 hex digits, got "0x1234"/);
      await refused(`/v1/dwallets/${UNKNOWN_ID}`, 404, 'INDEXER_NOT_FOUND', /no dWallet/);
      await refused('/v1/dwallets?owner=alice', 400, 'INDEXER_INVALID_PARAMETER', /^owner: expected 0x followed by 64 hex digits/);
      await refused('/v1/dwallets?limit=0', 400, 'INDEXER_INVALID_PARAMETER', /^limit: expected an integer from 1 to 100, got "0"/);
      await refused('/v1/dwallets?limit=abc', 400, 'INDEXER_INVALID_PARAMETER', /^limit:/);
      await refused('/v1/dwallets?limit=101', 400, 'INDEXER_INVALID_PARAMETER', /^limit:/);
      await refused('/v1/dwallets?cursor=zz', 400, 'INDEXER_INVALID_PARAMETER', /^cursor: expected 0x followed by 64 hex digits/);
      await refused(
        '/v1/dwallets?ownr=0x1',
        400,
        'INDEXER_INVALID_PARAMETER',
        /^ownr: expected no such query parameter \(known: owner, limit, cursor\)/,
      );
    });

    it('GET /v1/sessions/:sessionId, with or without 0x', async () => {
      for (const sid of [s.sign.sessionId, `0x${s.sign.sessionId}`, s.sign.sessionId.toUpperCase()]) {
        const session = await get(`/v1/sessions/${sid}`);
        assert.equal(session.sessionId, `0x${s.sign.sessionId}`);
        assert.equal(session.kind, 'sign');
        assert.equal(session.status, 'completed');
        assert.equal(session.objectId, s.sign.signId);
        assert.equal(session.requester, s.user.toSuiAddress());
        assert.equal(typeof session.requestTx, 'string');
        assert.equal(typeof session.requestedAt, 'number');
        assert.equal(typeof session.completedAt, 'number');
        assert.match(session.resultSequence, /^[0-9]+$/);
        assert.equal(session.rejection, null);
      }
      const rejected = await get(`/v1/sessions/${s.rejectedSign.sessionId}`);
      assert.deepEqual(rejected.rejection, {
        reasonCode: 3,
        reasonName: 'ECDSA_INVALID_SIGN_MESSAGE',
        reason: 'ECDSA_INVALID_SIGN_MESSAGE/proof',
        blamed: [1],
      });
      const pending = await get(`/v1/sessions/${s.pendingPresign.sessionId}`);
      assert.equal(pending.status, 'pending');
      assert.equal(pending.completedAt, null);
      assert.equal(pending.resultSequence, null);
      await refused('/v1/sessions/abc', 400, 'INDEXER_INVALID_PARAMETER', /^sessionId: expected 64 hex digits \(0x optional\), got "abc"/);
      await refused(`/v1/sessions/${'g'.repeat(64)}`, 400, 'INDEXER_INVALID_PARAMETER', /^sessionId:/);
      await refused(`/v1/sessions/${'00'.repeat(32)}`, 404, 'INDEXER_NOT_FOUND', /no session 0x0{64}/);
    });

    it('GET /v1/signatures/:signId', async () => {
      const signature = await get(`/v1/signatures/${s.sign.signId}`);
      assert.deepEqual(
        {
          signId: signature.signId,
          sessionId: signature.sessionId,
          dwalletId: signature.dwalletId,
          hashScheme: signature.hashScheme,
          message: signature.message,
          status: signature.status,
          signature: signature.signature,
          rejection: signature.rejection,
        },
        {
          signId: s.sign.signId,
          sessionId: `0x${s.sign.sessionId}`,
          dwalletId: s.dkg.dwalletId,
          hashScheme: 0,
          message: `0x${bytesToHex(s.sign.message)}`,
          status: 'completed',
          signature: `0x${bytesToHex(s.sign.signature)}`,
          rejection: null,
        },
      );
      const rejected = await get(`/v1/signatures/${s.rejectedSign.signId}`);
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.rejection.reasonCode, 3);
      await refused('/v1/signatures/xyz', 400, 'INDEXER_INVALID_PARAMETER', /^signId: expected 0x followed by 64 hex digits/);
      await refused(`/v1/signatures/${UNKNOWN_ID}`, 404, 'INDEXER_NOT_FOUND', /no signature/);
    });

    /** Every page of a newest-first list, following `nextCursor`. */
    async function allPages(path: string, key: 'sessions' | 'signatures', limit: number): Promise<Json[]> {
      const items: Json[] = [];
      let cursor: string | null = null;
      do {
        const page: Json = await get(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`);
        assert.ok(page[key].length <= limit);
        items.push(...page[key]);
        cursor = page.nextCursor;
      } while (cursor !== null);
      return items;
    }

    /** Newest first: request times never increase, and ties go by id, descending. */
    function assertNewestFirst(items: Json[], id: string): void {
      for (let i = 1; i < items.length; i++) {
        const [a, b] = [items[i - 1], items[i]];
        assert.ok(a.requestedAt > b.requestedAt || (a.requestedAt === b.requestedAt && a[id] > b[id]), `${a[id]} before ${b[id]}`);
      }
    }

    it('GET /v1/sessions?dwallet=&kind=&status=&limit=&cursor= (newest first)', async () => {
      const table = await rowsOf(indexer, 'sessions');
      const all = await allPages('/v1/sessions', 'sessions', 3);
      assert.equal(all.length, table.length, 'every session once');
      assert.equal(new Set(all.map((session) => session.sessionId)).size, table.length);
      assertNewestFirst(all, 'sessionId');
      assert.deepEqual(all[0], await get(`/v1/sessions/${all[0].sessionId}`), 'the list gives the same records');

      const ofDWallet = await allPages(`/v1/sessions?dwallet=${s.dkg.dwalletId}`, 'sessions', 2);
      assert.deepEqual(
        ofDWallet.map((session) => session.sessionId).sort(),
        table
          .filter((row) => row.dwalletId === s.dkg.dwalletId)
          .map((row) => `0x${row.sessionId}`)
          .sort(),
      );
      assert.ok(ofDWallet.some((session) => session.sessionId === `0x${s.sign.sessionId}`));
      const rejectedSigns = await get(`/v1/sessions?dwallet=${s.dkg.dwalletId}&kind=sign&status=rejected`);
      assert.deepEqual(
        rejectedSigns.sessions.map((session: Json) => [session.sessionId, session.rejection.reasonName, session.rejection.blamed]),
        [[`0x${s.rejectedSign.sessionId}`, 'ECDSA_INVALID_SIGN_MESSAGE', [1]]],
      );
      assert.equal(rejectedSigns.nextCursor, null);
      const pending = await get('/v1/sessions?status=pending&kind=presign');
      assert.deepEqual(
        pending.sessions.map((session: Json) => session.sessionId),
        [`0x${s.pendingPresign.sessionId}`],
      );
      assert.deepEqual(await get(`/v1/sessions?dwallet=${UNKNOWN_ID}`), { sessions: [], nextCursor: null });

      await refused(
        '/v1/sessions?status=done',
        400,
        'INDEXER_INVALID_PARAMETER',
        /^status: expected one of pending, completed, rejected, cancelled, got "done"/,
      );
      await refused('/v1/sessions?kind=signing', 400, 'INDEXER_INVALID_PARAMETER', /^kind: expected one of dkg/);
      await refused('/v1/sessions?dwallet=0x12', 400, 'INDEXER_INVALID_PARAMETER', /^dwallet: expected 0x followed by 64 hex digits/);
      await refused('/v1/sessions?limit=0', 400, 'INDEXER_INVALID_PARAMETER', /^limit:/);
      await refused(
        '/v1/sessions?cursor=12',
        400,
        'INDEXER_INVALID_PARAMETER',
        /^cursor: expected the previous page's nextCursor, got "12"/,
      );
      await refused(`/v1/sessions?cursor=99999999999999999-${s.sign.sessionId}`, 400, 'INDEXER_INVALID_PARAMETER', /^cursor:/);
      await refused(
        '/v1/sessions?object=1',
        400,
        'INDEXER_INVALID_PARAMETER',
        /^object: expected no such query parameter \(known: dwallet, kind, status, limit, cursor\)/,
      );
    });

    it('GET /v1/signatures?dwallet=&limit=&cursor= (newest first)', async () => {
      const signs = await allPages(`/v1/signatures?dwallet=${s.dkg.dwalletId}`, 'signatures', 1);
      assert.deepEqual(
        signs.map((signature) => signature.signId).sort(),
        [s.sign.signId, s.rejectedSign.signId, s.signWithPartial.signId].sort(),
      );
      assertNewestFirst(signs, 'signId');
      const completed = signs.find((signature) => signature.signId === s.sign.signId);
      assert.deepEqual(completed, await get(`/v1/signatures/${s.sign.signId}`), 'the list gives the same records');
      assert.equal(
        signs.find((signature) => signature.signId === s.rejectedSign.signId).rejection.reason,
        'ECDSA_INVALID_SIGN_MESSAGE/proof',
      );
      assert.equal((await allPages('/v1/signatures', 'signatures', 100)).length, (await rowsOf(indexer, 'signatures')).length);
      assert.deepEqual(await get(`/v1/signatures?dwallet=${s.imported.dwalletId}`), { signatures: [], nextCursor: null });

      await refused('/v1/signatures?dwallet=abc', 400, 'INDEXER_INVALID_PARAMETER', /^dwallet: expected 0x followed by 64 hex digits/);
      await refused('/v1/signatures?limit=1000', 400, 'INDEXER_INVALID_PARAMETER', /^limit:/);
      await refused('/v1/signatures?cursor=1-0x12', 400, 'INDEXER_INVALID_PARAMETER', /^cursor: expected the previous page's nextCursor/);
      await refused('/v1/signatures?status=completed', 400, 'INDEXER_INVALID_PARAMETER', /^status: expected no such query parameter/);
    });

    it("a dWallet's addresses (its curve's and algorithm's) are the client's derivations", async () => {
      const owner = await h.user();
      const flows = new Flows(h);
      const kinds = [
        { curve: 'secp256k1', algorithm: 'ecdsa' },
        { curve: 'secp256k1', algorithm: 'taproot' },
        { curve: 'ed25519', algorithm: 'eddsa' },
      ] as const;
      const made: { id: string; publicKey: Uint8Array }[] = [];
      for (const [index, kind] of kinds.entries()) {
        const requested = h.event(
          h.ok(await flows.requestDWallet(owner, { curve: CURVE_IDS[kind.curve], algorithm: SIGNATURE_ALGORITHM_IDS[kind.algorithm] })),
          'DWalletDkgRequested',
        );
        const { output, publicKey } = dwalletOutputWithKey(kind.curve, BigInt(11 + index), BigInt(23 + index));
        await h.submitResults([{ DWalletDkg: { session_id: requested.session_id, output } }]);
        made.push({ id: requested.dwallet_id, publicKey });
      }
      await indexer.catchUp();
      const [ecdsa, taproot, eddsa] = made as [(typeof made)[number], (typeof made)[number], (typeof made)[number]];
      const addressesOf = async (id: string) => {
        const dwallet = await get(`/v1/dwallets/${id}`);
        assert.equal(dwallet.publicKey, `0x${bytesToHex(made.find((m) => m.id === id)?.publicKey as Uint8Array)}`);
        return dwallet.addresses;
      };
      assert.deepEqual(await addressesOf(ecdsa.id), {
        ethereum: ethereumAddress(ecdsa.publicKey),
        bitcoin: bitcoinP2wpkhAddress(ecdsa.publicKey, 'mainnet'),
      });
      assert.deepEqual(await addressesOf(taproot.id), { bitcoinTaproot: bitcoinP2trAddress(taproot.publicKey, 'mainnet') });
      assert.deepEqual(await addressesOf(eddsa.id), { solana: solanaAddress(eddsa.publicKey) });
      const listed = await get(`/v1/dwallets?owner=${owner.toSuiAddress()}`);
      assert.deepEqual(listed.dwallets.map((dwallet: Json) => Object.keys(dwallet.addresses).sort().join(',')).sort(), [
        'bitcoin,ethereum',
        'bitcoinTaproot',
        'solana',
      ]);
      assert.deepEqual((await get(`/v1/dwallets/${s.rejectedDkg.dwalletId}`)).addresses, {}, 'no key, no address');
    });

    it('GET / serves the explorer: its page, script, style and names, under a strict CSP', async () => {
      for (const [path, type] of [
        ['/', /^text\/html; charset=utf-8$/],
        ['/explorer/explorer.js', /^text\/javascript; charset=utf-8$/],
        ['/explorer/explorer.css', /^text\/css; charset=utf-8$/],
        ['/explorer/names.json', /^application\/json; charset=utf-8$/],
      ] as const) {
        const response = await fetch(`${http.url}${path}`);
        assert.equal(response.status, 200, path);
        assert.match(response.headers.get('content-type') ?? '', type, path);
        assert.equal(response.headers.get('content-security-policy'), EXPLORER_CSP, path);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
        const body = await response.text();
        if (path === '/') assert.match(body, /<script type="module" src="\/explorer\/explorer.js"><\/script>/);
        if (path === '/explorer/names.json') {
          assert.deepEqual(JSON.parse(body), {
            curves: { 0: 'secp256k1', 1: 'p256', 2: 'ed25519' },
            hashSchemes: { 0: 'keccak256', 1: 'sha256', 2: 'double-sha256', 3: 'prehashed', 4: 'sha512' },
          });
        }
      }
      assert.match(EXPLORER_CSP, /script-src 'self'(;|$)/);
      assert.doesNotMatch(EXPLORER_CSP, /unsafe-inline|unsafe-eval/);
      assert.equal((await get('/explorer/nothing.js', 404)).error.code, 'NOT_FOUND');
    });

    it('GET /v1/partial-signatures/:id', async () => {
      const partial = await get(`/v1/partial-signatures/${s.future.partialId}`);
      assert.equal(partial.id, s.future.partialId);
      assert.equal(partial.sessionId, `0x${s.future.sessionId}`);
      assert.equal(partial.dwalletId, s.dkg.dwalletId);
      assert.equal(partial.hashScheme, 0);
      assert.equal(partial.status, 'verified');
      assert.equal(partial.rejection, null);
      await refused('/v1/partial-signatures/0x', 400, 'INDEXER_INVALID_PARAMETER', /^id:/);
      await refused(`/v1/partial-signatures/${UNKNOWN_ID}`, 404, 'INDEXER_NOT_FOUND', /no partial signature/);
    });

    it('GET /v1/presigns/pool and /v1/presigns/:presignId', async () => {
      const { pools } = await get('/v1/presigns/pool');
      // One pool per signing scheme of the key's curves (secp256k1: ECDSA and Taproot).
      assert.deepEqual(pools, [
        { networkKeyId: h.networkKeyId, curve: 0, algorithm: 'ecdsa', available: 0, pending: 1 },
        { networkKeyId: h.networkKeyId, curve: 0, algorithm: 'taproot', available: 0, pending: 0 },
        { networkKeyId: h.networkKeyId, curve: 1, algorithm: 'ecdsa', available: 0, pending: 0 },
        { networkKeyId: h.networkKeyId, curve: 2, algorithm: 'eddsa', available: 0, pending: 0 },
      ]);
      assert.deepEqual((await get('/v1/presigns/pool?algorithm=eddsa')).pools, [
        { networkKeyId: h.networkKeyId, curve: 2, algorithm: 'eddsa', available: 0, pending: 0 },
      ]);
      assert.deepEqual(
        (await get('/v1/presigns/pool?algorithm=ecdsa')).pools.map((p: { curve: number }) => p.curve),
        [0, 1],
      );
      await refused(
        '/v1/presigns/pool?algorithm=schnorr',
        400,
        'INDEXER_INVALID_PARAMETER',
        /^algorithm: expected one of ecdsa, taproot, eddsa/,
      );
      const presign = await get(`/v1/presigns/${s.pooled.presignId}`);
      assert.equal(presign.id, s.pooled.presignId);
      assert.equal(presign.sessionId, `0x${s.pooled.sessionId}`);
      assert.equal(presign.networkKeyId, h.networkKeyId);
      assert.equal(presign.curve, 0);
      assert.equal(presign.algorithm, 'ecdsa');
      assert.equal(presign.dwalletId, null);
      assert.equal(presign.state, 'claimed');
      assert.equal(presign.output, `0x${bytesToHex(s.pooled.output)}`);
      assert.equal((await get(`/v1/presigns/${s.pendingPresign.presignId}`)).output, null);
      await refused('/v1/presigns/42', 400, 'INDEXER_INVALID_PARAMETER', /^presignId:/);
      await refused(`/v1/presigns/${UNKNOWN_ID}`, 404, 'INDEXER_NOT_FOUND', /no presign/);
      await refused('/v1/presigns/pool?curve=0', 400, 'INDEXER_INVALID_PARAMETER', /^curve: expected no such query parameter/);
    });

    it('unknown routes are 404 JSON', async () => {
      const body = await get('/v1/nothing', 404);
      assert.equal(body.error.code, 'NOT_FOUND');
    });

    it('GET /v1/stream refuses bad filters and resume positions with 400', async () => {
      await refused(
        '/v1/stream?kind=dkgg',
        400,
        'INDEXER_INVALID_PARAMETER',
        /^kind: expected one of dkg, imported-key, presign, sign, future-sign/,
      );
      await refused('/v1/stream?session=12', 400, 'INDEXER_INVALID_PARAMETER', /^session:/);
      await refused('/v1/stream?dwallet=12', 400, 'INDEXER_INVALID_PARAMETER', /^dwallet:/);
      await refused('/v1/stream?after=-1', 400, 'INDEXER_INVALID_PARAMETER', /^after: expected a non-negative integer/);
      const response = await fetch(`${http.url}/v1/stream`, { headers: { 'last-event-id': 'x' } });
      assert.equal(response.status, 400);
      assert.match(((await response.json()) as Json).error.message, /^Last-Event-ID:/);
    });

    it('GET /v1/stream delivers a new result, replays with ?after= and Last-Event-ID, sends heartbeats', async () => {
      const reader = await openStream('/v1/stream?kind=dkg');
      try {
        const comment = await reader.nextComment();
        assert.equal(comment, 'connected');
        const flows = new Flows(h);
        const wallet = await flows.activeDWallet(s.user);
        await indexer.catchUp();
        const message = await reader.nextMessage();
        assert.equal(message.event, 'result');
        const data = JSON.parse(message.data);
        assert.equal(data.objectId, wallet.dwalletId);
        assert.equal(data.kind, 'dkg');
        assert.equal(data.status, 'completed');
        assert.equal(data.output, `0x${bytesToHex(wallet.output)}`);
        assert.equal(data.signature, null);
        assert.equal(Number(message.id), await indexer.queries.lastResultId());
        assert.equal(await reader.nextComment(), 'heartbeat');
      } finally {
        reader.close();
      }

      const all = await indexer.queries.resultsAfter(0, {}, 100);
      const signEntry = all.find((e) => e.result.sessionId === `0x${s.sign.sessionId}`);
      assert.ok(signEntry);
      const replay = await openStream(`/v1/stream?after=${signEntry.id - 1}&session=0x${s.sign.sessionId}`);
      try {
        const message = await replay.nextMessage();
        assert.equal(message.id, String(signEntry.id));
        assert.equal(JSON.parse(message.data).signature, `0x${bytesToHex(s.sign.signature)}`);
      } finally {
        replay.close();
      }
      const resumed = await openStream('/v1/stream?after=0', { 'last-event-id': String(all.length - 2) });
      try {
        assert.equal((await resumed.nextMessage()).id, String(all.length - 1), 'Last-Event-ID wins over ?after=');
        assert.equal((await resumed.nextMessage()).id, String(all.length));
      } finally {
        resumed.close();
      }
      await waitFor(() => indexer.metrics.sseClients.get() === 0, 'the stream clients to be counted out');
    });

    async function openStream(path: string, headers: Record<string, string> = {}) {
      const controller = new AbortController();
      const response = await fetch(`${http.url}${path}`, { headers, signal: controller.signal });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
      const body = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      async function nextBlock(): Promise<string> {
        for (;;) {
          const end = buffer.indexOf('\n\n');
          if (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            return block;
          }
          const { value, done } = await body.read();
          if (done) throw new Error('the stream ended');
          buffer += decoder.decode(value, { stream: true });
        }
      }
      return {
        async nextComment(): Promise<string> {
          const block = await nextBlock();
          assert.ok(block.startsWith(': '), `a comment, got ${block}`);
          return block.slice(2);
        },
        async nextMessage(): Promise<{ event: string; id: string; data: string }> {
          for (;;) {
            const block = await nextBlock();
            if (block.startsWith(':')) continue;
            const fields: Record<string, string> = {};
            for (const line of block.split('\n')) {
              const at = line.indexOf(': ');
              fields[line.slice(0, at)] = line.slice(at + 2);
            }
            return { event: fields.event ?? '', id: fields.id ?? '', data: fields.data ?? '' };
          }
        },
        close: () => controller.abort(),
      };
    }
  });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
