/**
 * The Sui networks a chain description may name. A module of its own, with no imports, so that
 * reading a network description (client/network.ts) loads no chain client.
 * @module
 */

export const SUI_NETWORKS = ['mainnet', 'testnet', 'devnet', 'localnet'] as const;
export type SuiNetworkName = (typeof SUI_NETWORKS)[number];

export function isSuiNetworkName(value: unknown): value is SuiNetworkName {
  return (SUI_NETWORKS as readonly unknown[]).includes(value);
}

/** The Sui network a full node URL names (`fullnode.testnet.sui.io` → testnet), else localnet. */
export function suiNetworkOfUrl(url: string): SuiNetworkName {
  return SUI_NETWORKS.find((name) => name !== 'localnet' && url.includes(name)) ?? 'localnet';
}
