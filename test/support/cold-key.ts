/**
 * A network key with fixed-base tables of its own, empty: what a process that just decoded the key
 * holds (the key's parts and forms, a fresh setup from the known seeds, no table rows).
 */
import assert from 'node:assert/strict';
import { PUBLIC_KEY_TABLE_WIDTH } from '../../mpc/cl/keys.ts';
import { knownSetupSeeds } from '../../mpc/classgroups/known-seeds.ts';
import { setupFromSeeds } from '../../mpc/classgroups/setup.ts';
import type { NetworkKeyParts } from '../../mpc/ecdsa/network-key/key-parts.ts';

export function coldKeyCopy(of: NetworkKeyParts): NetworkKeyParts {
  const seeds = knownSetupSeeds(of.curve.order, of.encryptionKey.setup.level);
  assert.ok(seeds !== undefined, 'a curve with known setup seeds');
  const setup = setupFromSeeds(seeds);
  const { form } = of.encryptionKey;
  return { ...of, encryptionKey: { setup, form, table: setup.group.fixedBase(form, PUBLIC_KEY_TABLE_WIDTH) } };
}
