/** Checks on what a devnet produced: signatures (with noble), validator metrics, health. */
import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import type { UserDWallet } from './user.ts';

/** r ‖ s ‖ v verifies under the dWallet's key for keccak256(message), is low-s, and v recovers the key. */
export function assertValidSignature(signature: Uint8Array, dwallet: UserDWallet, message: Uint8Array): void {
  assert.equal(signature.length, 65);
  const digest = keccak_256(message);
  const publicKey = dwallet.output.publicKey.toBytes();
  assert.ok(
    secp256k1.verify(signature.subarray(0, 64), digest, publicKey, { prehash: false, lowS: true }),
    'the signature does not verify',
  );
  const recovered = secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact')
    .addRecoveryBit(signature[64] as number)
    .recoverPublicKey(digest);
  assert.deepEqual(recovered.toBytes(true), publicKey, 'the recovery id does not recover the key');
}

/** The value of a Prometheus sample line `name{labels} value`, summed over lines whose labels contain `match`. */
export function metricValue(text: string, name: string, match: Record<string, string | number> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(match).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export async function metricsOf(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

export async function healthOf(url: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${url}/health`)).json()) as Record<string, unknown>;
}
