/**
 * Hands this validator's signature on each decided batch to every configured relayer
 * (`POST <relayer>/v1/signatures`, relayer/README in the relayer's intake), and keeps doing so until
 * the relayer acknowledges it (the relayer stores it before answering) or the chain records the
 * batch. Acknowledgements are persisted, so a restart re-sends only what was not acknowledged.
 * @module
 */
import { toBase64 } from '@mysten/sui/utils';
import type { Logger } from '../../runtime/log.ts';
import { WakeableLoop } from '../../runtime/wakeable-loop.ts';
import type { ValidatorMetrics } from '../metrics.ts';
import type { ValidatorStore } from '../store/database.ts';

export interface RelayerPushOptions {
  readonly store: ValidatorStore;
  readonly relayers: readonly string[];
  /** This validator's committee index. */
  readonly signer: () => number;
  readonly metrics: ValidatorMetrics;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export class RelayerPush {
  readonly #loop: WakeableLoop;

  constructor(private readonly options: RelayerPushOptions) {
    this.#loop = new WakeableLoop({
      step: () => this.#pushAll(),
      intervalMs: options.intervalMs,
      onError: (error) => options.logger.error('pushing signatures failed', { error }),
    });
  }

  /** A batch was decided: push now. */
  kick(): void {
    this.#loop.kick();
  }

  run(signal: AbortSignal): Promise<void> {
    return this.#loop.run(signal);
  }

  async #pushAll(): Promise<void> {
    const { store, relayers } = this.options;
    if (relayers.length === 0) return;
    for (const batch of store.pendingBatches()) {
      const acked = new Set<string>(JSON.parse(batch.acked) as string[]);
      const missing = relayers.filter((r) => !acked.has(r));
      if (missing.length === 0) continue;
      const body = JSON.stringify({
        epoch: batch.epoch,
        sequence: String(batch.sequence),
        batch: toBase64(new Uint8Array(batch.batch as Uint8Array)),
        signer: this.options.signer(),
        signature: toBase64(new Uint8Array(batch.signature as Uint8Array)),
      });
      const results = await Promise.all(missing.map(async (relayer) => ({ relayer, ok: await this.#post(relayer, body, batch.sequence) })));
      for (const { relayer, ok } of results) if (ok) acked.add(relayer);
      store.setAcked(batch.sequence, [...acked]);
    }
  }

  async #post(relayer: string, body: string, sequence: number): Promise<boolean> {
    try {
      const response = await fetch(`${relayer.replace(/\/+$/, '')}/v1/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      if (response.ok) return true;
      this.options.metrics.peerErrors.inc({ direction: 'relayer', peer: relayer, code: `HTTP_${response.status}` });
      // A 5xx is the relayer's (or its chain's) outage, retried on the next turn; a 4xx is a refusal of this share.
      const level = response.status >= 500 ? 'debug' : 'warn';
      this.options.logger[level](response.status >= 500 ? 'relayer unavailable' : 'relayer refused a signature', {
        relayer,
        sequence,
        status: response.status,
        answer: text.slice(0, 300),
      });
      return false;
    } catch (error) {
      this.options.metrics.peerErrors.inc({ direction: 'relayer', peer: relayer, code: 'UNREACHABLE' });
      this.options.logger.debug('relayer unreachable', { relayer, sequence, error });
      return false;
    }
  }
}
