/**
 * Bitcoin addresses: the native SegWit v0 pay-to-witness-public-key-hash (P2WPKH, BIP-141) and the
 * Taproot (P2TR, BIP-341/BIP-86) addresses of a dWallet, and the parsing of a recipient's address
 * into its output script.
 *
 * P2WPKH commits to HASH160 of the 33-byte compressed key (BIP-143: only compressed keys are
 * standard in SegWit), so a 65-byte key is compressed first; the address is its witness program
 * in bech32 (BIP-173).
 *
 * P2TR of a Taproot dWallet (PROTOCOL-EXTENSIONS.md §9.1, BIP-86): the dWallet key X is the
 * internal key, P = lift_x(x(X)) (X's even-y twin), and the output key is
 * Q = P + int(hash_TapTweak(x(P)))·G with no script tree (BIP-341 taproot_tweak_pubkey with an
 * empty merkle root). @scure/btc-signer's p2tr applies exactly this tweak. The address is the
 * witness program 0x51 ‖ push32(x(Q)) in bech32m (BIP-350). The network signs BIP-340 under x(Q).
 * @module
 */
import { Address, OutScript, p2tr, p2wpkh } from '@scure/btc-signer';
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

export interface P2trPayment {
  /** bech32m address (bc1p…, tb1p…, bcrt1p…). */
  readonly address: string;
  /** scriptPubKey: OP_1 ‖ push32(x(Q)). */
  readonly script: Uint8Array;
  /** x(X): the BIP-341 internal key, 32 bytes. */
  readonly internalKey: Uint8Array;
  /** x(Q): the tweaked output key every key-path signature verifies under (BIP-340), 32 bytes. */
  readonly outputKey: Uint8Array;
  /** The compressed dWallet key X the address commits to. */
  readonly publicKey: Uint8Array;
}

/**
 * The BIP-86 key-path P2TR output of a dWallet's 33- or 65-byte secp256k1 key X on `network`: the
 * internal key is x(X) (the y parity of X does not matter: BIP-341 lifts it to the even-y point).
 */
export function bitcoinP2trPayment(publicKey: Uint8Array, network: BitcoinNetwork): P2trPayment {
  const params = bitcoinNetworkParams(network);
  const { compressed } = parseSecp256k1PublicKey(publicKey);
  const internalKey = compressed.slice(1);
  const payment = p2tr(internalKey, undefined, params);
  return Object.freeze({
    address: payment.address,
    script: payment.script,
    internalKey,
    outputKey: payment.tweakedPubkey,
    publicKey: compressed,
  });
}

/** The BIP-86 key-path P2TR address of a 33- or 65-byte secp256k1 dWallet key on `network`. */
export function bitcoinP2trAddress(publicKey: Uint8Array, network: BitcoinNetwork): string {
  return bitcoinP2trPayment(publicKey, network).address;
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
