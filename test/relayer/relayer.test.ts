/**
 * The relayer in process, on an in-process local chain: every kind of bad signature submission is
 * refused with its code; shares of a quorum are aggregated and submitted in sequence; racing
 * relayers land each batch once (the loser sees EOutOfSequence); a certified batch the chain
 * refuses (past Sui's object runtime limit) does not block its sequence: a smaller certified batch
 * for it lands at once, the results left out in the next; a submission whose answer is lost
 * is detected on chain and never sent again; the submitter loop's idle turns leave no abort
 * listener behind; with the chain down the intake answers 503 (retryable), not a client error;
 * the list of submissions is paged and pruned.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { toBase64 } from '@mysten/sui/utils';
import { signResultBatch } from '../../chain/certificate.ts';
import type { Chain, SignedTransaction, TransactionResult } from '../../chain/chain.ts';
import { Curve, SignatureAlgorithm, SUI_COIN_TYPE } from '../../chain/constants.ts';
import { CoordinatorClient } from '../../chain/coordinator-client.ts';
import { ChainErrorCodes, ChainTransportError } from '../../chain/errors.ts';
import { readCoordinator } from '../../chain/object-reader.ts';
import { encodeResultBatch, type SessionResult } from '../../chain/schemas/result-batch.ts';
import { randomSessionPreimage } from '../../chain/session-id.ts';
import { DWalletError } from '../../mpc/errors.ts';
import { ChainState } from '../../relayer/chain-state.ts';
import { RelayerErrorCodes } from '../../relayer/errors.ts';
import { relayerApp } from '../../relayer/http.ts';
import { SignatureIntake } from '../../relayer/intake.ts';
import { RelayerMetrics } from '../../relayer/metrics.ts';
import { RelayerStore } from '../../relayer/store/database.ts';
import { Submitter } from '../../relayer/submitter.ts';
import { DEPENDENCY_UNAVAILABLE } from '../../runtime/http.ts';
import { createLogger } from '../../runtime/log.ts';
import { MAX_BATCH_ENTRIES } from '../../validator/batches/batch-protocol.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { abortListenersOver } from '../support/listeners.ts';
import { tempDir } from '../validator/support.ts';

let harness: LocalHarness;
let flows: Flows;
const dir = tempDir('relayer');
const logger = createLogger('relayer', { level: 'error' });

before(async () => {
  harness = await LocalHarness.create();
  flows = new Flows(harness);
});
after(() => {
  harness.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A batch for `sequence` completing a fresh DKG request (the local chain records any non-empty output). */
async function nextBatch(sequence: bigint): Promise<Uint8Array> {
  const user = await harness.user();
  const requested = harness.event(harness.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
  return encodeResultBatch({
    sequence,
    results: [{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1, 2, 3]) } }],
  });
}

function share(batch: Uint8Array, sequence: bigint, signer: number, overrides: Record<string, unknown> = {}) {
  const validator = harness.validators[signer] as (typeof harness.validators)[0];
  return {
    epoch: '1',
    sequence: sequence.toString(),
    batch: toBase64(batch),
    signer,
    signature: toBase64(signResultBatch(validator.secretKey, harness.client.deployment.coordinatorId, batch, 1n)),
    ...overrides,
  };
}

async function relayer(name: string, chain: Chain = harness.chain) {
  const keypair = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(name.charCodeAt(0)));
  await harness.ledger.faucet(keypair.toSuiAddress());
  const store = RelayerStore.open(`${dir}/${name}.sqlite`);
  const state = new ChainState(chain, 0);
  const metrics = new RelayerMetrics();
  const submitter = new Submitter({
    chain,
    client: new CoordinatorClient(harness.client.deployment),
    state,
    store,
    keypair,
    metrics,
    logger,
    pollIntervalMs: 50,
    retryMs: 50,
    submissionsKept: 1000,
  });
  const intake = new SignatureIntake(store, state, metrics, () => {});
  return { store, state, metrics, submitter, intake };
}

