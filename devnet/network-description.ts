/**
 * `<dataDir>/network.json`: what a client needs to use this devnet — the chain's (Sui gRPC),
 * its faucet's and the indexer's URLs, where the package lives, the network key and its curves — and nothing secret.
 * The relayers' URLs are listed for health reports (`dwallet status`); the validators' are on chain.
 * The client SDK reads it (`client/network.ts`); it is written atomically once the chain is
 * configured, so a client never reads half of it or one naming a key that is not registered yet.
 * @module
 */
import type { Deployment } from '../chain/chain.ts';
import { type DevnetManifest, networkDescriptionPath, writeFileAtomic } from './layout.ts';

export interface NetworkDescription {
  readonly version: 1;
  readonly chain: { readonly kind: 'sui'; readonly url: string; readonly network: 'localnet' };
  /** The local chain's Sui-compatible faucet (`POST /v2/gas`). */
  readonly faucet: string;
  readonly indexer: string;
  readonly packageId: string;
  readonly latestPackageId?: string;
  readonly coordinatorId: string;
  readonly networkKeyId: string;
  readonly curves: readonly string[];
  readonly relayers: readonly string[];
}

export function networkDescription(manifest: DevnetManifest, deployment: Deployment, indexerPort: number): NetworkDescription {
  return {
    version: 1,
    // The local chain answers Sui's full-node gRPC API: a client reaches it as a Sui localnet.
    chain: { kind: 'sui', url: `http://${manifest.host}:${manifest.chain.port}`, network: 'localnet' },
    faucet: `http://${manifest.host}:${manifest.chain.port}`,
    indexer: `http://${manifest.host}:${indexerPort}`,
    packageId: deployment.packageId,
    ...(deployment.latestPackageId === undefined ? {} : { latestPackageId: deployment.latestPackageId }),
    coordinatorId: deployment.coordinatorId,
    networkKeyId: manifest.networkKeyId as string,
    curves: [...manifest.curves],
    relayers: manifest.relayers.map((r) => `http://${manifest.host}:${r.port}`),
  };
}

export function writeNetworkDescription(dataDir: string, description: NetworkDescription): void {
  writeFileAtomic(networkDescriptionPath(dataDir), `${JSON.stringify(description, null, 2)}\n`);
}
