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
 * `reconfigure(change)` changes the committee (epoch + 1): it adds validators (new keys, folders and
 * ports, started in their joining mode), has the chain hand the network key over to the new
 * committee, and restarts the validators that stop to serve the new epoch (exit 75) while the
 * removed ones stop for good. The manifest records each validator's place (member with its
 * committee index, joining, removed), and each start first lines it up with the chain's committee,
 * so a folder resumed after a reconfiguration starts exactly the current committee.
 *
 * One process runs a folder's network at a time (`devnet.lock`), and a start checks its ports
 * before starting anything, naming what holds one. The processes it starts stop by themselves
 * when it exits in any way, SIGKILL included (each watches the end of a pipe from it).
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type LocalChainConnection, openLocalChain } from '../chain/local/admin-client.ts';
import { readCoordinator } from '../chain/object-reader.ts';
import type { MemberValue } from '../chain/schemas/objects.ts';
import type { SuiChain } from '../chain/sui/sui-chain.ts';
import type { IndexerConfig } from '../indexer/config.ts';
import { type CurveName, isCurveName } from '../mpc/curves/curve.ts';
import type { RelayerConfig } from '../relayer/config.ts';
import { readRelayerKeyFile } from '../relayer/key-file.ts';
import { writePrivateFile } from '../runtime/private-file.ts';
import type { ValidatorConfig } from '../validator/config.ts';
import {
  committeeMember,
  configureChain,
  fundAccounts,
  generateNetworkKey,
  requestReconfiguration,
  waitReconfigured,
} from './chain-setup.ts';
import { makeKeys, makeValidatorKeys, type ValidatorKeys } from './keys.ts';
import {
  committeeIndexOf,
  committeeMembers,
  DevnetError,
  DevnetErrorCodes,
  type DevnetManifest,
  type IndexerEntry,
  indexerEntry,
  logsDir,
  MANIFEST_VERSION,
  readManifest,
  type ValidatorEntry,
  type ValidatorPlace,
  validatorStatus,
  writeFileAtomic,
  writeManifest,
} from './layout.ts';
import { acquireDevnetLock } from './lock.ts';
import { networkDescription, writeNetworkDescription } from './network-description.ts';
import { assertPortsFree, freePort, freePorts, type ServicePort } from './ports.ts';
import { type ProcessSpec, ServiceProcess, waitHealthy } from './process.ts';
import { defaultThreshold, planReconfiguration, type ReconfigurationChange } from './reconfiguration.ts';

export type { ReconfigurationChange } from './reconfiguration.ts';

/** The network key's curves of a devnet created without `curves`: every signing scheme but P-256's. */
export const DEFAULT_DEVNET_CURVES: readonly CurveName[] = Object.freeze(['secp256k1', 'ed25519']);

export interface DevnetOptions {
  readonly dataDir: string;
  /** Validators when the devnet is created (default 4). */
  readonly validators?: number;
  /** Threshold weight when created (default: the smallest above 2/3 of the validators). */
  readonly threshold?: number;
  /** Relayers when created (default 1). */
  readonly relayers?: number;
  /**
   * Curves of the network key when created (default {@link DEFAULT_DEVNET_CURVES}: secp256k1 for
   * ECDSA and Taproot dWallets, ed25519 for EdDSA ones).
   */
  readonly curves?: readonly CurveName[];
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
  /**
   * Called once the network key's DKG is requested on the first start, while the validators run
   * it (tests use it to kill and restart a validator in the middle of the DKG).
   */
  readonly onNetworkKeyRequested?: (devnet: Devnet) => void;
}

export interface DevnetEndpoints {
  readonly chain: string;
  readonly validators: readonly string[];
  readonly relayers: readonly string[];
  readonly indexer: string;
}

/** A validator of the manifest: its place, folder and port, and the public part of its keys. */
function validatorEntry(place: ValidatorPlace, dir: string, port: number, keys: ValidatorKeys): ValidatorEntry {
  return {
    ...place,
    port,
    suiAddress: keys.suiAddress,
    blsPublicKey: bytesToHex(keys.blsPublicKey),
    proofOfPossession: bytesToHex(keys.proofOfPossession),
    shareEncryptionKey: bytesToHex(keys.shareEncryptionKey),
    dir,
    keyFile: join(dir, 'key.json'),
  };
}

