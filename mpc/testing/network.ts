/**
 * An in-process network of session machines for tests: n validators with weights and a threshold,
 * any protocol (it only sees SessionMachine inputs and outputs), and an adversarial scheduler.
 *
 * Scheduling, all driven by a seeded DRBG so that every run can be replayed:
 *  - the messages due at the current virtual time are delivered in a random order;
 *  - a message may be dropped (lost for good) or delayed: a delayed message is due at a later
 *    virtual time, so it arrives after everything that can happen before, possibly after timers;
 *  - time advances only when nothing is due: then the earliest timer fires, or the earliest
 *    delayed message becomes due, whichever comes first ("timers fire when nothing else can
 *    happen");
 *  - between deliveries a party may be restarted from its serialized state: the machine is
 *    replaced by one restored from `serialize()`, its timers re-armed from `activeTimers()`.
 *
 * Faults: a {@link Behaviour} per party rewrites, multiplies or suppresses what it sends (bad
 * proofs or shares, equivocation, silence); `inject` delivers any bytes to a party as from an
 * outsider (through the transport's checks), `deliverDirect` hands a message straight to a
 * machine (as if a transport had accepted it).
 *
 * Transport rejections and machine refusals are recorded, never thrown: a test asserts on them.
 * @module
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { DWalletError } from '../errors.ts';
import { Drbg } from '../numbers/drbg.ts';
import { randomBelow } from '../numbers/random.ts';
import { type Committee, type PartyId, parties } from '../session/committee.ts';
import type { AuthenticatedMessage, SessionMachine, SessionResult, SessionStep } from '../session/machine.ts';
import { sameBytes } from '../session/message.ts';
import type { Behaviour } from './behaviour.ts';
import { TestKeys, TestTransportError } from './envelope.ts';

export interface TestNetworkOptions<Output> {
  readonly committee: Committee;
  /** Seeds the schedule and the transport keys. */
  readonly seed: string;
  readonly create: (party: PartyId) => SessionMachine<Output>;
  readonly restore: (party: PartyId, state: Uint8Array) => SessionMachine<Output>;
  readonly behaviours?: ReadonlyMap<PartyId, Behaviour>;
  /** Probability that a message is lost. */
  readonly dropRate?: number;
  /** Probability that a message is delayed, by up to `maxDelayMs` of virtual time. */
  readonly delayRate?: number;
  readonly maxDelayMs?: number;
  /** Probability, after each delivery, that one party (drawn at random) is restarted from its state. */
  readonly restartRate?: number;
  /** Further losses chosen by the test. */
  readonly drop?: (event: Envelope) => boolean;
  /** Further delays chosen by the test (virtual ms), or undefined. */
  readonly delay?: (event: Envelope) => number | undefined;
}

export interface Envelope {
  readonly from: PartyId;
  readonly to: PartyId;
  readonly bytes: Uint8Array;
  /** Whether `from` passes on someone else's envelope. */
  readonly relayed: boolean;
}

interface InFlight extends Envelope {
  readonly dueAt: number;
}

interface Timer {
  readonly party: PartyId;
  readonly id: string;
  readonly fireAt: number;
  readonly order: number;
}

export interface Refusal {
  readonly party: PartyId;
  readonly error: DWalletError;
}

export interface NetworkStats {
  steps: number;
  delivered: number;
  dropped: number;
  delayed: number;
  timersFired: number;
  restarts: number;
  /** Bytes each party sent (sealed envelopes, one per recipient, relays included), by party. */
  bytesSent: Map<PartyId, number>;
}

export class TestNetwork<Output> {
  readonly committee: Committee;
  readonly keys: TestKeys;
  readonly #options: TestNetworkOptions<Output>;
  readonly #rng: Drbg;
  readonly #machines = new Map<PartyId, SessionMachine<Output>>();
  readonly #inFlight: InFlight[] = [];
  readonly #timers: Timer[] = [];
  readonly #results = new Map<PartyId, SessionResult<Output>>();
  readonly refusals: Refusal[] = [];
  readonly stats: NetworkStats = { steps: 0, delivered: 0, dropped: 0, delayed: 0, timersFired: 0, restarts: 0, bytesSent: new Map() };
  #clock = 0;
  #timerOrder = 0;

