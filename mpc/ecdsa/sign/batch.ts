/**
 * Batch verification of several pending sign messages (issue 16, "amortize across requests"):
 * each message's cheap checks run alone, in the fixed order (verify.ts `checkUserSignMessage`),
 * and the DComEval proofs of every message that passed them go into one combined check
 * (proofs/dcom-eval-combined.ts): one chain of squarings and one exponentiation of h and of pk for
 * all of them, each presign's prepared bases used when given.
 *
 * Verdicts are exactly those of verifying each message alone (`verifyUserSignMessageOneByOne`):
 * when a combined check fails, the set is halved and each half checked again; a single message
 * left is decided by its proofs verified alone, in the fixed order, which names the same check
 * as the one-by-one verifier. A passing combined check accepts (wrongly only with probability
 * ≤ 2^−128 per check, as for every randomized check here; mpc/SECURITY.md). With b bad messages
 * among k this costs about 2b·log₂(k/b) extra combined checks.
 * @module
 */
import { type RandomSource, systemRandom } from '../../numbers/random.ts';
import { type DComEvalInstance, dcomEvalCombinedCheck, type PreparedBases } from '../../proofs/dcom-eval-combined.ts';
import { UserMessageRejection } from '../errors.ts';
import type { SignContext, UserSignMessage } from './message.ts';
import { type PreparedSignVerification, preparedBasesFor } from './prepared.ts';
import { type CheckedSignMessage, checkUserSignMessage, decideEvaluations, type VerifiedSignRequest } from './verify.ts';

export interface SignMessageToVerify {
  readonly context: SignContext;
  readonly message: UserSignMessage;
  /** The presign's prepared bases, if the validator made them (prepared.ts). */
  readonly prepared?: PreparedSignVerification;
}

export type SignMessageVerdict =
  | { readonly valid: true; readonly request: VerifiedSignRequest }
  | { readonly valid: false; readonly rejection: UserMessageRejection };

/** The verdict on each message, in the order given (see the module comment). */
export function verifyUserSignMessages(items: readonly SignMessageToVerify[], options: { rng?: RandomSource } = {}): SignMessageVerdict[] {
  const rng = options.rng ?? systemRandom;
  const verdicts: (SignMessageVerdict | undefined)[] = items.map(() => undefined);
  const pending: Pending[] = [];
  items.forEach((item, index) => {
    try {
      const checked = checkUserSignMessage(item.context, item.message);
      pending.push({ index, checked, prepared: preparedBasesFor(item.prepared, item.context.presign) });
    } catch (error) {
      if (!(error instanceof UserMessageRejection)) throw error;
      verdicts[index] = { valid: false, rejection: error };
    }
  });

  // One combined check per CL key (messages of different curves share nothing).
  const byKey = new Map<unknown, Pending[]>();
  for (const p of pending) {
    const key = p.checked.displacedMask.language.publicKey;
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  const groups: Pending[][] = [...byKey.values()];
  while (groups.length > 0) {
    const group = groups.pop() as Pending[];
    if (combinedCheck(group, rng)) {
      for (const { index, checked } of group) verdicts[index] = { valid: true, request: checked.request };
      continue;
    }
    if (group.length === 1) {
      const { index, checked } = group[0] as Pending;
      verdicts[index] = decideAlone(checked);
      continue;
    }
    const half = group.length >> 1;
    groups.push(group.slice(half), group.slice(0, half));
  }
  return verdicts.map((v) => v as SignMessageVerdict);
}

interface Pending {
  readonly index: number;
  readonly checked: CheckedSignMessage;
  readonly prepared: PreparedBases;
}

function combinedCheck(group: readonly Pending[], rng: RandomSource): boolean {
  const instances: DComEvalInstance[] = [];
  for (const { checked } of group) instances.push(checked.displacedMask, checked.partialSignature);
  const prepared: PreparedBases = (form) => {
    for (const p of group) {
      const base = p.prepared(form);
      if (base !== undefined) return base;
    }
    return undefined;
  };
  return dcomEvalCombinedCheck(instances, { rng, prepared });
}

function decideAlone(checked: CheckedSignMessage): SignMessageVerdict {
  try {
    decideEvaluations(checked);
    return { valid: true, request: checked.request };
  } catch (error) {
    if (!(error instanceof UserMessageRejection)) throw error;
    return { valid: false, rejection: error };
  }
}
