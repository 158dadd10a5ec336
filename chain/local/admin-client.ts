/**
 * The local chain's side door (`server.ts`): what a Sui full node does not answer but a local
 * network needs: which package and coordinator the chain runs (`deployment`), minting SUI
 * (`faucet`, any amount; the Sui-compatible faucet is `POST /v2/gas`) and liveness (`health`).
 * Everything else, reads, events and transactions, goes through `chain/sui` and the chain's gRPC
 * API, as it would on Sui ({@link openLocalChain}). Responses are validated field by field; an
 * error the server reports comes back as the same typed error (same class and code).
 * @module
 */
import type { ChainObject, Deployment } from '../chain.ts';
import { ChainErrorCodes, ChainTransportError, chainErrorFromCode, isChainErrorCode } from '../errors.ts';
import { SuiChain } from '../sui/sui-chain.ts';
import { big, deploymentFromJson, digest as digestField, type Fail, field, type Json, objectFromJson } from '../wire.ts';

export interface LocalChainAdminOptions {
  /** Per-request timeout. */
  timeoutMs?: number;
}

export class LocalChainAdmin {
  private cachedDeployment: Deployment | undefined;
  private readonly timeoutMs: number;

  constructor(
    readonly url: string,
    options: LocalChainAdminOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private fail(path: string): Fail {
    return (message: string) => {
      throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, `${path}: invalid response: ${message}`, { url: this.url, path });
    };
  }

  private async request(method: 'GET' | 'POST', path: string, body?: Json): Promise<Json> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ChainTransportError(
        ChainErrorCodes.TRANSPORT_FAILED,
        `${method} ${this.url}${path} failed: ${(error as Error).message}`,
        { url: this.url },
        { cause: error },
      );
    }
    let json: Json;
    try {
      json = await response.json();
    } catch (error) {
      throw new ChainTransportError(
        ChainErrorCodes.RESPONSE_INVALID,
        `${path}: the response (HTTP ${response.status}) is not JSON`,
        { status: response.status },
        { cause: error },
      );
    }
    if (response.ok) return json;
    const error = typeof json === 'object' && json !== null ? json.error : undefined;
    const code = error?.code;
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`;
    const details = typeof error?.details === 'object' && error.details !== null ? error.details : {};
    if (isChainErrorCode(code)) throw chainErrorFromCode(code, message, { ...details, status: response.status });
    throw new ChainTransportError(ChainErrorCodes.RESPONSE_INVALID, `${path}: HTTP ${response.status} without a known error code`, {
      status: response.status,
    });
  }

  /** The package and coordinator this local chain runs (fixed at its genesis). */
  async deployment(): Promise<Deployment> {
    this.cachedDeployment ??= deploymentFromJson(await this.request('GET', '/v1/deployment'), this.fail('/v1/deployment'));
    return { ...this.cachedDeployment };
  }

  /** Publishes a new version of the package (types keep the original id); the new deployment. */
  async upgradePackage(): Promise<Deployment> {
    this.cachedDeployment = deploymentFromJson(await this.request('POST', '/v1/upgrade'), this.fail('/v1/upgrade'));
    return { ...this.cachedDeployment };
  }

  /** Mints `amount` MIST (default: the chain's faucet amount) as a new coin owned by `address`. */
  async faucet(address: string, amount?: bigint): Promise<{ digest: string; coin: ChainObject }> {
    const json = await this.request('POST', '/v1/faucet', { address, ...(amount === undefined ? {} : { amount: amount.toString() }) });
    const fail = this.fail('/v1/faucet');
    return { digest: digestField(field(json, 'digest', fail), 'digest', fail), coin: objectFromJson(json.coin, fail) };
  }

  async health(): Promise<{ ok: boolean; checkpoint: bigint }> {
    const json = await this.request('GET', '/health');
    const fail = this.fail('/health');
    if (field(json, 'ok', fail) !== true) fail('ok must be true');
    return { ok: true, checkpoint: big(json.checkpoint, 'checkpoint', fail) };
  }
}

/** A local chain as a process other than its host sees it: `chain/sui` over its gRPC API, and its side door. */
export interface LocalChainConnection {
  readonly chain: SuiChain;
  readonly admin: LocalChainAdmin;
  readonly deployment: Deployment;
}

/**
 * Connects to the local chain at `url`: asks the side door which package it runs, then opens
 * `chain/sui` on the chain's gRPC API with those ids (network `localnet`).
 */
export async function openLocalChain(url: string, options: LocalChainAdminOptions = {}): Promise<LocalChainConnection> {
  const admin = new LocalChainAdmin(url, options);
  const deployment = await admin.deployment();
  const chain = new SuiChain({
    network: 'localnet',
    url,
    packageId: deployment.packageId,
    ...(deployment.latestPackageId === undefined ? {} : { latestPackageId: deployment.latestPackageId }),
    coordinatorId: deployment.coordinatorId,
    coordinatorInitialSharedVersion: deployment.coordinatorInitialSharedVersion,
  });
  return { chain, admin, deployment };
}
