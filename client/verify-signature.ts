/**
 * The SDK's own check of what the network signed: every signature it returns or shows is
 * verified here under the dWallet's public key first, with @noble/curves (and @scure/btc-signer
 * for the Taproot output key), independently of the protocol code that produced it.
 *
 * What is signed depends on the dWallet's algorithm (mpc/signing/algorithms.ts):
 * - ECDSA: the 32-byte digest of the message under its hash scheme; r ‖ s ‖ recovery id, low s;
 * - Taproot: the 32-byte BIP-340 message m (SHA-256 of the message, or a BIP-341 sighash signed
 *   as is); x(R) ‖ s under the BIP-86 output key x(Q), Q = P + int(hash_TapTweak(x(P)))·G where P
 *   is X with even y (BIP-341 "taproot_tweak_pubkey", BIP-86 "no script path") — the key
 *   `p2tr(x(X))` pays to;
 * - EdDSA: the message itself; R ‖ S (RFC 8032 §5.1.7), checked strictly (canonical encodings,
 *   S < ℓ; no ZIP-215 leniency, so a signature accepted here is accepted by every verifier).
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';
import { p2tr } from '@scure/btc-signer';
import type { CurveName } from '../mpc/curves/curve.ts';
import type { SignatureAlgorithmName } from '../mpc/signing/algorithms.ts';

/** Whether `signature` (r ‖ s ‖ v) is a low-s ECDSA signature of `digest` under `publicKey` whose v recovers it. */
function verifyEcdsa(curve: CurveName, publicKey: Uint8Array, digest: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 65 || digest.length !== 32 || curve === 'ed25519') return false;
  const impl = curve === 'secp256k1' ? secp256k1 : p256;
  if (!impl.verify(signature.subarray(0, 64), digest, publicKey, { prehash: false, lowS: true })) return false;
  const recovered = impl.Signature.fromBytes(signature.subarray(0, 64), 'compact')
    .addRecoveryBit(signature[64] as number)
    .recoverPublicKey(digest);
  return equalBytes(recovered.toBytes(true), publicKey);
}

/** The BIP-86 output key x(Q) of a dWallet key X (33-byte compressed secp256k1 point). */
export function taprootOutputKey(publicKey: Uint8Array): Uint8Array {
  return p2tr(publicKey.subarray(1, 33)).tweakedPubkey;
}

/**
 * Whether `signature` is the dWallet's signature of `signed` under its algorithm: for ECDSA the
 * 32-byte digest, for Taproot the 32-byte BIP-340 message, for EdDSA the message (see the module
 * comment). `publicKey` is X as the SDK shows it (33 bytes compressed on secp256k1 and P-256, 32
 * on ed25519). Never throws: anything malformed is false.
 */
export function verifyDWalletSignature(
  curve: CurveName,
  publicKey: Uint8Array,
  signed: Uint8Array,
  signature: Uint8Array,
  algorithm: SignatureAlgorithmName = 'ecdsa',
): boolean {
  if (!(signature instanceof Uint8Array) || !(signed instanceof Uint8Array) || !(publicKey instanceof Uint8Array)) return false;
  try {
    switch (algorithm) {
      case 'ecdsa':
        return verifyEcdsa(curve, publicKey, signed, signature);
      case 'taproot':
        return (
          curve === 'secp256k1' &&
          publicKey.length === 33 &&
          signature.length === 64 &&
          signed.length === 32 &&
          schnorr.verify(signature, signed, taprootOutputKey(publicKey))
        );
      case 'eddsa':
        return (
          curve === 'ed25519' &&
          publicKey.length === 32 &&
          signature.length === 64 &&
          ed25519.verify(signature, signed, publicKey, { zip215: false })
        );
      default:
        return false;
    }
  } catch {
    return false;
  }
}
