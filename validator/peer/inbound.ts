/**
 * Envelopes arriving from peers, up to the moment they are safely stored: screened by their header
 * before their body is read (epoch, member, a peer key already refused, a new certificate beyond
 * the source's budget: admission.ts), authenticated (envelope.ts), checked against the session
 * they are for as far as that can be done without running it — the protocol, the round and kind,
 * the attempt range, the payload's strict decoding — then written to the inbox and acknowledged. A refused envelope is never stored and its sender
 * gets a 4xx with a code and a reason.
 *
 * Envelopes for a session this validator has not started yet (peers may see a chain event a little
 * earlier) are queued in the inbox, at most `maxQueuedPerSender` per sender, and fed when the
 * session starts; envelopes for a closed session (its results are on chain) are acknowledged and
 * dropped, so the sender stops retrying. Delivery is idempotent: a copy of an envelope still in
 * the inbox or recently accepted is acknowledged as a duplicate, and any copy that gets further
 * (after a restart) is one the session machine itself recognises and drops.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { DWalletError } from '../../mpc/errors.ts';
import type { RoundMessage } from '../../mpc/session/message.ts';
import { type CommitteeView, viewForEpoch } from '../committee-view.ts';
import { PeerInputError, ValidatorErrorCodes } from '../errors.ts';
import type { ValidatorMetrics } from '../metrics.ts';
import type { ValidatorStore } from '../store/database.ts';
import type { Acceptance, EnvelopeReceiver, SessionHost } from '../types.ts';
import type { PeerAdmission } from './admission.ts';
import {
  certificateBudgetSpent,
  checkEnvelopeHeader,
  type EnvelopeHeader,
  identityRefused,
  type OpenedEnvelope,
  openAuthenticated,
} from './envelope.ts';
import type { PeerIdentityVerifier } from './identity.ts';
import { openPeerEnvelope } from './opener.ts';

export interface InboundOptions {
  readonly store: ValidatorStore;
  readonly engine: SessionHost;
  readonly view: () => CommitteeView;
  /** The epoch change under way, if any (its envelopes carry the next epoch and the union's party ids). */
  readonly union?: () => CommitteeView | undefined;
  readonly verifier: PeerIdentityVerifier;
  readonly self: number;
  /** Protocols a session of this validator may run. */
  readonly protocols: ReadonlySet<string>;
  /** Lets the batch decider start the agreement a peer already runs. */
  readonly claim: (mpcSessionId: string) => void;
  readonly maxQueuedPerSender: number;
  readonly metrics: ValidatorMetrics;
  /** Per-source budgets of certificate checks (none: unlimited, for envelopes this process stored itself). */
  readonly admission?: PeerAdmission;
  /** Where the sessions of a protocol run when not here (a session worker): its envelopes are handed on after authentication. */
  readonly forward?: (protocol: string) => EnvelopeReceiver | undefined;
}

function refused(message: RoundMessage, error: DWalletError): PeerInputError {
  return new PeerInputError(422, ValidatorErrorCodes.PEER_MESSAGE_REFUSED, error.message, {
    cause: error.code,
    round: message.round,
    kind: message.kind,
  });
}

/** Digests of recently accepted envelopes remembered (the inbox forgets them once folded into a state). */
const RECENT_LIMIT = 65_536;

export class PeerInbound {
  readonly #recent = new Set<string>();

  constructor(private readonly options: InboundOptions) {}

  /**
   * Judges an envelope's header before its body is read: refuses another epoch, a non-member, a
   * certificate already refused, and a new certificate when `source` has no check left.
   */
  screen(header: EnvelopeHeader, source: string): void {
    const { view, verifier, admission } = this.options;
    const member = checkEnvelopeHeader(header, viewForEpoch(view(), this.options.union?.(), header.epoch));
    const known = verifier.known({
      epoch: header.epoch,
      party: header.sender,
      memberPublicKey: member.blsPublicKey,
      peerKey: header.peerKey,
      certificate: header.certificate,
    });
    if (known === 'refused') throw identityRefused(header.sender);
    if (known === undefined && admission !== undefined && !admission.canCheckCertificate(source))
      throw certificateBudgetSpent(header.sender);
  }

  /** Counts a refusal of an envelope not authenticated (refused before or while it was read). */
  countRefusal(error: PeerInputError): void {
    this.options.metrics.peerErrors.inc({ direction: 'in', peer: 'unverified', code: error.code });
  }

