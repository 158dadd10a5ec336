/**
 * A {@link SetupStore} on disk: one file per setup in a cache folder, written atomically
 * (temporary file, then rename) so that a crash never leaves a half-written entry under the final
 * name. The default folder is `$DWALLET_CACHE_DIR`, else `$XDG_CACHE_HOME/dwallet`, else
 * `~/.cache/dwallet`.
 * @module
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SetupStore } from '../mpc/classgroups/setup-cache.ts';

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DWALLET_CACHE_DIR) return env.DWALLET_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dwallet');
}

export class FileSetupStore implements SetupStore {
  readonly dir: string;

  constructor(dir: string = defaultCacheDir()) {
    this.dir = dir;
  }

  read(name: string): Uint8Array | undefined {
    try {
      return new Uint8Array(readFileSync(join(this.dir, name)));
    } catch (error) {
      // Missing, or a folder that cannot hold it: a miss (the setup is derived, and the write skipped).
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') return undefined;
      throw error;
    }
  }

  /** A cache that cannot be written (read-only or full disk) only costs the derivation next time. */
  write(name: string, bytes: Uint8Array): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      const temporary = join(this.dir, `.${name}.${process.pid}.tmp`);
      writeFileSync(temporary, bytes);
      renameSync(temporary, join(this.dir, name));
    } catch {
      return;
    }
  }
}
