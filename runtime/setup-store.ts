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
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  write(name: string, bytes: Uint8Array): void {
    mkdirSync(this.dir, { recursive: true });
    const temporary = join(this.dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(temporary, bytes);
    renameSync(temporary, join(this.dir, name));
  }
}
