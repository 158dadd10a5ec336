/**
 * What the relayer needs to know of the chain, read from the coordinator object: its id (which
 * certificates sign), the epoch, the committee (members' BLS keys and weights, the threshold) and
 * the next result sequence. Readings
 * are cached for `maxAgeMs`, and refreshed at once when a caller needs the latest.
 * @module
 */
import type { Chain } from '../chain/chain.ts';
import { readCoordinator } from '../chain/object-reader.ts';

export interface CommitteeMember {
  readonly publicKey: Uint8Array;
  readonly weight: bigint;
}

export interface ChainSnapshot {
  readonly coordinatorId: string;
  readonly epoch: bigint;
  readonly nextSequence: number;
  readonly members: readonly CommitteeMember[];
  readonly threshold: bigint;
  readonly readAt: number;
}

export class ChainState {
  #snapshot: ChainSnapshot | undefined;
  #reading: Promise<ChainSnapshot> | undefined;

  constructor(
    private readonly chain: Chain,
    private readonly maxAgeMs: number,
  ) {}

  get last(): ChainSnapshot | undefined {
    return this.#snapshot;
  }

  async read(fresh = false): Promise<ChainSnapshot> {
    const snapshot = this.#snapshot;
    if (!fresh && snapshot !== undefined && Date.now() - snapshot.readAt < this.maxAgeMs) return snapshot;
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  /**
   * A batch of this relayer landed: the chain's next sequence is `nextSequence` and, unless the
   * batch changed the committee (then the caller reads afresh), nothing else of the snapshot changed.
   */
  advanced(nextSequence: number): void {
    const snapshot = this.#snapshot;
    if (snapshot === undefined || this.#reading !== undefined || nextSequence <= snapshot.nextSequence) return;
    this.#snapshot = { ...snapshot, nextSequence };
  }

  async #read(): Promise<ChainSnapshot> {
    const coordinator = await readCoordinator(this.chain);
    this.#snapshot = {
      coordinatorId: coordinator.id,
      epoch: coordinator.epoch,
      nextSequence: Number(coordinator.next_result_sequence),
      members: coordinator.committee.members.map((m) => ({ publicKey: new Uint8Array(m.public_key), weight: m.weight })),
      threshold: coordinator.committee.threshold,
      readAt: Date.now(),
    };
    return this.#snapshot;
  }
}
