/**
 * The result batch: the one message validators certify and relayers submit to write results of
 * MPC sessions on chain (`coordinator::process_result_batch`). This is the single definition of
 * its BCS schema; `move/sources/result_batch.move` peels exactly these bytes.
 *
 * ```
 * ResultBatch { sequence: u64, results: vector<SessionResult> }
 * enum SessionResult {
 *   DWalletDkg { session_id, output }            // 0
 *   ImportedKeyVerified { session_id, output }   // 1
 *   Presign { session_id, output }               // 2
 *   Signature { session_id, signature }          // 3  (r ‖ s ‖ recovery id, 65 bytes)
 *   FutureSignVerified { session_id }            // 4
 *   Rejected { session_id, reason_code: u32, reason, blamed: vector<u32> }  // 5
 *   NetworkKeyGenerated { session_id, output }   // 6  (NetworkKeyGeneratedOutput)
 *   Reconfigured { session_id, output }          // 7  (ReconfiguredOutput)
 *   DWalletShared { session_id, public_user_share } // 8  (x_A, 32-byte big-endian scalar)
 *   EncryptionKeyVerified { session_id }         // 9  (the key's proof of knowledge holds)
 *   ShareBackupVerified { session_id }           // 10 (the backup's EncDL proof holds)
 *   ShareTransferVerified { session_id }         // 11 (the transfer's EncDL proof holds)
 * }
 * NetworkKeyGeneratedOutput { key_commitment: vector<u8> (32), global_key_parts: vector<u8>,
 *                             threshold_key_digest: vector<u8> (32) }
 * ReconfiguredOutput { versions: vector<{ network_key_id: address, threshold_key_digest: vector<u8> (32) }> }
 * ```
 * A `Reconfigured` output has one version per ACTIVE network key, in the order the keys became
 * ACTIVE (the coordinator's `active_network_keys`, the order of `NetworkKeyRegistered` events,
 * including keys activated earlier in the same batch); the batch is certified by the current
 * committee for the current epoch, and applying it installs the pending committee as epoch + 1.
 * Session ids are 32-byte `vector<u8>`; `sequence` must equal the coordinator's next result
 * sequence number; `blamed` lists committee member indices. The certificate covers
 * `INTENT_RESULT_BATCH ‖ coordinator id ‖ bcs(batch) ‖ bcs(epoch)` (see `chain/certificate.ts`).
 *
 * Encoding and decoding both check what the Move code checks before it touches a session
 * (session id length, non-empty outputs), and what of a signature's shape holds for every
 * algorithm (64 bytes, or 65 with a recovery id of at most 3); the coordinator checks the exact
 * length against the sign's algorithm, which the validators know when they build the result.
 * @module
 */
import { bcs } from '@mysten/sui/bcs';
import { decodeExact } from '../../mpc/encoding/decode.ts';
import {
  KEY_COMMITMENT_LENGTH,
  MAX_GLOBAL_KEY_PARTS_LENGTH,
  MAX_RECOVERY_ID,
  PUBLIC_USER_SHARE_LENGTH,
  SESSION_ID_LENGTH,
  SIGNATURE_LENGTH_ECDSA,
  SIGNATURE_LENGTH_SCHNORR,
  THRESHOLD_KEY_DIGEST_LENGTH,
} from '../constants.ts';
import { ChainDataError, ChainErrorCodes } from '../errors.ts';
import { MoveTypes as M, vectorOf } from './move-type.ts';

