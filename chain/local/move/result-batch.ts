/**
 * Mirror of `move/sources/result_batch.move`: the same peeling order and the same aborts.
 * @module
 */
import { ResultKind, SESSION_ID_LENGTH } from '../../constants.ts';
import { check } from './abort.ts';
import { MoveBcsReader } from './bcs-reader.ts';

/** The parsed form of one result (`result_batch::SessionResult`). */
export interface ParsedResult {
  kind: number;
  session_id: Uint8Array;
  payload: Uint8Array;
  reason_code: number;
  blamed: number[];
}

export interface ParsedBatch {
  sequence: bigint;
  results: ParsedResult[];
}

const SEQUENCE_LENGTH = 8;

/** The results that carry their session id alone (`is_verdict`). */
const VERDICTS: ReadonlySet<number> = new Set([
  ResultKind.FUTURE_SIGN_VERIFIED,
  ResultKind.ENCRYPTION_KEY_VERIFIED,
  ResultKind.SHARE_BACKUP_VERIFIED,
  ResultKind.SHARE_TRANSFER_VERIFIED,
]);

export function peekSequence(batch: Uint8Array): bigint {
  check(batch.length >= SEQUENCE_LENGTH, 'result_batch', 'EMalformedBatch');
  let sequence = 0n;
  for (let i = SEQUENCE_LENGTH - 1; i >= 0; i--) sequence = (sequence << 8n) | BigInt(batch[i] as number);
  return sequence;
}

export function parseBatch(batch: Uint8Array): ParsedBatch {
  const reader = new MoveBcsReader(batch);
  const sequence = reader.peelU64();
  const count = reader.peelVecLength();
  const results: ParsedResult[] = [];
  for (let i = 0n; i < count; i++) results.push(peelResult(reader));
  check(reader.remaining() === 0, 'result_batch', 'ETrailingBytes');
  return { sequence, results };
}

function peelResult(reader: MoveBcsReader): ParsedResult {
  const tag = reader.peelEnumTag();
  check(tag <= ResultKind.SHARE_TRANSFER_VERIFIED, 'result_batch', 'EUnknownResultKind');
  const session_id = reader.peelVecU8();
  check(session_id.length === SESSION_ID_LENGTH, 'result_batch', 'EInvalidSessionIdLength');
  if (VERDICTS.has(tag)) return { kind: tag, session_id, payload: new Uint8Array(), reason_code: 0, blamed: [] };
  if (tag === ResultKind.REJECTED) {
    const reason_code = reader.peelU32();
    const payload = reader.peelVecU8();
    const blamed = reader.peelVecU32();
    return { kind: tag, session_id, payload, reason_code, blamed };
  }
  return { kind: tag, session_id, payload: reader.peelVecU8(), reason_code: 0, blamed: [] };
}
