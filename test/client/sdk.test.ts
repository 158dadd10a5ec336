/**
 * Client SDK units: the network description's validation (each bad field named), the secret
 * share stores (permissions, corruption and tampering detected, atomic replacement), the indexer
 * client's validation of what an indexer answers (a tiny HTTP server in the test serves good and
 * malformed responses: it checks the client, it does not stand in for the network), the live
 * stream's parsing, waits (stream wake-up, one stream shared by concurrent waits, timeout, fallback
 * to the chain's events) and the resubmission of a transaction whose answer was lost.
 */
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, bytesToNumberLE, numberToBytesBE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Chain, ChainEvent, SignedTransaction, TransactionResult } from '../../chain/chain.ts';
import { ChainErrorCodes, ChainTransportError, TransactionRejectedError } from '../../chain/errors.ts';
import { SessionRejected, SignCompleted, SignRequested } from '../../chain/schemas/events.ts';
import { parseHashScheme, verifyDWalletSignature } from '../../client/dwallet-client.ts';
import { ClientError, ClientErrorCodes, RequestRejectedError, TransactionFailedError } from '../../client/errors.ts';
import { FileSecretShareStore } from '../../client/file-secret-store.ts';
import { IndexerClient } from '../../client/indexer-client.ts';
import { loadNetworkDescription, parseNetworkDescription } from '../../client/network.ts';
import { RetryingChain } from '../../client/retrying-chain.ts';
import { MemorySecretShareStore, pendingKey, type SecretShareRecord, type SecretShareStore } from '../../client/secret-store.ts';
import { ChainSessionFollower, SessionStream, waitForSession } from '../../client/wait.ts';
import { tempDir } from '../validator/support.ts';
import { chainEvent, EVENTS_PACKAGE, eventsChain } from './support/event-chain.ts';

const ID = (byte: string) => `0x${byte.repeat(32)}`;
const SESSION = 'ab'.repeat(32);

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

function fieldOf(error: unknown): unknown {
  return (error as ClientError).details?.field;
}

// === network description ===

const goodDescription = {
  version: 1,
  chain: { kind: 'sui', url: 'http://127.0.0.1:9000' },
  indexer: 'http://127.0.0.1:9100/',
  packageId: '0x2a',
  coordinatorId: ID('11'),
  networkKeyId: ID('22'),
  curves: ['secp256k1', 'p256'],
};

