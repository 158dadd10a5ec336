/** How the tool shows a dWallet (ids, curve, algorithm, public key and the addresses it controls) and a signature. */
import type { CurveName } from '../../../mpc/curves/curve.ts';
import type { SignatureAlgorithmName } from '../../../mpc/signing/algorithms.ts';
import { bitcoinP2trAddress, bitcoinP2wpkhAddress } from '../../bitcoin/address.ts';
import type { BitcoinNetwork } from '../../bitcoin/network.ts';
import { ethereumAddress } from '../../ethereum/address.ts';
import { solanaAddress } from '../../solana/address.ts';
import { SHARED_USER_SHARE_NOTE } from '../dwallet-signer.ts';
import type { Printable } from '../output.ts';

export interface DWalletView {
  readonly id: string;
  readonly capId: string;
  readonly curve: CurveName;
  readonly algorithm: SignatureAlgorithmName;
  readonly state?: string;
  readonly publicKey: Uint8Array | null;
  /** Whether the user share is public (a shared dWallet), when known. */
  readonly shared?: boolean;
  /** The public user share of a shared dWallet (a DWalletInfo's), null for a zero-trust one. */
  readonly publicUserShare?: Uint8Array | null;
}

/**
 * The record printed for a dWallet, with the addresses its key controls: an ECDSA secp256k1 key
 * its Ethereum and Bitcoin P2WPKH addresses, a Taproot key its P2TR address (BIP-86 key path), an
 * Ed25519 key its Solana address;
 * a shared dWallet says that its user share is public.
 */
export function describeDWallet(dwallet: DWalletView, bitcoinNetwork: BitcoinNetwork): Record<string, Printable> {
  const { curve } = dwallet;
  const record: Record<string, Printable> = { id: dwallet.id, capId: dwallet.capId, curve, algorithm: dwallet.algorithm };
  if (dwallet.state !== undefined) record.state = dwallet.state;
  const shared = dwallet.shared ?? (dwallet.publicUserShare === undefined ? undefined : dwallet.publicUserShare !== null);
  if (shared !== undefined) {
    record.shared = shared;
    if (shared) record.userShare = SHARED_USER_SHARE_NOTE;
  }
  record.publicKey = dwallet.publicKey;
  if (curve === 'secp256k1' && dwallet.algorithm === 'ecdsa' && dwallet.publicKey !== null) {
    record.ethereumAddress = ethereumAddress(dwallet.publicKey);
    record.bitcoinAddress = bitcoinP2wpkhAddress(dwallet.publicKey, bitcoinNetwork);
    record.bitcoinNetwork = bitcoinNetwork;
  }
  if (dwallet.algorithm === 'taproot' && dwallet.publicKey !== null) {
    record.bitcoinAddress = bitcoinP2trAddress(dwallet.publicKey, bitcoinNetwork);
    record.bitcoinNetwork = bitcoinNetwork;
  }
  if (dwallet.algorithm === 'eddsa' && dwallet.publicKey !== null) record.solanaAddress = solanaAddress(dwallet.publicKey);
  return record;
}

/**
 * A signature's fields: what was signed (the digest for ECDSA, the BIP-340 message for Taproot,
 * the message itself for EdDSA), the signature and its parts — r ‖ s ‖ recovery id (ECDSA),
 * x(R) ‖ s (BIP-340), R ‖ S (RFC 8032).
 */
export function signatureRecord(signed: { readonly digest: Uint8Array; readonly signature: Uint8Array }): Record<string, Printable> {
  const parts: Record<string, Printable> =
    signed.signature.length === 65
      ? { r: signed.signature.subarray(0, 32), s: signed.signature.subarray(32, 64), recoveryId: signed.signature[64] as number }
      : { R: signed.signature.subarray(0, 32), s: signed.signature.subarray(32, 64) };
  return { digest: signed.digest, signature: signed.signature, ...parts };
}
