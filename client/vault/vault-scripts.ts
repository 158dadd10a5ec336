/**
 * Bitcoin scripts and txids as the vault holds them: its P2WPKH script from its public-key hash,
 * the address of a script, and txids in the byte order outpoints serialise. Pure (no SDK), so
 * that the CLI can use it while it checks a command line.
 * @module
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { Address as BitcoinAddress, OutScript } from '@scure/btc-signer';
import { type BitcoinNetwork, bitcoinNetworkParams } from '../bitcoin/network.ts';

/** The P2WPKH scriptPubKey of a public-key hash: OP_0 ‖ push20(hash) (BIP-141). */
export function p2wpkhScript(pubkeyHash: Uint8Array): Uint8Array {
  return OutScript.encode({ type: 'wpkh', hash: pubkeyHash });
}

/** The address of a scriptPubKey on `network`, or null when it has none (OP_RETURN, non-standard). */
export function bitcoinAddressOf(script: Uint8Array, network: BitcoinNetwork): string | null {
  try {
    return BitcoinAddress(bitcoinNetworkParams(network)).encode(OutScript.decode(script));
  } catch {
    return null;
  }
}

/** A txid as explorers and RPCs display it (64 hex digits) → the 32 bytes an outpoint serialises (reversed). */
export function internalTxid(displayed: string): Uint8Array {
  return hexToBytes(displayed).reverse();
}
