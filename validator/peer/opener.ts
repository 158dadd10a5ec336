/**
 * Authenticating an envelope for this validator's committee (envelope.ts), counting the
 * certificate checks it cost. The inbound path opens what peers send, each source within its
 * budget of new certificates (admission.ts); session engines open again what they stored
 * themselves, where any certificate may be checked.
 * @module
 */
import { type CommitteeView, viewForEpoch } from '../committee-view.ts';
import type { ValidatorMetrics } from '../metrics.ts';
import type { PeerAdmission } from './admission.ts';
import { type OpenedEnvelope, openEnvelope, readEnvelopeHeader } from './envelope.ts';
import type { PeerIdentityVerifier } from './identity.ts';

export interface EnvelopeOpenerOptions {
  readonly view: () => CommitteeView;
  /** The epoch change under way, if any: its envelopes (of the next epoch) are judged against the union committee. */
  readonly union?: () => CommitteeView | undefined;
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
    return openEnvelope(bytes, envelopeView(options, bytes), verifier, { mayCheckCertificate });
  } finally {
    if (verifier.checks > checks) metrics.peerCertificateChecks.inc(undefined, verifier.checks - checks);
  }
}

/** The committee an envelope is judged against, by the epoch its header names (the current one when the header does not read). */
export function envelopeView(options: Pick<EnvelopeOpenerOptions, 'view' | 'union'>, bytes: Uint8Array): CommitteeView {
  let epoch: bigint | undefined;
  try {
    epoch = readEnvelopeHeader(bytes)?.epoch;
  } catch {
    epoch = undefined;
  }
  const current = options.view();
  return epoch === undefined ? current : viewForEpoch(current, options.union?.(), epoch);
}
