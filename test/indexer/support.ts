/**
 * Fixtures for the indexer tests: an in-process local chain (test/chain/support/local-harness.ts)
 * on which a scenario produces every event kind the coordinator emits, and an indexer following
 * it over each store backend — a temporary SQLite file always, and a fresh PostgreSQL database
 * whenever the server of `DWALLET_TEST_POSTGRES_URL` (default
 * postgres://postgres@127.0.0.1:5432/postgres) answers; otherwise the PostgreSQL cases are
 * skipped, with the reason.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex } from '@noble/hashes/utils.js';
import pg from 'pg';
import type { Chain, EventPage, ListEventsQuery } from '../../chain/chain.ts';
import { HashScheme, RequestKind } from '../../chain/constants.ts';
import { randomSessionPreimage } from '../../chain/session-id.ts';
import type * as schema from '../../indexer/db/schema.ts';
import { rows } from '../../indexer/db/work.ts';
import { Indexer, type IndexerOptions } from '../../indexer/indexer.ts';
import { type CurveName, getCurve } from '../../mpc/curves/curve.ts';
import { CURVE_IDS } from '../../mpc/signing/algorithms.ts';
import { createLogger } from '../../runtime/log.ts';
import { Flows, fakeSignature, type LocalHarness } from '../chain/support/local-harness.ts';

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `dwallet-indexer-${label}-`));
}

export function hexOf(bytes: Uint8Array): string {
  return bytesToHex(new Uint8Array(bytes));
}

/** What the scenario made, by name, for the assertions. */
export interface Scenario {
  user: Ed25519Keypair;
  dkg: { dwalletId: string; capId: string; sessionId: string; output: Uint8Array };
  imported: { dwalletId: string; capId: string; sessionId: string; output: Uint8Array };
  rejectedDkg: { dwalletId: string; sessionId: string };
  pooled: { presignId: string; sessionId: string; output: Uint8Array };
  pendingPresign: { presignId: string; sessionId: string };
  claimed: { presignId: string; capId: string };
  sign: { signId: string; sessionId: string; message: Uint8Array; signature: Uint8Array };
  rejectedSign: { signId: string; sessionId: string };
  future: { partialId: string; sessionId: string; partialCapId: string };
  signWithPartial: { signId: string; sessionId: string };
}

export const MESSAGE = new TextEncoder().encode('transfer 1 ETH');