describe('network description', () => {
  test('a valid description is normalised (ids padded, trailing slash dropped) and frozen', () => {
    const d = parseNetworkDescription(goodDescription);
    assert.equal(d.packageId, `0x${'0'.repeat(62)}2a`);
    assert.equal(d.indexer, 'http://127.0.0.1:9100');
    assert.deepEqual(d.curves, ['secp256k1', 'p256']);
    assert.ok(Object.isFrozen(d));
    const sui = parseNetworkDescription({
      ...goodDescription,
      chain: { kind: 'sui', url: 'https://fullnode.testnet.sui.io', network: 'testnet' },
    });
    assert.deepEqual(sui.chain, { kind: 'sui', url: 'https://fullnode.testnet.sui.io', network: 'testnet' });
    assert.equal(d.relayers, undefined, 'relayers are optional');
    const withRelayers = parseNetworkDescription({ ...goodDescription, relayers: ['http://127.0.0.1:9300/'] });
    assert.deepEqual(withRelayers.relayers, ['http://127.0.0.1:9300']);
    assert.equal(d.faucet, undefined, 'the faucet is optional');
    assert.equal(parseNetworkDescription({ ...goodDescription, faucet: 'http://127.0.0.1:9000/' }).faucet, 'http://127.0.0.1:9000');
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['not an object', [] as unknown as Record<string, unknown>, '(root)'],
    ['version', { version: 2 }, 'version'],
    ['chain missing', { chain: undefined }, 'chain'],
    ['chain.kind', { chain: { kind: 'ethereum', url: 'http://x' } }, 'chain.kind'],
    ['chain.kind local (gone)', { chain: { kind: 'local', url: 'http://x' } }, 'chain.kind'],
    ['chain.url', { chain: { kind: 'sui', url: 'ftp://x' } }, 'chain.url'],
    ['chain.url not a URL', { chain: { kind: 'sui', url: 'not a url' } }, 'chain.url'],
    ['chain unknown field', { chain: { kind: 'sui', url: 'http://x', faucet: 'http://x' } }, 'chain.faucet'],
    ['faucet', { faucet: 'ftp://x' }, 'faucet'],
    ['chain.network', { chain: { kind: 'sui', url: 'http://x', network: 'moon' } }, 'chain.network'],
    ['indexer', { indexer: 42 }, 'indexer'],
    ['indexer query', { indexer: 'http://x/?a=1' }, 'indexer'],
    ['packageId', { packageId: 'abc' }, 'packageId'],
    ['coordinatorId', { coordinatorId: `0x${'1'.repeat(65)}` }, 'coordinatorId'],
    ['networkKeyId', { networkKeyId: null }, 'networkKeyId'],
    ['curves empty', { curves: [] }, 'curves'],
    ['curves unknown', { curves: ['secp256k1', 'ed448'] }, 'curves[1]'],
    ['curves duplicate', { curves: ['p256', 'p256'] }, 'curves[1]'],
    ['unknown top-level field', { extra: true }, 'extra'],
    ['relayers not a list', { relayers: 'http://127.0.0.1:9300' }, 'relayers'],
    ['a relayer that is not a URL', { relayers: ['http://127.0.0.1:9300', 'nope'] }, 'relayers[1]'],
  ];
  for (const [name, patch, field] of bad) {
    test(`refuses a bad ${name}, naming ${field}`, () => {
      const value = Array.isArray(patch) ? patch : { ...goodDescription, ...patch };
      assert.throws(
        () => parseNetworkDescription(value),
        (e: unknown) => e instanceof ClientError && e.code === ClientErrorCodes.NETWORK_DESCRIPTION_INVALID && fieldOf(e) === field,
      );
    });
  }

  test('reads a file; a missing or non-JSON file is NETWORK_DESCRIPTION_INVALID with the path', () => {
    const dir = tempDir('sdk-network');
    try {
      const path = join(dir, 'network.json');
      writeFileSync(path, JSON.stringify(goodDescription));
      assert.equal(loadNetworkDescription(path).networkKeyId, ID('22'));
      writeFileSync(path, '{ "version": 1, ');
      assert.throws(
        () => loadNetworkDescription(path),
        (e: unknown) => codeOf(e) === 'NETWORK_DESCRIPTION_INVALID' && String(e).includes(path),
      );
      assert.throws(
        () => loadNetworkDescription(join(dir, 'absent.json')),
        (e: unknown) => codeOf(e) === 'NETWORK_DESCRIPTION_INVALID',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// === secret stores ===

function record(overrides: Partial<SecretShareRecord> = {}): SecretShareRecord {
  const secretShare = 0x1234_5678_9abc_def0_1234n;
  return {
    dwalletId: ID('aa'),
    capId: ID('bb'),
    sessionId: SESSION,
    curve: 'secp256k1',
    algorithm: 'ecdsa',
    networkKeyId: ID('cc'),
    imported: false,
    state: 'active',
    secretShare,
    output: new Uint8Array([1, 2, 3, 4]),
    publicKey: secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true),
    createdAt: new Date(0).toISOString(),
    ...overrides,
  };
}

describe('secret share stores', () => {
  let dir: string;
  before(() => {
    dir = tempDir('sdk-secrets');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('file store: folder 0700, files 0600, round trip, keys, delete', async () => {
    const store = new FileSecretShareStore(join(dir, 'a', 'shares'));
    const r = record();
    await store.put(ID('aa'), r);
    await store.put(pendingKey(SESSION), { ...r, dwalletId: null, capId: null, state: 'pending' });
    assert.equal(statSync(store.dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(store.dir, `${ID('aa')}.json`)).mode & 0o777, 0o600);
    assert.deepEqual(await store.get(ID('aa')), r);
    assert.equal((await store.get(pendingKey(SESSION)))?.state, 'pending');
    assert.deepEqual(await store.keys(), [ID('aa'), `session-${SESSION}`]);
    assert.equal(await store.get(ID('dd')), undefined);
    await store.delete(ID('aa'));
    await store.delete(ID('aa'));
    assert.deepEqual(await store.keys(), [`session-${SESSION}`]);
    assert.ok(!readFileSync(join(store.dir, `session-${SESSION}.json`), 'utf8').includes(String(r.secretShare)), 'hex, not decimal');
  });

  test('file store: corruption, tampering, foreign versions and loose permissions are SECRET_STORE_INVALID', async () => {
    const store = new FileSecretShareStore(join(dir, 'b'));
    await store.put(ID('aa'), record());
    const path = join(store.dir, `${ID('aa')}.json`);
    const text = readFileSync(path, 'utf8');
    const invalid = async (content: string, pattern: RegExp) => {
      writeFileSync(path, content, { mode: 0o600 });
      await assert.rejects(store.get(ID('aa')), (e: unknown) => codeOf(e) === 'SECRET_STORE_INVALID' && pattern.test(String(e)));
    };
    await invalid(text.slice(0, text.length / 2), /not JSON/);
    const json = JSON.parse(text);
    await invalid(JSON.stringify({ ...json, secretShare: 'ff' }), /checksum/);
    await invalid(JSON.stringify({ ...json, version: 2 }), /version/);
    await invalid(JSON.stringify({ ...json, extra: 1 }), /fields/);
    await invalid(text.replace('"state": "active"', '"state": "pending"'), /checksum/);
    writeFileSync(path, text);
    chmodSync(path, 0o644);
    await assert.rejects(store.get(ID('aa')), (e: unknown) => codeOf(e) === 'SECRET_STORE_INVALID' && /readable by others/.test(String(e)));
    chmodSync(path, 0o600);
    assert.equal((await store.get(ID('aa')))?.secretShare, record().secretShare);
    // A record filed under another dWallet's name is refused.
    writeFileSync(join(store.dir, `${ID('ee')}.json`), text, { mode: 0o600 });
    await assert.rejects(store.get(ID('ee')), (e: unknown) => codeOf(e) === 'SECRET_STORE_INVALID');
  });

  test('file store: writes are atomic (no temporary files left; a crashed write leaves the old record)', async () => {
    const store = new FileSecretShareStore(join(dir, 'c'));
    await store.put(ID('aa'), record());
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.put(ID('aa'), record({ secretShare: BigInt(i + 1) }))));
    assert.deepEqual(readdirSync(store.dir), [`${ID('aa')}.json`]);
    const share = (await store.get(ID('aa')))?.secretShare ?? 0n;
    assert.ok(share >= 1n && share <= 8n);
    // A write that died before its rename: the temporary file is ignored.
    writeFileSync(join(store.dir, `.${ID('aa')}.1.2.tmp`), '{"half');
    assert.equal((await store.get(ID('aa')))?.secretShare, share);
    assert.deepEqual(await store.keys(), [ID('aa')]);
  });

  test('stores refuse bad keys and invalid records (never writing them)', async () => {
    for (const store of [new FileSecretShareStore(join(dir, 'd')), new MemorySecretShareStore()] as SecretShareStore[]) {
      await assert.rejects(store.put('../escape', record()), (e: unknown) => codeOf(e) === 'INVALID_ARGUMENT');
      await assert.rejects(store.get('0xAB'), (e: unknown) => codeOf(e) === 'INVALID_ARGUMENT');
      await assert.rejects(store.put(ID('aa'), record({ secretShare: 0n })), (e: unknown) => codeOf(e) === 'SECRET_STORE_INVALID');
      await assert.rejects(
        store.put(ID('aa'), record({ secretShare: secp256k1.Point.CURVE().n })),
        (e: unknown) => codeOf(e) === 'SECRET_STORE_INVALID',
      );
      await assert.rejects(store.put(ID('ab'), record()), (e: unknown) => codeOf(e) === 'SECRET_STORE_INVALID', 'key ≠ dwalletId');
      await assert.rejects(
        store.put(ID('aa'), record({ publicKey: new Uint8Array(32) })),
        (e: unknown) => codeOf(e) === 'SECRET_STORE_INVALID',
      );
      assert.deepEqual(await store.keys(), []);
    }
  });

  test('file store: Taproot and Ed25519 records round trip; a record written before algorithms existed reads as ECDSA', async () => {
    const store = new FileSecretShareStore(join(dir, 'e'));
    const taproot = record({ algorithm: 'taproot' });
    await store.put(ID('aa'), taproot);
    assert.deepEqual(await store.get(ID('aa')), taproot);
    const edwards = record({
      dwalletId: ID('ab'),
      curve: 'ed25519',
      algorithm: 'eddsa',
      publicKey: ed25519.getPublicKey(ed25519.utils.randomSecretKey()),
    });
    await store.put(ID('ab'), edwards);
    assert.deepEqual(await store.get(ID('ab')), edwards);
    // The earlier format: the same fields without `algorithm`, its checksum over those.
    const path = join(store.dir, `${ID('aa')}.json`);
    const { checksum: _, algorithm: __, ...fields } = JSON.parse(readFileSync(path, 'utf8'));
    const checksum = bytesToHex(sha256(utf8ToBytes(`dwallet/secret-share-record/v1\n${JSON.stringify(fields)}`)));
    writeFileSync(path, JSON.stringify({ ...fields, checksum }), { mode: 0o600 });
    assert.equal((await store.get(ID('aa')))?.algorithm, 'ecdsa');
    // Combinations that do not exist, and a key of the wrong size for the curve, are refused.
    for (const bad of [
      record({ algorithm: 'eddsa' }),
      record({ curve: 'p256', algorithm: 'taproot' }),
      record({ curve: 'ed25519', algorithm: 'ecdsa', publicKey: edwards.publicKey }),
      record({ curve: 'ed25519', algorithm: 'eddsa' }),
      record({ algorithm: 'schnorr' as never }),
    ]) {
      await assert.rejects(store.put(ID('aa'), bad), (e: unknown) => codeOf(e) === 'SECRET_STORE_INVALID', JSON.stringify(bad.algorithm));
    }
  });

  test('memory store: round trip returns copies', async () => {
    const store = new MemorySecretShareStore();
    const r = record();
    await store.put(ID('aa'), r);
    const read = await store.get(ID('aa'));
    assert.deepEqual(read, r);
    read?.output.fill(0);
    assert.deepEqual((await store.get(ID('aa')))?.output, r.output);
  });
});

// === indexer client ===

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

async function listen(handler: Handler): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const goodSession = {
  sessionId: `0x${SESSION}`,
  kind: 'sign',
  status: 'rejected',
  objectId: ID('01'),
  requester: ID('02'),
  requestTx: 'digest',
  requestedAt: '2025-01-01T00:00:00Z',
  completedAt: 1735689600000,
  resultSequence: '18446744073709551615',
  rejection: { reasonCode: 3, reasonName: 'ECDSA_INVALID_SIGN_MESSAGE', reason: 'ECDSA_INVALID_SIGN_MESSAGE/proof:ct_A', blamed: [] },
};

describe('indexer client: responses are validated', () => {
  const routes = new Map<string, (response: ServerResponse) => void>();
  let url: string;
  let server: Server;
  before(async () => {
    ({ url, server } = await listen((request, response) => {
      const route = routes.get(request.url ?? '');
      if (route === undefined) json(response, 404, { error: { code: 'NOT_FOUND', message: 'no such thing' } });
      else route(response);
    }));
  });
  after(() => close(server));
  const serve = (path: string, status: number, body: unknown) => routes.set(path, (r) => json(r, status, body));

  test('a valid session, dWallet, signature, pool and network are parsed (u64 as decimal strings, bytes as 0x-hex)', async () => {
    const indexer = new IndexerClient(url);
    serve(`/v1/sessions/0x${SESSION}`, 200, goodSession);
    const session = await indexer.getSession(SESSION);
    assert.equal(session?.resultSequence, 2n ** 64n - 1n);
    assert.equal(session?.rejection?.reasonCode, 3);
    serve(`/v1/dwallets/${ID('03')}`, 200, {
      id: ID('03'),
      capId: '0x4',
      owner: ID('05'),
      curve: 0,
      algorithm: 'taproot',
      networkKeyId: ID('06'),
      imported: false,
      state: 'active',
      output: '0x0102',
      sessionId: SESSION,
      createdAt: null,
      rejection: null,
    });
    const dwallet = await indexer.getDWallet(ID('03'));
    assert.deepEqual(dwallet?.output, new Uint8Array([1, 2]));
    assert.equal(dwallet?.capId, `0x${'0'.repeat(63)}4`);
    assert.equal(dwallet?.sessionId, `0x${SESSION}`);
    assert.equal(dwallet?.algorithm, 'taproot');
    serve(`/v1/signatures/${ID('07')}`, 200, {
      signId: ID('07'),
      sessionId: `0x${SESSION}`,
      dwalletId: ID('03'),
      algorithm: 'ecdsa',
      hashScheme: 3,
      message: `0x${'11'.repeat(32)}`,
      status: 'completed',
      signature: `0x${'22'.repeat(65)}`,
      rejection: null,
    });
    assert.equal((await indexer.getSignature(ID('07')))?.signature?.length, 65);
    serve('/v1/presigns/pool', 200, { pools: [{ networkKeyId: ID('06'), curve: 0, algorithm: 'taproot', available: '3', pending: 1 }] });
    assert.deepEqual(await indexer.presignPools(), [{ networkKeyId: ID('06'), curve: 0, algorithm: 'taproot', available: 3, pending: 1 }]);
    serve('/v1/network', 200, {
      packageId: ID('08'),
      coordinatorId: ID('09'),
      epoch: '1',
      committee: {
        epoch: '1',
        threshold: '3',
        totalWeight: '4',
        members: [{ suiAddress: ID('0a'), weight: '1', networkAddress: 'http://v1', publicKey: '0x01' }],
      },
      networkKeys: [{ id: ID('06'), curves: [0, 1], epoch: '0' }],
    });
    assert.equal((await indexer.network()).committee?.threshold, 3n);
    serve('/health', 200, { ok: true, cursor: null, caughtUp: true, lastEventAt: null });
    assert.equal((await indexer.health()).caughtUp, true);
  });

  const malformed: [string, string, number, unknown, RegExp][] = [
    ['a session of another id', `/v1/sessions/0x${SESSION}`, 200, { ...goodSession, sessionId: `0x${'cd'.repeat(32)}` }, /another session/],
    ['an unknown status', `/v1/sessions/0x${SESSION}`, 200, { ...goodSession, status: 'done' }, /status/],
    ['a negative result sequence', `/v1/sessions/0x${SESSION}`, 200, { ...goodSession, resultSequence: '-1' }, /resultSequence/],
    ['a u64 overflow', `/v1/sessions/0x${SESSION}`, 200, { ...goodSession, resultSequence: '18446744073709551616' }, /resultSequence/],
    [
      'a rejection without blamed',
      `/v1/sessions/0x${SESSION}`,
      200,
      { ...goodSession, rejection: { reasonCode: 1, reason: 'x' } },
      /blamed/,
    ],
    ['a bad object id', `/v1/sessions/0x${SESSION}`, 200, { ...goodSession, objectId: 'zz' }, /objectId/],
    ['not JSON', `/v1/sessions/0x${SESSION}`, 200, '<html>', /not JSON/],
    ['an array', `/v1/sessions/0x${SESSION}`, 200, [], /must be an object/],
  ];
  for (const [name, path, status, body, pattern] of malformed) {
    test(`${name} is INDEXER_RESPONSE_INVALID`, async () => {
      serve(path, status, body);
      await assert.rejects(new IndexerClient(url).getSession(SESSION), (e: unknown) => {
        return codeOf(e) === ClientErrorCodes.INDEXER_RESPONSE_INVALID && pattern.test(String(e));
      });
    });
  }

  test('a signature of the wrong length, bad hex output and a pool with a negative count are refused', async () => {
    const indexer = new IndexerClient(url);
    serve(`/v1/signatures/${ID('07')}`, 200, {
      signId: ID('07'),
      sessionId: SESSION,
      dwalletId: ID('03'),
      algorithm: 'ecdsa',
      hashScheme: 0,
      message: '0x01',
      status: 'completed',
      signature: '0x0102',
      rejection: null,
    });
    await assert.rejects(
      indexer.getSignature(ID('07')),
      (e: unknown) => codeOf(e) === 'INDEXER_RESPONSE_INVALID' && /65 bytes/.test(String(e)),
    );
    // A Taproot or EdDSA signature is 64 bytes: 65 is refused, 64 parsed.
    const schnorrSignature = (algorithm: string, bytes: number) => ({
      signId: ID('07'),
      sessionId: SESSION,
      dwalletId: ID('03'),
      algorithm,
      hashScheme: 4,
      message: '0x01',
      status: 'completed',
      signature: `0x${'33'.repeat(bytes)}`,
      rejection: null,
    });
    serve(`/v1/signatures/${ID('07')}`, 200, schnorrSignature('eddsa', 65));
    await assert.rejects(
      indexer.getSignature(ID('07')),
      (e: unknown) => codeOf(e) === 'INDEXER_RESPONSE_INVALID' && /64 bytes/.test(String(e)),
    );
    serve(`/v1/signatures/${ID('07')}`, 200, schnorrSignature('eddsa', 64));
    assert.equal((await indexer.getSignature(ID('07')))?.signature?.length, 64);
    serve(`/v1/signatures/${ID('07')}`, 200, schnorrSignature('schnorr', 64));
    await assert.rejects(
      indexer.getSignature(ID('07')),
      (e: unknown) => codeOf(e) === 'INDEXER_RESPONSE_INVALID' && /algorithm/.test(String(e)),
    );
    serve(`/v1/presigns/${ID('0b')}`, 200, {
      id: ID('0b'),
      sessionId: SESSION,
      networkKeyId: ID('06'),
      curve: 0,
      dwalletId: null,
      state: 'completed',
      output: '0xabc',
    });
    await assert.rejects(indexer.getPresign(ID('0b')), (e: unknown) => codeOf(e) === 'INDEXER_RESPONSE_INVALID');
    serve('/v1/presigns/pool', 200, { pools: [{ networkKeyId: ID('06'), curve: 0, algorithm: 'ecdsa', available: -1, pending: 0 }] });
    await assert.rejects(indexer.presignPools(), (e: unknown) => codeOf(e) === 'INDEXER_RESPONSE_INVALID');
    serve('/v1/presigns/pool', 200, { pools: [{ networkKeyId: ID('06'), curve: 0, algorithm: 'schnorr', available: 1, pending: 0 }] });
    await assert.rejects(indexer.presignPools(), (e: unknown) => codeOf(e) === 'INDEXER_RESPONSE_INVALID');
  });

  test('404 is null, other 4xx INDEXER_REQUEST_FAILED with the indexer code, 5xx and no server INDEXER_UNAVAILABLE', async () => {
    const indexer = new IndexerClient(url);
    assert.equal(await indexer.getDWallet(ID('0c')), null);
    serve(`/v1/dwallets/${ID('0d')}`, 400, { error: { code: 'BAD_ID', message: 'bad id' } });
    await assert.rejects(indexer.getDWallet(ID('0d')), (e: unknown) => codeOf(e) === 'INDEXER_REQUEST_FAILED' && /BAD_ID/.test(String(e)));
    serve(`/v1/dwallets/${ID('0e')}`, 503, { error: { code: 'DOWN', message: 'down' } });
    await assert.rejects(indexer.getDWallet(ID('0e')), (e: unknown) => codeOf(e) === 'INDEXER_UNAVAILABLE');
    await assert.rejects(new IndexerClient('http://127.0.0.1:9').health(), (e: unknown) => codeOf(e) === 'INDEXER_UNAVAILABLE');
    await assert.rejects(indexer.getSession('xyz'), (e: unknown) => codeOf(e) === 'INVALID_ARGUMENT');
  });

  test('the stream: events with ids and multi-line data, heartbeats skipped, non-JSON data refused', async () => {
    routes.set(`/v1/stream?session=0x${SESSION}`, (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': heartbeat\n\n');
      response.write('event: result\nid: 7\ndata: {"sessionId":\ndata: "x"}\n\n');
      response.write('event: result\r\nid: 8\r\ndata: {"n": 2}\r\n\r\n');
      response.end('data: not json\n\n');
    });
    const events: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of new IndexerClient(url).stream({ session: SESSION })) events.push(event);
      })(),
      (e: unknown) => codeOf(e) === 'INDEXER_RESPONSE_INVALID',
    );
    assert.deepEqual(events, [
      { event: 'result', id: '7', data: { sessionId: 'x' } },
      { event: 'result', id: '8', data: { n: 2 } },
    ]);
    routes.set(`/v1/stream?session=0x${SESSION}`, (response) => json(response, 200, {}));
    await assert.rejects(
      (async () => {
        for await (const _ of new IndexerClient(url).stream({ session: SESSION })) {
        }
      })(),
      (e: unknown) => codeOf(e) === 'INDEXER_RESPONSE_INVALID' && /event-stream|HTTP 200/.test(String(e)),
    );
  });
});

// === waits ===

const sessionBytes = Uint8Array.from(Buffer.from(SESSION, 'hex'));

describe('waiting for a session', () => {
  test('a pending session times out with TIMEOUT (indexer polled, stream absent)', async () => {
    const { url, server } = await listen((request, response) => {
      if (request.url?.startsWith('/v1/sessions/'))
        json(response, 200, { ...goodSession, status: 'pending', rejection: null, resultSequence: null });
      else json(response, 404, { error: { code: 'NOT_FOUND', message: 'no stream here' } });
    });
    try {
      const started = Date.now();
      await assert.rejects(
        waitForSession(
          {
            indexer: new IndexerClient(url),
            follower: new ChainSessionFollower(
              eventsChain(() => []),
              EVENTS_PACKAGE,
            ),
          },
          SESSION,
          {
            timeoutMs: 300,
            pollIntervalMs: 20,
          },
        ),
        (e: unknown) => e instanceof ClientError && e.code === ClientErrorCodes.TIMEOUT && e.details.timeoutMs === 300,
      );
      assert.ok(Date.now() - started < 2_000);
    } finally {
      await close(server);
    }
  });

  test('the stream wakes the wait as soon as the result is in, well before the re-read period', async () => {
    let status = 'pending';
    let stream: ServerResponse | undefined;
    const { url, server } = await listen((request, response) => {
      if (request.url?.startsWith('/v1/stream')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(': connected\n\n');
        stream = response;
      } else json(response, 200, { ...goodSession, status, rejection: null });
    });
    try {
      setTimeout(() => {
        status = 'completed';
        stream?.write(`event: result\nid: 1\ndata: ${JSON.stringify({ sessionId: `0x${SESSION}` })}\n\n`);
      }, 300);
      const started = Date.now();
      const outcome = await waitForSession(
        {
          indexer: new IndexerClient(url),
          follower: new ChainSessionFollower(
            eventsChain(() => []),
            EVENTS_PACKAGE,
          ),
        },
        SESSION,
        { timeoutMs: 10_000, recheckMs: 8_000 },
      );
      assert.equal(outcome.source, 'indexer');
      assert.equal(outcome.record.status, 'completed');
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
    } finally {
      await close(server);
    }
  });

  test('thirty concurrent waits share one stream and read their session only when it moves', async () => {
    const sessions = Array.from({ length: 30 }, (_, i) => (i + 16).toString(16).padStart(2, '0').repeat(32));
    const done = new Set<string>();
    let streams = 0;
    let reads = 0;
    const open: ServerResponse[] = [];
    const { url, server } = await listen((request, response) => {
      if (request.url?.startsWith('/v1/stream')) {
        streams += 1;
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(': connected\n\n');
        open.push(response);
        return;
      }
      reads += 1;
      const id = (request.url ?? '').split('/').at(-1)?.replace(/^0x/, '') ?? '';
      json(response, 200, { ...goodSession, sessionId: `0x${id}`, status: done.has(id) ? 'completed' : 'pending', rejection: null });
    });
    try {
      const indexer = new IndexerClient(url);
      const stream = new SessionStream(indexer);
      const follower = new ChainSessionFollower(
        eventsChain(() => []),
        EVENTS_PACKAGE,
      );
      const waits = sessions.map((id) => waitForSession({ indexer, follower, stream }, id, { timeoutMs: 30_000, recheckMs: 20_000 }));
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const [i, id] of sessions.entries()) {
        done.add(id);
        for (const response of open) response.write(`event: result\nid: ${i}\ndata: ${JSON.stringify({ sessionId: `0x${id}` })}\n\n`);
      }
      const outcomes = await Promise.all(waits);
      assert.ok(outcomes.every((o) => o.record.status === 'completed'));
      assert.equal(streams, 1, 'one stream for every wait');
      // A read when each wait starts, one when the stream opens, one on its own event: at most 3 each, not one per period.
      assert.ok(reads <= 3 * sessions.length, `${reads} session reads`);
      assert.equal(stream.streaming, false, 'the stream is closed once no wait needs it');
    } finally {
      await close(server);
    }
  });

  test('without an indexer the wait reads the chain: a rejection with its reason, blamed validators and request', async () => {
    const events: ChainEvent[] = [];
    const chain = eventsChain(() => events);
    let down: ClientError | undefined;
    const lines: string[] = [];
    setTimeout(() => {
      events.push(
        chainEvent(
          'SignRequested',
          SignRequested.bcs
            .serialize({
              session_id: sessionBytes,
              session_sequence: 5n,
              epoch: 1n,
              requester: ID('02'),
              sign_id: ID('03'),
              dwallet_id: ID('04'),
              network_key_id: ID('05'),
              curve: 0,
              algorithm: 0,
              hash_scheme: 0,
              message: new Uint8Array([1]),
              presign_id: ID('06'),
              presign: new Uint8Array([1]),
              dwallet_output: new Uint8Array([1]),
              user_sign_message: new Uint8Array([1]),
              partial_signature_id: null,
              fee: 0n,
              public_user_share: null,
            })
            .toBytes(),
          0,
        ),
        chainEvent(
          'SessionRejected',
          SessionRejected.bcs
            .serialize({
              session_id: sessionBytes,
              result_sequence: 9n,
              request_kind: 3,
              target_id: ID('03'),
              reason_code: 101,
              reason: new TextEncoder().encode('SESSION_ABORTED'),
              blamed: [2, 4],
              fee: 0n,
            })
            .toBytes(),
          1,
        ),
      );
    }, 200);
    const outcome = await waitForSession(
      { indexer: new IndexerClient('http://127.0.0.1:9'), follower: new ChainSessionFollower(chain, EVENTS_PACKAGE) },
      SESSION,
      {
        timeoutMs: 5_000,
        pollIntervalMs: 20,
        onIndexerDown: (e) => {
          down = e;
        },
        onProgress: (line) => lines.push(line),
      },
    );
    assert.equal(down?.code, 'INDEXER_UNAVAILABLE');
    assert.ok(lines.some((l) => l.includes('following chain events')));
    assert.equal(outcome.source, 'chain');
    const { record } = outcome;
    assert.equal(record.kind, 'sign');
    assert.equal(record.objectId, ID('03'));
    assert.equal(record.requestTx, 'tx0');
    assert.equal(record.resultSequence, 9n);
    assert.deepEqual(record.rejection, { reasonCode: 101, reasonName: 'SESSION_ABORTED', reason: 'SESSION_ABORTED', blamed: [2, 4] });
    const error = new RequestRejectedError(record.sessionId, record.rejection ?? assert.fail());
    assert.equal(error.code, 'REQUEST_REJECTED');
    assert.match(error.message, /SESSION_ABORTED.*blamed validators 2, 4/);
  });

  test('an AbortSignal ends the wait at once with ABORTED: on the indexer (its stream closed), on the chain, or before it starts', async () => {
    let streamClosed = false;
    const { url, server } = await listen((request, response) => {
      if (request.url?.startsWith('/v1/stream')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(': connected\n\n');
        request.once('close', () => {
          streamClosed = true;
        });
      } else json(response, 200, { ...goodSession, status: 'pending', rejection: null, resultSequence: null });
    });
    const aborted = (sessionId: string) => (e: unknown) =>
      e instanceof ClientError &&
      e.code === ClientErrorCodes.ABORTED &&
      e.details.sessionId === sessionId &&
      /may still complete/.test(e.message);
    try {
      const onIndexer = new AbortController();
      setTimeout(() => onIndexer.abort(), 300);
      const started = Date.now();
      await assert.rejects(
        waitForSession(
          {
            indexer: new IndexerClient(url),
            follower: new ChainSessionFollower(
              eventsChain(() => []),
              EVENTS_PACKAGE,
            ),
          },
          SESSION,
          { timeoutMs: 60_000, recheckMs: 30_000, signal: onIndexer.signal },
        ),
        aborted(`0x${SESSION}`),
      );
      assert.ok(Date.now() - started < 5_000, `the wait ended ${Date.now() - started} ms after it began`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(streamClosed, 'the live stream was closed');

      const onChain = new AbortController();
      setTimeout(() => onChain.abort(), 200);
      await assert.rejects(
        waitForSession(
          {
            indexer: null,
            follower: new ChainSessionFollower(
              eventsChain(() => []),
              EVENTS_PACKAGE,
            ),
          },
          SESSION,
          {
            timeoutMs: 60_000,
            pollIntervalMs: 30_000,
            signal: onChain.signal,
          },
        ),
        aborted(`0x${SESSION}`),
      );
      await assert.rejects(
        waitForSession(
          {
            indexer: new IndexerClient(url),
            follower: new ChainSessionFollower(
              eventsChain(() => []),
              EVENTS_PACKAGE,
            ),
          },
          SESSION,
          {
            timeoutMs: 60_000,
            signal: AbortSignal.abort(),
          },
        ),
        aborted(`0x${SESSION}`),
      );
    } finally {
      await close(server);
    }
  });

  test('a completion seen on chain ends the wait', async () => {
    const completed = chainEvent(
      'SignCompleted',
      SignCompleted.bcs
        .serialize({
          session_id: sessionBytes,
          result_sequence: 3n,
          sign_id: ID('03'),
          dwallet_id: ID('04'),
          signature: new Uint8Array(65),
          partial_signature_id: null,
          fee: 0n,
        })
        .toBytes(),
      0,
    );
    const outcome = await waitForSession(
      {
        indexer: null,
        follower: new ChainSessionFollower(
          eventsChain(() => [completed]),
          EVENTS_PACKAGE,
        ),
      },
      `0x${SESSION}`,
      { timeoutMs: 1_000 },
    );
    assert.equal(outcome.record.status, 'completed');
    await assert.rejects(
      waitForSession(
        {
          indexer: null,
          follower: new ChainSessionFollower(
            eventsChain(() => []),
            EVENTS_PACKAGE,
          ),
        },
        SESSION,
        {
          timeoutMs: 100,
          pollIntervalMs: 10,
        },
      ),
      (e: unknown) => codeOf(e) === 'TIMEOUT',
    );
  });
});

// === small pieces ===

describe('sending transactions', () => {
  test('a transaction whose answer is lost is sent again as the same signed bytes (the chain answers a repeat with its record); a refusal is not', async () => {
    const sent: SignedTransaction[] = [];
    let lose = 1;
    const recorded: TransactionResult = {
      digest: 'D1',
      status: { success: true },
      checkpoint: 7n,
      gasUsed: { computationCost: 1_000_000n, storageCost: 1_976_000n, storageRebate: 978_120n, nonRefundableStorageFee: 9_880n },
      changedObjects: [],
      events: [],
    };
    const chain: Chain = {
      ...eventsChain(() => []),
      async executeTransaction(transaction) {
        sent.push(transaction);
        if (lose-- > 0) throw new ChainTransportError(ChainErrorCodes.TRANSPORT_FAILED, 'POST /v1/transactions failed: socket hang up');
        if (transaction.signatures[0] === 'refused') throw new TransactionRejectedError(ChainErrorCodes.TX_BAD_SIGNATURE, 'bad');
        return recorded;
      },
    };
    const retrying = new RetryingChain(chain, 4, 1);
    const transaction = { bytes: new Uint8Array([1, 2, 3]), signatures: ['sig'] };
    assert.deepEqual(await retrying.executeTransaction(transaction), recorded);
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[1], sent[0], 'the same bytes and signatures');
    await assert.rejects(retrying.executeTransaction({ bytes: new Uint8Array([4]), signatures: ['refused'] }), TransactionRejectedError);
    assert.equal(sent.length, 3, 'a refusal is final');
  });

  test('the wait for the next event passes through (retried on a transport failure), and stays absent when the chain has none', async () => {
    let calls = 0;
    const waiting: Chain = {
      ...eventsChain(() => []),
      async waitForEvents(after, timeoutMs) {
        calls += 1;
        if (calls === 1) throw new ChainTransportError(ChainErrorCodes.TRANSPORT_FAILED, 'GET /v1/events/wait failed: socket hang up');
        return after === null && timeoutMs === 50;
      },
    };
    const retrying = new RetryingChain(waiting, 4, 1);
    assert.equal(await retrying.waitForEvents?.(null, 50), true);
    assert.equal(calls, 2);
    assert.equal(
      new RetryingChain(
        eventsChain(() => []),
        4,
        1,
      ).waitForEvents,
      undefined,
    );
  });
});

