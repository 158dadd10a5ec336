/**
 * The read side of the indexer's tables: one function per question the HTTP API (or an embedder)
 * asks, returning API records (views.ts). Parameters are already validated (http/params.ts).
 * @module
 */
import { and, asc, count, desc, eq, gt, inArray, isNull, type SQL } from 'drizzle-orm';
import type { SessionKind } from '../chain/schemas/requests.ts';
import {
  algorithmById,
  CURVE_IDS,
  SIGNATURE_ALGORITHM_IDS,
  SIGNING_SCHEMES,
  type SignatureAlgorithmName,
} from '../mpc/signing/algorithms.ts';
import type { IndexerDb } from './db/database.ts';
import * as schema from './db/schema.ts';
import {
  type CommitteeRecord,
  committeeRecord,
  type DWalletRecord,
  dwalletRecord,
  type FeedEntry,
  type NetworkKeyRecord,
  networkKeyRecord,
  type PartialSignatureRecord,
  type PoolRecord,
  type PresignRecord,
  partialSignatureRecord,
  presignRecord,
  type ResultRecord,
  type SessionRecord,
  type SignatureRecord,
  sessionRecord,
  signatureRecord,
} from './views.ts';

/** Which results a stream subscriber wants (all when empty). */
export interface ResultFilter {
  readonly sessionId?: string;
  readonly dwalletId?: string;
  readonly kind?: SessionKind;
}

export class IndexerQueries {
  constructor(private readonly db: IndexerDb) {}