export const SessionResultSchema = bcs.enum('SessionResult', {
  DWalletDkg: bcs.struct('DWalletDkg', { session_id: M.bytes.bcs, output: M.bytes.bcs }),
  ImportedKeyVerified: bcs.struct('ImportedKeyVerified', { session_id: M.bytes.bcs, output: M.bytes.bcs }),
  Presign: bcs.struct('Presign', { session_id: M.bytes.bcs, output: M.bytes.bcs }),
  Signature: bcs.struct('Signature', { session_id: M.bytes.bcs, signature: M.bytes.bcs }),
  FutureSignVerified: bcs.struct('FutureSignVerified', { session_id: M.bytes.bcs }),
  Rejected: bcs.struct('Rejected', {
    session_id: M.bytes.bcs,
    reason_code: M.u32.bcs,
    reason: M.bytes.bcs,
    blamed: vectorOf(M.u32).bcs,
  }),
  NetworkKeyGenerated: bcs.struct('NetworkKeyGenerated', { session_id: M.bytes.bcs, output: M.bytes.bcs }),
  Reconfigured: bcs.struct('Reconfigured', { session_id: M.bytes.bcs, output: M.bytes.bcs }),
  DWalletShared: bcs.struct('DWalletShared', { session_id: M.bytes.bcs, public_user_share: M.bytes.bcs }),
  EncryptionKeyVerified: bcs.struct('EncryptionKeyVerified', { session_id: M.bytes.bcs }),
  ShareBackupVerified: bcs.struct('ShareBackupVerified', { session_id: M.bytes.bcs }),
  ShareTransferVerified: bcs.struct('ShareTransferVerified', { session_id: M.bytes.bcs }),
});

/** The output of a `NetworkKeyGenerated` result. */
export const NetworkKeyGeneratedOutputSchema = bcs.struct('NetworkKeyGeneratedOutput', {
  key_commitment: M.bytes.bcs,
  global_key_parts: M.bytes.bcs,
  threshold_key_digest: M.bytes.bcs,
});

/** The output of a `Reconfigured` result. */
export const ReconfiguredOutputSchema = bcs.struct('ReconfiguredOutput', {
  versions: bcs.vector(bcs.struct('NetworkKeyVersionOutput', { network_key_id: M.address.bcs, threshold_key_digest: M.bytes.bcs })),
});

export interface NetworkKeyGeneratedOutput {
  key_commitment: Uint8Array;
  global_key_parts: Uint8Array;
  threshold_key_digest: Uint8Array;
}

export interface ReconfiguredOutput {
  /** One per ACTIVE network key, in the order the keys became ACTIVE; ids are 0x-hex. */
  versions: { network_key_id: string; threshold_key_digest: Uint8Array }[];
}

export const ResultBatchSchema = bcs.struct('ResultBatch', {
  sequence: M.u64.bcs,
  results: bcs.vector(SessionResultSchema),
});

/** Variant names in tag order; index = the tag `result_batch.move` matches on. */
export const SESSION_RESULT_VARIANTS = [
  'DWalletDkg',
  'ImportedKeyVerified',
  'Presign',
  'Signature',
  'FutureSignVerified',
  'Rejected',
  'NetworkKeyGenerated',
  'Reconfigured',
  'DWalletShared',
  'EncryptionKeyVerified',
  'ShareBackupVerified',
  'ShareTransferVerified',
] as const;

export type SessionResult =
  | { DWalletDkg: { session_id: Uint8Array; output: Uint8Array } }
  | { ImportedKeyVerified: { session_id: Uint8Array; output: Uint8Array } }
  | { Presign: { session_id: Uint8Array; output: Uint8Array } }
  | { Signature: { session_id: Uint8Array; signature: Uint8Array } }
  | { FutureSignVerified: { session_id: Uint8Array } }
  | { Rejected: { session_id: Uint8Array; reason_code: number; reason: Uint8Array; blamed: number[] } }
  | { NetworkKeyGenerated: { session_id: Uint8Array; output: Uint8Array } }
  | { Reconfigured: { session_id: Uint8Array; output: Uint8Array } }
  | { DWalletShared: { session_id: Uint8Array; public_user_share: Uint8Array } }
  | { EncryptionKeyVerified: { session_id: Uint8Array } }
  | { ShareBackupVerified: { session_id: Uint8Array } }
  | { ShareTransferVerified: { session_id: Uint8Array } };