async function create(options: DevnetOptions): Promise<DevnetManifest> {
  const host = options.host ?? '127.0.0.1';
  const n = options.validators ?? 4;
  const threshold = options.threshold ?? defaultThreshold(n);
  const relayers = options.relayers ?? 1;
  const curves = options.curves ?? DEFAULT_DEVNET_CURVES;
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, 'validators: 1 to 64');
  if (!Number.isInteger(threshold) || 3 * threshold <= 2 * n || threshold > n) {
    throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, `threshold must be above 2/3 of ${n} and at most ${n}`);
  }
  if (!Number.isInteger(relayers) || relayers < 1) throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, 'relayers: at least 1');
  if (curves.length === 0 || !curves.every(isCurveName) || new Set(curves).size !== curves.length)
    throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, 'curves: one or more of secp256k1, p256 and ed25519, each once');
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
    validators: validatorDirs.map((dir, i) =>
      validatorEntry(
        { index: i, status: 'member', committeeIndex: i, weight: 1 },
        dir,
        ports[1 + i] as number,
        keys.validators[i] as ValidatorKeys,
      ),
    ),
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
    chainApi: 'grpc',
  };
  writeManifest(options.dataDir, manifest);
  return manifest;
}

/**
 * The exit code of a validator that stops by itself at an epoch change and is in the new committee
 * (its committee index changed, or it joined): "restart me to serve the new epoch" (EX_TEMPFAIL).
 * One that left the committee exits with 0.
 */
export const RESTART_EXIT_CODE = 75;

/** How long a validator has to stop by itself once the epoch changed, before the devnet stops it. */
export const EPOCH_EXIT_GRACE_MS = 60_000;

/** A member of the devnet's current committee. */
export interface CommitteeMemberInfo {
  /** Manifest index (folder `validators/<index>`, process `validator-<index>`). */
  readonly index: number;
  /** Index in the committee (party = committeeIndex + 1). */
  readonly committeeIndex: number;
  readonly weight: number;
  /** Its Sui address. */
  readonly address: string;
  /** Its peer URL (the committee's network address). */
  readonly url: string;
}

export interface ReconfigurationOutcome {
  /** The chain's epoch once the new committee serves it. */
  readonly epoch: number;
  readonly threshold: number;
  readonly totalWeight: number;
  /** The new committee, in committee order. */
  readonly committee: readonly CommitteeMemberInfo[];
  /** Manifest indices of the validators added and removed. */
  readonly added: readonly number[];
  readonly removed: readonly number[];
}

