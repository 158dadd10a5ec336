/**
 * Learning the peers' identities ahead of their envelopes: each member's `GET /v1/peer/identity`
 * (its peer key and certificate) is fetched and the certificate verified against the member's BLS
 * key on chain, once per member and epoch. A member's envelopes then cost no pairing, and never
 * compete with a flood from the same address for that address's budget of new certificates
 * (admission.ts) — after a restart or an epoch change as much as in steady state.
 *
 * An answer is untrusted input like any envelope: its fields are checked for shape, and a
 * certificate that does not verify is remembered as refused by the verifier.
 * @module
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import type { Logger } from '../../runtime/log.ts';
import { WakeableLoop } from '../../runtime/wakeable-loop.ts';
import type { CommitteeView } from '../committee-view.ts';
import { PEER_CERTIFICATE_LENGTH, PEER_KEY_LENGTH, type PeerIdentityVerifier } from './identity.ts';

export interface IdentityFetchOptions {
  readonly view: () => CommitteeView;
  readonly self: number;
  readonly verifier: PeerIdentityVerifier;
  readonly logger: Logger;
  readonly timeoutMs: number;
  /** Period of the next round while some member is not learned yet, and of the check for a new epoch. */
  readonly retryMs: number;
}

function hexField(value: unknown, length: number): Uint8Array | undefined {
  if (typeof value !== 'string' || !/^[0-9a-f]*$/.test(value) || value.length !== 2 * length) return undefined;
  return hexToBytes(value);
}

/** One member's identity as it announces it; undefined when unreachable or malformed. */
async function fetchIdentity(
  url: string,
  timeoutMs: number,
): Promise<{ party: unknown; epoch: unknown; peerKey?: Uint8Array; certificate?: Uint8Array } | undefined> {
  try {
    const response = await fetch(`${url}/v1/peer/identity`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as Record<string, unknown>;
    return {
      party: body.party,
      epoch: body.epoch,
      peerKey: hexField(body.peerKey, PEER_KEY_LENGTH),
      certificate: hexField(body.certificate, PEER_CERTIFICATE_LENGTH),
    };
  } catch {
    return undefined;
  }
}

/** Fetches and verifies the identity of every member not learned yet in the current epoch; returns how many are learned. */
export async function learnPeerIdentities(options: IdentityFetchOptions, learned: Set<number>): Promise<number> {
  const view = options.view();
  for (const member of view.members) {
    if (member.party === options.self || learned.has(member.party) || member.url === null) continue;
    const announced = await fetchIdentity(member.url, options.timeoutMs);
    if (announced?.peerKey === undefined || announced.certificate === undefined) continue;
    if (announced.party !== member.party || announced.epoch !== view.epoch.toString()) continue;
    const verdict = options.verifier.verify({
      epoch: view.epoch,
      party: member.party,
      memberPublicKey: member.blsPublicKey,
      peerKey: announced.peerKey,
      certificate: announced.certificate,
    });
    if (verdict === 'verified') learned.add(member.party);
    else options.logger.warn('a member announces a peer identity its BLS key does not certify', { party: member.party });
  }
  return learned.size;
}

/** Keeps every member's identity learned for the current epoch until `signal` aborts. */
export function followPeerIdentities(options: IdentityFetchOptions, signal: AbortSignal): Promise<void> {
  let epoch: bigint | undefined;
  let learned = new Set<number>();
  return new WakeableLoop({
    step: async () => {
      const view = options.view();
      if (view.epoch !== epoch) {
        epoch = view.epoch;
        learned = new Set();
      }
      await learnPeerIdentities(options, learned);
    },
    intervalMs: options.retryMs,
    onError: (error) => options.logger.warn('learning peer identities failed; retrying', { error }),
  }).run(signal);
}
