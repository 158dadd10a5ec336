/** How the tool shows a dWallet: ids, curve, public key and the addresses it controls. */
import { bitcoinP2wpkhAddress } from '../../bitcoin/address.ts';
import type { BitcoinNetwork } from '../../bitcoin/network.ts';
import { ethereumAddress } from '../../ethereum/address.ts';
import type { Printable } from '../output.ts';

export { BITCOIN_NETWORKS, type BitcoinNetwork } from '../../bitcoin/network.ts';

export interface DWalletView {
  readonly id: string;
  readonly capId?: string | null;
  readonly curve: string | number;
  readonly state?: string;
  readonly publicKey: Uint8Array | null;
}

const CURVE_NAMES: Readonly<Record<number, string>> = { 0: 'secp256k1', 1: 'p256' };

export function curveName(curve: string | number): string {
  return typeof curve === 'number' ? (CURVE_NAMES[curve] ?? `curve ${curve}`) : curve;
}

/** The record printed for a dWallet; secp256k1 keys also show their Ethereum and Bitcoin addresses. */
export function describeDWallet(dwallet: DWalletView, bitcoinNetwork: BitcoinNetwork): Record<string, Printable> {
  const curve = curveName(dwallet.curve);
  const record: Record<string, Printable> = { id: dwallet.id };
  if (dwallet.capId !== undefined) record.capId = dwallet.capId;
  record.curve = curve;
  if (dwallet.state !== undefined) record.state = dwallet.state;
  record.publicKey = dwallet.publicKey;
  if (curve === 'secp256k1' && dwallet.publicKey !== null) {
    record.ethereumAddress = ethereumAddress(dwallet.publicKey);
    record.bitcoinAddress = bitcoinP2wpkhAddress(dwallet.publicKey, bitcoinNetwork);
    record.bitcoinNetwork = bitcoinNetwork;
  }
  return record;
}
