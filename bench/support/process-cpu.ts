/**
 * CPU time of local processes from /proc, for benches whose services serve no CPU metric.
 * @module
 */
import { readFileSync } from 'node:fs';

/** USER_HZ on Linux: /proc's clock ticks per second. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system, all threads) of the local processes `pids` — the chain, an indexer,
 * a relayer; 0 for a process /proc cannot say about (not Linux, or gone).
 */
export function processCpuSeconds(pids: readonly (number | undefined)[]): number {
  let total = 0;
  for (const pid of pids) {
    if (pid === undefined) continue;
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    } catch {
      // Not Linux, or the process is gone.
    }
  }
  return total;
}
