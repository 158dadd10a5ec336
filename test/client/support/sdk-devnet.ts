/**
 * A devnet (local chain, 4 validators, a relayer, the indexer) and an SDK client connected to it
 * through the devnet's `network.json`, for the SDK's end-to-end tests. With `indexer: false` the
 * description names an indexer that does not answer, so the client works from the chain alone.
 * More users of the same devnet (each its own Sui key and secret store) come from `newUser`: the
 * suites sharing one devnet (test/support/shared-by-file.ts) keep to their own dWallets.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { DWalletClient } from '../../../client/dwallet-client.ts';
import { FileSecretShareStore } from '../../../client/file-secret-store.ts';
import { loadNetworkDescription, type NetworkDescription, parseNetworkDescription } from '../../../client/network.ts';
import { type Devnet, startDevnet } from '../../../devnet/devnet.ts';
import type { CurveName } from '../../../mpc/curves/curve.ts';
import type { SignatureAlgorithmName } from '../../../mpc/signing/algorithms.ts';
import { tempDir } from '../../validator/support.ts';

/** A user of the devnet: an SDK client with its own funded Sui key (it owns the caps) and secret store. */
export interface SdkUser {
  readonly client: DWalletClient;
  readonly keypair: Ed25519Keypair;
  readonly secrets: FileSecretShareStore;
  /** The client's progress lines. */
  readonly progress: string[];
}

export interface SdkDevnet extends SdkUser {
  readonly devnet: Devnet;
  /** The network the clients connect to: for another client of a user. */
  readonly network: NetworkDescription;
  /** The devnet's network.json (the indexer's, even with `indexer: false`), for the CLI. */
  readonly networkFile: string;
  /** Another user of the devnet; `label` names its folder (unique per devnet). */
  newUser(label: string): Promise<SdkUser>;
  stop(): Promise<void>;
}

export interface SdkDevnetOptions {
  readonly indexer: boolean;
  readonly timeoutMs?: number;
  /** The network key's curves (default secp256k1 only: the ECDSA tests need no other, and each curve is a DKG more at start). */
  readonly curves?: readonly CurveName[];
  /** The algorithms whose pools the validators fill (default ECDSA only). */
  readonly poolAlgorithms?: readonly SignatureAlgorithmName[];
  /**
   * Presigns the validators keep in each pool (default 2). What a pool holds when the devnet stops
   * was computed for nothing (an ECDSA presign is seconds of CPU for each validator), and a sign
   * with the pool empty requests its presign itself: a suite that signs one at a time needs 1.
   */
  readonly poolTarget?: number;
}

export async function startSdkDevnet(label: string, options: SdkDevnetOptions): Promise<SdkDevnet> {
  const dataDir = tempDir(label);
  const devnet = await startDevnet({
    dataDir,
    logLevel: 'warn',
    curves: options.curves ?? ['secp256k1'],
    validatorConfig: () => ({
      presignPoolTarget: options.poolTarget ?? 2,
      presignPoolAlgorithms: [...(options.poolAlgorithms ?? ['ecdsa'])],
      presignPoolIntervalMs: 500,
      pollIntervalMs: 100,
    }),
  });
  const stop = async () => {
    await devnet.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const networkFile = join(dataDir, 'network.json');
    const described = loadNetworkDescription(networkFile);
    // Nothing listens on port 9: waits and queries fall back to the chain.
    const network = options.indexer ? described : parseNetworkDescription({ ...described, indexer: 'http://127.0.0.1:9' });
    const newUser = async (user: string): Promise<SdkUser> => {
      const keypair = Ed25519Keypair.generate();
      await devnet.localChain().admin.faucet(keypair.toSuiAddress(), 1_000n * 1_000_000_000n);
      const secrets = new FileSecretShareStore(join(dataDir, 'users', user, 'shares'));
      const progress: string[] = [];
      const client = await DWalletClient.connect({
        network,
        signer: keypair,
        secrets,
        // A liveness bound, not a speed target (bench/network measures latency): a devnet's four
        // validators share this machine's cores with the other test file running beside this one.
        timeoutMs: options.timeoutMs ?? 180_000,
        pollIntervalMs: 100,
        onProgress: (line) => progress.push(line),
      });
      return { client, keypair, secrets, progress };
    };
    return { devnet, network, networkFile, newUser, stop, ...(await newUser('first')) };
  } catch (error) {
    await stop();
    throw error;
  }
}
