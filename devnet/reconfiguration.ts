/**
 * A change of the devnet's committee, checked against its manifest before anything is done: which
 * validators are added (new ones, weight 1 unless given), removed (by manifest index), their
 * weights and the new threshold (default: the smallest weight above 2/3 of the new total). The
 * result is the new committee in the order the chain gets it — the remaining members in their
 * committee order, then the new validators. Pure (no I/O), so the CLI checks an operator's change
 * before it starts anything; `Devnet.reconfigure` (devnet.ts) carries it out.
 * @module
 */
import { MAX_MEMBER_WEIGHT, MAX_TOTAL_WEIGHT } from '../chain/constants.ts';
import { committeeMembers, DevnetError, DevnetErrorCodes, type ValidatorPlace, validatorStatus } from './layout.ts';

/** The most validators a devnet has (as when it is created). */
export const MAX_DEVNET_VALIDATORS = 64;

export interface ReconfigurationChange {
  /** New validators to add (default 0). */
  readonly add?: number;
  /** Manifest indices of members to remove. */
  readonly remove?: readonly number[];
  /** Weights by manifest index (a remaining member or a new validator: the new ones are numbered after the manifest's last). */
  readonly weights?: Readonly<Record<number, number>>;
  /** Threshold weight of the new committee (default: the smallest above 2/3 of its total weight). */
  readonly threshold?: number;
}

export interface PlannedMember {
  /** Manifest index (for a new validator: the one it gets). */
  readonly index: number;
  readonly weight: number;
  /** A validator the reconfiguration creates. */
  readonly added: boolean;
}

export interface ReconfigurationPlan {
  /** The new committee, in committee order (committee index = position). */
  readonly committee: readonly PlannedMember[];
  /** Manifest indices of the members removed. */
  readonly removed: readonly number[];
  readonly totalWeight: number;
  readonly threshold: number;
}

/** The smallest threshold above 2/3 of `totalWeight`. */
export function defaultThreshold(totalWeight: number): number {
  return Math.floor((2 * totalWeight) / 3) + 1;
}

/** The part of the change an error is about (the CLI names its option). */
export type ChangeField = 'add' | 'remove' | 'weights' | 'threshold';

function invalid(field: ChangeField, message: string, details: Record<string, unknown> = {}): DevnetError {
  return new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, `${field}: ${message}`, { field, ...details });
}

/** Checks `change` against the manifest's validators; DEVNET_OPTIONS_INVALID says what is wrong. */
export function planReconfiguration(
  manifest: { readonly validators: readonly ValidatorPlace[] },
  change: ReconfigurationChange,
): ReconfigurationPlan {
  const add = change.add ?? 0;
  if (!Number.isInteger(add) || add < 0 || add > MAX_DEVNET_VALIDATORS)
    throw invalid('add', `0 to ${MAX_DEVNET_VALIDATORS} validators`, { add });
  const members = committeeMembers(manifest);
  const known = manifest.validators.length;
  const remove = change.remove ?? [];
  const removed = new Set<number>();
  for (const index of remove) {
    if (!Number.isInteger(index) || index < 0 || index >= known) {
      throw invalid('remove', `no validator ${index} (the devnet's validators are numbered 0 to ${known - 1})`, { index });
    }
    if (removed.has(index)) throw invalid('remove', `validator ${index} is named twice`, { index });
    const status = validatorStatus(manifest.validators[index] as ValidatorPlace);
    if (status !== 'member') {
      throw invalid('remove', `validator ${index} is not in the committee (${status === 'removed' ? 'removed already' : 'joining'})`, {
        index,
      });
    }
    removed.add(index);
  }
  const remaining = members.filter((m) => !removed.has(m.index));
  if (remaining.length + add === 0) throw invalid('remove', 'the change removes every validator and adds none: a committee needs a member');
  if (remaining.length + add > MAX_DEVNET_VALIDATORS) {
    throw invalid('add', `the new committee would have ${remaining.length + add} members; at most ${MAX_DEVNET_VALIDATORS}`);
  }
  const addedIndices = Array.from({ length: add }, (_, k) => known + k);
  const weights = change.weights ?? {};
  for (const [key, weight] of Object.entries(weights)) {
    const index = Number(key);
    if (!remaining.some((m) => m.index === index) && !addedIndices.includes(index)) {
      const range =
        add === 0
          ? ''
          : `, or ${addedIndices.length === 1 ? addedIndices[0] : `${addedIndices[0]} to ${addedIndices.at(-1)}`} for the added ones`;
      throw invalid(
        'weights',
        `validator ${key} is not in the new committee (its members: ${remaining.map((m) => m.index).join(', ') || 'none'}${range})`,
        {
          index: key,
        },
      );
    }
    if (!Number.isInteger(weight) || weight < 1 || BigInt(weight) > MAX_MEMBER_WEIGHT) {
      throw invalid('weights', `validator ${key}'s weight must be a whole number from 1 to ${MAX_MEMBER_WEIGHT}`, { index: key, weight });
    }
  }
  const committee: PlannedMember[] = [
    ...remaining.map((m) => ({ index: m.index, weight: weights[m.index] ?? m.weight ?? 1, added: false })),
    ...addedIndices.map((index) => ({ index, weight: weights[index] ?? 1, added: true })),
  ];
  const totalWeight = committee.reduce((sum, m) => sum + m.weight, 0);
  // The chain refuses it too (committee::ETotalWeightTooLarge); saying so here names the option.
  if (BigInt(totalWeight) > MAX_TOTAL_WEIGHT) {
    throw invalid('weights', `the new total weight ${totalWeight} is above the largest a committee may have, ${MAX_TOTAL_WEIGHT}`, {
      totalWeight,
    });
  }
  const threshold = change.threshold ?? defaultThreshold(totalWeight);
  if (!Number.isInteger(threshold) || 3 * threshold <= 2 * totalWeight || threshold > totalWeight) {
    throw invalid(
      'threshold',
      `${threshold} is out of range: it must be above 2/3 of the new total weight ${totalWeight} and at most ${totalWeight} (${defaultThreshold(totalWeight)}${defaultThreshold(totalWeight) < totalWeight ? ` to ${totalWeight}` : ''})`,
      { threshold, totalWeight },
    );
  }
  return { committee, removed: [...removed], totalWeight, threshold };
}