export interface ResultBatch {
  sequence: bigint;
  results: SessionResult[];
}

function invalid(message: string, details: Record<string, unknown> = {}): never {
  throw new ChainDataError(ChainErrorCodes.DATA_INVALID, `result batch: ${message}`, details);
}

/** The variant name and fields of one result. */
export function resultVariant(result: SessionResult): { kind: (typeof SESSION_RESULT_VARIANTS)[number]; sessionId: Uint8Array } {
  const kind = Object.keys(result).find((k) => k !== '$kind') as (typeof SESSION_RESULT_VARIANTS)[number] | undefined;
  if (!kind || !SESSION_RESULT_VARIANTS.includes(kind)) invalid('unknown result variant');
  const fields = (result as Record<string, { session_id: Uint8Array }>)[kind];
  if (!fields || !(fields.session_id instanceof Uint8Array)) invalid(`${kind} without session id`);
  return { kind, sessionId: fields.session_id };
}

/** Checks what the Move code checks about each result's shape, and that no session appears twice. */
export function validateResultBatch(batch: ResultBatch): void {
  if (typeof batch.sequence !== 'bigint' || batch.sequence < 0n || batch.sequence >= 1n << 64n) invalid('sequence must be a u64');
  const seen = new Set<string>();
  batch.results.forEach((result, index) => {
    const { kind, sessionId } = resultVariant(result);
    if (sessionId.length !== SESSION_ID_LENGTH) invalid(`result ${index}: session id must be ${SESSION_ID_LENGTH} bytes`, { index });
    const key = Buffer.from(sessionId).toString('hex');
    if (seen.has(key)) invalid(`result ${index}: session ${key} appears twice`, { index });
    seen.add(key);
    if ('Signature' in result) {
      const signature = result.Signature.signature;
      if (signature.length !== SIGNATURE_LENGTH_ECDSA && signature.length !== SIGNATURE_LENGTH_SCHNORR) {
        invalid(`result ${index}: signature must be ${SIGNATURE_LENGTH_ECDSA} (ECDSA) or ${SIGNATURE_LENGTH_SCHNORR} (Schnorr) bytes`, {
          index,
        });
      }
      if (signature.length === SIGNATURE_LENGTH_ECDSA && (signature[SIGNATURE_LENGTH_ECDSA - 1] ?? 0) > MAX_RECOVERY_ID)
        invalid(`result ${index}: recovery id above ${MAX_RECOVERY_ID}`, { index });
    } else if ('DWalletDkg' in result || 'ImportedKeyVerified' in result || 'Presign' in result) {
      const fields = (result as Record<string, { output: Uint8Array }>)[kind];
      if (!fields || fields.output.length === 0) invalid(`result ${index}: empty ${kind} output`, { index });
    } else if ('NetworkKeyGenerated' in result) {
      decodeNetworkKeyGeneratedOutput(result.NetworkKeyGenerated.output, `result ${index}`);
    } else if ('Reconfigured' in result) {
      decodeReconfiguredOutput(result.Reconfigured.output, `result ${index}`);
    } else if ('DWalletShared' in result) {
      if (result.DWalletShared.public_user_share.length !== PUBLIC_USER_SHARE_LENGTH)
        invalid(`result ${index}: public user share must be ${PUBLIC_USER_SHARE_LENGTH} bytes`, { index });
    } else if ('Rejected' in result) {
      const { reason_code, blamed } = result.Rejected;
      if (!Number.isInteger(reason_code) || reason_code < 0 || reason_code > 0xffff_ffff)
        invalid(`result ${index}: reason code must be a u32`);
      for (const member of blamed) {
        if (!Number.isInteger(member) || member < 0 || member > 0xffff_ffff) invalid(`result ${index}: blamed index must be a u32`);
      }
    }
  });
}

