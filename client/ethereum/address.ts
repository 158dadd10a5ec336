/**
 * The Ethereum address of a secp256k1 dWallet: the last 20 bytes of keccak256(x ‖ y) of the
 * uncompressed public key (Yellow Paper, appendix F), in EIP-55 checksummed form.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { type Address, bytesToHex, getAddress, isAddress } from 'viem';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';
import { parseSecp256k1PublicKey } from '../chains/public-key.ts';

/** The checksummed address of a 33- or 65-byte secp256k1 public key. */
export function ethereumAddress(publicKey: Uint8Array): Address {
  const { uncompressed } = parseSecp256k1PublicKey(publicKey);
  return getAddress(bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12)));
}

/**
 * Parses an address given by a caller: 0x and 40 hex digits, all lowercase / all uppercase or
 * with a correct EIP-55 checksum. Returns the checksummed form; throws ETH_INVALID_ADDRESS.
 */
export function parseEthereumAddress(address: unknown, field = 'address'): Address {
  if (typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw new ChainHelperError(ChainHelperErrorCodes.ETH_INVALID_ADDRESS, `${field}: not a 0x-prefixed 20-byte hex address`, { field });
  }
  const body = address.slice(2);
  const checksummed = body !== body.toLowerCase() && body !== body.toUpperCase();
  if (checksummed && !isAddress(address, { strict: true })) {
    throw new ChainHelperError(ChainHelperErrorCodes.ETH_INVALID_ADDRESS, `${field}: the EIP-55 checksum is wrong (mistyped address?)`, {
      field,
    });
  }
  return getAddress(address);
}
