/**
 * The relayer's store (SQLite through drizzle, WAL): verified signature shares grouped by the
 * batch they sign, and the record of submissions.
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { Statement } from 'better-sqlite3';
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import { ChainStoreError } from '../../chain/errors.ts';
import { type OpenedDatabase, openSqlite } from '../../chain/sqlite.ts';
import { RelayerError, RelayerErrorCodes } from '../errors.ts';
import * as schema from './schema.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export type SubmissionRow = typeof schema.submissions.$inferSelect;
export type SubmissionStatus = 'submitting' | 'landed' | 'lost-race' | 'failed';

export interface SignatureGroup {
  readonly digest: string;
  readonly batch: Uint8Array;
  readonly shares: { readonly signer: number; readonly signature: Uint8Array }[];
}

function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class RelayerStore {
  #sharesFrom: Statement<[number], number> | undefined;

  private constructor(private readonly database: OpenedDatabase<typeof schema>) {}

  static open(path: string): RelayerStore {
    try {
      return new RelayerStore(openSqlite(path, schema, migrationsFolder));
    } catch (error) {
      if (error instanceof ChainStoreError) {
        throw new RelayerError(RelayerErrorCodes.RELAYER_STORE_INVALID, error.message, { path }, { cause: error });
      }
      throw error;
    }
  }

  private get db() {
    return this.database.db;
  }

  close(): void {
    this.database.close();
  }

  /** Stores a verified share (and its batch); false when this signer's share was stored before. */
  addSignature(share: {
    sequence: number;
    epoch: bigint;
    digest: string;
    batch: Uint8Array;
    signer: number;
    signature: Uint8Array;
  }): boolean {
    const now = Date.now();
    return this.database.sqlite.transaction(() => {
      this.db
        .insert(schema.batches)
        .values({
          sequence: share.sequence,
          epoch: share.epoch.toString(),
          digest: share.digest,
          batch: buffer(share.batch),
          receivedAt: now,
        })
        .onConflictDoNothing()
        .run();
      return (
        this.db
          .insert(schema.signatures)
          .values({
            sequence: share.sequence,
            epoch: share.epoch.toString(),
            digest: share.digest,
            signer: share.signer,
            signature: buffer(share.signature),
            receivedAt: now,
          })
          .onConflictDoNothing()
          .run().changes > 0
      );
    })();
  }

  /** Every batch signed for (sequence, epoch), with its shares. */
  groups(sequence: number, epoch: bigint): SignatureGroup[] {
    const rows = this.db
      .select()
      .from(schema.batches)
      .where(and(eq(schema.batches.sequence, sequence), eq(schema.batches.epoch, epoch.toString())))
      .all();
    return rows.map((row) => ({
      digest: row.digest,
      batch: new Uint8Array(row.batch),
      shares: this.db
        .select()
        .from(schema.signatures)
        .where(
          and(
            eq(schema.signatures.sequence, sequence),
            eq(schema.signatures.epoch, epoch.toString()),
            eq(schema.signatures.digest, row.digest),
          ),
        )
        .orderBy(asc(schema.signatures.signer))
        .all()
        .map((s) => ({ signer: s.signer, signature: new Uint8Array(s.signature) })),
    }));
  }

  /** Whether any share of a sequence at or above `sequence` is stored (work the submitter may have). */
  hasSharesFrom(sequence: number): boolean {
    // Prepared once: the idle submitter asks this every poll interval, and building the query each
    // time was a third of an idle relayer's CPU (relayer profile under the network bench).
    this.#sharesFrom ??= this.database.sqlite.prepare<[number], number>('SELECT 1 FROM batches WHERE sequence >= ? LIMIT 1').pluck();
    return this.#sharesFrom.get(sequence) !== undefined;
  }

  submission(sequence: number): SubmissionRow | undefined {
    return this.db.select().from(schema.submissions).where(eq(schema.submissions.sequence, sequence)).get();
  }

  recordSubmission(row: {
    sequence: number;
    epoch: bigint;
    digest: string;
    status: SubmissionStatus;
    attempts: number;
    txDigest?: string | null;
    detail?: string | null;
  }): void {
    const values = {
      sequence: row.sequence,
      epoch: row.epoch.toString(),
      digest: row.digest,
      status: row.status,
      attempts: row.attempts,
      txDigest: row.txDigest ?? null,
      detail: row.detail ?? null,
      updatedAt: Date.now(),
    };
    this.db.insert(schema.submissions).values(values).onConflictDoUpdate({ target: schema.submissions.sequence, set: values }).run();
  }

  /** Submissions newest first, `limit` at a time, below sequence `before` when given. */
  submissions(options: { limit: number; before?: number }): SubmissionRow[] {
    return this.db
      .select()
      .from(schema.submissions)
      .where(options.before === undefined ? undefined : lt(schema.submissions.sequence, options.before))
      .orderBy(desc(schema.submissions.sequence))
      .limit(options.limit)
      .all();
  }

  /**
   * Forgets what the chain has recorded: the shares of every sequence below `belowSequence`, and
   * the submission records of sequences more than `keepSubmissions` below it (kept that long for
   * operators, then dropped so the table stays bounded).
   */
  prune(belowSequence: number, keepSubmissions: number): void {
    this.database.sqlite.transaction(() => {
      this.db.delete(schema.signatures).where(lt(schema.signatures.sequence, belowSequence)).run();
      this.db.delete(schema.batches).where(lt(schema.batches.sequence, belowSequence)).run();
      this.db
        .delete(schema.submissions)
        .where(lt(schema.submissions.sequence, belowSequence - keepSubmissions))
        .run();
    })();
  }
}
