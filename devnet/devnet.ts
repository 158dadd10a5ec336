/**
 * A whole dWallet network on this machine, as separate processes on loopback ports: the local
 * chain, n validators (default 4, threshold 3), the relayer(s) and the indexer service — the
 * library behind the CLI's `dwallet devnet` and the multi-process tests and benchmark.
 *
 * `startDevnet({ dataDir })` creates the network the first time (keys, ports, configuration files,
 * all under `dataDir`), configures the chain (the committee, with the AdminCap), starts every
 * process and waits until each is healthy, and then, the first time, has the validators generate
 * the network key by DKG (no dealer: chain-setup.ts) and waits until the chain makes it active.
 * Called again on the same folder it brings the same network back, each process resuming from its
 * own state. `stop()` stops them all gracefully, validators, relayers and the indexer before the
 * chain. Once the chain is configured, `<dataDir>/network.json` describes the network for clients
 * (chain and indexer URLs, package, coordinator, network key, curves; no secrets).
 *
 * One process runs a folder's network at a time (`devnet.lock`), and a start checks its ports
 * before starting anything, naming what holds one. The processes it starts stop by themselves
 * when it exits in any way, SIGKILL included (each watches the end of a pipe from it).
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { LocalChainHttpClient } from '../chain/local/http-client.ts';
import type { IndexerConfig } from '../indexer/config.ts';
import { type EcdsaCurveName, isEcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import type { RelayerConfig } from '../relayer/config.ts';
import { readRelayerKeyFile } from '../relayer/key-file.ts';
import { writePrivateFile } from '../runtime/private-file.ts';
import type { ValidatorConfig } from '../validator/config.ts';
import { configureChain, generateNetworkKey } from './chain-setup.ts';
import { makeKeys } from './keys.ts';
import {
  DevnetError,
  DevnetErrorCodes,
  type DevnetManifest,
  type IndexerEntry,
  indexerEntry,
  logsDir,
  MANIFEST_VERSION,
  readManifest,
  writeFileAtomic,
  writeManifest,
} from './layout.ts';
import { acquireDevnetLock } from './lock.ts';
import { networkDescription, writeNetworkDescription } from './network-description.ts';
import { assertPortsFree, freePort, freePorts, type ServicePort } from './ports.ts';
import { ServiceProcess, waitHealthy } from './process.ts';

export interface DevnetOptions {
  readonly dataDir: string;
  /** Validators when the devnet is created (default 4). */
  readonly validators?: number;
  /** Threshold weight when created (default: the smallest above 2/3 of the validators). */
  readonly threshold?: number;
  /** Relayers when created (default 1). */
  readonly relayers?: number;
  /** Curves of the network key when created (default secp256k1). */
  readonly curves?: readonly EcdsaCurveName[];
  readonly host?: string;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Settings of validator i (0-based) on top of the defaults, e.g. faults or the presign pool target. */
  readonly validatorConfig?: (index: number) => Partial<ValidatorConfig>;
  readonly relayerConfig?: (index: number) => Partial<RelayerConfig>;
  readonly indexerConfig?: () => Partial<IndexerConfig>;
  /** Each log line of each process. */
  readonly onLog?: (process: string, line: string) => void;
  /** Progress of the network's own steps, e.g. the network key's DKG on the first start (lines for the operator). */
  readonly onProgress?: (line: string) => void;
}

export interface DevnetEndpoints {
  readonly chain: string;
  readonly validators: readonly string[];
  readonly relayers: readonly string[];
  readonly indexer: string;
}

function defaultThreshold(n: number): number {
  return Math.floor((2 * n) / 3) + 1;
}

async function create(options: DevnetOptions): Promise<DevnetManifest> {
  const host = options.host ?? '127.0.0.1';
  const n = options.validators ?? 4;
  const threshold = options.threshold ?? defaultThreshold(n);
  const relayers = options.relayers ?? 1;
  const curves = options.curves ?? ['secp256k1'];
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, 'validators: 1 to 64');
  if (!Number.isInteger(threshold) || 3 * threshold <= 2 * n || threshold > n) {
    throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, `threshold must be above 2/3 of ${n} and at most ${n}`);
  }
  if (!Number.isInteger(relayers) || relayers < 1) throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, 'relayers: at least 1');
  if (curves.length === 0 || !curves.every(isEcdsaCurveName))
    throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, 'curves: secp256k1 and/or p256');
  const ports = await freePorts(host, 2 + n + relayers);
  const validatorDirs = Array.from({ length: n }, (_, i) => join(options.dataDir, 'validators', String(i)));
  const relayerDirs = Array.from({ length: relayers }, (_, i) => join(options.dataDir, 'relayers', String(i)));
  const adminKeyFile = join(options.dataDir, 'admin.key.json');
  const keys = makeKeys({ validatorDirs, relayerDirs, adminKeyFile });
  const manifest: DevnetManifest = {
    version: MANIFEST_VERSION,
    host,
    threshold,
    curves,
    chain: { port: ports[0] as number, db: join(options.dataDir, 'chain', 'chain.sqlite') },
    admin: { address: keys.adminAddress, keyFile: adminKeyFile },
    validators: validatorDirs.map((dir, i) => {
      const v = keys.validators[i] as (typeof keys.validators)[number];
      return {
        index: i,
        port: ports[1 + i] as number,
        suiAddress: v.suiAddress,
        blsPublicKey: bytesToHex(v.blsPublicKey),
        proofOfPossession: bytesToHex(v.proofOfPossession),
        shareEncryptionKey: bytesToHex(v.shareEncryptionKey),
        dir,
        keyFile: join(dir, 'key.json'),
      };
    }),
    relayers: relayerDirs.map((dir, i) => ({
      index: i,
      port: ports[1 + n + i] as number,
      address: keys.relayerAddresses[i] as string,
      dir,
      keyFile: join(dir, 'key.json'),
    })),
    indexer: indexerEntry(options.dataDir, ports[1 + n + relayers] as number),
    chainConfigured: false,
    networkKeyId: null,
  };
  writeManifest(options.dataDir, manifest);
  return manifest;
}

