/**
 * Submitting a committee of any size (`set_committee` or `request_reconfiguration`), spread over
 * as many transactions as Sui's limits require (`committeeTransactionPlan`): the first makes a
 * `CommitteeBuilder` and, unless it is also the last, transfers it to the sender; the middle ones
 * add members to it; the last adds its members and consumes it. A committee that fits one
 * transaction takes one.
 *
 * Every member is checked on chain as it is added, so a bad member fails the transaction of its
 * batch with the abort `committee::new` gave before (the builder stays as it was, holding the
 * members of the earlier transactions; it is the sender's, and a new submission starts a new one).
 * @module
 */
import type { Signer } from '@mysten/sui/cryptography';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Chain, ObjectRef, TransactionResult } from './chain.ts';
import { type CommitteeMemberInput, type CoordinatorClient, committeeTransactionPlan } from './coordinator-client.ts';
import { ChainDataError, ChainErrorCodes, ChainRequestError } from './errors.ts';
import { objectRef } from './object-reader.ts';
import { type SignOptions, signAndExecute } from './transaction-signer.ts';

/** What the submitted committee is for. */
export type CommitteeUse = { setCommittee: { epoch: bigint } } | { requestReconfiguration: { sessionPreimage: Uint8Array } };

export interface CommitteeSubmission {
  /** The `AdminCap`'s object id (the signer must own it). */
  adminCapId: string;
  members: CommitteeMemberInput[];
  threshold: bigint;
  use: CommitteeUse;
}

/**
 * Submits the committee; returns the result of the last transaction run: the one that installed
 * or requested it, or the first that failed (its status says why; nothing after it is sent).
 */
export async function submitCommittee(
  chain: Chain,
  client: CoordinatorClient,
  signer: Signer,
  submission: CommitteeSubmission,
  options: SignOptions = {},
): Promise<TransactionResult> {
  const plan = committeeTransactionPlan(submission.members);
  const builderType = `${client.deployment.packageId}::coordinator::CommitteeBuilder`;
  let builderId: string | null = null;
  let result: TransactionResult | null = null;
  for (const [index, group] of plan.entries()) {
    const tx = new Transaction();
    const adminCap = await currentRef(chain, submission.adminCapId);
    const builder = builderId === null ? client.newCommitteeBuilder(tx, { adminCap }) : await currentRef(chain, builderId);
    client.addCommitteeMembers(tx, { builder, members: group.flat() });
    if (index < plan.length - 1) {
      if (builderId === null) tx.transferObjects([builder as ReturnType<CoordinatorClient['newCommitteeBuilder']>], signer.toSuiAddress());
    } else if ('setCommittee' in submission.use) {
      client.setCommitteeFromBuilder(tx, { adminCap, epoch: submission.use.setCommittee.epoch, builder, threshold: submission.threshold });
    } else {
      client.requestReconfigurationFromBuilder(tx, {
        adminCap,
        builder,
        threshold: submission.threshold,
        sessionPreimage: submission.use.requestReconfiguration.sessionPreimage,
      });
    }
    result = await signAndExecute(chain, tx, signer, options);
    if (!result.status.success) return result;
    if (builderId === null && index < plan.length - 1) {
      const created = result.changedObjects.find((change) => change.change === 'created' && change.type === builderType);
      if (created === undefined)
        throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `transaction ${result.digest} made no CommitteeBuilder`);
      builderId = created.objectId;
    }
  }
  return result as TransactionResult;
}

async function currentRef(chain: Chain, objectId: string): Promise<ObjectRef> {
  const object = await chain.getObject(normalizeSuiAddress(objectId));
  if (!object) throw new ChainRequestError(ChainErrorCodes.NOT_FOUND, `object ${objectId} does not exist`, { objectId });
  return objectRef(object);
}
