/**
 * The local chain in its own process: clients in other processes share one chain through
 * `chain/sui` on its gRPC API (as on a Sui full node) and its side door (deployment, faucet,
 * health: `LocalChainAdmin`, and Sui's faucet protocol), the chain survives a process restart, a
 * refused transaction comes back typed, bad side-door requests get 4xx answers with stable error
 * codes, a transaction built to hold the chain is refused or cheap while /health keeps answering,
 * and the process logs JSON lines like the services (a 500 with its cause).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requestSuiFromFaucetV2 } from '@mysten/sui/faucet';
import { Transaction } from '@mysten/sui/transactions';
import { type ChainEvent, netGasCost } from '../../../chain/chain.ts';
import { Curve, SignatureAlgorithm, SUI_COIN_TYPE } from '../../../chain/constants.ts';
import { SqliteCursorStore } from '../../../chain/cursors/sqlite-cursor-store.ts';
import { ChainErrorCodes, TransactionRejectedError } from '../../../chain/errors.ts';
import { EventFollower } from '../../../chain/event-follower.ts';
import { LocalChainAdmin, openLocalChain } from '../../../chain/local/admin-client.ts';
import { LocalLedger } from '../../../chain/local/ledger.ts';
import { localChainApp } from '../../../chain/local/server.ts';
import { readCoordinator } from '../../../chain/object-reader.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { SuiChain } from '../../../chain/sui/sui-chain.ts';
import { signTransaction } from '../../../chain/transaction-signer.ts';
import { createLogger } from '../../../runtime/log.ts';
import { assertRejects } from '../support/assertions.ts';
import { type ChainProcess, runChainProcess, startChainProcess } from '../support/chain-process.ts';
import { allEvents, appendsTx, Flows, fakeSignature, keypair, LocalHarness, remoteLocalChain } from '../support/local-harness.ts';

describe('local chain in its own process', () => {
  let dir: string;
  let db: string;
  let server: ChainProcess;
  let h: LocalHarness;
  let flows: Flows;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dwallet-http-'));
    db = join(dir, 'chain.sqlite');
    server = await startChainProcess(['--db', db, '--admin', keypair(1).toSuiAddress()]);
    h = await LocalHarness.over(await remoteLocalChain(server.url), dir);
    flows = new Flows(h);
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the whole dWallet flow through chain/sui on its gRPC API', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const presign = await flows.presignCap(user);
    const requested = h.event(h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: presign.capId })), 'SignRequested');
    const completed = h.event(
      await h.submitResults([{ Signature: { session_id: requested.session_id, signature: fakeSignature() } }]),
      'SignCompleted',
    );
    assert.equal(completed.sign_id, requested.sign_id);
  });

  it('two clients (two processes) see one chain', async () => {
    const other = await openLocalChain(server.url);
    assert.deepEqual(await other.chain.deployment(), await h.chain.deployment());
    assert.deepEqual(other.deployment, await h.chain.deployment());
    assert.deepEqual(await allEvents(other.chain), await allEvents(h.chain));
    assert.deepEqual(await readCoordinator(other.chain), await readCoordinator(h.chain));
    assert.equal((await other.admin.health()).ok, true);
  });

  it('a refused transaction comes back as the same typed error', async () => {
    const user = await h.user();
    const tx = new Transaction();
    const cap = h.client.requestDWalletDkg(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      userDkgMessage: new Uint8Array([1]),
      payment: h.client.payFromGas(tx, 0n),
    });
    tx.transferObjects([cap], user.toSuiAddress());
    const signed = await signTransaction(h.chain, tx, user);
    const error = await assertRejects(
      h.chain.executeTransaction({ bytes: signed.bytes, signatures: [(await keypair(77).signTransaction(signed.bytes)).signature] }),
      ChainErrorCodes.TX_BAD_SIGNATURE,
    );
    assert.ok(error instanceof TransactionRejectedError);
    assert.equal(error.details.grpcStatus, 'INVALID_ARGUMENT');
    const result = h.ok(await h.chain.executeTransaction(signed));
    assert.equal(await h.chain.getObject(`0x${'42'.repeat(32)}`), null);
    // The effects carry each changed object's state before the transaction, over gRPC too.
    const coordinator = result.changedObjects.find((c) => c.objectId === h.client.deployment.coordinatorId);
    assert.equal(coordinator?.change, 'mutated');
    assert.equal(coordinator?.input?.owner.kind, 'shared');
    assert.ok(coordinator !== undefined && coordinator.input !== undefined && (coordinator.version as bigint) > coordinator.input.version);
    assert.ok(result.changedObjects.filter((c) => c.change === 'created').every((c) => c.input === undefined));
    // Simulated over gRPC: the same refusal, typed, now that its gas coin has moved on.
    await assertRejects(h.chain.simulateTransaction(signed.bytes), ChainErrorCodes.TX_OBJECT_VERSION_MISMATCH);
  });

  it('simulates over gRPC as the ledger does: status, the four gas numbers and events, nothing recorded', async () => {
    const user = await h.user();
    const tx = new Transaction();
    h.client.requestPresign(tx, {
      networkKeyId: h.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(tx, 0n),
    });
    const signed = await signTransaction(h.chain, tx, user);
    const before = (await allEvents(h.chain)).length;
    const simulated = await h.chain.simulateTransaction(signed.bytes);
    assert.deepEqual(simulated.status, { success: true });
    assert.deepEqual(
      simulated.events.map((e) => [e.type, e.cursor]),
      [[`${h.packageId}::events::PresignRequested`, null]],
    );
    assert.equal((await allEvents(h.chain)).length, before, 'nothing recorded');
    const executed = h.ok(await h.chain.executeTransaction(signed));
    assert.deepEqual(executed.gasUsed, simulated.gasUsed);
    assert.ok(executed.gasUsed.storageCost > 0n && executed.gasUsed.storageRebate > 0n && executed.gasUsed.nonRefundableStorageFee > 0n);
  });

  it('the append transaction that froze the chain is refused or cheap, and /health answers within a second meanwhile', async () => {
    const user = await h.user();
    const appends = (count: number) =>
      signTransaction(h.chain, appendsTx(count, new Uint8Array(15 * 1024).fill(9)), user, { gasBudget: 1_000_000_000n });
    // Built and signed first, so that the polling below measures the chain, not this process building them.
    const tooMany = await appends(1200);
    const repeated = await appends(1000);
    let slowest = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const started = Date.now();
        assert.equal((await fetch(`${server.url}/health`)).status, 200);
        slowest = Math.max(slowest, Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      // 1,200 commands (the campaign's transaction): above Sui's 1,024, refused before it runs.
      await assertRejects(h.chain.executeTransaction(tooMany), ChainErrorCodes.TX_TOO_LARGE);
      // 1,000 commands: runs, and fails at Sui's vector length limit after a few hundred KiB of work.
      const failed = await h.chain.executeTransaction(repeated);
      assert.equal(failed.status.success, false);
      assert.ok(netGasCost(failed.gasUsed) > 0n);
    } finally {
      polling = false;
      await poll;
    }
    assert.ok(slowest < 1000, `/health took ${slowest} ms`);
  });

  it("answers malformed side-door requests with 4xx and a stable code, and funds by Sui's faucet protocol", async () => {
    const post = (path: string, body: string) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const expectError = async (response: Response, status: number, code: string) => {
      assert.equal(response.status, status);
      const json = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(json.error.code, code, json.error.message);
      assert.ok(json.error.message.length > 0);
    };
    await expectError(await post('/v1/faucet', '{not json'), 400, ChainErrorCodes.INVALID_REQUEST);
    await expectError(await post('/v1/faucet', JSON.stringify({ address: 'nobody' })), 400, ChainErrorCodes.INVALID_REQUEST);
    await expectError(
      await post('/v1/faucet', JSON.stringify({ address: keypair(5).toSuiAddress(), amount: '-1' })),
      400,
      ChainErrorCodes.INVALID_REQUEST,
    );
    await expectError(
      await post('/v1/faucet', JSON.stringify({ address: keypair(5).toSuiAddress(), amount: '99999999999999999999999' })),
      400,
      ChainErrorCodes.INVALID_REQUEST,
    );
    await expectError(await post('/v1/faucet', 'A'.repeat(600_000)), 413, ChainErrorCodes.TX_TOO_LARGE);
    // The local chain's own read and write routes are gone: everything else is Sui's gRPC API.
    await expectError(await fetch(`${server.url}/v1/events`), 404, ChainErrorCodes.INVALID_REQUEST);
    await expectError(await post('/v1/transactions', '{}'), 404, ChainErrorCodes.INVALID_REQUEST);
    await expectError(await fetch(`${server.url}/v1/nothing`), 404, ChainErrorCodes.INVALID_REQUEST);

    // Sui's faucet protocol, as @mysten/sui speaks it.
    const recipient = keypair(66).toSuiAddress();
    const funded = await requestSuiFromFaucetV2({ host: server.url, recipient });
    assert.equal(funded.status, 'Success');
    const [sent] = funded.coins_sent ?? [];
    const coins = await h.chain.listOwnedObjects(recipient, { type: SUI_COIN_TYPE });
    assert.deepEqual(
      coins.objects.map((c) => c.objectId),
      [sent?.id],
    );
    assert.ok((sent?.amount ?? 0) > 0);
    const failure = async (body: string) => {
      const response = await post('/v2/gas', body);
      assert.equal(response.status, 400);
      const json = (await response.json()) as { status: { Failure: { internal: string } } };
      assert.ok(json.status.Failure.internal.length > 0);
    };
    await failure('{not json');
    await failure(JSON.stringify({ FixedAmountRequest: {} }));
    await failure(JSON.stringify({ FixedAmountRequest: { recipient: 'nobody' } }));
    await assert.rejects(requestSuiFromFaucetV2({ host: server.url, recipient: 'nobody' }), /Faucet request failed/);
    assert.equal((await fetch(`${server.url}/health`)).status, 200, 'still serving');
  });

  it('survives a restart of its process; a follower over gRPC resumes where it stopped', async () => {
    const store = SqliteCursorStore.open(join(dir, 'cursor.sqlite'));
    const seen: ChainEvent[] = [];
    const stop = new AbortController();
    await new EventFollower({ chain: h.chain, store, name: 'relayer', pageSize: 5 }).catchUp((event) => {
      seen.push(event);
      if (seen.length === 6) stop.abort();
    }, stop.signal);
    const before = await readCoordinator(h.chain);
    assert.equal(await server.stop(), 0, 'clean shutdown');
    server = await startChainProcess(['--db', db]);
    const { chain } = await openLocalChain(server.url);
    assert.deepEqual(await readCoordinator(chain), before);
    await new EventFollower({ chain, store, name: 'relayer', pageSize: 5 }).catchUp((event) => {
      seen.push(event);
    });
    const all = await allEvents(chain);
    assert.deepEqual(
      seen.map((e) => e.id),
      all.map((e) => e.id),
    );
    store.close();
  });

  it('the clients report unreachable and misbehaving servers as transport errors', async () => {
    await assertRejects(new LocalChainAdmin('http://127.0.0.1:1', { timeoutMs: 2000 }).deployment(), ChainErrorCodes.TRANSPORT_FAILED);
    const bogus = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"packageId": 7}');
    });
    await new Promise<void>((resolve) => bogus.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(bogus.address() as AddressInfo).port}`;
    await assertRejects(new LocalChainAdmin(url).deployment(), ChainErrorCodes.RESPONSE_INVALID);
    const notANode = new SuiChain({ network: 'localnet', url, packageId: '0x2a', coordinatorId: '0x2b' });
    await assertRejects(notANode.listEvents(), ChainErrorCodes.TRANSPORT_FAILED);
    await new Promise((resolve) => bogus.close(resolve));
  });

  it("logs as the services do: its start, and a fault's cause with its 500", async () => {
    const started = server
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { service: string; level: string; msg: string; url?: string });
    assert.ok(
      started.some((line) => line.service === 'chain' && line.msg === 'local chain started' && line.url === server.url),
      server.stderr(),
    );
    const broken = LocalLedger.open({ path: join(dir, 'broken.sqlite'), admin: keypair(1).toSuiAddress() });
    broken.close();
    const lines: string[] = [];
    const app = localChainApp(broken, createLogger('chain', { sink: (line) => lines.push(line) }));
    const response = await app.request('/health');
    assert.equal(response.status, 500);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, ChainErrorCodes.INTERNAL);
    const logged = lines.map((line) => JSON.parse(line) as { level: string; msg: string; path: string; error: { message: string } });
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.level, 'error');
    assert.equal(logged[0]?.path, '/health');
    assert.match(logged[0]?.error.message ?? '', /database connection is not open/);
  });

  it('the process refuses bad arguments with exit status 2', async () => {
    assert.equal((await runChainProcess([])).code, 2);
    assert.equal((await runChainProcess(['--db', join(dir, 'x.sqlite'), '--port', 'abc'])).code, 2);
    assert.equal((await runChainProcess(['--db', join(dir, 'x.sqlite'), '--log-level', 'loud'])).code, 2);
    const fresh = await runChainProcess(['--db', join(dir, 'new.sqlite')]);
    assert.equal(fresh.code, 2);
    assert.match(fresh.stderr, /admin/);
  });
});