async function refusal(intake: SignatureIntake, body: unknown): Promise<{ code: string; status: number }> {
  try {
    await intake.receive(body);
  } catch (error) {
    if (error instanceof DWalletError) return { code: error.code, status: (error as unknown as { status: number }).status };
    throw error;
  }
  assert.fail('accepted');
}

async function chainNext(): Promise<bigint> {
  return (await readCoordinator(harness.chain)).next_result_sequence;
}

describe('relayer', () => {
  test('intake stores verified shares and refuses every kind of bad submission', async () => {
    const { intake, store } = await relayer('intake');
    const sequence = await chainNext();
    const batch = await nextBatch(sequence);
    const good = share(batch, sequence, 0);
    assert.deepEqual(await intake.receive(good), { status: 'stored', weight: '1', threshold: '3' });
    assert.equal((await intake.receive(good)).status, 'duplicate');
    const cases: [string, unknown, string, number][] = [
      ['not an object', [1], RelayerErrorCodes.RELAYER_BAD_REQUEST, 400],
      ['unknown field', { ...good, extra: 1 }, RelayerErrorCodes.RELAYER_BAD_REQUEST, 400],
      ['epoch not decimal', { ...good, epoch: 1 }, RelayerErrorCodes.RELAYER_BAD_REQUEST, 400],
      ['sequence with a leading zero', { ...good, sequence: `0${good.sequence}` }, RelayerErrorCodes.RELAYER_BAD_REQUEST, 400],
      ['batch not base64', { ...good, batch: 'a$b' }, RelayerErrorCodes.RELAYER_BAD_REQUEST, 400],
      ['signer not an index', { ...good, signer: -1 }, RelayerErrorCodes.RELAYER_BAD_REQUEST, 400],
      ['another epoch', { ...good, epoch: '2' }, RelayerErrorCodes.RELAYER_WRONG_EPOCH, 409],
      ['undecodable batch', { ...good, batch: toBase64(new Uint8Array([1, 2, 3])) }, RelayerErrorCodes.RELAYER_BATCH_INVALID, 400],
      ['batch of another sequence', { ...good, sequence: (sequence + 1n).toString() }, RelayerErrorCodes.RELAYER_BATCH_INVALID, 400],
      ['unknown signer', { ...good, signer: 9 }, RelayerErrorCodes.RELAYER_UNKNOWN_SIGNER, 403],
      ['signed by another member', { ...good, signer: 1 }, RelayerErrorCodes.RELAYER_BAD_SIGNATURE, 401],
      ['short signature', { ...good, signer: 1, signature: toBase64(new Uint8Array(95)) }, RelayerErrorCodes.RELAYER_BAD_SIGNATURE, 401],
    ];
    for (const [name, body, code, status] of cases) assert.deepEqual(await refusal(intake, body), { code, status }, name);
    const ahead = sequence + 2000n;
    const far = encodeResultBatch({ sequence: ahead, results: [] });
    assert.deepEqual(await refusal(intake, { ...share(far, ahead, 0) }), { code: RelayerErrorCodes.RELAYER_SEQUENCE_AHEAD, status: 409 });
    assert.equal(store.groups(Number(sequence), 1n)[0]?.shares.length, 1, 'only the good share is stored');
    store.close();
  });

  test('a quorum of shares becomes a certificate submitted in sequence; a share for a recorded sequence is acknowledged', async () => {
    const { intake, submitter, store } = await relayer('quorum');
    const sequence = await chainNext();
    const batch = await nextBatch(sequence);
    await intake.receive(share(batch, sequence, 0));
    await intake.receive(share(batch, sequence, 2));
    assert.equal(await submitter.step(), 50, 'two shares are below the threshold: nothing sent');
    assert.equal(await chainNext(), sequence);
    await intake.receive(share(batch, sequence, 3));
    assert.equal(await submitter.step(), 0);
    assert.equal(await chainNext(), sequence + 1n);
    assert.equal(store.submission(Number(sequence))?.status, 'landed');
    assert.equal((await intake.receive(share(batch, sequence, 1))).status, 'already-on-chain');
    store.close();
  });

  test('batch after batch: the gas price and coin are read once, the fees join the gas coin, an idle turn reads nothing', async () => {
    const calls = { gasPrice: 0, owned: 0, coordinator: 0 };
    const counting: Chain = Object.create(harness.chain, {
      getReferenceGasPrice: {
        value: async () => {
          calls.gasPrice += 1;
          return harness.chain.getReferenceGasPrice();
        },
      },
      listOwnedObjects: {
        value: async (...args: Parameters<Chain['listOwnedObjects']>) => {
          calls.owned += 1;
          return harness.chain.listOwnedObjects(...args);
        },
      },
      getObject: {
        value: async (id: string) => {
          if (id === harness.client.deployment.coordinatorId) calls.coordinator += 1;
          return harness.chain.getObject(id);
        },
      },
    });
    const { intake, submitter, store } = await relayer('gas', counting);
    const address = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill('g'.charCodeAt(0))).toSuiAddress();
    const coins = async () => (await harness.chain.listOwnedObjects(address, { type: SUI_COIN_TYPE })).objects.length;
    const before = await coins();
    for (let i = 0; i < 3; i++) {
      const sequence = await chainNext();
      const batch = await nextBatch(sequence);
      for (const signer of [0, 1, 2]) await intake.receive(share(batch, sequence, signer));
      assert.equal(await submitter.step(), 0);
      assert.equal(store.submission(Number(sequence))?.status, 'landed');
      assert.equal(await chainNext(), sequence + 1n);
    }
    assert.equal(calls.gasPrice, 1, 'the reference gas price is read once');
    assert.equal(calls.owned, 1, 'the coins are listed once; then the coin comes from the effects');
    assert.equal(await coins(), before, 'the fees were merged into the gas coin: no new coin per batch');
    const reads = calls.coordinator;
    assert.equal(await submitter.step(), 50, 'nothing stored for the next sequence');
    assert.equal(calls.coordinator, reads, 'an idle turn does not read the chain');
    store.close();
  });

  test('a certified batch the chain refuses does not block: a smaller one for the sequence lands at once, the rest after it', async () => {
    const { intake, submitter, store } = await relayer('split');
    const sequence = await chainNext();
    const user = await harness.user();
    const results: SessionResult[] = [];
    while (results.length <= MAX_BATCH_ENTRIES + 50) {
      const tx = new Transaction();
      for (let i = 0; i < 50; i++) {
        const cap = harness.client.requestDWalletDkg(tx, {
          networkKeyId: harness.networkKeyId,
          curve: Curve.SECP256K1,
          algorithm: SignatureAlgorithm.ECDSA,
          sessionPreimage: randomSessionPreimage(),
          payment: harness.client.payFromGas(tx, 0n),
          userDkgMessage: new Uint8Array([1]),
        });
        tx.transferObjects([cap], user.toSuiAddress());
      }
      for (const requested of harness.events(harness.ok(await harness.exec(tx, user)), 'DWalletDkgRequested')) {
        results.push({ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1]) } });
      }
    }
    // Past Sui's object runtime limit (four children a result): certified, but the chain refuses it.
    const big = encodeResultBatch({ sequence, results });
    for (const signer of [0, 1, 2]) await intake.receive(share(big, sequence, signer));
    assert.equal(await submitter.step(), 50, 'refused, and no other batch for the sequence yet: after the backoff');
    assert.equal(store.submission(Number(sequence))?.status, 'failed');
    assert.match(store.submission(Number(sequence))?.detail ?? '', /MEMORY_LIMIT_EXCEEDED/);
    assert.equal(await chainNext(), sequence);
    // The validators decided the sequence again, smaller: that certificate goes first.
    const smaller = encodeResultBatch({ sequence, results: results.slice(0, MAX_BATCH_ENTRIES) });
    for (const signer of [1, 2, 3]) await intake.receive(share(smaller, sequence, signer));
    assert.equal(await submitter.step(), 0);
    assert.equal(await chainNext(), sequence + 1n);
    assert.equal(store.submission(Number(sequence))?.status, 'landed');
    const rest = encodeResultBatch({ sequence: sequence + 1n, results: results.slice(MAX_BATCH_ENTRIES) });
    for (const signer of [0, 1, 2]) await intake.receive(share(rest, sequence + 1n, signer));
    assert.equal(await submitter.step(), 0);
    assert.equal(await chainNext(), sequence + 2n);
    store.close();
  });

  test('two relayers racing on one sequence: it lands once, the loser records a lost race', async () => {
    const a = await relayer('a-racer');
    const b = await relayer('b-racer');
    const sequence = await chainNext();
    const batch = await nextBatch(sequence);
    for (const signer of [0, 1, 2]) for (const r of [a, b]) await r.intake.receive(share(batch, sequence, signer));
    await Promise.all([a.submitter.step(), b.submitter.step()]);
    const statuses = [a.store.submission(Number(sequence))?.status, b.store.submission(Number(sequence))?.status].sort();
    assert.deepEqual(statuses, ['landed', 'lost-race']);
    assert.equal(await chainNext(), sequence + 1n);
    assert.equal(a.metrics.submissions.get({ outcome: 'lost-race' }) + b.metrics.submissions.get({ outcome: 'lost-race' }), 1);
    a.store.close();
    b.store.close();
  });

  test('a submission whose answer is lost is found on chain and never sent again, across a restart', async () => {
    let executions = 0;
    const lossy: Chain = Object.create(harness.chain, {
      executeTransaction: {
        value: async (transaction: SignedTransaction): Promise<TransactionResult> => {
          executions += 1;
          await harness.chain.executeTransaction(transaction);
          throw new Error('connection reset before the answer');
        },
      },
    });
    const first = await relayer('lossy', lossy);
    const sequence = await chainNext();
    const batch = await nextBatch(sequence);
    for (const signer of [1, 2, 3]) await first.intake.receive(share(batch, sequence, signer));
    assert.equal(await first.submitter.step(), 50);
    assert.equal(first.store.submission(Number(sequence))?.status, 'submitting');
    first.store.close();
    const restarted = await relayer('lossy', lossy);
    await restarted.submitter.step();
    await restarted.submitter.step();
    assert.equal(executions, 1, 'the batch was sent once');
    assert.equal(await chainNext(), sequence + 1n);
    restarted.store.close();
  });

  test('a certificate below the threshold is never built from unknown signers', async () => {
    const { intake, submitter, store } = await relayer('unknown');
    const sequence = await chainNext();
    const batch = await nextBatch(sequence);
    await intake.receive(share(batch, sequence, 0));
    assert.equal(await submitter.step(), 50);
    assert.equal(store.submission(Number(sequence)), undefined);
    store.close();
  });

  test('300 turns of the submitter loop with the chain down leave at most one abort listener', async () => {
    let reads = 0;
    const down: Chain = Object.create(harness.chain, {
      getObject: {
        value: async (): Promise<never> => {
          reads += 1;
          throw new ChainTransportError(ChainErrorCodes.TRANSPORT_FAILED, 'the chain is down');
        },
      },
    });
    const keypair = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(7));
    const store = RelayerStore.open(`${dir}/loop.sqlite`);
    const submitter = new Submitter({
      chain: down,
      client: new CoordinatorClient(harness.client.deployment),
      state: new ChainState(down, 0),
      store,
      keypair,
      metrics: new RelayerMetrics(),
      logger,
      pollIntervalMs: 1,
      retryMs: 1,
      submissionsKept: 1000,
    });
    const listeners = await abortListenersOver(
      (signal) => submitter.run(signal),
      () => reads >= 300,
    ).finally(() => store.close());
    assert.ok(listeners.most <= 1, `${listeners.most} abort listeners at once`);
    assert.equal(listeners.after, 0);
  });

  test('with the chain down a share cannot be checked: 503 DEPENDENCY_UNAVAILABLE with Retry-After; a malformed share is still a 400', async () => {
    const down: Chain = Object.create(harness.chain, {
      getObject: {
        value: async (): Promise<never> => {
          throw new ChainTransportError(ChainErrorCodes.TRANSPORT_FAILED, 'fetch failed: connect ECONNREFUSED');
        },
      },
    });
    const { intake, store, metrics } = await relayer('outage', down);
    const app = relayerApp({ intake, store, logger, metrics, health: async () => ({}) });
    const sequence = await chainNext();
    const batch = await nextBatch(sequence);
    const post = (body: unknown) =>
      app.request('/v1/signatures', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const outage = await post(share(batch, sequence, 0));
    assert.equal(outage.status, 503);
    assert.equal(outage.headers.get('retry-after'), '1');
    const body = (await outage.json()) as { error: { code: string; details: Record<string, unknown> } };
    assert.equal(body.error.code, DEPENDENCY_UNAVAILABLE);
    assert.deepEqual(body.error.details, { dependency: 'chain', cause: ChainErrorCodes.TRANSPORT_FAILED });
    const malformed = await post({ ...share(batch, sequence, 0), epoch: 1 });
    assert.equal(malformed.status, 400);
    assert.equal(((await malformed.json()) as { error: { code: string } }).error.code, RelayerErrorCodes.RELAYER_BAD_REQUEST);
    store.close();
  });

  test('GET /v1/submissions pages newest first and refuses bad parameters; records far below the chain are pruned', async () => {
    const store = RelayerStore.open(`${dir}/pages.sqlite`);
    for (let sequence = 0; sequence < 130; sequence++) {
      store.recordSubmission({ sequence, epoch: 1n, digest: `d${sequence}`, status: 'landed', attempts: 1, txDigest: `t${sequence}` });
    }
    const metrics = new RelayerMetrics();
    const intake = new SignatureIntake(store, new ChainState(harness.chain, 0), metrics, () => {});
    const app = relayerApp({ intake, store, logger, metrics, health: async () => ({}) });
    type Page = { submissions: { sequence: number }[]; nextCursor: string | null };
    const get = async (query: string) => {
      const response = await app.request(`/v1/submissions${query}`);
      return { status: response.status, body: (await response.json()) as Page & { error?: { code: string } } };
    };
    const first = await get('');
    assert.equal(first.body.submissions.length, 50, 'the default page');
    assert.equal(first.body.submissions[0]?.sequence, 129, 'newest first');
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`?limit=100${cursor === null ? '' : `&cursor=${cursor}`}`);
      seen.push(...page.body.submissions.map((s) => s.sequence));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(
      seen,
      Array.from({ length: 130 }, (_, i) => 129 - i),
    );
    for (const query of ['?limit=0', '?limit=101', '?limit=x', '?cursor=-1', '?cursor=01', '?page=2']) {
      const refused = await get(query);
      assert.equal(refused.status, 400, query);
      assert.equal(refused.body.error?.code, RelayerErrorCodes.RELAYER_BAD_REQUEST, query);
    }
    store.prune(130, 20);
    const kept = await get('?limit=100');
    assert.deepEqual(
      kept.body.submissions.map((s) => s.sequence),
      Array.from({ length: 20 }, (_, i) => 129 - i),
      'only the 20 records below the chain sequence are kept',
    );
    assert.equal(kept.body.nextCursor, null);
    store.close();
  });

  test('hasSharesFrom (the idle submitter’s check, a prepared statement) sees shares at or above the sequence, and pruning', () => {
    const store = RelayerStore.open(`${dir}/shares-from.sqlite`);
    assert.equal(store.hasSharesFrom(0), false);
    store.addSignature({ sequence: 5, epoch: 1n, digest: 'd5', batch: new Uint8Array([5]), signer: 0, signature: new Uint8Array(96) });
    assert.equal(store.hasSharesFrom(0), true);
    assert.equal(store.hasSharesFrom(5), true);
    assert.equal(store.hasSharesFrom(6), false);
    store.prune(6, 0);
    assert.equal(store.hasSharesFrom(0), false, 'the shares below the chain sequence are pruned');
    store.close();
  });
});
