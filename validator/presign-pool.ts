/**
 * Keeps the global presign pool of each configured signing scheme (curve, algorithm) filled ahead
 * of demand: an ECDSA presign and a Schnorr one (Taproot, EdDSA) are different objects, made by
 * different protocols, so each (network key, curve, algorithm) has its own pool on chain. Every
 * `intervalMs` the validator reads the pool (completed presigns available + requested ones still
 * pending) from the coordinator; when it is below the target, it requests its weighted share of
 * the deficit itself, in one transaction of `request_presign` calls paid from its own Sui account.
 * All validators do this; the deficit is split by weight so that the shares add up to it exactly,
 * and the order in which validators take the remainder rotates with the chain's session counter,
 * so that the pool is refilled even when some validators are down.
 * @module
 */

import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import type { Chain } from '../chain/chain.ts';
import { type Curve, feeOf, RequestKind, type SignatureAlgorithm } from '../chain/constants.ts';
import type { CoordinatorClient } from '../chain/coordinator-client.ts';
import { availablePresignCount, readCoordinator } from '../chain/object-reader.ts';
import { randomSessionPreimage } from '../chain/session-id.ts';
import { signAndExecute } from '../chain/transaction-signer.ts';
import type { CurveName } from '../mpc/curves/curve.ts';
import {
  CURVE_IDS,
  SIGNATURE_ALGORITHM_IDS,
  SIGNING_SCHEMES,
  type SignatureAlgorithmName,
  type SigningScheme,
} from '../mpc/signing/algorithms.ts';
import type { Logger } from '../runtime/log.ts';
import { WakeableLoop } from '../runtime/wakeable-loop.ts';
import type { CommitteeView } from './committee-view.ts';
import type { ValidatorMetrics } from './metrics.ts';
import type { ValidatorStore } from './store/database.ts';

export interface PresignPoolOptions {
  readonly chain: Chain;
  readonly client: CoordinatorClient;
  readonly store: ValidatorStore;
  readonly keypair: Ed25519Keypair;
  readonly view: () => CommitteeView;
  readonly self: number;
  readonly target: number;
  /** The curves whose pools are kept filled: one pool per signing scheme of each. */
  readonly curves: readonly CurveName[];
  /** The algorithms among those (default: all). */
  readonly algorithms?: readonly SignatureAlgorithmName[];
  readonly perTransaction: number;
  readonly intervalMs: number;
  readonly metrics: ValidatorMetrics;
  readonly logger: Logger;
}

/**
 * This validator's part of `deficit`: the validators, in an order rotated by `round`, cover
 * consecutive slices of it in proportion to their weights (the slices add up to the deficit).
 */
export function poolShare(view: CommitteeView, self: number, deficit: number, round: number): number {
  const members = view.members;
  const n = members.length;
  const total = view.committee.totalWeight;
  let cumulative = 0;
  for (let k = 0; k < n; k++) {
    const member = members[(k + round) % n] as (typeof members)[number];
    const before = Math.floor((cumulative * deficit) / total);
    cumulative += member.weight;
    if (member.party === self) return Math.floor((cumulative * deficit) / total) - before;
  }
  return 0;
}

/** The signing schemes whose pools a validator fills: those of `curves` whose algorithm is in `algorithms`. */
export function pooledSchemes(curves: readonly CurveName[], algorithms?: readonly SignatureAlgorithmName[]): SigningScheme[] {
  return SIGNING_SCHEMES.filter(
    (scheme) => curves.includes(scheme.curve) && (algorithms === undefined || algorithms.includes(scheme.algorithm)),
  );
}

export class PresignPoolFiller {
  readonly #schemes: readonly SigningScheme[];

  constructor(private readonly options: PresignPoolOptions) {
    this.#schemes = pooledSchemes(options.curves, options.algorithms);
  }

  /** Tops the pools up every `intervalMs` until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return new WakeableLoop({
      step: () => this.tick(),
      intervalMs: this.options.intervalMs,
      onError: (error) => this.options.logger.warn('presign pool top-up failed', { error }),
    }).run(signal);
  }

  /** One reading of the pools, and a request for this validator's share of any deficit. */
  async tick(): Promise<void> {
    const { chain, store, metrics, logger, client } = this.options;
    const coordinator = await readCoordinator(chain);
    const view = this.options.view();
    for (const scheme of this.#schemes) {
      const curve = CURVE_IDS[scheme.curve];
      const algorithm = SIGNATURE_ALGORITHM_IDS[scheme.algorithm] as SignatureAlgorithm;
      const labels = { curve: scheme.curve, algorithm: scheme.algorithm };
      const networkKeyId = store.networkKey(curve);
      if (networkKeyId === undefined) continue;
      const pool = coordinator.presign_pools.find(
        (p) => p.network_key_id === networkKeyId && p.curve === curve && p.algorithm === algorithm,
      );
      const available = pool === undefined ? 0 : availablePresignCount(pool);
      const pending = Number(pool?.pending ?? 0n);
      metrics.poolAvailable.set(available, labels);
      metrics.poolPending.set(pending, labels);
      const deficit = this.options.target - available - pending;
      if (deficit <= 0) continue;
      const count = Math.min(
        poolShare(view, this.options.self, deficit, Math.floor(Date.now() / this.options.intervalMs)),
        this.options.perTransaction,
      );
      if (count === 0) continue;
      const fee = feeOf(coordinator.fees, RequestKind.PRESIGN, algorithm);
      const tx = new Transaction();
      for (let i = 0; i < count; i++) {
        client.requestPresign(tx, {
          networkKeyId,
          curve: curve as Curve,
          algorithm,
          sessionPreimage: randomSessionPreimage(),
          payment: client.payFromGas(tx, fee),
        });
      }
      const result = await signAndExecute(chain, tx, this.options.keypair);
      if (!result.status.success) {
        logger.warn('presign request refused by the chain', { ...labels, count, error: result.status.error });
        continue;
      }
      metrics.poolRequested.inc(undefined, count);
      logger.info('requested presigns for the pool', { ...labels, count, available, pending, target: this.options.target });
    }
  }
}
