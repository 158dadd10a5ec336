/**
 * The SDK's own check of what the network signed: every signature it returns or shows is
 * verified here under the dWallet's public key first.
 * @module
 */
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';
import type { EcdsaCurveName } from '../mpc/ecdsa/curves.ts';

/** Whether `signature` (r ‖ s ‖ v) is a low-s ECDSA signature of `digest` under `publicKey` whose v recovers it. */
export function verifyDWalletSignature(curve: EcdsaCurveName, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 65 || digest.length !== 32) return false;
  const impl = curve === 'secp256k1' ? secp256k1 : p256;
  try {
    if (!impl.verify(signature.subarray(0, 64), digest, publicKey, { prehash: false, lowS: true })) return false;
    const recovered = impl.Signature.fromBytes(signature.subarray(0, 64), 'compact')
      .addRecoveryBit(signature[64] as number)
      .recoverPublicKey(digest);
    return equalBytes(recovered.toBytes(true), publicKey);
  } catch {
    return false;
  }
}