  #session(sessionId: string): schema.SessionRow | undefined {
    return this.db.select().from(schema.sessions).where(eq(schema.sessions.sessionId, sessionId)).get();
  }

  committee(): CommitteeRecord | null {
    const row = this.db.select().from(schema.committees).all();
    if (row.length === 0) return null;
    // Epochs are decimal text: the latest is the numerically largest.
    const latest = row.reduce((a, b) => (BigInt(b.epoch) > BigInt(a.epoch) ? b : a));
    return committeeRecord(latest);
  }

  networkKeys(): NetworkKeyRecord[] {
    return this.db
      .select()
      .from(schema.networkKeys)
      .orderBy(asc(schema.networkKeys.registeredAt), asc(schema.networkKeys.id))
      .all()
      .map(networkKeyRecord);
  }

  dwallet(id: string): DWalletRecord | undefined {
    const row = this.db.select().from(schema.dwallets).where(eq(schema.dwallets.id, id)).get();
    return row === undefined ? undefined : dwalletRecord(row, this.#session(row.sessionId));
  }

  /** dWallets by id order, `limit` at a time after `cursor` (an id); `nextCursor` when more remain. */
  dwallets(options: { owner?: string; limit: number; cursor?: string }): { dwallets: DWalletRecord[]; nextCursor: string | null } {
    const conditions: SQL[] = [];
    if (options.owner !== undefined) conditions.push(eq(schema.dwallets.owner, options.owner));
    if (options.cursor !== undefined) conditions.push(gt(schema.dwallets.id, options.cursor));
    const rows = this.db
      .select()
      .from(schema.dwallets)
      .where(conditions.length === 0 ? undefined : and(...conditions))
      .orderBy(asc(schema.dwallets.id))
      .limit(options.limit + 1)
      .all();
    const page = rows.slice(0, options.limit);
    const sessions = new Map(
      page.length === 0
        ? []
        : this.db
            .select()
            .from(schema.sessions)
            .where(
              inArray(
                schema.sessions.sessionId,
                page.map((r) => r.sessionId),
              ),
            )
            .all()
            .map((s) => [s.sessionId, s] as const),
    );
    return {
      dwallets: page.map((row) => dwalletRecord(row, sessions.get(row.sessionId))),
      nextCursor: rows.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  /** `sessionId`: 64 lowercase hex, no prefix. */
  session(sessionId: string): SessionRecord | undefined {
    const row = this.#session(sessionId);
    return row === undefined ? undefined : sessionRecord(row);
  }

  signature(signId: string): SignatureRecord | undefined {
    const row = this.db.select().from(schema.signatures).where(eq(schema.signatures.signId, signId)).get();
    return row === undefined ? undefined : signatureRecord(row, this.#session(row.sessionId));
  }

  partialSignature(id: string): PartialSignatureRecord | undefined {
    const row = this.db.select().from(schema.partialSignatures).where(eq(schema.partialSignatures.id, id)).get();
    return row === undefined ? undefined : partialSignatureRecord(row, this.#session(row.sessionId));
  }

  presign(id: string): PresignRecord | undefined {
    const row = this.db.select().from(schema.presigns).where(eq(schema.presigns.id, id)).get();
    return row === undefined ? undefined : presignRecord(row);
  }

  /**
   * The global presign pools: per network key, curve and signature algorithm, universal presigns
   * completed and not yet claimed (available) and requested but not completed (pending). Every
   * registered key's signing schemes (its curves × the algorithms of each, mpc/signing/algorithms.ts)
   * are listed, with zeros when nothing was requested; `algorithm` keeps only that algorithm's pools.
   */
  pools(filter: { algorithm?: SignatureAlgorithmName } = {}): PoolRecord[] {
    const conditions = [isNull(schema.presigns.dwalletId), inArray(schema.presigns.state, ['requested', 'completed'])];
    if (filter.algorithm !== undefined) conditions.push(eq(schema.presigns.algorithm, SIGNATURE_ALGORITHM_IDS[filter.algorithm]));
    const counts = this.db
      .select({
        networkKeyId: schema.presigns.networkKeyId,
        curve: schema.presigns.curve,
        algorithm: schema.presigns.algorithm,
        state: schema.presigns.state,
        n: count(),
      })
      .from(schema.presigns)
      .where(and(...conditions))
      .groupBy(schema.presigns.networkKeyId, schema.presigns.curve, schema.presigns.algorithm, schema.presigns.state)
      .all();
    const pools = new Map<string, PoolRecord>();
    const pool = (networkKeyId: string, curve: number, algorithm: SignatureAlgorithmName): PoolRecord => {
      const key = `${networkKeyId}/${curve}/${algorithm}`;
      const found = pools.get(key) ?? { networkKeyId, curve, algorithm, available: 0, pending: 0 };
      pools.set(key, found);
      return found;
    };
    for (const key of this.networkKeys()) {
      for (const scheme of SIGNING_SCHEMES) {
        const curve = CURVE_IDS[scheme.curve];
        if (key.curves.includes(curve) && (filter.algorithm === undefined || filter.algorithm === scheme.algorithm)) {
          pool(key.id, curve, scheme.algorithm);
        }
      }
    }
    for (const row of counts) {
      const entry = pool(row.networkKeyId, row.curve, algorithmById(row.algorithm));
      if (row.state === 'completed') entry.available += row.n;
      else entry.pending += row.n;
    }
    return [...pools.values()].sort(
      (a, b) =>
        a.networkKeyId.localeCompare(b.networkKeyId) ||
        a.curve - b.curve ||
        SIGNATURE_ALGORITHM_IDS[a.algorithm] - SIGNATURE_ALGORITHM_IDS[b.algorithm],
    );
  }

  /** Feed entries after `afterId`, in order, matching `filter`. */
  resultsAfter(afterId: number, filter: ResultFilter = {}, limit = 100): FeedEntry[] {
    const conditions: SQL[] = [gt(schema.results.id, afterId)];
    if (filter.sessionId !== undefined) conditions.push(eq(schema.results.sessionId, filter.sessionId));
    if (filter.dwalletId !== undefined) conditions.push(eq(schema.results.dwalletId, filter.dwalletId));
    if (filter.kind !== undefined) conditions.push(eq(schema.results.kind, filter.kind));
    return this.db
      .select()
      .from(schema.results)
      .where(and(...conditions))
      .orderBy(asc(schema.results.id))
      .limit(limit)
      .all()
      .map((row) => ({ id: row.id, result: JSON.parse(row.payload) as ResultRecord }));
  }

  /** The id of the latest feed entry (0 when the feed is empty). */
  lastResultId(): number {
    return this.db.select({ id: schema.results.id }).from(schema.results).orderBy(desc(schema.results.id)).limit(1).get()?.id ?? 0;
  }
}
