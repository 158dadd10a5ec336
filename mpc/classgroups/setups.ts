/**
 * The setup per (q, level), made once per process and kept in memory (ARCHITECTURE.md: public
 * parameters are derived once and cached; no hot path recomputes them).
 *
 * Where it comes from: the seeds (p, r) of a known curve from {@link knownSetupSeeds} (the
 * derivation's own output, checked by the test suite), of any other q from the derivation; the rest
 * — h and its fixed-base table, grown on demand — is computed here. Nothing is read from disk: an
 * earlier version cached the setup and the table of h in a file, and a file anyone with write
 * access can rewrite could only be trusted after recomputing every row of the table, which is the
 * very work it was meant to save (table rows replaced by the identity made the dealt key the
 * identity). The table costs a few hundred milliseconds per curve in each process that uses it.
 * @module
 */
import { knownSetupSeeds } from './known-seeds.ts';
import { assertSecurityLevel, type ClassGroupSetup, deriveSetupSeeds, type SecurityLevel, setupFromSeeds } from './setup.ts';

/** Where {@link loadSetup} found the seeds, for the caller's logs and progress output. */
export type SetupSource = 'memory' | 'known' | 'derived';

const memory = new Map<string, ClassGroupSetup>();

/** The setup for (q, level): from memory, else from the known seeds, else derived (and kept). */
export function loadSetup(q: bigint, level: SecurityLevel, options: { onSource?: (source: SetupSource) => void } = {}): ClassGroupSetup {
  assertSecurityLevel(level);
  const key = `${level}:${q.toString(16)}`;
  const known = memory.get(key);
  if (known !== undefined) {
    options.onSource?.('memory');
    return known;
  }
  const seeds = knownSetupSeeds(q, level);
  const setup = setupFromSeeds(seeds ?? deriveSetupSeeds(q, level));
  memory.set(key, setup);
  options.onSource?.(seeds === undefined ? 'derived' : 'known');
  return setup;
}

/** Forget the setups made so far (benchmarks of the setup use it; nothing else should). */
export function clearSetupMemory(): void {
  memory.clear();
}
