/** Shared helpers of the encoder tests: reproducible random values and Move-abort assertions. */
import assert from 'node:assert/strict';
import { ABORT_CODES, type AbortModule, type AbortName } from '../../../chain/abort-codes.ts';
import { ChainErrorCodes, ChainRequestError } from '../../../chain/errors.ts';
import { MoveAbort } from '../../../chain/local/move/abort.ts';
import { testRng } from '../../support/random.ts';

export interface RandomValues {
  bytes(length: number): Uint8Array;
  /** A uniform integer in 0..n − 1 (n ≤ 2^48). */
  int(n: number): number;
  /** A value of `bits` bits at most, its bit length itself random so that small values and boundaries occur. */
  uint(bits: number): bigint;
  pick<T>(items: readonly T[]): T;
}

/** A reproducible stream of random values, seeded by the test's name. */
export function randomValues(name: string): RandomValues {
  const rng = testRng(name);
  const uniform = (bits: number): bigint => {
    if (bits === 0) return 0n;
    const raw = rng.bytes(Math.ceil(bits / 8));
    let value = 0n;
    for (const byte of raw) value = (value << 8n) | BigInt(byte);
    return value & ((1n << BigInt(bits)) - 1n);
  };
  const int = (n: number): number => Number(uniform(64) % BigInt(n));
  return {
    bytes: (length) => rng.bytes(length),
    int,
    uint: (bits) => {
      const length = int(bits + 1);
      // One value in eight is all ones (2^length − 1), the largest of its length.
      return int(8) === 0 ? (1n << BigInt(length)) - 1n : uniform(length);
    },
    pick: (items) => items[int(items.length)] as (typeof items)[number],
  };
}

/** `run` aborts with `module::name` (and the Move constant's code). */
export function assertMoveAbort<M extends AbortModule>(run: () => unknown, module: M, name: AbortName<M>): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof MoveAbort, `expected a Move abort, got ${String(error)}`);
    assert.equal(`${error.module}::${error.abortName}`, `${module}::${name}`);
    assert.equal(error.code, (ABORT_CODES[module] as Record<string, number>)[name]);
    assert.equal(error.framework, false);
    return true;
  });
}

/** `run` refuses a value out of its Move type's range, naming the argument. */
export function assertOutOfRange(run: () => unknown, argument: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ChainRequestError, `expected a ChainRequestError, got ${String(error)}`);
    assert.equal(error.code, ChainErrorCodes.INVALID_REQUEST);
    assert.equal(error.details['name'], argument);
    return true;
  });
}
