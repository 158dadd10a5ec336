/**
 * The chain fields every service's configuration shares (validator, relayer, indexer), and the
 * {@link ChainDescription} they describe. A service spreads {@link chainConfigSpec} into its own
 * spec and passes {@link chainDescriptionOf} of its loaded configuration to `openChain`.
 *
 * ```
 * chainKind      local | sui                    DWALLET_<SERVICE>_CHAIN_KIND (default local)
 * chainUrl       the local chain, or a Sui full node's gRPC URL   DWALLET_<SERVICE>_CHAIN_URL
 * suiNetwork     mainnet | testnet | devnet | localnet (sui only; default from the URL)
 * packageId      the published dwallet package (sui only)
 * coordinatorId  its shared coordinator object (sui only)
 * ```
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
      default: 'local',
      oneOf: CHAIN_KINDS,
      description: 'the chain: local (chain/local server) or sui (a Sui full node)',
    },
    chainUrl: {
      type: 'url',
      env: `${envPrefix}CHAIN_URL`,
      required: true,
      description: 'URL of the local chain, or gRPC URL of a Sui full node',
    },
    suiNetwork: {
      type: 'string',
      env: `${envPrefix}SUI_NETWORK`,
      default: '',
      oneOf: ['', ...SUI_NETWORKS],
      description: 'the Sui network (sui only; default: named by the URL, else localnet)',
    },
    packageId: { type: 'string', env: `${envPrefix}PACKAGE_ID`, default: '', description: 'the dwallet package id (sui only)' },
    coordinatorId: { type: 'string', env: `${envPrefix}COORDINATOR_ID`, default: '', description: 'the coordinator object id (sui only)' },
  } as const satisfies Record<string, FieldSpec>;
}

export interface ChainConfig {
  readonly chainKind: string;
  readonly chainUrl: string;
  readonly suiNetwork: string;
  readonly packageId: string;
  readonly coordinatorId: string;
}

/** The chain a loaded configuration describes; a Sui chain without valid ids is a CONFIG_INVALID error. */
export function chainDescriptionOf(config: ChainConfig): ChainDescription {
  if (config.chainKind === 'local') {
    const stray = (['packageId', 'coordinatorId', 'suiNetwork'] as const).filter((field) => config[field] !== '');
    if (stray.length > 0) throw new ConfigError(stray.map((field) => `${field}: only for chainKind sui (the local chain names its own)`));
    return { kind: 'local', url: config.chainUrl };
  }
  const problems = (['packageId', 'coordinatorId'] as const)
    .filter((field) => !SUI_ID.test(config[field]))
    .map((field) => `${field}: chainKind sui needs the ${field === 'packageId' ? 'package' : 'coordinator'} id (0x-prefixed hex)`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    kind: 'sui',
    url: config.chainUrl,
    ...(config.suiNetwork === '' ? {} : { network: config.suiNetwork as SuiNetworkName }),
    packageId: normalizeSuiAddress(config.packageId),
    coordinatorId: normalizeSuiAddress(config.coordinatorId),
  };
}
