/**
 * The dWallet's public key for the indexer's records, read from the head of its output
 * (mpc/ecdsa/messages.ts `dwalletOutputPublicKey`), which needs no class-group setup. Given only
 * when the head decodes, names the dWallet's curve and X = X_A + X_B holds; otherwise null (e.g.
 * an output of another version).
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { dwalletOutputPublicKey } from '../mpc/ecdsa/messages.ts';
import { curveById } from '../mpc/signing/algorithms.ts';

export function publicKeyOfOutput(curveId: number, output: Uint8Array): string | null {
  try {
    const curve = curveById(curveId);
    return bytesToHex(curve.encodePoint(dwalletOutputPublicKey(curve, output)));
  } catch {
    return null;
  }
}
