/**
 * The read side of the indexer's tables: one function per question the HTTP API (or an embedder)
 * asks, returning API records (views.ts). Each is a unit of work (db/work.ts) the store runs, the
 * same for SQLite and PostgreSQL. Parameters are already validated (http/params.ts).
 * @module
 */
import { and, asc, type Column, count, desc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { SessionKind } from '../chain/schemas/requests.ts';
import {
  algorithmById,
  CURVE_IDS,
  SIGNATURE_ALGORITHM_IDS,
  SIGNING_SCHEMES,
  type SignatureAlgorithmName,
} from '../mpc/signing/algorithms.ts';
import type * as schema from './db/schema.ts';
import type { IndexerStore } from './db/store.ts';
import { rows, type Tables, type Work } from './db/work.ts';
import { encodeListCursor, type ListPosition } from './list-cursor.ts';
import {
  type CommitteeRecord,
  committeeRecord,
  type DWalletRecord,
  dwalletRecord,
  type EncryptedShareRecord,
  type EncryptedShareState,
  type EncryptionKeyRecord,
  encryptedShareRecord,
  encryptionKeyRecord,
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
  type SessionStatus,
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

function* sessionRow({ db, t }: Tables, sessionId: string): Work<schema.SessionRow | undefined> {
  return (yield* rows(db.select().from(t.sessions).where(eq(t.sessions.sessionId, sessionId))))[0];
}

/** Which sessions a list wants (all when empty). */
export interface SessionListFilter {
  readonly dwalletId?: string;
  readonly kind?: SessionKind;
  readonly status?: SessionStatus;
}

/** A page of a newest-first list: `limit` items after `cursor` (list-cursor.ts). */
export interface NewestFirstPage {
  readonly limit: number;
  readonly cursor?: ListPosition;
}

/**
 * Rows strictly older than `position` in the order (time descending, id descending): a row-value
 * comparison, which SQLite and PostgreSQL both evaluate, and both answer from an index on
 * (…, time, id).
 */
function olderThan(time: Column, id: Column, position: ListPosition): SQL {
  return sql`(${time}, ${id}) < (${position.at}, ${position.id})`;
}

/** The page's items and the cursor after its last one when more remain (one row more is read to know). */
function pageOf<R, I>(
  found: R[],
  limit: number,
  position: (row: R) => ListPosition,
  item: (row: R) => I,
): { items: I[]; nextCursor: string | null } {
  const page = found.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(item), nextCursor: found.length > limit && last !== undefined ? encodeListCursor(position(last)) : null };
}

/** The sessions of `sessionIds`, by id (for the rejections of a page of objects). */
function* sessionsById({ db, t }: Tables, sessionIds: readonly string[]): Work<Map<string, schema.SessionRow>> {
  const found =
    sessionIds.length === 0
      ? []
      : yield* rows(
          db
            .select()
            .from(t.sessions)
            .where(inArray(t.sessions.sessionId, [...sessionIds])),
        );
  return new Map(found.map((session) => [session.sessionId, session] as const));
}

/** Which encrypted shares a list wants (all when empty). */
export interface EncryptedShareFilter {
  readonly dwalletId?: string;
  readonly owner?: string;
  readonly state?: EncryptedShareState;
}

function* networkKeys({ db, t }: Tables): Work<NetworkKeyRecord[]> {
  const found = yield* rows(db.select().from(t.networkKeys).orderBy(asc(t.networkKeys.registeredAt), asc(t.networkKeys.id)));
  return found.map(networkKeyRecord);
}

export class IndexerQueries {
  constructor(private readonly store: IndexerStore) {}

  committee(): Promise<CommitteeRecord | null> {
    return this.store.read(function* ({ db, t }) {
      const all = yield* rows(db.select().from(t.committees));
      if (all.length === 0) return null;
      // Epochs are decimal text: the latest is the numerically largest.
      return committeeRecord(all.reduce((a, b) => (BigInt(b.epoch) > BigInt(a.epoch) ? b : a)));
    });
  }

  networkKeys(): Promise<NetworkKeyRecord[]> {
    return this.store.read(networkKeys);
  }

  dwallet(id: string): Promise<DWalletRecord | undefined> {
    return this.store.read(function* (kit) {
      const { db, t } = kit;
      const [row] = yield* rows(db.select().from(t.dwallets).where(eq(t.dwallets.id, id)));
      return row === undefined ? undefined : dwalletRecord(row, yield* sessionRow(kit, row.sessionId));
    });
  }

  /** dWallets by id order, `limit` at a time after `cursor` (an id); `nextCursor` when more remain. */
  dwallets(options: { owner?: string; limit: number; cursor?: string }): Promise<{ dwallets: DWalletRecord[]; nextCursor: string | null }> {
    return this.store.read(function* ({ db, t }) {
      const conditions: SQL[] = [];
      if (options.owner !== undefined) conditions.push(eq(t.dwallets.owner, options.owner));
      if (options.cursor !== undefined) conditions.push(gt(t.dwallets.id, options.cursor));
      const found = yield* rows(
        db
          .select()
          .from(t.dwallets)
          .where(conditions.length === 0 ? undefined : and(...conditions))
          .orderBy(asc(t.dwallets.id))
          .limit(options.limit + 1),
      );
      const page = found.slice(0, options.limit);
      const sessions =
        page.length === 0
          ? []
          : yield* rows(
              db
                .select()
                .from(t.sessions)
                .where(
                  inArray(
                    t.sessions.sessionId,
                    page.map((r) => r.sessionId),
                  ),
                ),
            );
      const bySession = new Map(sessions.map((s) => [s.sessionId, s] as const));
      return {
        dwallets: page.map((row) => dwalletRecord(row, bySession.get(row.sessionId))),
        nextCursor: found.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    });
  }

  /** `sessionId`: 64 lowercase hex, no prefix. */
  session(sessionId: string): Promise<SessionRecord | undefined> {
    return this.store.read(function* (kit) {
      const row = yield* sessionRow(kit, sessionId);
      return row === undefined ? undefined : sessionRecord(row);
    });
  }

  /** Sessions newest first (request time, then id), `limit` at a time after `cursor`; `nextCursor` when more remain. */
  sessions(filter: SessionListFilter & NewestFirstPage): Promise<{ sessions: SessionRecord[]; nextCursor: string | null }> {
    return this.store.read(function* ({ db, t }) {
      const conditions: SQL[] = [];
      if (filter.dwalletId !== undefined) conditions.push(eq(t.sessions.dwalletId, filter.dwalletId));
      if (filter.kind !== undefined) conditions.push(eq(t.sessions.kind, filter.kind));
      if (filter.status !== undefined) conditions.push(eq(t.sessions.status, filter.status));
      if (filter.cursor !== undefined) conditions.push(olderThan(t.sessions.requestedAt, t.sessions.sessionId, filter.cursor));
      const found = yield* rows(
        db
          .select()
          .from(t.sessions)
          .where(conditions.length === 0 ? undefined : and(...conditions))
          .orderBy(desc(t.sessions.requestedAt), desc(t.sessions.sessionId))
          .limit(filter.limit + 1),
      );
      const { items, nextCursor } = pageOf(found, filter.limit, (row) => ({ at: row.requestedAt, id: row.sessionId }), sessionRecord);
      return { sessions: items, nextCursor };
    });
  }

  /** A dWallet's sign requests newest first (request time, then id), `limit` at a time after `cursor`. */
  signatures(filter: { dwalletId?: string } & NewestFirstPage): Promise<{ signatures: SignatureRecord[]; nextCursor: string | null }> {
    return this.store.read(function* ({ db, t }) {
      const conditions: SQL[] = [];
      if (filter.dwalletId !== undefined) conditions.push(eq(t.signatures.dwalletId, filter.dwalletId));
      if (filter.cursor !== undefined) conditions.push(olderThan(t.signatures.requestedAt, t.signatures.signId, filter.cursor));
      const found = yield* rows(
        db
          .select()
          .from(t.signatures)
          .where(conditions.length === 0 ? undefined : and(...conditions))
          .orderBy(desc(t.signatures.requestedAt), desc(t.signatures.signId))
          .limit(filter.limit + 1),
      );
      const sessionIds = found.slice(0, filter.limit).map((row) => row.sessionId);
      const sessions =
        sessionIds.length === 0 ? [] : yield* rows(db.select().from(t.sessions).where(inArray(t.sessions.sessionId, sessionIds)));
      const bySession = new Map(sessions.map((session) => [session.sessionId, session] as const));
      const { items, nextCursor } = pageOf(
        found,
        filter.limit,
        (row) => ({ at: row.requestedAt, id: row.signId }),
        (row) => signatureRecord(row, bySession.get(row.sessionId)),
      );
      return { signatures: items, nextCursor };
    });
  }

  signature(signId: string): Promise<SignatureRecord | undefined> {
    return this.store.read(function* (kit) {
      const { db, t } = kit;
      const [row] = yield* rows(db.select().from(t.signatures).where(eq(t.signatures.signId, signId)));
      return row === undefined ? undefined : signatureRecord(row, yield* sessionRow(kit, row.sessionId));
    });
  }

  partialSignature(id: string): Promise<PartialSignatureRecord | undefined> {
    return this.store.read(function* (kit) {
      const { db, t } = kit;
      const [row] = yield* rows(db.select().from(t.partialSignatures).where(eq(t.partialSignatures.id, id)));
      return row === undefined ? undefined : partialSignatureRecord(row, yield* sessionRow(kit, row.sessionId));
    });
  }

  presign(id: string): Promise<PresignRecord | undefined> {
    return this.store.read(function* ({ db, t }) {
      const [row] = yield* rows(db.select().from(t.presigns).where(eq(t.presigns.id, id)));
      return row === undefined ? undefined : presignRecord(row);
    });
  }

  /**
   * The global presign pools: per network key, curve and signature algorithm, universal presigns
   * completed and not yet claimed (available) and requested but not completed (pending). Every
   * registered key's signing schemes (its curves × the algorithms of each, mpc/signing/algorithms.ts)
   * are listed, with zeros when nothing was requested; `algorithm` keeps only that algorithm's pools.
   */
  pools(filter: { algorithm?: SignatureAlgorithmName } = {}): Promise<PoolRecord[]> {
    return this.store.read(function* (kit) {
      const { db, t } = kit;
      const conditions = [isNull(t.presigns.dwalletId), inArray(t.presigns.state, ['requested', 'completed'])];
      if (filter.algorithm !== undefined) conditions.push(eq(t.presigns.algorithm, SIGNATURE_ALGORITHM_IDS[filter.algorithm]));
      const counts = yield* rows(
        db
          .select({
            networkKeyId: t.presigns.networkKeyId,
            curve: t.presigns.curve,
            algorithm: t.presigns.algorithm,
            state: t.presigns.state,
            n: count(),
          })
          .from(t.presigns)
          .where(and(...conditions))
          .groupBy(t.presigns.networkKeyId, t.presigns.curve, t.presigns.algorithm, t.presigns.state),
      );
      const pools = new Map<string, PoolRecord>();
      const pool = (networkKeyId: string, curve: number, algorithm: SignatureAlgorithmName): PoolRecord => {
        const key = `${networkKeyId}/${curve}/${algorithm}`;
        const found = pools.get(key) ?? { networkKeyId, curve, algorithm, available: 0, pending: 0 };
        pools.set(key, found);
        return found;
      };
      for (const key of yield* networkKeys(kit)) {
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
    });
  }

  /** An owner's encryption keys, one per curve it registered (any state), by curve. */
  encryptionKeys(owner: string): Promise<EncryptionKeyRecord[]> {
    return this.store.read(function* (kit) {
      const { db, t } = kit;
      const found = yield* rows(
        db
          .select()
          .from(t.encryptionKeys)
          .where(eq(t.encryptionKeys.owner, owner))
          .orderBy(asc(t.encryptionKeys.curve), asc(t.encryptionKeys.id)),
      );
      const bySession = yield* sessionsById(
        kit,
        found.map((row) => row.sessionId),
      );
      return found.map((row) => encryptionKeyRecord(row, bySession.get(row.sessionId)));
    });
  }

  encryptedShare(id: string): Promise<EncryptedShareRecord | undefined> {
    return this.store.read(function* (kit) {
      const { db, t } = kit;
      const [row] = yield* rows(db.select().from(t.encryptedShares).where(eq(t.encryptedShares.id, id)));
      return row === undefined ? undefined : encryptedShareRecord(row, yield* sessionRow(kit, row.sessionId));
    });
  }

  /** Encrypted shares newest first (request time, then id), `limit` at a time after `cursor`; `nextCursor` when more remain. */
  encryptedShares(
    filter: EncryptedShareFilter & NewestFirstPage,
  ): Promise<{ encryptedShares: EncryptedShareRecord[]; nextCursor: string | null }> {
    return this.store.read(function* (kit) {
      const { db, t } = kit;
      const conditions: SQL[] = [];
      if (filter.dwalletId !== undefined) conditions.push(eq(t.encryptedShares.dwalletId, filter.dwalletId));
      if (filter.owner !== undefined) conditions.push(eq(t.encryptedShares.owner, filter.owner));
      if (filter.state !== undefined) conditions.push(eq(t.encryptedShares.state, filter.state));
      if (filter.cursor !== undefined) conditions.push(olderThan(t.encryptedShares.createdAt, t.encryptedShares.id, filter.cursor));
      const found = yield* rows(
        db
          .select()
          .from(t.encryptedShares)
          .where(conditions.length === 0 ? undefined : and(...conditions))
          .orderBy(desc(t.encryptedShares.createdAt), desc(t.encryptedShares.id))
          .limit(filter.limit + 1),
      );
      const bySession = yield* sessionsById(
        kit,
        found.slice(0, filter.limit).map((row) => row.sessionId),
      );
      const { items, nextCursor } = pageOf(
        found,
        filter.limit,
        (row) => ({ at: row.createdAt, id: row.id }),
        (row) => encryptedShareRecord(row, bySession.get(row.sessionId)),
      );
      return { encryptedShares: items, nextCursor };
    });
  }

  /** Feed entries after `afterId`, in order, matching `filter`. */
  resultsAfter(afterId: number, filter: ResultFilter = {}, limit = 100): Promise<FeedEntry[]> {
    return this.store.read(function* ({ db, t }) {
      const conditions: SQL[] = [gt(t.results.id, afterId)];
      if (filter.sessionId !== undefined) conditions.push(eq(t.results.sessionId, filter.sessionId));
      if (filter.dwalletId !== undefined) conditions.push(eq(t.results.dwalletId, filter.dwalletId));
      if (filter.kind !== undefined) conditions.push(eq(t.results.kind, filter.kind));
      const found = yield* rows(
        db
          .select()
          .from(t.results)
          .where(and(...conditions))
          .orderBy(asc(t.results.id))
          .limit(limit),
      );
      return found.map((row) => ({ id: row.id, result: JSON.parse(row.payload) as ResultRecord }));
    });
  }

  /** The id of the latest feed entry (0 when the feed is empty). */
  lastResultId(): Promise<number> {
    return this.store.read(function* ({ db, t }) {
      const [last] = yield* rows(db.select({ id: t.results.id }).from(t.results).orderBy(desc(t.results.id)).limit(1));
      return last?.id ?? 0;
    });
  }
}
