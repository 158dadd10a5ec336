/**
 * Move aborts raised by the local chain's mirror of the `dwallet` package. They never leave the
 * executor: it turns them into a failed transaction result carrying the same (module, code) a
 * Sui full node would report.
 * @module
 */
import { ABORT_CODES, type AbortModule, type AbortName, FRAMEWORK_ABORT_CODES, type FrameworkAbortModule } from '../../abort-codes.ts';

export class MoveAbort extends Error {
  /**
   * The function of `module` that aborted, when it is not the function the transaction called
   * (a vault call aborting inside `coordinator::request_sign_shared`); set by the caller that
   * crossed into the other module.
   */
  functionName?: string;

  constructor(
    /** Module name, e.g. `coordinator`, or a framework module (`bcs`) when `framework`. */
    readonly module: string,
    readonly code: number,
    readonly abortName: string,
    readonly framework: boolean,
  ) {
    super(`${framework ? '0x2::' : ''}${module}::${abortName} (abort code ${code})`);
    this.name = 'MoveAbort';
  }
}

/** Aborts with the named constant of a module of the package. */
export function abort<M extends AbortModule>(module: M, name: AbortName<M>): never {
  throw new MoveAbort(module, (ABORT_CODES[module] as Record<string, number>)[name] as number, name, false);
}

/** `assert!(condition, name)` in `module`. */
export function check<M extends AbortModule>(condition: boolean, module: M, name: AbortName<M>): asserts condition {
  if (!condition) abort(module, name);
}

/** Aborts with a constant of a Sui framework module. */
export function frameworkAbort<M extends FrameworkAbortModule>(module: M, name: keyof (typeof FRAMEWORK_ABORT_CODES)[M] & string): never {
  throw new MoveAbort(module, (FRAMEWORK_ABORT_CODES[module] as Record<string, number>)[name] as number, name, true);
}

/**
 * Runs `body`, a call into `module::name` from another module's mirror: an abort raised there is
 * reported at that function, as Sui reports an abort's location.
 */
export function calling<T>(module: string, name: string, body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof MoveAbort && !error.framework && error.module === module) error.functionName ??= name;
    throw error;
  }
}
