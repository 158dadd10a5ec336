/**
 * The dWallet's public key, read from the head of its output. A dWallet output
 * (mpc/ecdsa/messages.ts `DWalletOutput`) starts with fixed-size fields — curve id, key
 * commitment, session id, then the user's share X_A, the network's share X_B and the public key
 * X — before the class-group ciphertext, whose decoding needs the CL setup. Reading only the head
 * keeps the indexer free of the setup; the key is given only when the head decodes, names the
 * dWallet's curve and X = X_A + X_B holds, otherwise null (e.g. an output of another version).
 * @module
 */
import { bcs } from '@mysten/sui/bcs';
import { bytesToHex } from '@noble/hashes/utils.js';
import { curveFromId } from '../mpc/ecdsa/curves.ts';
import { pointSchema } from '../mpc/encoding/curves.ts';

export function publicKeyOfOutput(curveId: number, output: Uint8Array): string | null {
  try {
    const curve = curveFromId(curveId);
    const point = pointSchema(curve);
    const head = bcs
      .struct('DWalletOutputHead', {
        curve: bcs.u32(),
        key_commitment: bcs.bytes(32),
        session_id: bcs.bytes(32),
        user_public_share: point,
        network_public_share: point,
        public_key: point,
      })
      .parse(output);
    if (head.curve !== curveId) return null;
    if (!head.user_public_share.add(head.network_public_share).equals(head.public_key)) return null;
    return bytesToHex(curve.encodePoint(head.public_key));
  } catch {
    return null;
  }
}
