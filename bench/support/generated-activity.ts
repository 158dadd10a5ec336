/**
 * The events of a busy network's activity, generated: the coordinator's own event types encoded
 * with their real BCS schemas (chain/schemas/events.ts), in the order and with the fields the
 * coordinator emits them (move/sources/coordinator.move), grouped into transactions as users and
 * the relayer send them. Generated rather than executed because the local chain takes about
 * 100 ms a transaction and 15 ms a request in it (measured on this machine with 1 to 50 DKG
 * requests in one transaction), and a bench of the indexer needs tens of thousands of events in
 * seconds; a load generator, not a chain — nothing here is verified.
 *
 * Rounds in which every user requests dWallets (3 DKG and 1 imported key in one transaction),
 * then 4 pool presigns, then 3 signs (claim a pooled presign and request a sign with one of its
 * DKG dWallets, in one transaction); after each step the relayer lands the network's results in
 * batches split as the validators split them (at most MAX_BATCH_ENTRIES results and
 * MAX_BATCH_BYTES bytes), one in eight a rejection naming a reason (and, for presigns and signs,
 * a blamed member). Per user and round: 4 + 4 + 4 + 4 + 6 + 3 = 25 events, plus one
 * ResultBatchProcessed per batch. Payloads are real in format and size (ecdsa-payloads.ts), so an
 * event weighs what it weighs on a network (a SignRequested carries the presign, the dWallet's
 * output and the user's sign message: about 9 KB). Fees are the devnet's.
 * @module
 */
