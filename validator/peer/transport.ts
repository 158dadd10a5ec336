/**
 * Outbound delivery: envelopes in the outbox are POSTed to each peer's endpoint
 * (`<network address>/v1/peer/envelopes`), in order, a few at a time per peer, until the peer
 * acknowledges them (2xx: stored, or a duplicate, or for a closed session). Failures are retried
 * with exponential backoff and jitter — an unreachable peer (down, restarting) gets its envelopes
 * once it is back, since the outbox survives restarts of this validator too. A peer's refusal
 * (4xx other than 409 and 429) is final: retrying the same bytes cannot change the answer; it is
 * logged and counted. Envelopes older than `maxAgeMs` are given up.
 * @module
 */
import type { Logger } from '../../runtime/log.ts';
import type { CommitteeView } from '../committee-view.ts';
import type { ValidatorMetrics } from '../metrics.ts';
import type { OutboxRow, ValidatorStore } from '../store/database.ts';

export interface TransportOptions {
  readonly store: ValidatorStore;
  readonly view: () => CommitteeView;
  /** The epoch change under way, if any: how joining validators are reached. */
  readonly union?: () => CommitteeView | undefined;
  readonly self: number;
  readonly metrics: ValidatorMetrics;
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly maxAgeMs: number;
  readonly concurrency: number;
}

type Delivery =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'refused'; readonly code: string }
  | { readonly kind: 'retry'; readonly reason: string };

export class PeerTransport {
  readonly #pumping = new Set<number>();
  readonly #timers = new Map<number, NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<void>>();
  /** Aborts the requests in flight when the transport stops. */
  readonly #stopping = new AbortController();
  #stopped = false;

  constructor(private readonly options: TransportOptions) {}

  /** Starts delivering to every peer with queued envelopes. */
  start(): void {
    for (const member of this.options.view().members) if (member.party !== this.options.self) this.kick([member.party]);
  }

  /** Stops delivering: requests in flight are abandoned (their envelopes stay in the outbox) and awaited, so the store may close after. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#stopping.abort();
    await Promise.allSettled([...this.#inFlight]);
  }

  /** New envelopes are queued for these peers. */
  kick(recipients: Iterable<number>): void {
    for (const recipient of recipients) {
      if (this.#stopped || this.#pumping.has(recipient)) continue;
      clearTimeout(this.#timers.get(recipient));
      this.#timers.delete(recipient);
      const pump = this.#pump(recipient);
      this.#inFlight.add(pump);
      void pump.finally(() => this.#inFlight.delete(pump));
    }
  }

  async #pump(recipient: number): Promise<void> {
    this.#pumping.add(recipient);
    const { store, logger } = this.options;
    try {
      for (;;) {
        if (this.#stopped) return;
        const due = store.dueOutbox(recipient, Date.now(), this.options.concurrency);
        if (due.length === 0) break;
        await Promise.all(due.map((row) => this.#deliver(recipient, row)));
      }
    } catch (error) {
      logger.error('outbox delivery failed', { recipient, error });
    } finally {
      this.#pumping.delete(recipient);
    }
    if (this.#stopped) return;
    this.options.metrics.outbox.set(store.outboxSize());
    const next = store.nextOutboxAt(recipient);
    if (next !== undefined && !this.#stopped) {
      this.#timers.set(
        recipient,
        setTimeout(() => this.kick([recipient]), Math.max(0, next - Date.now())),
      );
    }
  }

  async #deliver(recipient: number, row: OutboxRow): Promise<void> {
    const { store, metrics, logger } = this.options;
    const result = await this.#post(recipient, row.envelope);
    if (result.kind === 'delivered') {
      store.deleteOutbox(row.id);
      metrics.messages.inc({ direction: 'out' });
      return;
    }
    if (result.kind === 'refused') {
      store.deleteOutbox(row.id);
      metrics.peerErrors.inc({ direction: 'out', peer: recipient, code: result.code });
      logger.warn('peer refused an envelope', { recipient, session: row.mpcSessionId, code: result.code });
      return;
    }
    const now = Date.now();
    if (now - row.createdAt > this.options.maxAgeMs) {
      store.deleteOutbox(row.id);
      metrics.peerErrors.inc({ direction: 'out', peer: recipient, code: 'GAVE_UP' });
      logger.warn('gave up delivering an envelope', {
        recipient,
        session: row.mpcSessionId,
        attempts: row.attempts,
        reason: result.reason,
      });
      return;
    }
    const attempts = row.attempts + 1;
    const backoff = Math.min(this.options.retryBaseMs * 2 ** Math.min(attempts - 1, 20), this.options.retryMaxMs);
    store.rescheduleOutbox(row.id, attempts, now + Math.round(backoff * (0.5 + Math.random())));
    if (attempts === 1 || attempts % 20 === 0) {
      metrics.peerErrors.inc({ direction: 'out', peer: recipient, code: 'UNREACHABLE' });
      logger.debug('peer unreachable; will retry', { recipient, attempts, reason: result.reason });
    }
  }

  async #post(recipient: number, envelope: Uint8Array): Promise<Delivery> {
    // Parties of an epoch change's union keep their current ids; joining validators follow them.
    const url = (this.options.view().member(recipient) ?? this.options.union?.()?.member(recipient))?.url;
    if (url === undefined || url === null) return { kind: 'retry', reason: 'no peer endpoint on chain' };
    let response: Response;
    try {
      response = await fetch(`${url}/v1/peer/envelopes`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: envelope,
        signal: AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.#stopping.signal]),
      });
    } catch (error) {
      return { kind: 'retry', reason: (error as Error).message };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return { kind: 'delivered' };
    if (response.status >= 400 && response.status < 500 && response.status !== 409 && response.status !== 429) {
      let code = `HTTP_${response.status}`;
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? code;
      } catch {
        // a body that is not JSON keeps the status as the code
      }
      return { kind: 'refused', code };
    }
    return { kind: 'retry', reason: `HTTP ${response.status}` };
  }
}