export class Devnet {
  readonly chainProcess: ServiceProcess;
  readonly validators: readonly ServiceProcess[];
  readonly relayers: readonly ServiceProcess[];
  readonly indexer: ServiceProcess;

  #manifest: DevnetManifest;
  readonly #releaseLock: () => void;

  private constructor(
    readonly options: DevnetOptions,
    manifest: DevnetManifest,
    releaseLock: () => void,
  ) {
    this.#manifest = manifest;
    this.#releaseLock = releaseLock;
    const logs = logsDir(options.dataDir);
    const onLog = (name: string) => (options.onLog === undefined ? undefined : (line: string) => options.onLog?.(name, line));
    this.chainProcess = new ServiceProcess({
      name: 'chain',
      script: 'chain/local/main.ts',
      args: ['--db', manifest.chain.db, '--port', String(manifest.chain.port), '--host', manifest.host, '--admin', manifest.admin.address],
      logFile: join(logs, 'chain.log'),
      onLog: onLog('chain'),
    });
    this.validators = manifest.validators.map((v) => {
      const name = `validator-${v.index}`;
      return new ServiceProcess({
        name,
        script: 'validator/main.ts',
        args: ['--config', join(v.dir, 'config.json')],
        logFile: join(logs, `${name}.log`),
        onLog: onLog(name),
      });
    });
    this.relayers = manifest.relayers.map((r) => {
      const name = `relayer-${r.index}`;
      return new ServiceProcess({
        name,
        script: 'relayer/main.ts',
        args: ['--config', join(r.dir, 'config.json')],
        logFile: join(logs, `${name}.log`),
        onLog: onLog(name),
      });
    });
    this.indexer = new ServiceProcess({
      name: 'indexer',
      script: 'indexer/main.ts',
      args: ['--config', join(this.#indexerEntry.dir, 'config.json')],
      logFile: join(logs, 'indexer.log'),
      onLog: onLog('indexer'),
    });
  }

  get #indexerEntry(): IndexerEntry {
    return this.#manifest.indexer as IndexerEntry;
  }

  /**
   * Creates (the first time) and starts the whole network; resolves once every process is healthy.
   * DEVNET_ALREADY_RUNNING while another process runs a network from the folder, DEVNET_PORT_IN_USE
   * when another process holds one of its ports — before anything is started.
   */
  static async start(options: DevnetOptions): Promise<Devnet> {
    mkdirSync(options.dataDir, { recursive: true });
    const releaseLock = acquireDevnetLock(options.dataDir);
    let devnet: Devnet;
    try {
      let manifest = readManifest(options.dataDir) ?? (await create(options));
      if (manifest.indexer === undefined) {
        // A data folder from before the indexer existed: give it one.
        manifest = { ...manifest, indexer: indexerEntry(options.dataDir, await freePort(manifest.host)) };
        writeManifest(options.dataDir, manifest);
      }
      await assertPortsFree(manifest.host, servicePorts(manifest), options.dataDir);
      devnet = new Devnet(options, manifest, releaseLock);
    } catch (error) {
      releaseLock();
      throw error;
    }
    try {
      await devnet.#startAll();
    } catch (error) {
      await devnet.stop();
      throw error;
    }
    return devnet;
  }

  get chainUrl(): string {
    return `http://${this.manifest.host}:${this.manifest.chain.port}`;
  }

  /** A client of the devnet's chain (with the local faucet). */
  chain(): LocalChainHttpClient {
    return new LocalChainHttpClient(this.chainUrl);
  }

  /** What the data folder records about this network (ports, addresses, key files). */
  get manifest(): DevnetManifest {
    return this.#manifest;
  }

  /** The id of the network key registered on chain. */
  get networkKeyId(): string {
    return this.#manifest.networkKeyId as string;
  }

  endpoints(): DevnetEndpoints {
    return {
      chain: this.chainUrl,
      validators: this.manifest.validators.map((v) => `http://${this.manifest.host}:${v.port}`),
      relayers: this.manifest.relayers.map((r) => `http://${this.manifest.host}:${r.port}`),
      indexer: `http://${this.manifest.host}:${this.#indexerEntry.port}`,
    };
  }

  async #startAll(): Promise<void> {
    await this.chainProcess.start();
    await waitHealthy('chain', this.chainUrl);
    const admin = () => readRelayerKeyFile(this.manifest.admin.keyFile);
    if (!this.manifest.chainConfigured) {
      await configureChain(this.chain(), admin(), this.manifest);
      this.#update({ chainConfigured: true });
    }
    await Promise.all([
      ...this.validators.map((_, i) => this.startValidator(i)),
      ...this.relayers.map((_, i) => this.startRelayer(i)),
      this.startIndexer(),
    ]);
    if (this.manifest.networkKeyId === null) {
      const progress = this.options.onProgress ?? (() => {});
      const networkKeyId = await generateNetworkKey(this.chain(), admin(), this.manifest.curves as EcdsaCurveName[], progress);
      this.#update({ networkKeyId });
    }
    writeNetworkDescription(
      this.options.dataDir,
      networkDescription(this.manifest, await this.chain().deployment(), this.#indexerEntry.port),
    );
  }

  #update(change: Partial<DevnetManifest>): void {
    this.#manifest = { ...this.#manifest, ...change };
    writeManifest(this.options.dataDir, this.#manifest);
  }

  /** Writes the indexer's configuration and starts it; resolves once it is healthy and caught up with the chain. */
  async startIndexer(): Promise<void> {
    const entry = this.#indexerEntry;
    const config: Partial<IndexerConfig> = {
      chainUrl: this.chainUrl,
      database: entry.db,
      host: this.manifest.host,
      port: entry.port,
      logLevel: this.options.logLevel ?? 'info',
      pollIntervalMs: 100,
      ...this.options.indexerConfig?.(),
    };
    mkdirSync(entry.dir, { recursive: true });
    writeFileAtomic(join(entry.dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    await this.indexer.start();
    await waitHealthy('indexer', this.indexer.url, { check: (health) => health.caughtUp === true });
  }

  /** Writes validator i's configuration and starts it; resolves once it is healthy and caught up with the chain. */
  async startValidator(index: number): Promise<void> {
    const entry = this.manifest.validators[index];
    const process = this.validators[index];
    if (entry === undefined || process === undefined)
      throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, `no validator ${index}`);
    const config: Partial<ValidatorConfig> = {
      chainUrl: this.chainUrl,
      keyFile: entry.keyFile,
      dataDir: entry.dir,
      host: this.manifest.host,
      port: entry.port,
      relayers: this.endpoints().relayers as string[],
      logLevel: this.options.logLevel ?? 'info',
      // Every curve of the network key gets its pool (with a target set).
      presignPoolCurves: [...this.manifest.curves],
      ...this.options.validatorConfig?.(index),
    };
    writePrivateFile(join(entry.dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    await process.start();
    await waitHealthy(process.spec.name, process.url, { check: (health) => health.caughtUp === true });
  }

  async startRelayer(index: number): Promise<void> {
    const entry = this.manifest.relayers[index];
    const process = this.relayers[index];
    if (entry === undefined || process === undefined) throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, `no relayer ${index}`);
    const config: Partial<RelayerConfig> = {
      chainUrl: this.chainUrl,
      keyFile: entry.keyFile,
      dataDir: entry.dir,
      host: this.manifest.host,
      port: entry.port,
      logLevel: this.options.logLevel ?? 'info',
      ...this.options.relayerConfig?.(index),
    };
    writePrivateFile(join(entry.dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    await process.start();
    await waitHealthy(process.spec.name, process.url);
  }

  /** Stops every process gracefully: validators, relayers and the indexer, then the chain; frees the folder. */
  async stop(): Promise<void> {
    await Promise.all([...this.validators, ...this.relayers, this.indexer].map((p) => p.stop()));
    await this.chainProcess.stop();
    this.#releaseLock();
  }
}

/** Every port of the network, with whose it is. */
function servicePorts(manifest: DevnetManifest): ServicePort[] {
  return [
    { port: manifest.chain.port, service: 'the chain' },
    ...manifest.validators.map((v) => ({ port: v.port, service: `validator ${v.index}` })),
    ...manifest.relayers.map((r) => ({ port: r.port, service: `relayer ${r.index}` })),
    ...(manifest.indexer === undefined ? [] : [{ port: manifest.indexer.port, service: 'the indexer' }]),
  ];
}

/** Starts (creating it the first time) the devnet kept in `options.dataDir`. */
export function startDevnet(options: DevnetOptions): Promise<Devnet> {
  return Devnet.start(options);
}
