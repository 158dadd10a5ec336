/**
 * Signature intake: validators POST their BLS signature on a decided result batch
 * (`POST /v1/signatures`, JSON):
 *
 * ```json
 * { "epoch": "1", "sequence": "7", "batch": "<base64 ResultBatch>", "signer": 2, "signature": "<base64, 96 bytes>" }
 * ```
 *
 * Every field is checked before anything is stored: the JSON shape, the epoch (the chain's), the
 * batch (strict decoding, its sequence equal to `sequence`), the signer (a committee index), and
 * the signature, verified under the signer's BLS key over the bytes the chain will check
 * (`resultBatchSigningMessage`). A share for a sequence already on chain is acknowledged without
 * being stored. The answer comes after the share is stored, so an acknowledged share survives a
 * restart of the relayer.
 * @module
 */
import { fromBase64 } from '@mysten/sui/utils';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { resultBatchSigningMessage, verifyAggregate } from '../chain/certificate.ts';
import { BLS_SIGNATURE_LENGTH } from '../chain/constants.ts';
import { decodeResultBatch } from '../chain/schemas/result-batch.ts';
import { DWalletError } from '../mpc/errors.ts';
import type { ChainState } from './chain-state.ts';
import { IntakeError, RelayerErrorCodes } from './errors.ts';
import type { RelayerMetrics } from './metrics.ts';
import type { RelayerStore } from './store/database.ts';

/** How far ahead of the chain a sequence may be (bounds what a signer can make the relayer store). */
export const MAX_SEQUENCES_AHEAD = 1024;

export type IntakeStatus = 'stored' | 'duplicate' | 'already-on-chain';

export interface IntakeResult {
  readonly status: IntakeStatus;
  readonly weight?: string;
  readonly threshold?: string;
}

function bad(message: string): never {
  throw new IntakeError(400, RelayerErrorCodes.RELAYER_BAD_REQUEST, message);
}

function decimal(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(value)) bad(`${field} must be a decimal string`);
  const parsed = BigInt(value as string);
  if (parsed >= 1n << 64n) bad(`${field} must be a u64`);
  return parsed;
}

function base64(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) bad(`${field} must be base64`);
  return fromBase64(value as string);
}

export class SignatureIntake {
  constructor(
    private readonly store: RelayerStore,
    private readonly state: ChainState,
    private readonly metrics: RelayerMetrics,
    private readonly onStored: () => void,
  ) {}

  async receive(body: unknown): Promise<IntakeResult> {
    try {
      const result = await this.#receive(body);
      this.metrics.signatures.inc({ status: result.status });
      return result;
    } catch (error) {
      if (error instanceof DWalletError) this.metrics.signatures.inc({ status: error.code });
      throw error;
    }
  }

  async #receive(body: unknown): Promise<IntakeResult> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) bad('the body must be a JSON object');
    const fields = body as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (!['epoch', 'sequence', 'batch', 'signer', 'signature'].includes(key)) bad(`unknown field ${key}`);
    }
    const epoch = decimal(fields.epoch, 'epoch');
    const sequence = decimal(fields.sequence, 'sequence');
    const batchBytes = base64(fields.batch, 'batch');
    const signature = base64(fields.signature, 'signature');
    const signer = fields.signer;
    if (typeof signer !== 'number' || !Number.isInteger(signer) || signer < 0) bad('signer must be a committee index');
    let state = await this.state.read();
    if (epoch !== state.epoch) state = await this.state.read(true);
    if (epoch !== state.epoch) {
      throw new IntakeError(
        409,
        RelayerErrorCodes.RELAYER_WRONG_EPOCH,
        `a signature of epoch ${epoch}, the chain is in epoch ${state.epoch}`,
      );
    }
    let batch: ReturnType<typeof decodeResultBatch>;
    try {
      batch = decodeResultBatch(batchBytes);
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      throw new IntakeError(400, RelayerErrorCodes.RELAYER_BATCH_INVALID, `the batch does not decode: ${error.message}`);
    }
    if (batch.sequence !== sequence) {
      throw new IntakeError(400, RelayerErrorCodes.RELAYER_BATCH_INVALID, `the batch is for sequence ${batch.sequence}, not ${sequence}`);
    }
    if (sequence < BigInt(state.nextSequence)) state = await this.state.read(true);
    if (sequence < BigInt(state.nextSequence)) return { status: 'already-on-chain' };
    if (sequence > BigInt(state.nextSequence + MAX_SEQUENCES_AHEAD)) {
      throw new IntakeError(
        409,
        RelayerErrorCodes.RELAYER_SEQUENCE_AHEAD,
        `sequence ${sequence} is too far ahead of the chain (${state.nextSequence})`,
      );
    }
    const member = state.members[signer as number];
    if (member === undefined) {
      throw new IntakeError(
        403,
        RelayerErrorCodes.RELAYER_UNKNOWN_SIGNER,
        `signer ${signer} is not a member of the committee of epoch ${epoch}`,
      );
    }
    if (
      signature.length !== BLS_SIGNATURE_LENGTH ||
      !verifyAggregate([member.publicKey], signature, resultBatchSigningMessage(state.coordinatorId, batchBytes, epoch))
    ) {
      throw new IntakeError(
        401,
        RelayerErrorCodes.RELAYER_BAD_SIGNATURE,
        `the signature of member ${signer} does not verify over this batch`,
      );
    }
    const digest = bytesToHex(sha256(batchBytes));
    const stored = this.store.addSignature({
      sequence: Number(sequence),
      epoch,
      digest,
      batch: batchBytes,
      signer: signer as number,
      signature,
    });
    const group = this.store.groups(Number(sequence), epoch).find((g) => g.digest === digest);
    const weight = (group?.shares ?? []).reduce((sum, s) => sum + (state.members[s.signer]?.weight ?? 0n), 0n);
    if (stored) this.onStored();
    return { status: stored ? 'stored' : 'duplicate', weight: weight.toString(), threshold: state.threshold.toString() };
  }
}
