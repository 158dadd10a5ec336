/** Deterministic randomness for reproducible tests: a DRBG per test name. */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Drbg } from '../../mpc/numbers/drbg.ts';

export function testRng(name: string): Drbg {
  return new Drbg('dwallet/test', utf8ToBytes(name));
}
