/**
 * Solana addresses: an account address is the base58 encoding of 32 bytes — for a wallet, its
 * Ed25519 public key; for a program-derived account, a hash off the curve. A dWallet's address is
 * its Ed25519 key A in base58, encoded by @solana/kit.
 * @module
 */
import { type Address, getAddressDecoder, isAddress } from '@solana/kit';
import { parseEd25519PublicKey } from '../chains/ed25519-public-key.ts';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';

/** The Solana address of a dWallet's 32-byte Ed25519 public key (CLIENT_PUBLIC_KEY_INVALID otherwise). */
export function solanaAddress(publicKey: Uint8Array): Address {
  return getAddressDecoder().decode(parseEd25519PublicKey(publicKey));
}

/**
 * A recipient's address given by a caller: base58 of exactly 32 bytes (on or off the curve: a
 * program-derived account receives SOL too). Throws SOL_INVALID_ADDRESS.
 */
export function parseSolanaAddress(address: unknown, field = 'address'): Address {
  if (typeof address !== 'string' || !isAddress(address)) {
    throw new ChainHelperError(ChainHelperErrorCodes.SOL_INVALID_ADDRESS, `${field}: a Solana address is base58 of 32 bytes`, { field });
  }
  return address;
}
