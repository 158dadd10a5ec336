/**
 * Authenticating an envelope for this validator's committee (envelope.ts), counting the
 * certificate checks it cost. The inbound path opens what peers send, each source within its
 * budget of new certificates (admission.ts); session engines open again what they stored
 * themselves, where any certificate may be checked.
 * @module
 */
import type { CommitteeView } from '../committee-view.ts';
import type { ValidatorMetrics } from '../metrics.ts';
import type { PeerAdmission } from './admission.ts';
import { type OpenedEnvelope, openEnvelope } from './envelope.ts';
import type { PeerIdentityVerifier } from './identity.ts';

export interface EnvelopeOpenerOptions {
  readonly view: () => CommitteeView;
  readonly verifier: PeerIdentityVerifier;
  readonly metrics: ValidatorMetrics;
  /** Per-source budgets of certificate checks (none: unlimited). */
  readonly admission?: PeerAdmission;
}

/** Authenticates an envelope; a new certificate is checked within `source`'s budget (any without a source). */
export function openPeerEnvelope(options: EnvelopeOpenerOptions, bytes: Uint8Array, source?: string): OpenedEnvelope {
  const { admission, verifier, metrics } = options;
  const mayCheckCertificate = source === undefined || admission === undefined ? undefined : () => admission.takeCertificateCheck(source);
  const checks = verifier.checks;
  try {
    return openEnvelope(bytes, options.view(), verifier, { mayCheckCertificate });
  } finally {
    if (verifier.checks > checks) metrics.peerCertificateChecks.inc(undefined, verifier.checks - checks);
  }
}
