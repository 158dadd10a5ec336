/**
 * The one place a process chooses its chain. Every service (validator and its session workers,
 * relayer, indexer) and the SDK and CLI take a {@link ChainDescription} and call
 * {@link openChain}; none constructs a chain client of its own.
 *
 * There is one kind of chain, `sui`: a Sui full node's gRPC endpoint at `url`, with the ids of the
 * published `dwallet` package and its coordinator object (a full node serves every package, so
 * they must be named). The local chain of this repository (`chain/local/server.ts`) answers the
 * same gRPC API, so it is described the same way (its side door tells its ids:
 * `chain/local/admin-client.ts`).
 *
 * {@link waitForChain} is the one "wait until the chain answers": processes of a devnet start
 * together, so a service may come up before its chain does.
 * @module
 */
import type { Chain, Deployment } from './chain.ts';
import { ChainErrorCodes, ChainRequestError } from './errors.ts';
import { isTransientChainError, sleep } from './retry.ts';
import { type SuiNetworkName, suiNetworkOfUrl } from './sui/networks.ts';
import { SuiChain } from './sui/sui-chain.ts';

export { isSuiNetworkName, SUI_NETWORKS, type SuiNetworkName, suiNetworkOfUrl } from './sui/networks.ts';

export interface ChainDescription {
  readonly kind: 'sui';
  /** gRPC(-web) URL of a full node, e.g. `https://fullnode.testnet.sui.io:443`. */
  readonly url: string;
  /** The Sui network; inferred from the URL when it names one, else `localnet`. */
  readonly network?: SuiNetworkName;
  /** The package's original id (types, events). */
  readonly packageId: string;
  /** Its latest version's id after an upgrade (calls); absent: `packageId`. */
  readonly latestPackageId?: string;
  readonly coordinatorId: string;
}

export const CHAIN_KINDS = ['sui'] as const;
export type ChainKind = (typeof CHAIN_KINDS)[number];

/** A client of the described chain. Opening sends nothing; the first request reaches the chain. */
export function openChain(description: ChainDescription): Chain {
  if (description.kind === 'sui') {
    return new SuiChain({
      network: description.network ?? suiNetworkOfUrl(description.url),
      url: description.url,
      packageId: description.packageId,
      ...(description.latestPackageId === undefined ? {} : { latestPackageId: description.latestPackageId }),
      coordinatorId: description.coordinatorId,
    });
  }
  throw new ChainRequestError(
    ChainErrorCodes.INVALID_REQUEST,
    `unknown chain kind ${JSON.stringify((description as { kind: unknown }).kind)}`,
  );
}

export interface WaitForChainOptions {
  /** Give up after this long (default 30 s); the last error is thrown. */
  readonly timeoutMs?: number;
  /** Time between attempts (default 500 ms). */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  /** Told once, at the first failed attempt (e.g. to log that the chain is not up yet). */
  readonly onWaiting?: (error: unknown) => void;
}

/**
 * Resolves with the chain's deployment once the chain answers. Only transport failures are
 * retried: a chain that answers with an error (a coordinator that is not shared, a package that
 * is not there) is refused at once, since waiting will not change it.
 */
export async function waitForChain(chain: Chain, options: WaitForChainOptions = {}): Promise<Deployment> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await chain.deployment();
    } catch (error) {
      if (!isTransientChainError(error) || Date.now() >= deadline || options.signal?.aborted) throw error;
      if (attempt === 0) options.onWaiting?.(error);
      await sleep(options.intervalMs ?? 500, options.signal);
    }
  }
}
