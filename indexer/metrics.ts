/** The indexer's Prometheus metrics: events indexed and skipped, results, pages (dropped ones too), lag, stream clients. */
import { MetricsRegistry } from '../runtime/metrics.ts';

export class IndexerMetrics {
  readonly registry = new MetricsRegistry();
  readonly events = this.registry.counter('dwallet_indexer_events_total', 'events indexed, by event name');
  readonly skipped = this.registry.counter('dwallet_indexer_events_skipped_total', 'events that did not decode and were skipped');
  readonly results = this.registry.counter('dwallet_indexer_results_total', 'results appended to the feed, by kind and status');
  readonly pages = this.registry.counter('dwallet_indexer_pages_total', 'pages of events committed');
  readonly droppedPages = this.registry.counter(
    'dwallet_indexer_pages_dropped_total',
    'pages dropped before applying them because the cursor had moved since they were read (another indexer on the database); read again',
  );
  readonly failures = this.registry.counter('dwallet_indexer_failures_total', 'failed attempts to index a page (retried)');
  readonly lagMs = this.registry.gauge(
    'dwallet_indexer_lag_ms',
    'milliseconds between now and the chain time of the last event indexed while behind the chain; 0 when caught up',
  );
  readonly caughtUp = this.registry.gauge('dwallet_indexer_caught_up', '1 when the last read reached the head of the chain');
  readonly sseClients = this.registry.gauge('dwallet_indexer_sse_clients', 'open live-stream connections');

  render(): string {
    return this.registry.render();
  }
}
