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
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { aggregateSignatures, blsPublicKey, proofOfPossession, signersBitmap, signResultBatch } from '../chain/certificate.ts';
import type { TransactionResult } from '../chain/chain.ts';
import { Curve, SignatureAlgorithm } from '../chain/constants.ts';
import { CoordinatorClient } from '../chain/coordinator-client.ts';
import { LocalLedger } from '../chain/local/ledger.ts';
import { readCoordinator } from '../chain/object-reader.ts';
import { decodeEvent } from '../chain/schemas/events.ts';
import { encodeResultBatch, type SessionResult } from '../chain/schemas/result-batch.ts';
import { randomSessionPreimage } from '../chain/session-id.ts';
import { signAndExecute, signTransaction } from '../chain/transaction-signer.ts';

/** The budget each batch is measured against: 0.05 SUI, the fixed budget the relayer used before budgets came from simulation. */
const DEFAULT_GAS_BUDGET = 50_000_000n;

import { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES } from '../validator/batches/batch-protocol.ts';
import { BenchReport, single } from './support/harness.ts';

const KINDS = ['dkg', 'imported', 'presign', 'rejected'] as const;
type Kind = (typeof KINDS)[number];
/** Requests per transaction when opening sessions (each adds two table entries: well inside the object runtime's limits). */
const REQUESTS_PER_TX = 50;

interface Member {
  secretKey: Uint8Array;
  address: string;
}

