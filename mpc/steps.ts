/**
 * Long computations written as generators of steps (`yield` between pieces of a few tens of
 * milliseconds), so that a process can run them between other work — a validator from its idle
 * loop, the SDK while it waits for the chain — and {@link runSteps} when the result is needed now.
 * @module
 */

/** Runs `steps` to the end and returns their result. */
export function runSteps<T>(steps: Generator<void, T, void>): T {
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}
