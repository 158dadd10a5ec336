/**
 * The fixed-base tables of the user's sign message, grown ahead of the first sign.
 *
 * The user raises two long-lived bases with tables (classgroups/fixed-base.ts): h (the setup's
 * generator) and pk (the network key), in the Enc(0; η) of each DComEval statement (η < 2^s) and
 * mask (η's mask, s + κ + σ bits: proofs/factors.ts `integerMaskBits`) — 941 bits at the 112-bit
 * level. A table grows on first use, one row of 2^(w−1) = 32 forms per 6 exponent bits, so the
 * first sign message of a process pays 2 × 157 rows (≈ 9,700 compositions, about half a second
 * here) on top of its own work, and every later one nothing. The tables live as long as the
 * setup and the key object (cl/keys.ts memoises keys per setup, classgroups/setups.ts the setup),
 * so growing them once per network key serves every sign of the process.
 *
 * {@link userSignTableSteps} grows them one row per step, for idle time: the SDK runs it while it
 * waits for the chain, so the first sign of a process (each CLI command is one) finds them built.
 * Rows are the same whenever they are built, so a sign that starts before the steps end only builds
 * the rows still missing. Nothing is read from anywhere: the rows are computed from the key itself,
 * so a table can never belong to another key.
 * @module
 */
import { integerMaskBits } from '../../proofs/factors.ts';
import type { NetworkKeyParts } from '../network-key/key-parts.ts';

/** The largest exponent, in bits, the user's sign message raises h and pk to. */
export function userSignTableBits(key: NetworkKeyParts): number {
  return integerMaskBits({ kind: 'integer', bits: key.encryptionKey.setup.randomnessBits }, 1);
}

/** The tables of `key` that the user's sign message uses. */
export function userSignTables(key: NetworkKeyParts) {
  const { setup, table } = key.encryptionKey;
  return [setup.hTable, table] as const;
}

/** Whether the tables of `key` already cover the user's sign message. */
export function userSignTablesReady(key: NetworkKeyParts): boolean {
  const bits = userSignTableBits(key);
  return userSignTables(key).every((t) => t.coveredBits >= bits);
}

/**
 * Grows the tables of `key` to the user's sign message, one row per `next()` (one squaring and
 * 31 compositions, a few milliseconds); returns the number of rows built.
 */
export function* userSignTableSteps(key: NetworkKeyParts): Generator<void, number, void> {
  const bits = userSignTableBits(key);
  let built = 0;
  for (const table of userSignTables(key)) {
    while (table.coveredBits < bits) {
      // ensureBits builds the rows up to ⌈(bits + 1)/w⌉: one more window, one more row.
      table.ensureBits(Math.min(bits, table.coveredBits + table.width));
      built += 1;
      yield;
    }
  }
  return built;
}