/** The exit code once `process` has ended, or 'running' when it still runs after `ms`. */
async function exitWithin(process: ServiceProcess, ms: number): Promise<number | null | 'running'> {
  if (!process.running) return process.exitCode;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'running'>((resolve) => {
    timer = setTimeout(() => resolve('running'), ms);
  });
  try {
    return await Promise.race([process.exited(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class Devnet {
  readonly chainProcess: ServiceProcess;
  readonly #validators: ServiceProcess[];
  readonly relayers: readonly ServiceProcess[];
  readonly indexer: ServiceProcess;

  #manifest: DevnetManifest;
  readonly #releaseLock: () => void;
  /** Validators being restarted after an epoch change, by manifest index. */
  readonly #restarts = new Map<number, Promise<void>>();
  #stopping = false;
  #localChain: LocalChainConnection | undefined;

  private constructor(
    readonly options: DevnetOptions,
    manifest: DevnetManifest,
    releaseLock: () => void,
  ) {
    this.#manifest = manifest;
    this.#releaseLock = releaseLock;
    this.chainProcess = this.#process('chain', 'chain/local/main.ts', [
      '--db',
      manifest.chain.db,
      '--port',
      String(manifest.chain.port),
      '--host',
      manifest.host,
      '--admin',
      manifest.admin.address,
    ]);
    this.#validators = manifest.validators.map((v) => this.#validatorProcess(v));
    this.relayers = manifest.relayers.map((r) =>
      this.#process(`relayer-${r.index}`, 'relayer/main.ts', ['--config', join(r.dir, 'config.json')]),
    );
    this.indexer = this.#process('indexer', 'indexer/main.ts', ['--config', join(this.#indexerEntry.dir, 'config.json')]);
  }

  #process(name: string, script: string, args: string[], exits: Partial<ProcessSpec> = {}): ServiceProcess {
    const { onLog } = this.options;
    const logFile = join(logsDir(this.options.dataDir), `${name}.log`);
    return new ServiceProcess({
      name,
      script,
      args,
      logFile,
      onLog: onLog === undefined ? undefined : (line) => onLog(name, line),
      onExit: (code) => this.#progress(`${name} exited unexpectedly (exit ${code}); its log: ${logFile}`),
      ...exits,
    });
  }

  /**
   * A validator's process: exit 75 (it stopped to serve a new epoch) restarts it at once, exit 0
   * (it left the committee) is reported; anything else is a crash.
   */
  #validatorProcess(entry: ValidatorEntry): ServiceProcess {
    const name = `validator-${entry.index}`;
    const logFile = join(logsDir(this.options.dataDir), `${name}.log`);
    return this.#process(name, 'validator/main.ts', ['--config', join(entry.dir, 'config.json')], {
      expectedExitCodes: [0, RESTART_EXIT_CODE],
      onExit: (code, expected) => {
        if (!expected) this.#progress(`${name} exited unexpectedly (exit ${code}); its log: ${logFile}`);
        else if (code === RESTART_EXIT_CODE) this.#restartValidator(entry.index);
        else this.#progress(`${name} left the committee and stopped`);
      },
    });
  }

  /** Restarts validator `index` after it stopped to serve a new epoch, its place read from the chain first. */
  #restartValidator(index: number): void {
    if (this.#stopping || this.#restarts.has(index)) return;
    const restart = (async () => {
      await this.#followChainCommittee();
      const entry = this.manifest.validators[index] as ValidatorEntry;
      if (this.#stopping || validatorStatus(entry) === 'removed') return;
      await this.startValidator(index);
      this.#progress(
        `validator-${index} restarted to serve epoch ${this.epoch} as party ${(committeeIndexOf(entry) ?? -1) + 1 || 'joining'}`,
      );
    })().finally(() => this.#restarts.delete(index));
    restart.catch((error) => this.#progress(`validator-${index} did not restart: ${(error as Error).message}`));
    this.#restarts.set(index, restart);
  }

  #progress(line: string): void {
    this.options.onProgress?.(line);
  }

  /** The validators' processes by manifest index (removed ones included: they are not started). */
  get validators(): readonly ServiceProcess[] {
    return this.#validators;
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
      if (manifest.chainApi !== 'grpc') {
        throw new DevnetError(
          DevnetErrorCodes.DEVNET_OPTIONS_INVALID,
          `${options.dataDir} holds a network whose services followed the local chain's HTTP API, which is gone (their event cursors are in its format): start a new network in another (or an emptied) data folder`,
        );
      }
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

  /** A client of the devnet's chain: `chain/sui` over its gRPC API, as every service uses. */
  chain(): SuiChain {
    return this.localChain().chain;
  }

  /** The devnet's chain with its side door (the faucet, the deployment); connected when the chain started. */
  localChain(): LocalChainConnection {
    if (this.#localChain === undefined)
      throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, 'the devnet has not started its chain');
    return this.#localChain;
  }

  /** What the data folder records about this network (ports, addresses, key files). */
  get manifest(): DevnetManifest {
    return this.#manifest;
  }

  /** The id of the network key registered on chain. */
  get networkKeyId(): string {
    return this.#manifest.networkKeyId as string;
  }

  /** The chain's epoch the manifest's committee belongs to. */
  get epoch(): number {
    return this.#manifest.epoch ?? 1;
  }

  /** The current committee, in committee order. */
  committee(): CommitteeMemberInfo[] {
    return committeeMembers(this.manifest).map((v) => ({
      index: v.index,
      committeeIndex: committeeIndexOf(v) as number,
      weight: v.weight ?? 1,
      address: v.suiAddress,
      url: this.#validatorUrl(v),
    }));
  }

  #validatorUrl(entry: ValidatorEntry): string {
    return `http://${this.manifest.host}:${entry.port}`;
  }

  /** The URLs of the services; the validators' are the current committee's, in committee order. */
  endpoints(): DevnetEndpoints {
    return {
      chain: this.chainUrl,
      validators: committeeMembers(this.manifest).map((v) => this.#validatorUrl(v)),
      relayers: this.manifest.relayers.map((r) => `http://${this.manifest.host}:${r.port}`),
      indexer: `http://${this.manifest.host}:${this.#indexerEntry.port}`,
    };
  }

  async #startAll(): Promise<void> {
    await this.chainProcess.start();
    await waitHealthy('chain', this.chainUrl);
    this.#localChain = await openLocalChain(this.chainUrl);
    const admin = () => readRelayerKeyFile(this.manifest.admin.keyFile);
    if (!this.manifest.chainConfigured) {
      await configureChain(this.localChain(), admin(), this.manifest);
      this.#update({ chainConfigured: true });
    } else {
      await this.#followChainCommittee();
    }
    await Promise.all([
      ...this.manifest.validators.filter((v) => validatorStatus(v) !== 'removed').map((v) => this.startValidator(v.index)),
      ...this.relayers.map((_, i) => this.startRelayer(i)),
      this.startIndexer(),
    ]);
    if (this.manifest.networkKeyId === null) {
      const networkKeyId = await generateNetworkKey(
        this.chain(),
        admin(),
        this.manifest.curves as CurveName[],
        (line) => this.#progress(line),
        { onRequested: () => this.options.onNetworkKeyRequested?.(this) },
      );
      this.#update({ networkKeyId });
    }
    await this.#writeNetworkDescription();
  }

  async #writeNetworkDescription(): Promise<void> {
    writeNetworkDescription(this.options.dataDir, networkDescription(this.manifest, this.localChain().deployment, this.#indexerEntry.port));
  }

  /**
   * Brings the manifest's committee in line with the chain's, by BLS key: a member of the chain's
   * committee gets its committee index and weight, one of the pending committee (a reconfiguration
   * under way) is joining, any other was removed (or never joined) and is not started. So a data
   * folder resumed after a reconfiguration — even one interrupted half-way — starts exactly the
   * current committee (and the joining validators).
   */
  async #followChainCommittee(): Promise<void> {
    const coordinator = await readCoordinator(this.chain());
    const find = (members: readonly MemberValue[], key: string) =>
      members.findIndex((m) => bytesToHex(new Uint8Array(m.public_key)) === key);
    const pending = coordinator.pending_committee?.members ?? [];
    const validators = this.manifest.validators.map((v): ValidatorEntry => {
      const at = find(coordinator.committee.members, v.blsPublicKey);
      if (at !== -1) {
        return { ...v, status: 'member', committeeIndex: at, weight: Number((coordinator.committee.members[at] as MemberValue).weight) };
      }
      const joining = find(pending, v.blsPublicKey);
      if (joining !== -1)
        return { ...v, status: 'joining', committeeIndex: null, weight: Number((pending[joining] as MemberValue).weight) };
      return { ...v, status: 'removed', committeeIndex: null };
    });
    this.#update({ validators, threshold: Number(coordinator.committee.threshold), epoch: Number(coordinator.epoch) });
  }

  #update(change: Partial<DevnetManifest>): void {
    this.#manifest = { ...this.#manifest, ...change };
    writeManifest(this.options.dataDir, this.#manifest);
  }

  /** Writes the indexer's configuration and starts it; resolves once it is healthy and caught up with the chain. */
  /**
   * The chain fields of a service's configuration: the local chain's gRPC URL with the package and
   * coordinator ids, exactly as for a Sui network.
   */
  async #chainFields(): Promise<
    Pick<ValidatorConfig, 'chainKind' | 'chainUrl' | 'packageId' | 'coordinatorId'> & Partial<Pick<ValidatorConfig, 'latestPackageId'>>
  > {
    const { deployment } = this.localChain();
    return {
      chainKind: 'sui',
      chainUrl: this.chainUrl,
      packageId: deployment.packageId,
      ...(deployment.latestPackageId === undefined ? {} : { latestPackageId: deployment.latestPackageId }),
      coordinatorId: deployment.coordinatorId,
    };
  }

  async startIndexer(): Promise<void> {
    const entry = this.#indexerEntry;
    const config: Partial<IndexerConfig> = {
      ...(await this.#chainFields()),
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

  /**
   * Writes validator `index`'s configuration (its manifest index) and starts it; resolves once it
   * is healthy and caught up with the chain — or, for a validator joining the committee, healthy in
   * its joining mode (`joining: true`).
   */
  async startValidator(index: number): Promise<void> {
    const entry = this.manifest.validators[index];
    const process = this.#validators[index];
    if (entry === undefined || process === undefined)
      throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, `no validator ${index}`);
    if (validatorStatus(entry) === 'removed') {
      throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, `validator ${index} was removed from the committee`);
    }
    const config: Partial<ValidatorConfig> = {
      ...(await this.#chainFields()),
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
    const joining = validatorStatus(entry) === 'joining';
    await waitHealthy(process.spec.name, process.url, {
      // A joining validator may already have joined (and restarted as a member) when first asked.
      check: (health) => health.caughtUp === true || (joining && health.joining === true),
    });
  }

  async startRelayer(index: number): Promise<void> {
    const entry = this.manifest.relayers[index];
    const process = this.relayers[index];
    if (entry === undefined || process === undefined) throw new DevnetError(DevnetErrorCodes.DEVNET_OPTIONS_INVALID, `no relayer ${index}`);
    const config: Partial<RelayerConfig> = {
      ...(await this.#chainFields()),
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

  /**
   * Changes the committee (epoch + 1), reporting each step through `progress`: makes the keys,
   * folder and port of each added validator, records it as joining and funds its Sui account; asks
   * the chain to hand over to the new committee (the remaining members in their order, then the new
   * ones), starts the added validators — the chain's pending committee names them, so they start
   * in their joining mode — and waits until they are healthy; waits until the chain's epoch is
   * epoch + 1 (DEVNET_RECONFIGURATION_REJECTED with the chain's reason, DEVNET_UNHEALTHY after
   * `timeoutMs`, default chain-setup.ts RECONFIGURATION_TIMEOUT_MS); records the new committee; and
   * resolves once every member serves the new epoch (validators that stop with exit
   * {@link RESTART_EXIT_CODE} are restarted as they exit) and the removed ones are stopped.
   * DEVNET_OPTIONS_INVALID, before anything is done, for a change that does not fit the committee
   * or while another change is pending on chain.
   */
  async reconfigure(
    change: ReconfigurationChange,
    progress: (line: string) => void = (line) => this.#progress(line),
    options: { readonly timeoutMs?: number } = {},
  ): Promise<ReconfigurationOutcome> {
    const plan = planReconfiguration(this.manifest, change);
    const chain = this.chain();
    const current = await readCoordinator(chain);
    if (current.pending_committee !== null) {
      throw new DevnetError(
        DevnetErrorCodes.DEVNET_OPTIONS_INVALID,
        `a reconfiguration to epoch ${current.epoch + 1n} is already under way on chain: wait until it completes or is rejected`,
      );
    }
    const added = plan.committee.filter((m) => m.added);
    if (added.length > 0) {
      const ports = await freePorts(this.manifest.host, added.length);
      const entries = added.map((m, k) => {
        const dir = join(this.options.dataDir, 'validators', String(m.index));
        const place = { index: m.index, status: 'joining', committeeIndex: null, weight: m.weight } as const;
        return validatorEntry(place, dir, ports[k] as number, makeValidatorKeys(dir));
      });
      this.#update({ validators: [...this.manifest.validators, ...entries] });
      for (const entry of entries) {
        this.#validators.push(this.#validatorProcess(entry));
        progress(`validator ${entry.index}: keys made in ${entry.dir}, port ${entry.port}, joining with weight ${entry.weight}`);
      }
      await fundAccounts(
        this.localChain().admin,
        entries.map((e) => e.suiAddress),
      );
    }
    const members = plan.committee.map((m) =>
      committeeMember(this.manifest, this.manifest.validators[m.index] as ValidatorEntry, m.weight),
    );
    let epoch: bigint;
    try {
      // The request first: a validator named in the chain's pending committee starts in its joining mode.
      const request = await requestReconfiguration(
        chain,
        readRelayerKeyFile(this.manifest.admin.keyFile),
        members,
        plan.threshold,
        progress,
      );
      if (added.length > 0) {
        progress(`starting ${added.length === 1 ? 'the joining validator' : `${added.length} joining validators`}`);
        await Promise.all(added.map((m) => this.startValidator(m.index)));
        progress(`joining validator${added.length === 1 ? '' : 's'} ${added.map((m) => m.index).join(', ')} healthy`);
      }
      epoch = await waitReconfigured(chain, request, progress, options.timeoutMs);
    } catch (error) {
      // Unless the chain still has the change pending (a timeout: the next start resumes it), the
      // added validators never joined: stop them, and never start them again.
      const pending = await readCoordinator(chain).then(
        (c) => c.pending_committee !== null,
        () => true,
      );
      if (!pending && added.length > 0) {
        await Promise.all(added.map((m) => this.#validators[m.index]?.stop()));
        this.#update({
          validators: this.manifest.validators.map((v) =>
            added.some((m) => m.index === v.index) ? { ...v, status: 'removed', committeeIndex: null } : v,
          ),
        });
        progress(`validator${added.length === 1 ? '' : 's'} ${added.map((m) => m.index).join(', ')} stopped: not joining`);
      }
      throw error;
    }
    this.#update({
      epoch: Number(epoch),
      threshold: plan.threshold,
      validators: this.manifest.validators.map((v): ValidatorEntry => {
        const at = plan.committee.findIndex((m) => m.index === v.index);
        if (at !== -1) return { ...v, status: 'member', committeeIndex: at, weight: (plan.committee[at] as { weight: number }).weight };
        if (plan.removed.includes(v.index)) return { ...v, status: 'removed', committeeIndex: null };
        return v;
      }),
    });
    progress(`epoch ${epoch}: the manifest records the new committee; waiting until every member serves it`);
    await Promise.all([
      ...plan.removed.map(async (index) => {
        const process = this.#validators[index] as ServiceProcess;
        if ((await exitWithin(process, EPOCH_EXIT_GRACE_MS)) === 'running') {
          progress(`validator-${index} left the committee but did not stop by itself in ${EPOCH_EXIT_GRACE_MS / 1000} s: stopping it`);
          await process.stop();
        }
      }),
      ...plan.committee.map((member) => this.#untilServing(member.index, epoch, progress)),
    ]);
    await this.#writeNetworkDescription();
    return {
      epoch: Number(epoch),
      threshold: plan.threshold,
      totalWeight: plan.totalWeight,
      committee: this.committee(),
      added: added.map((m) => m.index),
      removed: [...plan.removed],
    };
  }

  /**
   * Resolves once validator `index` serves `epoch` as a member: healthy, caught up, not joining,
   * and (when its health says) at that epoch — restarted by itself (exit 75) or still running. One
   * still at the old epoch after {@link EPOCH_EXIT_GRACE_MS} is restarted by the devnet.
   */
  async #untilServing(index: number, epoch: bigint, progress: (line: string) => void): Promise<void> {
    const process = this.#validators[index] as ServiceProcess;
    const started = Date.now();
    let restartedByUs = false;
    for (;;) {
      const restarting = this.#restarts.get(index);
      if (restarting !== undefined) {
        await restarting;
        continue;
      }
      if (!process.running) {
        throw new DevnetError(
          DevnetErrorCodes.DEVNET_PROCESS_FAILED,
          `validator-${index} exited with ${process.exitCode} at the change to epoch ${epoch}; its log: ${join(logsDir(this.options.dataDir), `validator-${index}.log`)}`,
          { index, code: process.exitCode },
        );
      }
      const health = await fetch(`${process.url}/health`, { signal: AbortSignal.timeout(5000) })
        .then((response) => response.json() as Promise<Record<string, unknown>>)
        .catch(() => undefined);
      const atEpoch = health?.epoch === undefined || String(health.epoch) === String(epoch);
      if (health?.ok === true && health.caughtUp === true && health.joining !== true && atEpoch) return;
      const waited = Date.now() - started;
      if (!restartedByUs && waited > EPOCH_EXIT_GRACE_MS) {
        progress(`validator-${index} still does not serve epoch ${epoch} after ${EPOCH_EXIT_GRACE_MS / 1000} s: restarting it`);
        restartedByUs = true;
        await process.stop();
        await this.startValidator(index);
        continue;
      }
      if (waited > 2 * EPOCH_EXIT_GRACE_MS) {
        throw new DevnetError(
          DevnetErrorCodes.DEVNET_UNHEALTHY,
          `validator-${index} does not serve epoch ${epoch}: ${JSON.stringify(health)}`,
          {
            index,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Stops every process gracefully: validators, relayers and the indexer, then the chain; frees the folder. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const services = () => Promise.all([...this.#validators, ...this.relayers, this.indexer].map((p) => p.stop()));
    await services();
    // A validator restarting after an epoch change may have started meanwhile: stop it too.
    await Promise.allSettled([...this.#restarts.values()]);
    await services();
    await this.chainProcess.stop();
    this.#releaseLock();
  }
}

/** Every port of the network, with whose it is. */
function servicePorts(manifest: DevnetManifest): ServicePort[] {
  return [
    { port: manifest.chain.port, service: 'the chain' },
    ...manifest.validators.filter((v) => validatorStatus(v) !== 'removed').map((v) => ({ port: v.port, service: `validator ${v.index}` })),
    ...manifest.relayers.map((r) => ({ port: r.port, service: `relayer ${r.index}` })),
    ...(manifest.indexer === undefined ? [] : [{ port: manifest.indexer.port, service: 'the indexer' }]),
  ];
}

/** Starts (creating it the first time) the devnet kept in `options.dataDir`. */
export function startDevnet(options: DevnetOptions): Promise<Devnet> {
  return Devnet.start(options);
}
