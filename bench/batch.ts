/**
 * What a full result batch costs on chain, and where the chain stops taking one: for each result
 * kind, the largest batch the batch decider can propose (MAX_BATCH_ENTRIES entries, their payloads
 * sized to fill MAX_BATCH_BYTES) is certified and landed on the local chain, which enforces Sui's
 * limits and charges gas (`chain/sui-limits.ts`, `chain/local/gas.ts`), reporting the transaction's
 * size, events, objects changed and gas; then the entry count at which the chain refuses a batch of
 * the smallest entries is found by bisection (a refused batch changes nothing, so its sessions are
 * tried again).
 *
 * The binding limit is Sui's object runtime: each result loads four dynamic-field children (the
 * session's table field and object, the target's table field and object), and a transaction may
 * load 1,000 (`object_runtime_max_num_cached_objects`), so 251 entries are refused whatever their
 * size. Bytes bind next: a 96 KiB batch is a 97 KiB transaction (seven pure chunks appended with
 * `0x1::vector::append`), inside Sui's 128 KiB.
 *
 * Run: npm run bench -- batch   (options: --kinds dkg,imported,presign,rejected)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { Curve, SignatureAlgorithm } from '../chain/constants.ts';
import type { SessionResult } from '../chain/schemas/result-batch.ts';
import { randomSessionPreimage } from '../chain/session-id.ts';
import { MAX_GAS_BUDGET } from '../chain/sui-limits.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES } from '../validator/batches/batch-protocol.ts';
import { BenchReport, single } from './support/harness.ts';
import { LocalCoordinator, ok } from './support/local-coordinator.ts';

/**
 * The budget each batch is submitted with: Sui's largest (`max_tx_gas`), so that only the chain's
 * limits refuse a batch and the bisection finds them. (The relayer budgets each batch from its
 * simulation; the fixed 0.05 SUI this bench used before fell below a full batch's storage cost.)
 */
const GAS_BUDGET = MAX_GAS_BUDGET;

const KINDS = ['dkg', 'imported', 'presign', 'rejected'] as const;
type Kind = (typeof KINDS)[number];
/** Requests per transaction when opening sessions (each adds two table entries: well inside the object runtime's limits). */
const REQUESTS_PER_TX = 50;
const USER = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(3));

/** Opens `count` sessions of `kind` on `chain`; their session ids. */
async function openSessions(chain: LocalCoordinator, kind: Kind, count: number): Promise<Uint8Array[]> {
  const ids: Uint8Array[] = [];
  for (let done = 0; done < count; done += REQUESTS_PER_TX) {
    const tx = new Transaction();
    for (let i = done; i < Math.min(count, done + REQUESTS_PER_TX); i++) {
      const common = {
        networkKeyId: chain.networkKeyId,
        curve: Curve.SECP256K1 as Curve,
        algorithm: SignatureAlgorithm.ECDSA as SignatureAlgorithm,
        sessionPreimage: randomSessionPreimage(),
        payment: chain.client.payFromGas(tx, 0n),
      };
      if (kind === 'presign') {
        chain.client.requestPresign(tx, common);
        continue;
      }
      const cap =
        kind === 'imported'
          ? chain.client.requestImportedKeyDWallet(tx, { ...common, userImportMessage: new Uint8Array([1]) })
          : chain.client.requestDWalletDkg(tx, { ...common, userDkgMessage: new Uint8Array([1]) });
      tx.transferObjects([cap], USER.toSuiAddress());
    }
    const result = await chain.execute(tx, USER, `${kind} requests`, { gasBudget: 5_000_000_000n });
    const events =
      kind === 'presign'
        ? chain.events(result, 'PresignRequested')
        : kind === 'imported'
          ? chain.events(result, 'ImportedKeyDWalletRequested')
          : chain.events(result, 'DWalletDkgRequested');
    for (const value of events) ids.push(new Uint8Array(value.session_id));
  }
  return ids;
}

/** Certifies `results` for the chain's next sequence and submits them as the relayer does, at {@link GAS_BUDGET}; timed. */
async function submit(chain: LocalCoordinator, results: SessionResult[]) {
  const { signed, batchBytes } = await chain.certifiedBatch(results, GAS_BUDGET);
  const started = performance.now();
  const result = await chain.ledger.executeTransaction(signed);
  return { result, ms: performance.now() - started, batchBytes, txBytes: signed.bytes.length };
}

/** The result of `kind` for `sessionId` with a payload of `size` bytes (at least one). */
function result(kind: Kind, sessionId: Uint8Array, size: number): SessionResult {
  const payload = new Uint8Array(Math.max(1, size)).fill(0xd0);
  if (kind === 'dkg') return { DWalletDkg: { session_id: sessionId, output: payload } };
  if (kind === 'imported') return { ImportedKeyVerified: { session_id: sessionId, output: payload } };
  if (kind === 'presign') return { Presign: { session_id: sessionId, output: payload } };
  return { Rejected: { session_id: sessionId, reason_code: 1, reason: payload, blamed: [] } };
}

