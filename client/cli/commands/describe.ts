/** How the tool shows a dWallet (ids, curve, public key and the addresses it controls) and a signature. */
import type { EcdsaCurveName } from '../../../mpc/ecdsa/curves.ts';
import { bitcoinP2wpkhAddress } from '../../bitcoin/address.ts';
import type { BitcoinNetwork } from '../../bitcoin/network.ts';
import { ethereumAddress } from '../../ethereum/address.ts';
import { SHARED_USER_SHARE_NOTE } from '../dwallet-signer.ts';
import type { Printable } from '../output.ts';

export interface DWalletView {
  readonly id: string;
  readonly capId: string;
  readonly curve: EcdsaCurveName;
  readonly state?: string;
  readonly publicKey: Uint8Array | null;
  /** Whether the user share is public (a shared dWallet), when known. */
  readonly shared?: boolean;
  /** The public user share of a shared dWallet (a DWalletInfo's), null for a zero-trust one. */
  readonly publicUserShare?: Uint8Array | null;
}

/**
 * The record printed for a dWallet; secp256k1 keys also show their Ethereum and Bitcoin addresses,
 * and a shared dWallet says that its user share is public.
 */
export function describeDWallet(dwallet: DWalletView, bitcoinNetwork: BitcoinNetwork): Record<string, Printable> {
  const { curve } = dwallet;
  const record: Record<string, Printable> = { id: dwallet.id, capId: dwallet.capId, curve };
  if (dwallet.state !== undefined) record.state = dwallet.state;
  const shared = dwallet.shared ?? (dwallet.publicUserShare === undefined ? undefined : dwallet.publicUserShare !== null);
  if (shared !== undefined) {
    record.shared = shared;
    if (shared) record.userShare = SHARED_USER_SHARE_NOTE;
  }
  record.publicKey = dwallet.publicKey;
  if (curve === 'secp256k1' && dwallet.publicKey !== null) {
    record.ethereumAddress = ethereumAddress(dwallet.publicKey);
    record.bitcoinAddress = bitcoinP2wpkhAddress(dwallet.publicKey, bitcoinNetwork);
    record.bitcoinNetwork = bitcoinNetwork;
  }
  return record;
}

/** A signature's fields: the signed digest, r ‖ s ‖ recovery id, and its parts. */
export function signatureRecord(signed: { readonly digest: Uint8Array; readonly signature: Uint8Array }): Record<string, Printable> {
  return {
    digest: signed.digest,
    signature: signed.signature,
    r: signed.signature.subarray(0, 32),
    s: signed.signature.subarray(32, 64),
    recoveryId: signed.signature[64] as number,
  };
}