describe('hash schemes, signature checks and error shapes', () => {
  test('hash schemes by name or id; anything else is INVALID_ARGUMENT', () => {
    assert.equal(parseHashScheme('keccak256'), 0);
    assert.equal(parseHashScheme('double-sha256'), 2);
    assert.equal(parseHashScheme('prehashed'), 3);
    assert.equal(parseHashScheme(1), 1);
    assert.equal(parseHashScheme('sha512'), 4);
    assert.equal(parseHashScheme(4), 4);
    for (const bad of [5, -1, 'sha3', '0', 1.5]) {
      assert.throws(
        () => parseHashScheme(bad as never),
        (e: unknown) => codeOf(e) === 'INVALID_ARGUMENT',
      );
    }
  });

  test('verifyDWalletSignature: low-s, verifies, and the recovery id recovers the key', () => {
    const secret = secp256k1.utils.randomSecretKey();
    const publicKey = secp256k1.getPublicKey(secret, true);
    const digest = keccak_256(new Uint8Array([1, 2, 3]));
    const signature = secp256k1.sign(digest, secret, { prehash: false, format: 'recovered' });
    // noble's recovered format is v ‖ r ‖ s; the network's is r ‖ s ‖ v.
    const rsv = new Uint8Array([...signature.subarray(1), signature[0] as number]);
    assert.ok(verifyDWalletSignature('secp256k1', publicKey, digest, rsv));
    const wrongV = rsv.slice();
    wrongV[64] = (wrongV[64] as number) ^ 1;
    assert.equal(verifyDWalletSignature('secp256k1', publicKey, digest, wrongV), false);
    const flipped = rsv.slice();
    flipped[10] = (flipped[10] as number) ^ 1;
    assert.equal(verifyDWalletSignature('secp256k1', publicKey, digest, flipped), false);
    assert.equal(verifyDWalletSignature('secp256k1', publicKey, digest, rsv.subarray(0, 64)), false);
  });

  test('verifyDWalletSignature, Taproot: BIP-340 under the BIP-86 output key of X (scure p2tr), nothing else', () => {
    const n = secp256k1.Point.CURVE().n;
    const secret = secp256k1.utils.randomSecretKey();
    const publicKey = secp256k1.getPublicKey(secret, true);
    // BIP-341 taproot_tweak_seckey with an empty script tree (BIP-86): d' = d or n − d (even y), q = d' + t.
    const d = bytesToNumberBE(secret);
    const even = (publicKey[0] as number) === 2 ? d : n - d;
    const tweak = bytesToNumberBE(schnorr.utils.taggedHash('TapTweak', publicKey.subarray(1)));
    const tweaked = numberToBytesBE((even + tweak) % n, 32);
    const message = sha256(new TextEncoder().encode('a BIP-341 sighash, say'));
    const signature = schnorr.sign(message, tweaked);
    assert.ok(verifyDWalletSignature('secp256k1', publicKey, message, signature, 'taproot'));
    // Under the untweaked key, as ECDSA, with another message or a flipped bit: refused.
    assert.equal(verifyDWalletSignature('secp256k1', publicKey, message, schnorr.sign(message, secret), 'taproot'), false);
    assert.equal(verifyDWalletSignature('secp256k1', publicKey, message, signature, 'ecdsa'), false);
    assert.equal(verifyDWalletSignature('secp256k1', publicKey, sha256(message), signature, 'taproot'), false);
    const flipped = signature.slice();
    flipped[40] = (flipped[40] as number) ^ 1;
    assert.equal(verifyDWalletSignature('secp256k1', publicKey, message, flipped, 'taproot'), false);
    assert.equal(verifyDWalletSignature('p256', publicKey, message, signature, 'taproot'), false);
  });

  test('verifyDWalletSignature, EdDSA: RFC 8032 over the message itself, strict (S < ℓ)', () => {
    const seed = ed25519.utils.randomSecretKey();
    const publicKey = ed25519.getPublicKey(seed);
    const message = new TextEncoder().encode('a Solana transaction message, of any length');
    const signature = ed25519.sign(message, seed);
    assert.ok(verifyDWalletSignature('ed25519', publicKey, message, signature, 'eddsa'));
    assert.equal(verifyDWalletSignature('ed25519', publicKey, message.subarray(1), signature, 'eddsa'), false);
    assert.equal(verifyDWalletSignature('ed25519', publicKey, message, signature.subarray(0, 63), 'eddsa'), false);
    // S + ℓ verifies under lenient rules only: refused.
    const l = ed25519.Point.CURVE().n;
    const s = bytesToNumberLE(signature.subarray(32)) + l;
    const malleable = new Uint8Array([...signature.subarray(0, 32), ...numberToBytesLE(s, 32)]);
    assert.equal(verifyDWalletSignature('ed25519', publicKey, message, malleable, 'eddsa'), false);
    assert.equal(verifyDWalletSignature('secp256k1', publicKey, message, signature, 'eddsa'), false);
  });

  test('TransactionFailedError carries the Move abort; errors serialise without secrets', () => {
    const error = new TransactionFailedError('claim presign', 'Dig3st', {
      kind: 'MoveAbort',
      packageId: EVENTS_PACKAGE,
      module: 'coordinator',
      functionName: 'claim_presign',
      code: 21,
      abortName: 'EPresignPoolEmpty',
      command: 1,
      message: 'aborted',
    });
    assert.equal(error.code, 'TRANSACTION_FAILED');
    assert.equal(error.abortName, 'EPresignPoolEmpty');
    assert.equal(error.abortCode, 21);
    assert.match(error.message, /coordinator::EPresignPoolEmpty/);
    assert.deepEqual(JSON.parse(JSON.stringify(error)).details.abortName, 'EPresignPoolEmpty');
  });
});
