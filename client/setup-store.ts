/**
 * The class-group setup cache on the user's disk (the network key's encryption key lives in the
 * class group of a discriminant derived from the curve order: deriving it costs about half a
 * second, reading it back a tenth of that). One file per setup in `cacheDir`, written atomically.
 * What is cached is public and self-checking (mpc/classgroups/setup-cache.ts recomputes and
 * compares it), so the folder needs no protection beyond being the user's.
 *
 * Default folder: `$DWALLET_CACHE_DIR`, else `$XDG_CACHE_HOME/dwallet`, else `~/.cache/dwallet`
 * (the same place the services use, so a machine derives each setup once).
 * @module
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SetupStore } from '../mpc/classgroups/setup-cache.ts';

export function defaultClientCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DWALLET_CACHE_DIR) return env.DWALLET_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dwallet');
}

export class ClientSetupStore implements SetupStore {
  constructor(readonly dir: string = defaultClientCacheDir()) {}

  read(name: string): Uint8Array | undefined {
    try {
      return new Uint8Array(readFileSync(join(this.dir, name)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  write(name: string, bytes: Uint8Array): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      const temporary = join(this.dir, `.${name}.${process.pid}.tmp`);
      writeFileSync(temporary, bytes);
      renameSync(temporary, join(this.dir, name));
    } catch {
      // A cache that cannot be written only costs time on the next start.
    }
  }
}