class Chain {
  readonly admin = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(1));
  readonly relayer = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(2));
  readonly user = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(3));
  readonly members: Member[] = [1, 2, 3, 4].map((i) => {
    const secretKey = new Uint8Array(32);
    secretKey[31] = i;
    secretKey[30] = 0x5a;
    return { secretKey, address: Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(100 + i)).toSuiAddress() };
  });
  networkKeyId = '';

  private constructor(
    readonly ledger: LocalLedger,
    readonly client: CoordinatorClient,
    readonly dir: string,
  ) {}

  static async open(): Promise<Chain> {
    const dir = mkdtempSync(join(tmpdir(), 'dwallet-bench-batch-'));
    const admin = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(1));
    const ledger = LocalLedger.open({ path: join(dir, 'chain.sqlite'), admin: admin.toSuiAddress() });
    const chain = new Chain(ledger, new CoordinatorClient(await ledger.deployment()), dir);
    for (const who of [chain.admin, chain.relayer, chain.user]) await ledger.faucet(who.toSuiAddress(), 1_000_000n * 1_000_000_000n);
    const cap = (
      await ledger.listOwnedObjects(chain.admin.toSuiAddress(), { type: `${chain.client.deployment.packageId}::coordinator::AdminCap` })
    ).objects[0];
    if (cap === undefined) throw new Error('no AdminCap');
    const adminCap = { objectId: cap.objectId, version: cap.version, digest: cap.digest };
    const committee = new Transaction();
    chain.client.setCommittee(committee, {
      adminCap,
      epoch: 1n,
      members: chain.members.map((m, i) => ({
        publicKey: blsPublicKey(m.secretKey),
        proofOfPossession: proofOfPossession(m.secretKey, m.address),
        weight: 1n,
        suiAddress: m.address,
        networkAddress: `http://127.0.0.1:${9100 + i}`,
        shareEncryptionKey: secp256k1.getPublicKey(new Uint8Array(32).fill(0x30 + i), true),
      })),
      threshold: 3n,
    });
    ok(await signAndExecute(ledger, committee, chain.admin), 'set committee');
    const key = new Transaction();
    chain.client.registerNetworkKey(key, {
      adminCap: await chain.ref(adminCap.objectId),
      curves: [Curve.SECP256K1],
      keyCommitment: new Uint8Array(32).fill(7),
      globalKeyParts: new Uint8Array([1, 2, 3, 4]),
    });
    const registered = ok(await signAndExecute(ledger, key, chain.admin), 'register network key');
    chain.networkKeyId = (chain.events(registered, 'NetworkKeyRegistered')[0] as { network_key_id: string }).network_key_id;
    return chain;
  }

  async ref(objectId: string) {
    const object = await this.ledger.getObject(objectId);
    if (!object) throw new Error(`no object ${objectId}`);
    return { objectId: object.objectId, version: object.version, digest: object.digest };
  }

  events(result: TransactionResult, name: string): Record<string, unknown>[] {
    return result.events
      .map((e) => decodeEvent(this.client.deployment.packageId, e.type, e.bcs))
      .filter((e) => e.name === name)
      .map((e) => e.value as Record<string, unknown>);
  }

  /** Opens `count` sessions of `kind`; their session ids. */
  async open(kind: Kind, count: number): Promise<Uint8Array[]> {
    const ids: Uint8Array[] = [];
    for (let done = 0; done < count; done += REQUESTS_PER_TX) {
      const tx = new Transaction();
      for (let i = done; i < Math.min(count, done + REQUESTS_PER_TX); i++) {
        const common = {
          networkKeyId: this.networkKeyId,
          curve: Curve.SECP256K1 as Curve,
          algorithm: SignatureAlgorithm.ECDSA as SignatureAlgorithm,
          sessionPreimage: randomSessionPreimage(),
          payment: this.client.payFromGas(tx, 0n),
        };
        if (kind === 'presign') {
          this.client.requestPresign(tx, common);
          continue;
        }
        const cap =
          kind === 'imported'
            ? this.client.requestImportedKeyDWallet(tx, { ...common, userImportMessage: new Uint8Array([1]) })
            : this.client.requestDWalletDkg(tx, { ...common, userDkgMessage: new Uint8Array([1]) });
        tx.transferObjects([cap], this.user.toSuiAddress());
      }
      const result = ok(await signAndExecute(this.ledger, tx, this.user, { gasBudget: 5_000_000_000n }), `${kind} requests`);
      const event = kind === 'presign' ? 'PresignRequested' : kind === 'imported' ? 'ImportedKeyDWalletRequested' : 'DWalletDkgRequested';
      for (const value of this.events(result, event)) ids.push(new Uint8Array(value.session_id as Uint8Array));
    }
    return ids;
  }

  /** Certifies `results` for the chain's next sequence and submits them as the relayer does. */
  async submit(results: SessionResult[]) {
    const sequence = (await readCoordinator(this.ledger)).next_result_sequence;
    const batch = encodeResultBatch({ sequence, results });
    const signers = [0, 1, 2];
    const signature = aggregateSignatures(
      signers.map((i) => signResultBatch((this.members[i] as Member).secretKey, this.client.deployment.coordinatorId, batch, 1n)),
    );
    const tx = new Transaction();
    const payout = this.client.processResultBatch(tx, { epoch: 1n, batch, signature, signersBitmap: signersBitmap(signers, 4) });
    tx.mergeCoins(tx.gas, [payout]);
    const signed = await signTransaction(this.ledger, tx, this.relayer, { gasBudget: DEFAULT_GAS_BUDGET });
    const started = performance.now();
    const result = await this.ledger.executeTransaction(signed);
    return { result, ms: performance.now() - started, batchBytes: batch.length, txBytes: signed.bytes.length };
  }

  close(): void {
    this.ledger.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function ok(result: TransactionResult, what: string): TransactionResult {
  if (!result.status.success) throw new Error(`${what} failed: ${JSON.stringify(result.status.error)}`);
  return result;
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
  ms: number;
  refusedAt: number;
  refusal: string;
}

export async function run(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { kinds: { type: 'string', default: KINDS.join(',') } } });
  const kinds = (values.kinds as string).split(',').filter((k): k is Kind => (KINDS as readonly string[]).includes(k));
  const report = new BenchReport('batch');
  const rows: Row[] = [];
  const chain = await Chain.open();
  try {
    for (const kind of kinds) {
      const full = await chain.open(kind, MAX_BATCH_ENTRIES);
      const size = fillingPayload(kind, MAX_BATCH_ENTRIES);
      const landed = await chain.submit(full.map((id) => result(kind, id, size)));
      ok(landed.result, `a full ${kind} batch`);
      if (landed.batchBytes > MAX_BATCH_BYTES) throw new Error(`the ${kind} batch is ${landed.batchBytes} bytes`);
      // Bisection on the entry count of the smallest entries: `lo` lands, `hi` is refused.
      let lo = MAX_BATCH_ENTRIES;
      let hi = 2 * MAX_BATCH_ENTRIES;
      let pool = await chain.open(kind, hi);
      let refusal = '';
      const first = await chain.submit(pool.map((id) => result(kind, id, 1)));
      if (first.result.status.success) throw new Error(`${hi} ${kind} results landed in one batch`);
      refusal = first.result.status.error.message;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        const tried = await chain.submit(pool.slice(0, mid).map((id) => result(kind, id, 1)));
        if (tried.result.status.success) {
          lo = mid;
          pool = [...pool.slice(mid), ...(await chain.open(kind, mid))];
        } else {
          hi = mid;
          refusal = tried.result.status.error.message;
        }
      }
      const gasUnits = landed.result.gasUsed.computationCost / 1000n;
      const row: Row = {
        kind,
        entries: MAX_BATCH_ENTRIES,
        batchBytes: landed.batchBytes,
        txBytes: landed.txBytes,
        events: landed.result.events.length,
        objectsChanged: landed.result.changedObjects.length,
        gasUnits,
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
          gas_budget_units: Number(DEFAULT_GAS_BUDGET / 1000n),
          refused_at_entries: row.refusedAt,
          refusal: row.refusal,
        },
      });
    }
  } finally {
    chain.close();
  }
  return {
    printTable(): void {
      report.printTable();
      const header = ['kind', 'entries', 'batch B', 'tx B', 'events', 'objects', 'gas units', 'refused at', 'refusal'];
      const lines = rows.map((r) => [
        r.kind,
        String(r.entries),
        String(r.batchBytes),
        String(r.txBytes),
        String(r.events),
        String(r.objectsChanged),
        String(r.gasUnits),
        String(r.refusedAt),
        r.refusal,
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
      const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
      console.log(
        `\nfull batches (cap ${MAX_BATCH_ENTRIES} entries, ${MAX_BATCH_BYTES} bytes; gas budget ${DEFAULT_GAS_BUDGET / 1000n} units)`,
      );
      console.log(fmt(header));
      console.log(widths.map((w) => '-'.repeat(w)).join('  '));
      for (const l of lines) console.log(fmt(l));
    },
  };
}
