/** The relayer's metrics (Prometheus text at `/metrics`). */
import { MetricsRegistry } from '../runtime/metrics.ts';

export class RelayerMetrics extends MetricsRegistry {
  readonly signatures = this.counter('dwallet_relayer_signatures_total', 'Signature shares received, by status or refusal code');
  readonly submissions = this.counter('dwallet_relayer_submissions_total', 'Result-batch transactions, by outcome');
  readonly submitSeconds = this.histogram(
    'dwallet_relayer_submit_seconds',
    'Time to execute a result-batch transaction',
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
  );
  readonly certifyLagSeconds = this.histogram(
    'dwallet_relayer_certify_seconds',
    'Time from the first share of a batch to its quorum',
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  );
  readonly nextSequence = this.gauge('dwallet_relayer_chain_next_sequence', 'The chain’s next result sequence, as last read');
  readonly landedResults = this.counter('dwallet_relayer_results_total', 'Results carried by batches this relayer landed');
}
