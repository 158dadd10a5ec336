/**
 * Files that hold secrets (key files, the user's secret shares) are written atomically with mode
 * 0600 (their readers refuse them when group or others may read them).
 *
 * A write creates a fresh temporary file 0600 beside the target (exclusively, under a unique
 * name, so concurrent writers never share one), syncs it, renames it over the target and syncs
 * the folder, so a crash leaves either the old file or the new one, never a torn or
 * world-readable one.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A fresh temporary file 0600 beside `path` holding `text`, synced. */
function writeTemporary(path: string, text: string): string {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  return temporary;
}

function syncFolder(path: string): void {
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

export function writePrivateFile(path: string, text: string): void {
  const temporary = writeTemporary(path, text);
  try {
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {}
    throw error;
  }
  syncFolder(path);
}

/**
 * Creates `path` with `text` (0600, complete or not at all) unless it exists; returns whether it
 * did. A hard link of the synced temporary file, which fails when the name is taken, so that of
 * two processes creating the same file at once exactly one wins and neither overwrites the other.
 */
export function createPrivateFile(path: string, text: string): boolean {
  const temporary = writeTemporary(path, text);
  let created = true;
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
  } finally {
    unlinkSync(temporary);
  }
  syncFolder(path);
  return created;
}
