/**
 * The network description a client connects with: what `dwallet devnet` writes at
 * `<dataDir>/network.json` (and what an operator publishes for a real network).
 *
 * ```json
 * { "version": 1,
 *   "chain": { "kind": "sui", "url": "http://127.0.0.1:9000", "network": "localnet" },
 *   "faucet": "http://127.0.0.1:9000",
 *   "indexer": "http://127.0.0.1:9100",
 *   "packageId": "0x…", "coordinatorId": "0x…", "networkKeyId": "0x…",
 *   "curves": ["secp256k1", "p256"],
 *   "relayers": ["http://127.0.0.1:9300"] }
 * ```
 *
 * `chain.url` is a Sui full node's gRPC URL: a Sui network's, or the local chain's, which answers
 * the same API. `faucet` (optional) is a faucet speaking Sui's faucet protocol (`POST /v2/gas`,
 * `@mysten/sui/faucet`), which the CLI asks for SUI when its key holds none: the local chain's
 * side door, or Sui's localnet/devnet/testnet faucet. `relayers` (optional) lists the relayers'
 * URLs, for health reports; the validators' are on chain.
 *
 * Every field is checked; a wrong one is a `NETWORK_DESCRIPTION_INVALID` error naming the field
 * (`details.field`). Ids are normalised to 0x-prefixed 64-hex. An optional `chain.network`
 * ("mainnet" | "testnet" | "devnet" | "localnet") names the Sui network; unknown fields are
 * refused so a typo is not silently ignored. A description of the earlier `"local"` chain kind is
 * refused with what to write instead.
 *
 * No `node:` import (the browser SDK bundles this module): {@link loadNetworkDescription} reads a
 * path through `process.getBuiltinModule('node:fs')` when it runs in Node; in a browser the page
 * fetches the description and passes the parsed object.
 * @module
 */
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import type { ChainDescription } from '../chain/connect.ts';
import { isSuiNetworkName, SUI_NETWORKS, type SuiNetworkName } from '../chain/sui/networks.ts';
import { type CurveName, isCurveName } from '../mpc/curves/curve.ts';
import { ClientError, ClientErrorCodes } from './errors.ts';

export const NETWORK_DESCRIPTION_VERSION = 1;

export type { SuiNetworkName };

/**
 * The chain as `network.json` names it: a {@link ChainDescription} without the package and
 * coordinator ids, which the description holds at its top level. {@link chainOfNetwork} puts
 * them back together.
 */
export type NetworkChain = Omit<ChainDescription, 'packageId' | 'coordinatorId'>;

export interface NetworkDescription {
  readonly version: 1;
  readonly chain: NetworkChain;
  /** Base URL of the indexer's HTTP API. */
  readonly indexer: string;
  /** A faucet speaking Sui's faucet protocol (`POST /v2/gas`), when the network has one. */
  readonly faucet?: string;
  /** The package's original id (types, events). */
  readonly packageId: string;
  /** Its latest version's id after an upgrade (calls go there). */
  readonly latestPackageId?: string;
  readonly coordinatorId: string;
  readonly networkKeyId: string;
  readonly curves: readonly CurveName[];
  /** The relayers' base URLs, when the description lists them. */
  readonly relayers?: readonly string[];
}

function invalid(field: string, message: string, source: string | undefined): never {
  const where = source === undefined ? 'the network description' : source;
  throw new ClientError(ClientErrorCodes.NETWORK_DESCRIPTION_INVALID, `${where}: ${field}: ${message}`, {
    field,
    ...(source === undefined ? {} : { path: source }),
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], prefix: string, source: string | undefined): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) invalid(`${prefix}${key}`, 'unknown field', source);
  }
}

function httpUrl(value: unknown, field: string, source: string | undefined): string {
  if (typeof value !== 'string' || value.length === 0) invalid(field, 'must be a URL string', source);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(field, `not a URL: ${JSON.stringify(value)}`, source);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') invalid(field, `must be an http(s) URL, not ${url.protocol}`, source);
  if (url.search !== '' || url.hash !== '') invalid(field, 'must not have a query or fragment', source);
  return value.replace(/\/+$/, '');
}

function suiId(value: unknown, field: string, source: string | undefined): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) invalid(field, 'must be a 0x-prefixed hex id', source);
  const normalized = normalizeSuiAddress(value.toLowerCase());
  if (!isValidSuiAddress(normalized)) invalid(field, 'not a Sui object id', source);
  return normalized;
}

