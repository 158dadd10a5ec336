/**
 * The addresses a dWallet's public key controls on other chains, for the indexer's records and
 * the explorer. Only those the dWallet can sign for are given: its signature algorithm decides.
 *
 * - secp256k1 ECDSA: Ethereum (keccak256 of the uncompressed key's x ‖ y, last 20 bytes, EIP-55;
 *   viem's `publicKeyToAddress`) and Bitcoin P2WPKH (BIP-141/173: HASH160 of the compressed key,
 *   bech32, mainnet `bc1q…`).
 * - secp256k1 Taproot (BIP-340): Bitcoin P2TR by the key path (BIP-86: the dWallet key is the
 *   internal key, no script tree; bech32m, mainnet `bc1p…`).
 * - ed25519 EdDSA: Solana (the 32-byte key in base58).
 * - P-256 ECDSA: none of these chains verifies P-256, so no address.
 *
 * The same derivations as the client's (client/ethereum/address.ts, client/bitcoin/address.ts,
 * client/solana/address.ts), with the same libraries; test/indexer/addresses.test.ts holds them
 * equal. Bitcoin addresses are mainnet's: the indexer does not know which Bitcoin network a user
 * means (the CLI's `show --bitcoin-network` gives the others).
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { NETWORK, p2tr, p2wpkh } from '@scure/btc-signer';
import { getAddressDecoder } from '@solana/kit';
import { publicKeyToAddress } from 'viem/accounts';
import { CURVE_IDS, type SignatureAlgorithmName } from '../mpc/signing/algorithms.ts';

export interface DWalletAddresses {
  /** EIP-55 checksummed `0x…` (secp256k1 ECDSA). */
  ethereum?: string;
  /** P2WPKH on Bitcoin mainnet, `bc1q…` (secp256k1 ECDSA). */
  bitcoin?: string;
  /** BIP-86 P2TR on Bitcoin mainnet, `bc1p…` (secp256k1 Taproot). */
  bitcoinTaproot?: string;
  /** base58 of the Ed25519 key (ed25519 EdDSA). */
  solana?: string;
}

/**
 * Addresses already derived, by curve, algorithm and key: a derivation costs about 1 ms (ECDSA:
 * the key's decompression, two hashes) to 2 ms (Taproot: the BIP-341 tweak, a multiplication) of
 * CPU, and the API shows the same dWallets again and again. Bounded; the oldest entry goes first.
 */
const derived = new Map<string, Readonly<DWalletAddresses>>();
const ADDRESS_CACHE_SIZE = 4096;

/**
 * The addresses of a dWallet of `curve` (its id) and `algorithm` whose public key is `publicKey`
 * (hex without `0x`, as the indexer stores it: SEC1 compressed for secp256k1, 32 bytes for
 * ed25519); none without a key (a pending or rejected dWallet).
 */
export function dwalletAddresses(curve: number, algorithm: SignatureAlgorithmName, publicKey: string | null): Readonly<DWalletAddresses> {
  if (publicKey === null) return {};
  const key = `${curve}/${algorithm}/${publicKey}`;
  const known = derived.get(key);
  if (known !== undefined) return known;
  const addresses = Object.freeze(derive(curve, algorithm, hexToBytes(publicKey)));
  if (derived.size >= ADDRESS_CACHE_SIZE) derived.delete(derived.keys().next().value as string);
  derived.set(key, addresses);
  return addresses;
}

function derive(curve: number, algorithm: SignatureAlgorithmName, key: Uint8Array): DWalletAddresses {
  if (curve === CURVE_IDS.secp256k1) {
    const point = secp256k1.Point.fromBytes(key);
    const compressed = point.toBytes(true);
    // btc-signer types `address` optional (for scripts with no standard form); P2WPKH and P2TR always have one.
    if (algorithm === 'taproot') return { bitcoinTaproot: p2tr(compressed.subarray(1), undefined, NETWORK).address as string };
    return {
      ethereum: publicKeyToAddress(`0x${bytesToHex(point.toBytes(false))}`),
      bitcoin: p2wpkh(compressed, NETWORK).address as string,
    };
  }
  if (curve === CURVE_IDS.ed25519) return { solana: getAddressDecoder().decode(key) };
  return {};
}