export function encodeResultBatch(batch: ResultBatch): Uint8Array {
  validateResultBatch(batch);
  return ResultBatchSchema.serialize(batch).toBytes();
}

/** Strict decoding (truncated, trailing and non-canonical bytes rejected) plus shape validation. */
export function decodeResultBatch(bytes: Uint8Array): ResultBatch {
  const decoded = decodeExact(ResultBatchSchema, bytes, 'ResultBatch');
  const batch: ResultBatch = { sequence: BigInt(decoded.sequence), results: decoded.results as SessionResult[] };
  validateResultBatch(batch);
  return batch;
}

/** Checks what `coordinator::activate_network_key` checks of the output's shape. */
function checkNetworkKeyGenerated(output: NetworkKeyGeneratedOutput, what: string): void {
  if (output.key_commitment.length !== KEY_COMMITMENT_LENGTH) invalid(`${what}: key commitment must be ${KEY_COMMITMENT_LENGTH} bytes`);
  if (output.global_key_parts.length === 0) invalid(`${what}: empty global key parts`);
  if (output.global_key_parts.length > MAX_GLOBAL_KEY_PARTS_LENGTH)
    invalid(`${what}: global key parts longer than ${MAX_GLOBAL_KEY_PARTS_LENGTH} bytes`);
  if (output.threshold_key_digest.length !== THRESHOLD_KEY_DIGEST_LENGTH)
    invalid(`${what}: threshold key digest must be ${THRESHOLD_KEY_DIGEST_LENGTH} bytes`);
}

function checkReconfigured(output: ReconfiguredOutput, what: string): void {
  const seen = new Set<string>();
  for (const version of output.versions) {
    if (version.threshold_key_digest.length !== THRESHOLD_KEY_DIGEST_LENGTH)
      invalid(`${what}: threshold key digest of ${version.network_key_id} must be ${THRESHOLD_KEY_DIGEST_LENGTH} bytes`);
    if (seen.has(version.network_key_id)) invalid(`${what}: network key ${version.network_key_id} appears twice`);
    seen.add(version.network_key_id);
  }
}

/** The output bytes of a `NetworkKeyGenerated` result (shape checked as on chain). */
export function encodeNetworkKeyGeneratedOutput(output: NetworkKeyGeneratedOutput): Uint8Array {
  checkNetworkKeyGenerated(output, 'NetworkKeyGenerated output');
  return NetworkKeyGeneratedOutputSchema.serialize(output).toBytes();
}

export function decodeNetworkKeyGeneratedOutput(bytes: Uint8Array, what = 'NetworkKeyGenerated output'): NetworkKeyGeneratedOutput {
  let decoded: NetworkKeyGeneratedOutput;
  try {
    decoded = decodeExact(NetworkKeyGeneratedOutputSchema, bytes, 'NetworkKeyGeneratedOutput') as NetworkKeyGeneratedOutput;
  } catch (error) {
    invalid(`${what} does not decode: ${(error as Error).message}`);
  }
  checkNetworkKeyGenerated(decoded, what);
  return decoded;
}

/** The output bytes of a `Reconfigured` result (shape checked as on chain; the key list is checked on chain against its ACTIVE keys). */
export function encodeReconfiguredOutput(output: ReconfiguredOutput): Uint8Array {
  checkReconfigured(output, 'Reconfigured output');
  return ReconfiguredOutputSchema.serialize(output).toBytes();
}

export function decodeReconfiguredOutput(bytes: Uint8Array, what = 'Reconfigured output'): ReconfiguredOutput {
  let decoded: ReconfiguredOutput;
  try {
    decoded = decodeExact(ReconfiguredOutputSchema, bytes, 'ReconfiguredOutput') as ReconfiguredOutput;
  } catch (error) {
    invalid(`${what} does not decode: ${(error as Error).message}`);
  }
  checkReconfigured(decoded, what);
  return decoded;
}