  /** Authenticates an envelope; a new certificate is checked within `source`'s budget (any for stored envelopes). */
  open(bytes: Uint8Array, source?: string): OpenedEnvelope {
    return openPeerEnvelope(this.options, bytes, source);
  }

  /** Checks and stores an envelope the main thread of this process authenticated (in a session worker). */
  receiveAuthenticated(bytes: Uint8Array): Acceptance {
    const opened = openAuthenticated(bytes);
    try {
      return this.#route(opened, bytes);
    } catch (error) {
      if (error instanceof PeerInputError)
        this.options.metrics.peerErrors.inc({ direction: 'in', peer: String(opened.sender), code: error.code });
      throw error;
    }
  }

  /** Authenticates, checks and stores an envelope that came from `source`; rejects with a PeerInputError for a refusal. */
  async receive(bytes: Uint8Array, source?: string): Promise<Acceptance> {
    const { metrics } = this.options;
    let opened: OpenedEnvelope;
    try {
      opened = this.open(bytes, source);
    } catch (error) {
      if (error instanceof PeerInputError) this.countRefusal(error);
      throw error;
    }
    const elsewhere = this.options.forward?.(opened.message.protocol);
    if (elsewhere !== undefined) return elsewhere.receive(bytes);
    try {
      return this.#route(opened, bytes);
    } catch (error) {
      if (error instanceof PeerInputError) metrics.peerErrors.inc({ direction: 'in', peer: String(opened.sender), code: error.code });
      throw error;
    }
  }

  #route(opened: OpenedEnvelope, bytes: Uint8Array): Acceptance {
    const { store, engine, self, protocols } = this.options;
    const { message, sender } = opened;
    if (sender === self) return 'duplicate';
    if (message.recipient !== null && message.recipient !== self) {
      throw new PeerInputError(
        400,
        ValidatorErrorCodes.PEER_WRONG_RECIPIENT,
        `a message for party ${message.recipient} sent to party ${self}`,
      );
    }
    const id = bytesToHex(message.sessionId);
    if (!engine.isLive(id)) this.options.claim(id);
    const live = engine.tableOf(id);
    if (live !== undefined) {
      if (message.protocol !== live.protocol) {
        throw new PeerInputError(
          422,
          ValidatorErrorCodes.PEER_MESSAGE_REFUSED,
          `session ${id} runs ${live.protocol}, not ${message.protocol}`,
          {
            cause: 'SESSION_WRONG_PROTOCOL',
          },
        );
      }
      try {
        const { kind } = live.table.lookup(message.round, message.kind);
        if (message.attempt > kind.maxAttempt) {
          throw new PeerInputError(
            422,
            ValidatorErrorCodes.PEER_MESSAGE_REFUSED,
            `${message.kind} attempt ${message.attempt} exceeds ${kind.maxAttempt}`,
            {
              cause: 'SESSION_ATTEMPT_OUT_OF_RANGE',
            },
          );
        }
        live.table.decodePayload(message);
      } catch (error) {
        if (error instanceof PeerInputError || !(error instanceof DWalletError)) throw error;
        throw refused(message, error);
      }
    } else if (!engine.isPending(id)) {
      if (store.session(id) !== undefined) return 'closed';
      if (!protocols.has(message.protocol)) {
        throw new PeerInputError(422, ValidatorErrorCodes.PEER_UNKNOWN_PROTOCOL, `no session of this validator runs ${message.protocol}`);
      }
      if (store.queuedFrom(sender, (s) => engine.isPending(s)) >= this.options.maxQueuedPerSender) {
        throw new PeerInputError(
          429,
          ValidatorErrorCodes.PEER_QUEUE_FULL,
          `party ${sender} has too many envelopes queued for unknown sessions`,
        );
      }
    }
    const digest = bytesToHex(sha256(bytes));
    if (this.#recent.has(digest)) return 'duplicate';
    if (store.addInbox({ mpcSessionId: id, digest, sender, envelope: bytes, now: Date.now() }) === 'duplicate') return 'duplicate';
    this.#recent.add(digest);
    if (this.#recent.size > RECENT_LIMIT) this.#recent.delete(this.#recent.values().next().value as string);
    if (live === undefined) return 'queued';
    const row = store.inboxRow(digest);
    if (row !== undefined) engine.deliver(id, row.id, opened);
    return 'accepted';
  }
}