/** Validates a parsed description; `source` (a path) only labels errors. */
export function parseNetworkDescription(value: unknown, source?: string): NetworkDescription {
  if (!isRecord(value)) invalid('(root)', 'must be a JSON object', source);
  onlyKeys(
    value,
    ['version', 'chain', 'faucet', 'indexer', 'packageId', 'latestPackageId', 'coordinatorId', 'networkKeyId', 'curves', 'relayers'],
    '',
    source,
  );
  if (value.version !== NETWORK_DESCRIPTION_VERSION) invalid('version', `must be ${NETWORK_DESCRIPTION_VERSION}`, source);

  const chain = value.chain;
  if (!isRecord(chain)) invalid('chain', 'must be an object { kind, url }', source);
  if (chain.kind === 'local') {
    invalid(
      'chain.kind',
      'the "local" kind is gone: the local chain answers Sui\'s gRPC API, so write "sui" (same url) and "network": "localnet"; a devnet rewrites its network.json when it starts',
      source,
    );
  }
  if (chain.kind !== 'sui') invalid('chain.kind', 'must be "sui"', source);
  onlyKeys(chain, ['kind', 'url', 'network'], 'chain.', source);
  const chainUrl = httpUrl(chain.url, 'chain.url', source);
  const network = chain.network;
  if (network !== undefined && !isSuiNetworkName(network)) {
    invalid('chain.network', `must be one of ${SUI_NETWORKS.join(', ')}`, source);
  }
  const parsedChain: NetworkChain =
    network === undefined ? { kind: 'sui', url: chainUrl } : { kind: 'sui', url: chainUrl, network: network as SuiNetworkName };
  const faucet = value.faucet === undefined ? undefined : httpUrl(value.faucet, 'faucet', source);

  const indexer = httpUrl(value.indexer, 'indexer', source);
  const packageId = suiId(value.packageId, 'packageId', source);
  const latestPackageId = value.latestPackageId === undefined ? undefined : suiId(value.latestPackageId, 'latestPackageId', source);
  const coordinatorId = suiId(value.coordinatorId, 'coordinatorId', source);
  const networkKeyId = suiId(value.networkKeyId, 'networkKeyId', source);

  const curves = value.curves;
  if (!Array.isArray(curves) || curves.length === 0) invalid('curves', 'must be a non-empty array of curve names', source);
  const seen = new Set<string>();
  curves.forEach((curve, i) => {
    if (!isCurveName(curve)) invalid(`curves[${i}]`, `must be "secp256k1", "p256" or "ed25519", not ${JSON.stringify(curve)}`, source);
    if (seen.has(curve)) invalid(`curves[${i}]`, `${curve} appears twice`, source);
    seen.add(curve);
  });

  let relayers: readonly string[] | undefined;
  if (value.relayers !== undefined) {
    if (!Array.isArray(value.relayers)) invalid('relayers', 'must be an array of URLs', source);
    relayers = Object.freeze(value.relayers.map((url, i) => httpUrl(url, `relayers[${i}]`, source)));
  }

  return Object.freeze({
    version: 1,
    chain: Object.freeze(parsedChain),
    ...(faucet === undefined ? {} : { faucet }),
    indexer,
    packageId,
    ...(latestPackageId === undefined ? {} : { latestPackageId }),
    coordinatorId,
    networkKeyId,
    curves: Object.freeze([...(curves as CurveName[])]),
    ...(relayers === undefined ? {} : { relayers }),
  });
}

/** The chain a description names, as `openChain` takes it. */
export function chainOfNetwork(network: NetworkDescription): ChainDescription {
  return {
    ...network.chain,
    packageId: network.packageId,
    ...(network.latestPackageId === undefined ? {} : { latestPackageId: network.latestPackageId }),
    coordinatorId: network.coordinatorId,
  };
}

/** `node:fs` when running in Node (looked up at run time: no static import); undefined in a browser. */
function nodeFs(): typeof import('node:fs') | undefined {
  return globalThis.process?.getBuiltinModule?.('node:fs') as typeof import('node:fs') | undefined;
}

/**
 * Reads and validates a description: a path to a JSON file (Node only), or an already parsed
 * object. A path where there is no file system (a browser) is INVALID_ARGUMENT.
 */
export function loadNetworkDescription(pathOrObject: string | unknown): NetworkDescription {
  if (typeof pathOrObject !== 'string') return parseNetworkDescription(pathOrObject);
  const fs = nodeFs();
  if (fs === undefined) {
    throw new ClientError(ClientErrorCodes.INVALID_ARGUMENT, 'a network description path needs Node: pass the parsed description', {
      path: pathOrObject,
    });
  }
  let text: string;
  try {
    text = fs.readFileSync(pathOrObject, 'utf8');
  } catch (error) {
    throw new ClientError(
      ClientErrorCodes.NETWORK_DESCRIPTION_INVALID,
      `cannot read the network description ${pathOrObject}: ${(error as Error).message}`,
      { field: '(file)', path: pathOrObject },
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ClientError(
      ClientErrorCodes.NETWORK_DESCRIPTION_INVALID,
      `${pathOrObject} is not JSON: ${(error as Error).message}`,
      { field: '(root)', path: pathOrObject },
      { cause: error },
    );
  }
  return parseNetworkDescription(json, pathOrObject);
}
