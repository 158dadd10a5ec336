/**
 * The user's sign message of a shared dWallet's sign request, computed by this validator
 * (mpc/ecdsa/sign/shared.ts; PROTOCOL-EXTENSIONS.md §7.1): about a user's whole cost, most of a
 * second, so it runs in its steps with a turn of the event loop between two, and the sign worker
 * (engine/worker.ts, where plans are made) keeps serving the sessions it runs meanwhile.
 * @module
 */
import { encodeUserSignMessage } from '../../mpc/ecdsa/messages.ts';
import { type SharedUserSignInput, sharedUserSignMessageSteps } from '../../mpc/ecdsa/sign/shared.ts';

/** The encoded user sign message of a shared sign request (the same bytes at every validator). */
export async function sharedSignUserMessage(input: SharedUserSignInput): Promise<Uint8Array> {
  const steps = sharedUserSignMessageSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return encodeUserSignMessage(input.key, step.value);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
