/**
 * Where the SDK learns what the network did: the indexer first, the chain when the indexer fails.
 *
 * The indexer is fast and streams results; the chain is the truth and always there. Every read
 * of the SDK ({@link Lookup.read}) and every wait ({@link Lookup.wait}) goes through here:
 * - a read asks the indexer and, when it fails (unreachable, nonsense, refused: see
 *   `isIndexerFailure`), reads the chain instead, saying so through `onProgress`; an answer of
 *   the indexer (including "there is none") is taken as it is;
 * - a wait follows the indexer's stream, and the chain's events once the indexer fails; from
 *   then on this lookup has no indexer: later reads and waits go to the chain at once.
 *
 * The chain's side of sessions (requests, results, rejections) is the package's events, read by
 * one {@link ChainSessionFollower} shared by reads and waits.
 * @module
 */
import type { Rejection } from './errors.ts';
import { type IndexerClient, isIndexerFailure, type SessionRecord } from './indexer-client.ts';
import { type ChainSessionFollower, type SessionOutcome, SessionStream, waitForSession } from './wait.ts';

export interface LookupOptions {
  /** Null: no indexer, the chain alone. */
  readonly indexer: IndexerClient | null;
  readonly follower: ChainSessionFollower;
  readonly onProgress?: (line: string) => void;
}

export interface LookupWaitOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly pollIntervalMs?: number;
}

export class Lookup {
  readonly follower: ChainSessionFollower;
  readonly #onProgress: (line: string) => void;
  #indexer: IndexerClient | null;
  /** The indexer's stream, shared by every wait (none without an indexer). */
  #stream: SessionStream | undefined;

  constructor(options: LookupOptions) {
    this.follower = options.follower;
    this.#onProgress = options.onProgress ?? (() => {});
    this.#indexer = options.indexer;
    this.#stream = options.indexer === null ? undefined : new SessionStream(options.indexer);
  }

  /** The indexer in use (null: none, or a wait found it down and the chain is followed instead). */
  get indexer(): IndexerClient | null {
    return this.#indexer;
  }

  /** `viaIndexer`'s answer, or `viaChain`'s when there is no indexer or it fails; other errors are thrown. */
  async read<T>(viaIndexer: (indexer: IndexerClient) => Promise<T>, viaChain: () => Promise<T>): Promise<T> {
    const indexer = this.#indexer;
    if (indexer !== null) {
      try {
        return await viaIndexer(indexer);
      } catch (error) {
        if (!isIndexerFailure(error)) throw error;
        this.#onProgress(`indexer failed (${error.code}); reading the chain`);
      }
    }
    return viaChain();
  }

  /**
   * {@link read} for a request that may be newer than the indexer: the indexer's "there is none"
   * is checked on the chain, which is the truth and may hold a request the indexer has not reached
   * yet (a session sent a moment ago, then `dwallet wait` at once). Null only when both say none.
   */
  async readFound<T>(viaIndexer: (indexer: IndexerClient) => Promise<T | null>, viaChain: () => Promise<T | null>): Promise<T | null> {
    let askedChain = false;
    const answer = await this.read(viaIndexer, () => {
      askedChain = true;
      return viaChain();
    });
    return answer !== null || askedChain ? answer : viaChain();
  }

  /** What the chain's events say of a session, read up to now (undefined: none names it). */
  async sessionOnChain(sessionId: string): Promise<SessionRecord | undefined> {
    await this.follower.poll();
    return this.follower.session(sessionId);
  }

  /** Why the network rejected a session, as its `SessionRejected` event on chain says (null: no such event). */
  async rejectionOnChain(sessionId: string): Promise<Rejection | null> {
    return (await this.sessionOnChain(sessionId))?.rejection ?? null;
  }

  /**
   * Waits until the session is completed or rejected (see client/wait.ts: TIMEOUT, ABORTED). When
   * the indexer fails during the wait, this lookup stops using it.
   */
  wait(sessionId: string, options: LookupWaitOptions): Promise<SessionOutcome> {
    return waitForSession({ indexer: this.#indexer, follower: this.follower, stream: this.#stream }, sessionId, {
      ...options,
      onProgress: this.#onProgress,
      onIndexerDown: () => {
        this.#indexer = null;
        this.#stream = undefined;
      },
    });
  }
}