/** The payload size that makes `entries` results of `kind` fill `MAX_BATCH_BYTES`. */
function fillingPayload(kind: Kind, entries: number): number {
  const overhead = kind === 'rejected' ? 1 + 33 + 4 + 3 + 1 : 1 + 33 + 3;
  return Math.floor((MAX_BATCH_BYTES - 16) / entries) - overhead;
}

interface Row {
  kind: Kind;
  entries: number;
  batchBytes: number;
  txBytes: number;
  events: number;
  objectsChanged: number;
  gasUnits: bigint;
  /** Storage cost less rebate, in MIST: what the batch's new objects and events hold on chain. */
  storageMist: bigint;
  ms: number;
  refusedAt: number;
  refusal: string;
}

export async function run(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { kinds: { type: 'string', default: KINDS.join(',') } } });
  const kinds = (values.kinds as string).split(',').filter((k): k is Kind => (KINDS as readonly string[]).includes(k));
  const report = new BenchReport('batch');
  const rows: Row[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'dwallet-bench-batch-'));
  const chain = await LocalCoordinator.open(dir);
  await chain.fund(USER.toSuiAddress());
  try {
    for (const kind of kinds) {
      const full = await openSessions(chain, kind, MAX_BATCH_ENTRIES);
      const size = fillingPayload(kind, MAX_BATCH_ENTRIES);
      const landed = await submit(
        chain,
        full.map((id) => result(kind, id, size)),
      );
      ok(landed.result, `a full ${kind} batch`);
      if (landed.batchBytes > MAX_BATCH_BYTES) throw new Error(`the ${kind} batch is ${landed.batchBytes} bytes`);
      // Bisection on the entry count of the smallest entries: `lo` lands, `hi` is refused.
      let lo = MAX_BATCH_ENTRIES;
      let hi = 2 * MAX_BATCH_ENTRIES;
      let pool = await openSessions(chain, kind, hi);
      let refusal = '';
      const first = await submit(
        chain,
        pool.map((id) => result(kind, id, 1)),
      );
      if (first.result.status.success) throw new Error(`${hi} ${kind} results landed in one batch`);
      refusal = first.result.status.error.message;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        const tried = await submit(
          chain,
          pool.slice(0, mid).map((id) => result(kind, id, 1)),
        );
        if (tried.result.status.success) {
          lo = mid;
          pool = [...pool.slice(mid), ...(await openSessions(chain, kind, mid))];
        } else {
          hi = mid;
          refusal = tried.result.status.error.message;
        }
      }
      const gasUnits = landed.result.gasUsed.computationCost / 1000n;
      const storageMist = landed.result.gasUsed.storageCost - landed.result.gasUsed.storageRebate;
      const row: Row = {
        kind,
        entries: MAX_BATCH_ENTRIES,
        batchBytes: landed.batchBytes,
        txBytes: landed.txBytes,
        events: landed.result.events.length,
        objectsChanged: landed.result.changedObjects.length,
        gasUnits,
        storageMist,
        ms: landed.ms,
        refusedAt: hi,
        refusal: refusal.slice(0, 80),
      };
      rows.push(row);
      report.add({
        name: `full ${kind} batch`,
        measurement: single(landed.ms),
        extra: {
          entries: row.entries,
          batch_bytes: row.batchBytes,
          tx_bytes: row.txBytes,
          events: row.events,
          objects_changed: row.objectsChanged,
          gas_units: Number(gasUnits),
          storage_mist: Number(storageMist),
          refused_at_entries: row.refusedAt,
          refusal: row.refusal,
        },
      });
    }
  } finally {
    chain.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    printTable(): void {
      report.printTable();
      const header = ['kind', 'entries', 'batch B', 'tx B', 'events', 'objects', 'gas units', 'storage MIST', 'refused at', 'refusal'];
      const lines = rows.map((r) => [
        r.kind,
        String(r.entries),
        String(r.batchBytes),
        String(r.txBytes),
        String(r.events),
        String(r.objectsChanged),
        String(r.gasUnits),
        String(r.storageMist),
        String(r.refusedAt),
        r.refusal,
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
      const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
      console.log(
        `\nfull batches (cap ${MAX_BATCH_ENTRIES} entries, ${MAX_BATCH_BYTES} bytes; submitted at Sui's largest budget, ${GAS_BUDGET / 1_000_000_000n} SUI)`,
      );
      console.log(fmt(header));
      console.log(widths.map((w) => '-'.repeat(w)).join('  '));
      for (const l of lines) console.log(fmt(l));
    },
  };
}
