/**
 * One network per data folder: `<dataDir>/devnet.lock` names the process running the network from
 * it (PID, its start time, since when). A second start on the folder while that process lives is
 * refused with its PID; a lock left by a process that is gone (killed, crashed) is taken over. The
 * lock is created exclusively (`wx`), so two starts at once cannot both win.
 * @module
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DevnetError, DevnetErrorCodes } from './layout.ts';
import { processAlive, processStartTime } from './process-info.ts';

export interface LockOwner {
  readonly pid: number;
  /** /proc start time of the process, when known (a PID alone may be reused). */
  readonly processStart: string | null;
  /** ISO time of the start. */
  readonly since: string;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, 'devnet.lock');
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && Number.isInteger(owner.pid) && owner.pid > 0
      ? { pid: owner.pid, processStart: typeof owner.processStart === 'string' ? owner.processStart : null, since: String(owner.since) }
      : null;
  } catch {
    return null;
  }
}

/** Whether the lock's process still runs (the same process, not a later one that got its PID). */
function ownerRunning(owner: LockOwner): boolean {
  if (!processAlive(owner.pid)) return false;
  const start = processStartTime(owner.pid);
  return owner.processStart === null || start === null || start === owner.processStart;
}

/** Takes the folder's lock for this process; returns its release. DEVNET_ALREADY_RUNNING while another process holds it. */
export function acquireDevnetLock(dataDir: string): () => void {
  const path = lockPath(dataDir);
  const owner: LockOwner = { pid: process.pid, processStart: processStartTime(process.pid), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readOwner(path);
      if (holder !== null && ownerRunning(holder)) {
        throw new DevnetError(
          DevnetErrorCodes.DEVNET_ALREADY_RUNNING,
          `a network is already running from ${dataDir} (PID ${holder.pid}, since ${holder.since}): use it, or stop it first (Ctrl-C in its terminal, or kill ${holder.pid})`,
          { dataDir, pid: holder.pid, since: holder.since },
        );
      }
      // Left by a process that is gone: take it over.
      unlinkSync(path);
      continue;
    }
    writeSync(fd, `${JSON.stringify(owner)}\n`);
    closeSync(fd);
    return () => {
      if (readOwner(path)?.pid === process.pid) unlinkSync(path);
    };
  }
  throw new DevnetError(DevnetErrorCodes.DEVNET_ALREADY_RUNNING, `${path}: another start took the lock at the same time`, { dataDir });
}