import type { BcsType } from '@mysten/bcs';
import { toBase58 } from '@mysten/sui/utils';
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { ChainEvent, Deployment } from '../../chain/chain.ts';
import { Curve, HashScheme, RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import { type EventName, EventStructs, eventType } from '../../chain/schemas/events.ts';
import { type SessionResult, SessionResultSchema } from '../../chain/schemas/result-batch.ts';
import { DEVNET_FEES } from '../../devnet/chain-setup.ts';
import { MAX_BATCH_BYTES, MAX_BATCH_ENTRIES } from '../../validator/batches/batch-protocol.ts';
import type { EcdsaPayloads } from './ecdsa-payloads.ts';

const DKG_PER_ROUND = 3;
const IMPORTS_PER_ROUND = 1;
const PRESIGNS_PER_ROUND = 4;
const SIGNS_PER_ROUND = 3;
/** One result in this many is a rejection (the rest complete). */
const REJECT_EVERY = 8;
/** What the certifying members weigh: 3 of the committee's 4 (local-coordinator.ts). */
const SIGNER_WEIGHT = 3n;
/** A batch's bytes besides its results: the u64 sequence and the results' count (ULEB128, 2 bytes up to 16,383). */
const BATCH_HEAD_BYTES = 8 + 2;

export interface ActivityOptions {
  readonly deployment: Deployment;
  readonly networkKeyId: string;
  /** The committee's epoch. */
  readonly epoch: bigint;
  /** The users' addresses. */
  readonly users: readonly string[];
  readonly relayer: string;
  /** Rounds go on until at least this many events are generated. */
  readonly events: number;
  /** The chain time of the first transaction and of the last (ms), spread evenly between. */
  readonly fromMs: number;
  readonly toMs: number;
}

/** The events, and what a reader of the indexer asks about. */
export interface Activity {
  /** In chain order; cursors `generated/<index>`, checkpoints null, times set. */
  readonly events: ChainEvent[];
  readonly transactions: number;
  /** Every dWallet requested (active or rejected). */
  readonly dwalletIds: string[];
  /** Every session opened (hex, as the indexer's API names them). */
  readonly sessionIds: string[];
}

interface PendingEvent {
  readonly name: EventName;
  readonly value: unknown;
}

function objectId(): string {
  return `0x${bytesToHex(randomBytes(32))}`;
}

export function generateActivity(payloads: EcdsaPayloads, options: ActivityOptions): Activity {
  const { packageId } = options.deployment;
  const ecdsa = { network_key_id: options.networkKeyId, curve: Curve.SECP256K1, algorithm: SignatureAlgorithm.ECDSA };
  const transactions: { sender: string; events: PendingEvent[] }[] = [];
  const dwalletIds: string[] = [];
  const sessionIds: string[] = [];
  let eventCount = 0;
  let sessionSequence = 0n;
  let resultSequence = 0n;
  let resultCount = 0;
  /** Completed pool presigns not yet claimed, first in first out: id, payer, output. */
  const pool: { id: string; requester: string }[] = [];
  /** Each user's active DKG dWallets (an imported key signs only with presigns bound to it). */
  const active = new Map<string, { id: string; capId: string; output: Uint8Array }[]>(options.users.map((u) => [u, []]));

  const send = (sender: string, events: PendingEvent[]) => {
    transactions.push({ sender, events });
    eventCount += events.length;
  };
  const opened = () => {
    const sessionId = randomBytes(32);
    sessionIds.push(bytesToHex(sessionId));
    return { session_id: sessionId, session_sequence: sessionSequence++, epoch: options.epoch };
  };
  /** Whether the next result is a rejection (every REJECT_EVERY-th). */
  const rejects = () => ++resultCount % REJECT_EVERY === 0;

  /**
   * The relayer's transactions for `results` (each a session result and the event applying it
   * emits), split into batches by the validators' caps; `result_sequence` is the batch's.
   */
  const land = (results: { result: SessionResult; event: (sequence: bigint) => PendingEvent; fee: bigint }[]) => {
    let batch: typeof results = [];
    let bytes = BATCH_HEAD_BYTES;
    const flush = () => {
      if (batch.length === 0) return;
      const sequence = resultSequence++;
      const events = batch.map((entry) => entry.event(sequence));
      events.push({
        name: 'ResultBatchProcessed',
        value: {
          epoch: options.epoch,
          sequence,
          result_count: BigInt(batch.length),
          signer_weight: SIGNER_WEIGHT,
          submitter: options.relayer,
          fees_paid: batch.reduce((sum, entry) => sum + entry.fee, 0n),
        },
      });
      send(options.relayer, events);
      batch = [];
      bytes = BATCH_HEAD_BYTES;
    };
    for (const entry of results) {
      const size = SessionResultSchema.serialize(entry.result).toBytes().length;
      if (batch.length === MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES) flush();
      batch.push(entry);
      bytes += size;
    }
    flush();
  };
  const rejection = (
    session_id: Uint8Array,
    kind: RequestKind,
    target_id: string,
    reason: string,
    blamed: number[],
    fee: bigint,
  ): { result: SessionResult; event: (sequence: bigint) => PendingEvent; fee: bigint } => {
    const reasonBytes = utf8ToBytes(reason);
    return {
      result: { Rejected: { session_id, reason_code: 1, reason: reasonBytes, blamed } },
      event: (result_sequence) => ({
        name: 'SessionRejected',
        value: { session_id, result_sequence, request_kind: kind, target_id, reason_code: 1, reason: reasonBytes, blamed, fee },
      }),
      fee,
    };
  };

  while (eventCount < options.events) {
    // dWallets (DKG and imported keys), then their outputs or rejections.
    const dwalletResults: Parameters<typeof land>[0] = [];
    for (const requester of options.users) {
      const events: PendingEvent[] = [];
      for (let i = 0; i < DKG_PER_ROUND + IMPORTS_PER_ROUND; i++) {
        const imported = i >= DKG_PER_ROUND;
        const fee = DEVNET_FEES[imported ? RequestKind.IMPORTED_KEY : RequestKind.DWALLET_DKG];
        const session = opened();
        const dwallet = { id: objectId(), capId: objectId() };
        dwalletIds.push(dwallet.id);
        const common = { ...session, requester, dwallet_id: dwallet.id, dwallet_cap_id: dwallet.capId, ...ecdsa, fee };
        events.push(
          imported
            ? { name: 'ImportedKeyDWalletRequested', value: { ...common, user_import_message: payloads.userImportMessage } }
            : { name: 'DWalletDkgRequested', value: { ...common, user_dkg_message: payloads.userDkgMessage, public_user_share: null } },
        );
        const kind = imported ? RequestKind.IMPORTED_KEY : RequestKind.DWALLET_DKG;
        if (rejects()) {
          dwalletResults.push(rejection(session.session_id, kind, dwallet.id, 'ECDSA_INVALID_DKG_MESSAGE', [], fee));
          continue;
        }
        const output = payloads.dwalletOutput(session.session_id, imported ? 'imported' : 'universal');
        const session_id = session.session_id;
        dwalletResults.push({
          result: imported ? { ImportedKeyVerified: { session_id, output } } : { DWalletDkg: { session_id, output } },
          event: (result_sequence) => {
            if (!imported) active.get(requester)?.push({ ...dwallet, output });
            const value = { session_id, result_sequence, dwallet_id: dwallet.id, output, fee };
            return { name: imported ? 'ImportedKeyDWalletVerified' : 'DWalletDkgCompleted', value };
          },
          fee,
        });
      }
      send(requester, events);
    }
    land(dwalletResults);

    // Pool presigns, then their outputs.
    const presignResults: Parameters<typeof land>[0] = [];
    const presignFee = DEVNET_FEES[RequestKind.PRESIGN];
    for (const requester of options.users) {
      const events: PendingEvent[] = [];
      for (let i = 0; i < PRESIGNS_PER_ROUND; i++) {
        const session = opened();
        const presign_id = objectId();
        events.push({
          name: 'PresignRequested',
          value: { ...session, requester, presign_id, ...ecdsa, dwallet_id: null, dwallet_output: new Uint8Array(), fee: presignFee },
        });
        const session_id = session.session_id;
        presignResults.push(
          rejects()
            ? rejection(session_id, RequestKind.PRESIGN, presign_id, 'ECDSA_PRESIGN_ABORTED', [3], presignFee)
            : {
                result: { Presign: { session_id, output: payloads.presign } },
                event: (result_sequence) => {
                  pool.push({ id: presign_id, requester });
                  const value = {
                    session_id,
                    result_sequence,
                    presign_id,
                    ...ecdsa,
                    dwallet_id: null,
                    output: payloads.presign,
                    fee: presignFee,
                  };
                  return { name: 'PresignCompleted', value };
                },
                fee: presignFee,
              },
        );
      }
      send(requester, events);
    }
    land(presignResults);

    // Signs: claim a pooled presign, approve a message with a DKG dWallet, request the sign.
    const signResults: Parameters<typeof land>[0] = [];
    const signFee = DEVNET_FEES[RequestKind.SIGN];
    for (const requester of options.users) {
      const mine = active.get(requester) ?? [];
      const events: PendingEvent[] = [];
      for (let i = 0; i < Math.min(SIGNS_PER_ROUND, mine.length) && pool.length > 0; i++) {
        const dwallet = mine[(transactions.length + i) % mine.length] as (typeof mine)[number];
        const presign = pool.shift() as (typeof pool)[number];
        const presignCapId = objectId();
        events.push({
          name: 'PresignClaimed',
          value: {
            presign_id: presign.id,
            presign_cap_id: presignCapId,
            ...ecdsa,
            claimer: requester,
            requester: presign.requester,
            fee: presignFee,
          },
        });
        const session = opened();
        const sign_id = objectId();
        events.push({
          name: 'SignRequested',
          value: {
            ...session,
            requester,
            sign_id,
            dwallet_id: dwallet.id,
            ...ecdsa,
            hash_scheme: HashScheme.KECCAK256,
            message: utf8ToBytes(`transfer ${eventCount + i} wei to 0x${bytesToHex(randomBytes(20))}`),
            presign_id: presign.id,
            presign: payloads.presign,
            dwallet_output: dwallet.output,
            user_sign_message: payloads.userSignMessage,
            partial_signature_id: null,
            fee: signFee,
            public_user_share: null,
          },
        });
        const session_id = session.session_id;
        const signature = randomBytes(65);
        signature[64] = (signature[64] as number) & 1;
        signResults.push(
          rejects()
            ? rejection(session_id, RequestKind.SIGN, sign_id, 'ECDSA_INVALID_SIGN_MESSAGE/proof', [1], signFee)
            : {
                result: { Signature: { session_id, signature } },
                event: (result_sequence) => ({
                  name: 'SignCompleted',
                  value: {
                    session_id,
                    result_sequence,
                    sign_id,
                    dwallet_id: dwallet.id,
                    signature,
                    partial_signature_id: null,
                    fee: signFee,
                  },
                }),
                fee: signFee,
              },
        );
      }
      if (events.length > 0) send(requester, events);
    }
    land(signResults);
  }

  const span = Math.max(0, options.toMs - options.fromMs);
  const events: ChainEvent[] = [];
  transactions.forEach((tx, t) => {
    const txDigest = toBase58(randomBytes(32));
    const timestampMs = options.fromMs + Math.floor((span * t) / Math.max(1, transactions.length - 1));
    tx.events.forEach(({ name, value }, eventSeq) => {
      events.push({
        id: { txDigest, eventSeq },
        cursor: `generated/${events.length}`,
        checkpoint: null,
        timestampMs,
        packageId,
        module: 'coordinator',
        sender: tx.sender,
        type: eventType(packageId, name),
        bcs: (EventStructs[name].bcs as BcsType<unknown>).serialize(value).toBytes(),
      });
    });
  });
  return { events, transactions: transactions.length, dwalletIds, sessionIds };
}
