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
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export function writePrivateFile(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {}
    throw error;
  }
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}
