/** How the tool shows a dWallet: ids, curve, public key and the addresses it controls. */
import type { EcdsaCurveName } from '../../../mpc/ecdsa/curves.ts';
import { bitcoinP2wpkhAddress } from '../../bitcoin/address.ts';
import type { BitcoinNetwork } from '../../bitcoin/network.ts';
import { ethereumAddress } from '../../ethereum/address.ts';
import type { Printable } from '../output.ts';

export { BITCOIN_NETWORKS, type BitcoinNetwork } from '../../bitcoin/network.ts';

export interface DWalletView {
  readonly id: string;
  readonly capId: string;
  readonly curve: EcdsaCurveName;
  readonly state?: string;
  readonly publicKey: Uint8Array | null;
}

/** The record printed for a dWallet; secp256k1 keys also show their Ethereum and Bitcoin addresses. */
export function describeDWallet(dwallet: DWalletView, bitcoinNetwork: BitcoinNetwork): Record<string, Printable> {
  const { curve } = dwallet;
  const record: Record<string, Printable> = { id: dwallet.id, capId: dwallet.capId, curve };
  if (dwallet.state !== undefined) record.state = dwallet.state;
  record.publicKey = dwallet.publicKey;
  if (curve === 'secp256k1' && dwallet.publicKey !== null) {
    record.ethereumAddress = ethereumAddress(dwallet.publicKey);
    record.bitcoinAddress = bitcoinP2wpkhAddress(dwallet.publicKey, bitcoinNetwork);
    record.bitcoinNetwork = bitcoinNetwork;
  }
  return record;
}