/** Every event kind on `h`: committee and key (from the harness), requests, results, rejections, batches. */
export async function runScenario(h: LocalHarness): Promise<Scenario> {
  const flows = new Flows(h);
  const user = await h.user();
  await h.setFee(RequestKind.PRESIGN, 0n);
  const dkgWallet = await flows.activeDWallet(user);
  const importedWallet = await flows.activeDWallet(user, { imported: true });
  const rejectedRequest = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
  await h.submitResults([
    {
      Rejected: {
        session_id: rejectedRequest.session_id,
        reason_code: 1,
        reason: new TextEncoder().encode('ECDSA_INVALID_DKG_MESSAGE'),
        blamed: [],
      },
    },
  ]);
  const pooled = await flows.pooledPresign(user);
  const pending = h.event(h.ok(await flows.requestPresign(user)), 'PresignRequested');
  const claimedEvent = h.event(h.ok(await flows.claim(user)), 'PresignClaimed');

  const signRequested = h.event(
    h.ok(await flows.sign(user, { dwalletCapId: dkgWallet.capId, presignCapId: claimedEvent.presign_cap_id, message: MESSAGE })),
    'SignRequested',
  );
  const signature = fakeSignature(9, 0);
  await h.submitResults([{ Signature: { session_id: signRequested.session_id, signature } }]);

  const second = await flows.presignCap(user);
  const rejectedSign = h.event(
    h.ok(await flows.sign(user, { dwalletCapId: dkgWallet.capId, presignCapId: second.capId })),
    'SignRequested',
  );
  await h.submitResults([
    {
      Rejected: {
        session_id: rejectedSign.session_id,
        reason_code: 3,
        reason: new TextEncoder().encode('ECDSA_INVALID_SIGN_MESSAGE/proof'),
        blamed: [1],
      },
    },
  ]);

  const third = await flows.presignCap(user);
  const futureTx = new Transaction();
  const partialCap = h.client.requestFutureSign(futureTx, {
    dwalletId: dkgWallet.dwalletId,
    presignCap: await h.ref(third.capId),
    hashScheme: HashScheme.KECCAK256,
    message: MESSAGE,
    sessionPreimage: randomSessionPreimage(),
    userSignMessage: new Uint8Array([0xf5, 0x01]),
    payment: h.client.payFromGas(futureTx, 0n),
  });
  futureTx.transferObjects([partialCap], user.toSuiAddress());
  const futureResult = h.ok(await h.exec(futureTx, user));
  const futureRequested = h.event(futureResult, 'FutureSignRequested');
  await h.submitResults([{ FutureSignVerified: { session_id: futureRequested.session_id } }]);
  const partialCapId = h.created(futureResult, 'PartialSignatureCap')[0] as string;

  const completeTx = new Transaction();
  const approval = h.client.approveMessage(completeTx, {
    dwalletCap: await h.ref(dkgWallet.capId),
    hashScheme: HashScheme.KECCAK256,
    message: MESSAGE,
  });
  h.client.requestSignWithPartialSignature(completeTx, {
    partialSignatureCap: await h.ref(partialCapId),
    approval,
    sessionPreimage: randomSessionPreimage(),
    payment: h.client.payFromGas(completeTx, 0n),
  });
  const withPartial = h.event(h.ok(await h.exec(completeTx, user)), 'SignRequested');

  return {
    user,
    dkg: { ...dkgWallet, sessionId: hexOf(dkgWallet.sessionId) },
    imported: { ...importedWallet, sessionId: hexOf(importedWallet.sessionId) },
    rejectedDkg: { dwalletId: rejectedRequest.dwallet_id, sessionId: hexOf(rejectedRequest.session_id) },
    pooled: { presignId: pooled.presignId, sessionId: hexOf(pooled.sessionId), output: pooled.output },
    pendingPresign: { presignId: pending.presign_id, sessionId: hexOf(pending.session_id) },
    claimed: { presignId: claimedEvent.presign_id, capId: claimedEvent.presign_cap_id },
    sign: { signId: signRequested.sign_id, sessionId: hexOf(signRequested.session_id), message: MESSAGE, signature },
    rejectedSign: { signId: rejectedSign.sign_id, sessionId: hexOf(rejectedSign.session_id) },
    future: { partialId: futureRequested.partial_signature_id, sessionId: hexOf(futureRequested.session_id), partialCapId },
    signWithPartial: { signId: withPartial.sign_id, sessionId: hexOf(withPartial.session_id) },
  };
}

/**
 * A dWallet output whose head (mpc/ecdsa/dkg/encoding.ts: curve id u32, key commitment, session
 * id, X_A, X_B, X) decodes, with X = x_A·G + x_B·G: the indexer reads the public key X from it.
 * What follows the head in a real output (the encrypted share, the randomizers) is not read by
 * the indexer and is left out.
 */
export function dwalletOutputWithKey(curveName: CurveName, xa: bigint, xb: bigint): { output: Uint8Array; publicKey: Uint8Array } {
  const curve = getCurve(curveName);
  const userShare = curve.multiplyPublic(curve.generator, xa);
  const networkShare = curve.multiplyPublic(curve.generator, xb);
  const publicKey = curve.encodePoint(userShare.add(networkShare));
  const curveId = new Uint8Array(4);
  new DataView(curveId.buffer).setUint32(0, CURVE_IDS[curveName], true);
  const output = new Uint8Array([
    ...curveId,
    ...new Uint8Array(64),
    ...curve.encodePoint(userShare),
    ...curve.encodePoint(networkShare),
    ...publicKey,
  ]);
  return { output, publicKey };
}

/** The flags of an indexer process that name the chain as a Sui node is named: its URL, the package and the coordinator. */
export function chainFlags(chainUrl: string, deployment: { packageId: string; coordinatorId: string }): string[] {
  return ['--chain-url', chainUrl, '--package-id', deployment.packageId, '--coordinator-id', deployment.coordinatorId];
}

/** Log lines of a test logger. */
export function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('indexer', { level: 'debug', sink: (line) => lines.push(line) }), lines };
}

