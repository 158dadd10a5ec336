/**
 * The devnet's data folder and its manifest (`devnet.json`): everything a restart needs to bring
 * the same network back — ports, addresses, which files hold which keys, whether the chain was
 * configured. Secrets are never in the manifest, only in the key files (mode 0600) it names.
 *
 * ```
 * <dataDir>/devnet.json
 * <dataDir>/devnet.lock                          the process running the network now (devnet/lock.ts)
 * <dataDir>/admin.key.json                       the AdminCap owner's Sui key
 * <dataDir>/chain/chain.sqlite                   the local chain
 * <dataDir>/validators/<i>/{key.json, config.json, validator.sqlite}
 * <dataDir>/relayers/<i>/{key.json, config.json, relayer.sqlite}
 * <dataDir>/indexer/{config.json, indexer.sqlite}   the indexer service
 * <dataDir>/network.json                         the client-facing network description (no secrets)
 * <dataDir>/logs/<process>.log                   each process's structured log lines
 * ```
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodeOf, DWalletError } from '../mpc/errors.ts';

/** 2: validators carry a share-encryption key (older data folders are refused: their chain predates it). */
export const MANIFEST_VERSION = 2;

export interface ValidatorEntry {
  /** Committee index (party = index + 1). */
  readonly index: number;
  readonly port: number;
  readonly suiAddress: string;
  /** Public: registered on chain with the committee. */
  readonly blsPublicKey: string;
  readonly proofOfPossession: string;
  /** Hex of the 33-byte compressed secp256k1 point registered as the member's `share_encryption_key`. */
  readonly shareEncryptionKey: string;
  readonly dir: string;
  readonly keyFile: string;
}

export interface RelayerEntry {
  readonly index: number;
  readonly port: number;
  readonly address: string;
  readonly dir: string;
  readonly keyFile: string;
}

export interface IndexerEntry {
  readonly port: number;
  readonly dir: string;
  readonly db: string;
}

export interface DevnetManifest {
  readonly version: number;
  readonly host: string;
  readonly threshold: number;
  readonly curves: readonly string[];
  readonly chain: { readonly port: number; readonly db: string };
  readonly admin: { readonly address: string; readonly keyFile: string };
  readonly validators: readonly ValidatorEntry[];
  readonly relayers: readonly RelayerEntry[];
  /** Absent in manifests written before the indexer existed; added on the next start. */
  readonly indexer?: IndexerEntry;
  /** The dealt network key's public material (hex), registered on chain. */
  readonly networkKey: { readonly globalKeyParts: string; readonly keyCommitment: string };
  /** Set once the committee and the network key are registered on the chain. */
  readonly networkKeyId: string | null;
}

export const DevnetErrorCodes = {
  DEVNET_MANIFEST_INVALID: 'DEVNET_MANIFEST_INVALID',
  DEVNET_OPTIONS_INVALID: 'DEVNET_OPTIONS_INVALID',
  DEVNET_PROCESS_FAILED: 'DEVNET_PROCESS_FAILED',
  DEVNET_UNHEALTHY: 'DEVNET_UNHEALTHY',
  /** Another process runs a network from the same data folder. */
  DEVNET_ALREADY_RUNNING: 'DEVNET_ALREADY_RUNNING',
  /** A port of the network is held by another process. */
  DEVNET_PORT_IN_USE: 'DEVNET_PORT_IN_USE',
} as const;

export class DevnetError extends DWalletError<CodeOf<typeof DevnetErrorCodes>> {}

export function manifestPath(dataDir: string): string {
  return join(dataDir, 'devnet.json');
}

export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

export function readManifest(dataDir: string): DevnetManifest | undefined {
  const path = manifestPath(dataDir);
  if (!existsSync(path)) return undefined;
  let manifest: DevnetManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as DevnetManifest;
  } catch (error) {
    throw new DevnetError(DevnetErrorCodes.DEVNET_MANIFEST_INVALID, `${path} is not JSON`, { path }, { cause: error });
  }
  if (manifest?.version !== MANIFEST_VERSION || !Array.isArray(manifest.validators) || !Array.isArray(manifest.relayers)) {
    throw new DevnetError(DevnetErrorCodes.DEVNET_MANIFEST_INVALID, `${path} is not a devnet manifest of version ${MANIFEST_VERSION}`, {
      path,
    });
  }
  return manifest;
}

export function networkDescriptionPath(dataDir: string): string {
  return join(dataDir, 'network.json');
}

export function indexerEntry(dataDir: string, port: number): IndexerEntry {
  const dir = join(dataDir, 'indexer');
  return { port, dir, db: join(dir, 'indexer.sqlite') };
}

/** Writes `content` to `path` through a temporary file and a rename, so readers never see half of it. */
export function writeFileAtomic(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}

export function writeManifest(dataDir: string, manifest: DevnetManifest): void {
  mkdirSync(dataDir, { recursive: true });
  const path = manifestPath(dataDir);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
