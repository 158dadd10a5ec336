/**
 * Bitcoin addresses: the native SegWit v0 pay-to-witness-public-key-hash (P2WPKH, BIP-141) address
 * of a dWallet, and the parsing of a recipient's address into its output script.
 *
 * P2WPKH commits to HASH160 of the 33-byte compressed key (BIP-143: only compressed keys are
 * standard in SegWit), so a 65-byte key is compressed first; the address is its witness program
 * in bech32 (BIP-173).
 * @module
 */
import { Address, OutScript, p2wpkh } from '@scure/btc-signer';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';
import { parseSecp256k1PublicKey } from '../chains/public-key.ts';
import { type BitcoinNetwork, bitcoinNetworkParams } from './network.ts';

export interface P2wpkhPayment {
  /** bech32 address (bc1q…, tb1q…, bcrt1q…). */
  readonly address: string;
  /** scriptPubKey: OP_0 ‖ push20(HASH160(compressed key)). */
  readonly script: Uint8Array;
  /** HASH160 of the compressed key. */
  readonly hash: Uint8Array;
  /** The compressed public key the address commits to. */
  readonly publicKey: Uint8Array;
}

/** The P2WPKH output of a 33- or 65-byte secp256k1 public key on `network`. */
export function bitcoinP2wpkhPayment(publicKey: Uint8Array, network: BitcoinNetwork): P2wpkhPayment {
  const params = bitcoinNetworkParams(network);
  const { compressed } = parseSecp256k1PublicKey(publicKey);
  const payment = p2wpkh(compressed, params);
  return Object.freeze({ address: payment.address, script: payment.script, hash: payment.hash, publicKey: compressed });
}

/** The P2WPKH address of a 33- or 65-byte secp256k1 public key on `network`. */
export function bitcoinP2wpkhAddress(publicKey: Uint8Array, network: BitcoinNetwork): string {
  return bitcoinP2wpkhPayment(publicKey, network).address;
}

/**
 * The output script of an address of `network` (P2PKH, P2SH, P2WPKH, P2WSH, P2TR); throws
 * BTC_INVALID_ADDRESS when it does not decode or belongs to another network.
 */
export function bitcoinOutputScript(address: unknown, network: BitcoinNetwork, field = 'address'): Uint8Array {
  const params = bitcoinNetworkParams(network);
  if (typeof address !== 'string' || address.length === 0) {
    throw new ChainHelperError(ChainHelperErrorCodes.BTC_INVALID_ADDRESS, `${field}: an address is a non-empty string`, { field });
  }
  try {
    return OutScript.encode(Address(params).decode(address));
  } catch (cause) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.BTC_INVALID_ADDRESS,
      `${field}: ${JSON.stringify(address)} is not a valid ${network} address`,
      { field, network },
      { cause },
    );
  }
}