export async function openIndexer(chain: Chain, database: IndexerOptions['database'], extra: Partial<IndexerOptions> = {}) {
  return Indexer.open({ chain, database, pageSize: 7, pollIntervalMs: 20, logger: capturingLogger().logger, ...extra });
}

/**
 * The chain as a follower sees it, with one event of the package whose bytes do not decode served
 * before the first real event (the real chain's events, unchanged, around it).
 */
export function withUndecodableEvent(chain: Chain, packageId: string): Chain {
  let injected = false;
  return Object.create(chain, {
    listEvents: {
      value: async (query?: ListEventsQuery): Promise<EventPage> => {
        const page = await chain.listEvents(query);
        if (injected || page.events.length === 0) return page;
        injected = true;
        const first = page.events[0] as EventPage['events'][number];
        const bogus = {
          ...first,
          id: { ...first.id, eventSeq: 999 },
          type: `${packageId}::events::SignRequested`,
          bcs: new Uint8Array([1, 2, 3]),
        };
        return { ...page, events: [bogus, ...page.events] };
      },
    },
  });
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export type StoreBackend = 'sqlite' | 'postgres';

/** Every indexer test file runs once per backend: `describe(`… (${backend})`, { skip: backendSkip(backend) }, …)`. */
export const STORE_BACKENDS: readonly StoreBackend[] = ['sqlite', 'postgres'];

/** The server the PostgreSQL cases use (test databases are created there and dropped after). */
export const POSTGRES_URL = process.env.DWALLET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Why the PostgreSQL cases are skipped (false: the server answers). Asked while this module loads,
 * before any test runs: a probe made while a test keeps the event loop busy would time out.
 */
const postgresSkip: string | false = await (async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return false;
  } catch (error) {
    return `PostgreSQL at ${POSTGRES_URL} (DWALLET_TEST_POSTGRES_URL) does not answer: ${(error as Error).message || String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
})();

/** Why `backend`'s cases are skipped (false: they run). */
export function backendSkip(backend: StoreBackend): string | false {
  return backend === 'postgres' ? postgresSkip : false;
}

/** Runs `statement` on the server's administration database (`POSTGRES_URL`). */
async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the test server. */
export function postgresUrlOf(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Fresh databases for one test file on one backend: SQLite files in a temporary folder, or
 * PostgreSQL databases `dwallet_indexer_test_<random>` (other test processes share the server).
 * `drop()` (in an `after` hook, so it runs when tests failed too) removes them all.
 */
export class TestDatabases {
  readonly #label: string;
  #dir: string | undefined;
  readonly #databases: string[] = [];

  constructor(
    readonly backend: StoreBackend,
    label: string,
  ) {
    this.#label = `${label}-${backend}`;
  }

  /** A temporary folder of the test (SQLite files, a chain's files), made on first use. */
  get dir(): string {
    this.#dir ??= tempDir(this.#label);
    return this.#dir;
  }

  /** A new empty database: its path or URL, as `IndexerOptions.database` takes it. */
  async create(name = 'indexer'): Promise<string> {
    if (this.backend === 'sqlite') return join(this.dir, `${name}.sqlite`);
    const database = `dwallet_indexer_test_${randomBytes(8).toString('hex')}`;
    await onServer(`CREATE DATABASE ${database}`);
    this.#databases.push(database);
    return postgresUrlOf(database);
  }

  async drop(): Promise<void> {
    if (this.#dir !== undefined) cleanup(this.#dir);
    // FORCE: a test that failed may have left an indexer's connections open.
    for (const database of this.#databases.splice(0)) await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

type TableName = {
  [K in keyof typeof schema]: (typeof schema)[K] extends { $inferSelect: object } ? K : never;
}[keyof typeof schema];

/** Every row of an indexer table, read through the indexer's own store (either backend). */
export function rowsOf<K extends TableName>(indexer: Indexer, table: K): Promise<(typeof schema)[K]['$inferSelect'][]> {
  return indexer.store.read(function* ({ db, t }) {
    // One table of the kit, whichever: the row type is the caller's K's.
    const found = yield* rows(db.select().from(t[table] as typeof t.sessions));
    return found as unknown as (typeof schema)[K]['$inferSelect'][];
  });
}
