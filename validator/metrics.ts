/**
 * The validator's metrics (Prometheus text at `/metrics`): sessions in flight and their outcomes,
 * session and round latencies, the presign pool, blames, peer errors, decided batches, and the
 * process's CPU time (read when the metrics are rendered), which the network benchmark divides by
 * the signatures produced.
 * @module
 */
import { MetricsRegistry } from '../runtime/metrics.ts';

export class ValidatorMetrics extends MetricsRegistry {
  readonly sessionsInFlight = this.gauge('dwallet_validator_sessions_in_flight', 'MPC sessions running, by kind');
  readonly sessionsEnded = this.counter('dwallet_validator_sessions_total', 'MPC sessions ended, by kind and outcome');
  readonly sessionSeconds = this.histogram(
    'dwallet_validator_session_seconds',
    'Time from a session start to its result, by kind',
    [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30, 60],
  );
  readonly roundSeconds = this.histogram(
    'dwallet_validator_round_seconds',
    'Time between a session’s consecutive sending steps (one round), by kind',
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  );
  readonly poolAvailable = this.gauge(
    'dwallet_validator_presign_pool_available',
    'Completed presigns in the global pool, by curve and algorithm',
  );
  readonly poolPending = this.gauge(
    'dwallet_validator_presign_pool_pending',
    'Presigns requested for the global pool, not completed, by curve and algorithm',
  );
  readonly poolRequested = this.counter('dwallet_validator_presign_requests_total', 'Presigns this validator requested to fill the pool');
  readonly blames = this.counter(
    'dwallet_validator_blames_total',
    'Validators blamed by this validator’s sessions, by party, reason and kind',
  );
  readonly peerErrors = this.counter(
    'dwallet_validator_peer_errors_total',
    'Envelopes refused or undeliverable, by direction, peer and code',
  );
  readonly peerCertificateChecks = this.counter(
    'dwallet_validator_peer_certificate_checks_total',
    'Peer certificates checked with a BLS pairing (once per peer key and epoch; new ones within a budget per source)',
  );
  readonly messages = this.counter('dwallet_validator_messages_total', 'Envelopes accepted from and delivered to peers, by direction');
  readonly signVerifiedTogether = this.counter(
    'dwallet_validator_sign_verified_together_total',
    'User sign messages verified with other pending ones before their sessions started, by verdict (valid, invalid)',
  );
  readonly signRoles = this.counter(
    'dwallet_validator_sign_roles_total',
    'Sign sessions that produced a signature, by this validator’s part (signer, standby, stepped-in: a standby that had to verify and decrypt)',
  );
  readonly batchesDecided = this.counter('dwallet_validator_batches_decided_total', 'Result batches decided');
  readonly batchResults = this.counter('dwallet_validator_batch_results_total', 'Results carried by decided batches');
  readonly nextSequence = this.gauge('dwallet_validator_next_sequence', 'The result-batch sequence being decided');
  readonly outbox = this.gauge('dwallet_validator_outbox_size', 'Envelopes waiting for delivery');
  readonly cpuSeconds = this.gauge('dwallet_validator_cpu_seconds', 'CPU time used by the process (user + system)');

  override render(): string {
    const usage = process.cpuUsage();
    this.cpuSeconds.set((usage.user + usage.system) / 1e6);
    return super.render();
  }
}
