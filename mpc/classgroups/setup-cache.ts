/**
 * The setup, derived once per (q, level) and kept: in memory for the life of the process and,
 * through a {@link SetupStore} the caller provides (a folder on disk in `runtime/`), across
 * processes. `mpc/` does no I/O itself.
 *
 * Cache file format (version 1), BCS: (format, level, q, p, r, h, table width, table rows), then
 * a 32-byte SHA-256 digest of the domain label and everything before it. A file whose digest does
 * not match, that does not parse, or whose seeds fail the setup conditions is reported as corrupt
 * and rebuilt. h is always recomputed from the seeds and compared (30 ms), so a cache can only
 * ever speed up, never change, the setup.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { equalBytes } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bcsBigInt } from '../encoding/bigint.ts';
import { decodeExact } from '../encoding/decode.ts';
import { CacheError, DWalletError, ErrorCodes } from '../errors.ts';
import { FixedBaseTable } from './fixed-base.ts';
import { type Form, formFromAB } from './form.ts';
import { assertSecurityLevel, type ClassGroupSetup, deriveSetupSeeds, type SecurityLevel, setupFromSeeds } from './setup.ts';

/** Where serialized setups are kept between processes. */
export interface SetupStore {
  read(name: string): Uint8Array | undefined;
  write(name: string, bytes: Uint8Array): void;
}

/** What {@link loadSetup} did, for the caller's logs and progress output. */
export type SetupSource = 'memory' | 'store' | 'derived' | 'rebuilt-corrupt-cache';

const CACHE_FORMAT = 1;
const DIGEST_LABEL = 'dwallet/classgroups/setup-cache/v1';

const rawForm = bcs.struct('CachedForm', {
  a: bcsBigInt('CachedForm.a', { maxBits: 1536, signed: false }),
  b: bcsBigInt('CachedForm.b', { maxBits: 1536, signed: true }),
});
const integer = (name: string) => bcsBigInt(name, { maxBits: 4096, signed: false });
const cacheSchema = bcs.struct('SetupCache', {
  format: bcs.u8(),
  level: bcs.u16(),
  q: integer('q'),
  p: integer('p'),
  r: integer('r'),
  h: rawForm,
  tableWidth: bcs.u8(),
  tableRows: bcs.vector(bcs.vector(rawForm)),
});

export function setupCacheName(q: bigint, level: SecurityLevel): string {
  return `classgroup-setup-v${CACHE_FORMAT}-${level}-${q.toString(16)}.bin`;
}

function digest(content: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8ToBytes(DIGEST_LABEL), content));
}

/** Serialize a setup and its current h table (with digest). */
export function encodeSetupCache(setup: ClassGroupSetup): Uint8Array {
  const rows = setup.hTable.rows();
  const formBytes = Math.ceil(setup.group.formCoefficientBits / 8) * 2 + 8;
  const estimate = 1024 + rows.reduce((n, row) => n + row.length, 0) * formBytes;
  const content = cacheSchema
    .serialize(
      {
        format: CACHE_FORMAT,
        level: setup.level,
        q: setup.q,
        p: setup.p,
        r: setup.r,
        h: setup.h,
        tableWidth: setup.hTable.width,
        tableRows: rows.map((row) => row.map((f) => ({ a: f.a, b: f.b }))),
      },
      { initialSize: estimate },
    )
    .toBytes();
  return concatBytes(content, digest(content));
}

function corrupt(message: string, cause?: unknown): CacheError {
  return new CacheError(ErrorCodes.SETUP_CACHE_CORRUPT, `setup cache: ${message}`, {}, cause === undefined ? undefined : { cause });
}

/** Parse and check a cache file for (q, level); throws `SETUP_CACHE_CORRUPT` on any defect. */
export function decodeSetupCache(bytes: Uint8Array, q: bigint, level: SecurityLevel): ClassGroupSetup {
  if (bytes.length < 33) throw corrupt('file too short');
  const content = bytes.subarray(0, bytes.length - 32);
  if (!equalBytes(digest(content), bytes.subarray(bytes.length - 32))) throw corrupt('digest mismatch');
  let parsed: typeof cacheSchema.$inferType;
  let setup: ClassGroupSetup;
  try {
    parsed = decodeExact(cacheSchema, content, 'setup cache');
    if (parsed.format !== CACHE_FORMAT || parsed.level !== level || parsed.q !== q) throw corrupt('entry is for another setup');
    setup = setupFromSeeds({ q, level, p: parsed.p, r: parsed.r });
  } catch (error) {
    if (error instanceof CacheError) throw error;
    throw corrupt(error instanceof Error ? error.message : String(error), error);
  }
  if (parsed.h.a !== setup.h.a || parsed.h.b !== setup.h.b) throw corrupt('h differs from the one its seeds give');
  const { discriminant } = setup.group;
  const rows: Form[][] = parsed.tableRows.map((row) => row.map((f) => formFromAB(f.a, f.b, discriminant)));
  const first = rows[0]?.[0];
  if (first !== undefined && (first.a !== setup.h.a || first.b !== setup.h.b)) throw corrupt('table is not a table of h');
  return { ...setup, hTable: FixedBaseTable.fromRows(setup.group, setup.h, parsed.tableWidth, rows) };
}

const memory = new Map<string, ClassGroupSetup>();

/**
 * The setup for (q, level): from memory, else from the store, else derived (and written to the
 * store with its h table precomputed for keys and randomness). `onSource` reports which.
 */
export function loadSetup(
  q: bigint,
  level: SecurityLevel,
  options: { store?: SetupStore; onSource?: (source: SetupSource) => void } = {},
): ClassGroupSetup {
  assertSecurityLevel(level);
  const key = `${level}:${q.toString(16)}`;
  const known = memory.get(key);
  if (known !== undefined) {
    options.onSource?.('memory');
    return known;
  }
  const { store } = options;
  const name = setupCacheName(q, level);
  let source: SetupSource = 'derived';
  let setup: ClassGroupSetup | undefined;
  const cached = store?.read(name);
  if (cached !== undefined) {
    try {
      setup = decodeSetupCache(cached, q, level);
      source = 'store';
    } catch (error) {
      if (!(error instanceof DWalletError) || error.code !== ErrorCodes.SETUP_CACHE_CORRUPT) throw error;
      source = 'rebuilt-corrupt-cache';
    }
  }
  if (setup === undefined) {
    setup = setupFromSeeds(deriveSetupSeeds(q, level));
    setup.hTable.ensureBits(setup.randomnessBits);
    store?.write(name, encodeSetupCache(setup));
  }
  memory.set(key, setup);
  options.onSource?.(source);
  return setup;
}

/** Forget the in-memory setups (tests of the cache use it; nothing else should). */
export function clearSetupMemory(): void {
  memory.clear();
}
