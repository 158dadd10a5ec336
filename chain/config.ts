/**
 * The chain fields every service's configuration shares (validator, relayer, indexer), and the
 * {@link ChainDescription} they describe. A service spreads {@link chainConfigSpec} into its own
 * spec and passes {@link chainDescriptionOf} of its loaded configuration to `openChain`.
 *
 * ```
 * chainKind      sui                            DWALLET_<SERVICE>_CHAIN_KIND (default sui)
 * chainUrl       a Sui full node's gRPC URL (or the local chain's)   DWALLET_<SERVICE>_CHAIN_URL
 * suiNetwork     mainnet | testnet | devnet | localnet (default from the URL)
 * packageId      the published dwallet package (its original id)
 * latestPackageId  its latest version after upgrades (calls go there; default packageId)
 * coordinatorId  its shared coordinator object
 * ```
 *
 * `chainKind` has one value since the local chain answers Sui's gRPC API: a configuration of the
 * earlier `local` kind is refused with what to write instead.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { ConfigError, type FieldSpec } from '../runtime/config.ts';
import { CHAIN_KINDS, type ChainDescription, SUI_NETWORKS, type SuiNetworkName } from './connect.ts';

const SUI_ID = /^0x[0-9a-fA-F]{1,64}$/;

/** The chain fields of a service whose environment variables start with `envPrefix` (e.g. `DWALLET_RELAYER_`). */
export function chainConfigSpec(envPrefix: string) {
  return {
    chainKind: {
      type: 'string',
      env: `${envPrefix}CHAIN_KIND`,
      default: 'sui',
      oneOf: ['local', ...CHAIN_KINDS],
      description: 'the chain: sui (a Sui full node, or the local chain, which answers the same gRPC API)',
    },
    chainUrl: {
      type: 'url',
      env: `${envPrefix}CHAIN_URL`,
      required: true,
      description: 'gRPC URL of a Sui full node (or of the local chain)',
    },
    suiNetwork: {
      type: 'string',
      env: `${envPrefix}SUI_NETWORK`,
      default: '',
      oneOf: ['', ...SUI_NETWORKS],
      description: 'the Sui network (default: named by the URL, else localnet)',
    },
    packageId: { type: 'string', env: `${envPrefix}PACKAGE_ID`, default: '', description: 'the dwallet package id (as first published)' },
    latestPackageId: {
      type: 'string',
      env: `${envPrefix}LATEST_PACKAGE_ID`,
      default: '',
      description: 'the id of its latest version after an upgrade (default: packageId)',
    },
    coordinatorId: { type: 'string', env: `${envPrefix}COORDINATOR_ID`, default: '', description: 'the coordinator object id' },
  } as const satisfies Record<string, FieldSpec>;
}

export interface ChainConfig {
  readonly chainKind: string;
  readonly chainUrl: string;
  readonly suiNetwork: string;
  readonly packageId: string;
  readonly latestPackageId: string;
  readonly coordinatorId: string;
}

/** The chain a loaded configuration describes; without valid ids it is a CONFIG_INVALID error. */
export function chainDescriptionOf(config: ChainConfig): ChainDescription {
  if (config.chainKind === 'local') {
    throw new ConfigError([
      "chainKind: local is gone: the local chain answers Sui's gRPC API, so write chainKind sui, chainUrl (the same URL) and packageId and coordinatorId (GET <chainUrl>/v1/deployment tells them)",
    ]);
  }
  const problems = (['packageId', 'coordinatorId'] as const)
    .filter((field) => !SUI_ID.test(config[field]))
    .map((field) => `${field}: the ${field === 'packageId' ? 'package' : 'coordinator'} id is needed (0x-prefixed hex)`);
  if (config.latestPackageId !== '' && !SUI_ID.test(config.latestPackageId)) problems.push('latestPackageId: not a 0x-prefixed hex id');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    kind: 'sui',
    url: config.chainUrl,
    ...(config.suiNetwork === '' ? {} : { network: config.suiNetwork as SuiNetworkName }),
    packageId: normalizeSuiAddress(config.packageId),
    ...(config.latestPackageId === '' ? {} : { latestPackageId: normalizeSuiAddress(config.latestPackageId) }),
    coordinatorId: normalizeSuiAddress(config.coordinatorId),
  };
}