  constructor(options: TestNetworkOptions<Output>) {
    this.committee = options.committee;
    this.#options = options;
    this.#rng = new Drbg('dwallet/testing/network/v1', utf8ToBytes(options.seed));
    this.keys = new TestKeys(utf8ToBytes(options.seed), options.committee.weights.length);
    for (const party of parties(options.committee)) this.#machines.set(party, options.create(party));
  }

  /** Virtual time in ms. */
  get clock(): number {
    return this.#clock;
  }

  machine(party: PartyId): SessionMachine<Output> {
    return this.#machines.get(party) as SessionMachine<Output>;
  }

  result(party: PartyId): SessionResult<Output> | undefined {
    return this.#results.get(party);
  }

  /** Parties without a behaviour. */
  honestParties(): PartyId[] {
    return parties(this.committee).filter((party) => !this.#options.behaviours?.has(party));
  }

  /** Starts every machine, in a random order. */
  start(): void {
    const order = this.#shuffle(parties(this.committee));
    for (const party of order) this.#apply(party, this.machine(party).start());
  }

  /** Runs until `done` holds, nothing can happen any more, or `maxSteps` events have been processed. */
  run(options: { readonly maxSteps?: number; readonly done?: () => boolean } = {}): void {
    const maxSteps = options.maxSteps ?? 100_000;
    const done = options.done ?? (() => this.honestParties().every((party) => this.#results.has(party)));
    while (!done() && this.stats.steps < maxSteps) {
      if (!this.step()) return;
    }
  }

  /** Processes one event (a delivery or a timer); false when nothing is left to do. */
  step(): boolean {
    for (;;) {
      const due = this.#inFlight.filter((m) => m.dueAt <= this.#clock);
      if (due.length > 0) {
        const chosen = due[Number(randomBelow(this.#rng, BigInt(due.length)))] as InFlight;
        this.#inFlight.splice(this.#inFlight.indexOf(chosen), 1);
        this.stats.steps += 1;
        this.stats.delivered += 1;
        this.#deliver(chosen.to, chosen.bytes);
        if (this.#chance(this.#options.restartRate ?? 0)) {
          const all = parties(this.committee);
          this.restart(all[Number(randomBelow(this.#rng, BigInt(all.length)))] as PartyId);
        }
        return true;
      }
      const nextTimer = this.#timers.reduce<Timer | undefined>(
        (best, timer) =>
          best === undefined || timer.fireAt < best.fireAt || (timer.fireAt === best.fireAt && timer.order < best.order) ? timer : best,
        undefined,
      );
      const nextMessage = this.#inFlight.reduce((min, m) => Math.min(min, m.dueAt), Number.POSITIVE_INFINITY);
      if (nextTimer === undefined && nextMessage === Number.POSITIVE_INFINITY) return false;
      if (nextTimer !== undefined && nextTimer.fireAt <= nextMessage) {
        this.#timers.splice(this.#timers.indexOf(nextTimer), 1);
        this.#clock = Math.max(this.#clock, nextTimer.fireAt);
        this.stats.steps += 1;
        this.stats.timersFired += 1;
        this.#handle(nextTimer.party, { type: 'timeout', timer: nextTimer.id });
        return true;
      }
      this.#clock = nextMessage;
    }
  }

  /** Replaces the party's machine by one restored from its serialized state, and re-arms its timers. */
  restart(party: PartyId): void {
    const state = this.machine(party).serialize();
    const restored = this.#options.restore(party, state);
    if (!sameBytes(restored.serialize(), state)) {
      throw new Error(`party ${party}: the restored state does not serialize to the saved state`);
    }
    this.#machines.set(party, restored);
    for (let i = this.#timers.length - 1; i >= 0; i--) if ((this.#timers[i] as Timer).party === party) this.#timers.splice(i, 1);
    for (const timer of restored.activeTimers()) this.#setTimer(party, timer.id, timer.afterMs);
    this.stats.restarts += 1;
  }

  /** Delivers raw bytes to `to` as if from an outsider: the transport checks them first. */
  inject(to: PartyId, bytes: Uint8Array): void {
    this.#deliver(to, bytes);
  }

  /** Hands a message straight to `to`'s machine; returns its refusal, if any. */
  deliverDirect(to: PartyId, message: AuthenticatedMessage): DWalletError | undefined {
    const before = this.refusals.length;
    this.#handle(to, { type: 'message', message });
    return this.refusals.length > before ? (this.refusals[this.refusals.length - 1] as Refusal).error : undefined;
  }

  /** Messages in flight (for tests that inspect traffic). */
  inFlight(): readonly Envelope[] {
    return this.#inFlight;
  }

  #deliver(to: PartyId, bytes: Uint8Array): void {
    let message: AuthenticatedMessage;
    try {
      message = this.keys.open(bytes);
    } catch (error) {
      if (error instanceof TestTransportError) {
        this.refusals.push({ party: to, error });
        return;
      }
      throw error;
    }
    this.#handle(to, { type: 'message', message });
  }

  #handle(party: PartyId, input: Parameters<SessionMachine<Output>['handle']>[0]): void {
    let step: SessionStep<Output>;
    try {
      step = this.machine(party).handle(input);
    } catch (error) {
      // A machine refuses with typed errors (SessionError, or a protocol's own); anything else is a bug.
      if (error instanceof DWalletError) {
        this.refusals.push({ party, error });
        return;
      }
      throw error;
    }
    this.#apply(party, step);
  }

  #apply(party: PartyId, step: SessionStep<Output>): void {
    const behaviour = this.#options.behaviours?.get(party);
    for (const out of step.outgoing) {
      const recipients = out.to === 'all' ? parties(this.committee).filter((p) => p !== party) : [out.to];
      for (const to of recipients) {
        if (out.type === 'relay') {
          if (behaviour?.relays === false) continue;
          this.#send({ from: party, to, bytes: out.evidence, relayed: true });
          continue;
        }
        const message = behaviour?.outgoing ? behaviour.outgoing(out.message, to) : out.message;
        if (message === null) continue;
        this.#send({ from: party, to, bytes: this.keys.seal(message), relayed: false });
      }
    }
    for (const id of step.cancelTimers) {
      const index = this.#timers.findIndex((timer) => timer.party === party && timer.id === id);
      if (index >= 0) this.#timers.splice(index, 1);
    }
    for (const timer of step.setTimers) this.#setTimer(party, timer.id, timer.afterMs);
    if (step.result !== null && !this.#results.has(party)) this.#results.set(party, step.result);
  }

  #setTimer(party: PartyId, id: string, afterMs: number): void {
    const index = this.#timers.findIndex((timer) => timer.party === party && timer.id === id);
    if (index >= 0) this.#timers.splice(index, 1);
    this.#timers.push({ party, id, fireAt: this.#clock + afterMs, order: this.#timerOrder++ });
  }

  #send(envelope: Envelope): void {
    this.stats.bytesSent.set(envelope.from, (this.stats.bytesSent.get(envelope.from) ?? 0) + envelope.bytes.length);
    if (this.#options.drop?.(envelope) === true || this.#chance(this.#options.dropRate ?? 0)) {
      this.stats.dropped += 1;
      return;
    }
    let delay = this.#options.delay?.(envelope);
    if (delay === undefined && this.#chance(this.#options.delayRate ?? 0)) {
      delay = 1 + Number(randomBelow(this.#rng, BigInt(this.#options.maxDelayMs ?? 60_000)));
    }
    if (delay !== undefined) this.stats.delayed += 1;
    this.#inFlight.push({ ...envelope, dueAt: this.#clock + (delay ?? 0) });
  }

  #chance(probability: number): boolean {
    if (probability <= 0) return false;
    return Number(randomBelow(this.#rng, 1_000_000n)) < probability * 1_000_000;
  }

  #shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Number(randomBelow(this.#rng, BigInt(i + 1)));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
