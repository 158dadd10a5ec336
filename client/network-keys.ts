/**
 * The network key: read from the chain once, checked against its commitment, and kept for the
 * client's life (its class-group setup is kept in memory for the process by
 * mpc/classgroups/setups.ts, which reads nothing from disk), with the fixed-base tables a signing
 * client's sign messages use grown in idle time.
 *
 * A {@link NetworkKeyTableCache} (the browser's IndexedDB cache, client/browser/setup-cache.ts)
 * may fill those tables when the key is read and keep them once grown; the Node SDK passes none
 * (why: mpc/classgroups/setups.ts), and a cache that fails is skipped: the tables are then grown
 * as without it.
 * @module
 */
import { equalBytes } from '@noble/curves/utils.js';
import type { Chain } from '../chain/chain.ts';
import { decodeObject } from '../chain/object-reader.ts';
import { NetworkKey } from '../chain/schemas/objects.ts';
import { loadSetup, type SetupSource } from '../mpc/classgroups/setups.ts';
import type { CurveName } from '../mpc/curves/curve.ts';
import { curveOrder } from '../mpc/curves/curve.ts';
import {
  decodeNetworkKey,
  type NetworkKeyParts,
  networkKeyCommitment,
  userSignTableSteps,
  userSignTablesReady,
} from '../mpc/ecdsa/index.ts';
import { curveOfChain } from './chain-values.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from './errors.ts';
import { IdleWork } from './idle-work.ts';
import type { NetworkDescription } from './network.ts';

/** Which key a cached table belongs to: the key object's id and its commitment on chain. */
export interface NetworkKeyIdentity {
  readonly networkKeyId: string;
  /** The key's commitment on chain (`key_commitment`), over every curve's parts. */
  readonly commitment: Uint8Array;
}

/**
 * Keeps the fixed-base tables of a network key's parts (mpc/ecdsa/sign/user-tables.ts) across
 * processes or page loads.
 */
export interface NetworkKeyTableCache {
  /** Fills the tables of `key` from the cache; whether they now cover the user's sign message. */
  load(identity: NetworkKeyIdentity, key: NetworkKeyParts): Promise<boolean>;
  /** Keeps the tables of `key` (grown to the user's sign message). */
  save(identity: NetworkKeyIdentity, key: NetworkKeyParts): Promise<void>;
}

/** Options of {@link readNetworkKeys} and {@link NetworkKeys}. */
export interface NetworkKeyOptions {
  /** Grow the user's sign tables in idle time once the key is read (a client that signs). */
  readonly prepareUserTables?: boolean;
  readonly tableCache?: NetworkKeyTableCache;
}

/**
 * Reads the network key's parts for every curve it offers (with `options.tableCache`, their
 * tables filled from it).
 *
 * Errors: NETWORK_MISMATCH (no such key on chain, or it lacks a curve the description names),
 * CHAIN_DATA_INVALID (its parts do not match its commitment, or an unknown curve id).
 */
export async function readNetworkKeys(
  chain: Chain,
  network: NetworkDescription,
  onProgress: (line: string) => void,
  options: NetworkKeyOptions = {},
): Promise<Map<CurveName, NetworkKeyParts>> {
  const object = await chain.getObject(network.networkKeyId);
  if (object === null) {
    throw new ClientError(ClientErrorCodes.NETWORK_MISMATCH, `the network key ${network.networkKeyId} does not exist on chain`, {
      networkKeyId: network.networkKeyId,
    });
  }
  const value = decodeObject(network.packageId, object, NetworkKey);
  const onChainCurves = value.curves.map(curveOfChain);
  for (const curve of network.curves) {
    if (!onChainCurves.includes(curve)) {
      throw new ClientError(
        ClientErrorCodes.NETWORK_MISMATCH,
        `the network key does not support ${curve} (it supports ${onChainCurves.join(', ')})`,
      );
    }
  }
  const started = Date.now();
  onProgress(`loading the network key (class-group setup for ${onChainCurves.join(', ')})`);
  const sources: SetupSource[] = [];
  const parts = decodeNetworkKey(new Uint8Array(value.global_key_parts), (curve, level) =>
    loadSetup(curveOrder(curve.name), level as 112, { onSource: (source) => sources.push(source) }),
  );
  if (!equalBytes(networkKeyCommitment(parts), new Uint8Array(value.key_commitment))) {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, 'the network key parts do not match the key commitment on chain');
  }
  onProgress(`network key loaded in ${Date.now() - started} ms (setup: ${sources.join(', ')})`);
  const keys = new Map<CurveName, NetworkKeyParts>();
  for (const part of parts) keys.set(part.curve.name, part);
  const cache = options.tableCache;
  const identity = { networkKeyId: network.networkKeyId, commitment: new Uint8Array(value.key_commitment) };
  for (const key of keys.values()) {
    // A table cache that fails costs its time, nothing else: the tables are grown as without it.
    if (cache !== undefined && !userSignTablesReady(key)) await cache.load(identity, key).catch(() => false);
  }
  if (options.prepareUserTables === true) prepareUserTablesInIdleTime(keys.values(), cache && ((key) => cache.save(identity, key)));
  return keys;
}

/**
 * Grows the user's sign tables of each key that lacks them (mpc/ecdsa/sign/user-tables.ts) in
 * idle time, one row per turn of the event loop; `onGrown` (a cache's save) runs once a key's
 * tables have been grown here (its failure is ignored: the tables are in memory anyway).
 */
export function prepareUserTablesInIdleTime(keys: Iterable<NetworkKeyParts>, onGrown?: (key: NetworkKeyParts) => Promise<void>): void {
  // A step that throws ends the run quietly: the same work is then done, and its error raised,
  // where the tables are needed.
  for (const key of keys) {
    if (userSignTablesReady(key)) continue;
    IdleWork.start(
      (function* () {
        const built = yield* userSignTableSteps(key);
        onGrown?.(key).catch(() => {});
        return built;
      })(),
    );
  }
}

/**
 * The network key of a client, read on first use (a failed read is tried again on the next).
 *
 * A client that signs (`prepareUserTables`) grows each key's fixed-base tables of h and pk for the
 * user's sign message in idle time once the key is read (mpc/ecdsa/sign/user-tables.ts): the first
 * sign of a process would otherwise build them itself, about half a second, and the tables are
 * kept with the key for the process's life.
 */
export class NetworkKeys {
  #keys: Promise<Map<CurveName, NetworkKeyParts>> | undefined;

  constructor(
    private readonly chain: Chain,
    private readonly network: NetworkDescription,
    private readonly onProgress: (line: string) => void,
    private readonly options: NetworkKeyOptions = {},
  ) {}

  /**
   * The key's parts for `curve`.
   *
   * Errors: INVALID_ARGUMENT (the network does not offer the curve), those of {@link readNetworkKeys}.
   */
  async forCurve(curve: CurveName): Promise<NetworkKeyParts> {
    if (!this.network.curves.includes(curve)) {
      throw invalidArgument(`the network offers ${this.network.curves.join(', ')}, not ${curve}`, { curve });
    }
    this.#keys ??= readNetworkKeys(this.chain, this.network, this.onProgress, this.options).catch((error: unknown) => {
      this.#keys = undefined;
      throw error;
    });
    const key = (await this.#keys).get(curve);
    if (key === undefined) throw new ClientError(ClientErrorCodes.NETWORK_MISMATCH, `the network key has no ${curve} parts`);
    return key;
  }
}
