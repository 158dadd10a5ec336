/**
 * The signature the network publishes for a secp256k1 dWallet (PROTOCOL.md §8,
 * mpc/ecdsa/signature.ts): 65 bytes r ‖ s ‖ v, big-endian r and s, s low (s ≤ n/2), v the recovery
 * id (bit 0: parity of R.y; bit 1: R.x ≥ n, which practically never happens).
 *
 * Decoded strictly here, with the client's own error codes, before it is put into an Ethereum or
 * Bitcoin transaction.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ChainHelperError, ChainHelperErrorCodes } from './errors.ts';

export const NETWORK_SIGNATURE_BYTES = 65;

/** The order n of secp256k1. */
export const SECP256K1_ORDER: bigint = secp256k1.Point.Fn.ORDER;

export interface NetworkSignature {
  readonly r: bigint;
  readonly s: bigint;
  /** 0..3 */
  readonly recoveryId: number;
  /** r ‖ s, 64 bytes (noble's "compact" format). */
  readonly compact: Uint8Array;
}

function bytesToBigint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/**
 * Decodes r ‖ s ‖ v: exactly 65 bytes, 0 < r, s < n, v ≤ 3 (CLIENT_SIGNATURE_MALFORMED), and s low
 * (CLIENT_SIGNATURE_HIGH_S). `label` names the signature in messages (e.g. "signature 2").
 */
export function decodeNetworkSignature(signature: unknown, label = 'signature'): NetworkSignature {
  if (!(signature instanceof Uint8Array) || signature.length !== NETWORK_SIGNATURE_BYTES) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.SIGNATURE_MALFORMED,
      `${label}: a network signature is ${NETWORK_SIGNATURE_BYTES} bytes r ‖ s ‖ v`,
      {
        length: signature instanceof Uint8Array ? signature.length : null,
      },
    );
  }
  const r = bytesToBigint(signature.subarray(0, 32));
  const s = bytesToBigint(signature.subarray(32, 64));
  const recoveryId = signature[64] as number;
  if (r <= 0n || r >= SECP256K1_ORDER || s <= 0n || s >= SECP256K1_ORDER || recoveryId > 3) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.SIGNATURE_MALFORMED,
      `${label}: r or s is outside (0, n), or the recovery id is above 3`,
      {
        recoveryId,
      },
    );
  }
  if (s > SECP256K1_ORDER >> 1n) {
    throw new ChainHelperError(ChainHelperErrorCodes.SIGNATURE_HIGH_S, `${label}: s is high (s > n/2); only low-s signatures are accepted`);
  }
  return { r, s, recoveryId, compact: signature.slice(0, 64) };
}
