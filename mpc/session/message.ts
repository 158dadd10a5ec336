/**
 * Round messages: what a validator signs and sends to its peers during a session (PROTOCOL.md §10:
 * every round message carries the session id, the round and the sender).
 *
 *   protocol   which protocol the session runs, e.g. "2pc-mpc/ecdsa/presign"
 *   sessionId  the 32-byte id fixed by the chain request
 *   round      the round of the protocol (a small number; the protocol names it)
 *   attempt    the attempt within the round for kinds that retry (agreement attempts, request
 *              sequence numbers); 0 for kinds sent once
 *   sender     the sending validator's party id
 *   recipient  None for a broadcast, the party id for a point-to-point message (so that a message
 *              meant for one party cannot be passed to another as if it were meant for it)
 *   kind       what the payload is, e.g. "contribution", "echo"
 *   payload    the BCS encoding of the kind's payload
 *
 * The transport signs the BCS encoding of this struct; the signed envelope is the evidence that
 * blame carries. The digest of a message identifies it in proposals and requests.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeExact } from '../encoding/decode.ts';
import { DWalletError } from '../errors.ts';
import type { PartyId } from './committee.ts';
import { SessionError, SessionErrorCodes } from './errors.ts';

export interface RoundMessage {
  readonly protocol: string;
  readonly sessionId: Uint8Array;
  readonly round: number;
  readonly attempt: number;
  readonly sender: PartyId;
  readonly recipient: PartyId | null;
  readonly kind: string;
  readonly payload: Uint8Array;
}

/** Protocol names: lowercase ASCII letters, digits and "/-._", at most this many bytes. */
export const MAX_PROTOCOL_LENGTH = 64;
/** Kind names: lowercase ASCII letters, digits and "-", at most this many bytes. */
export const MAX_KIND_LENGTH = 32;
/** Largest payload accepted (a presign batch of 16 EncDH⟨2⟩ statements is well below it). */
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
export const SESSION_ID_BYTES = 32;
export const MAX_ROUND = 0xffff;
export const MAX_ATTEMPT = 0xffff_ffff;

const PROTOCOL_PATTERN = /^[a-z0-9][a-z0-9/._-]*$/;
const KIND_PATTERN = /^[a-z][a-z0-9-]*$/;

export const roundMessageSchema = bcs.struct('RoundMessage', {
  protocol: bcs.string(),
  session_id: bcs.bytes(SESSION_ID_BYTES),
  round: bcs.u16(),
  attempt: bcs.u32(),
  sender: bcs.u16(),
  recipient: bcs.option(bcs.u16()),
  kind: bcs.string(),
  payload: bcs.byteVector(),
});

function malformed(message: string, cause?: unknown): SessionError {
  return new SessionError(SessionErrorCodes.SESSION_MALFORMED_MESSAGE, `round message: ${message}`, {}, cause ? { cause } : undefined);
}

/** Checks every field's range and character set; throws SESSION_MALFORMED_MESSAGE. */
export function assertRoundMessage(message: RoundMessage): void {
  if (typeof message !== 'object' || message === null) throw malformed('not an object');
  const { protocol, sessionId, round, attempt, sender, recipient, kind, payload } = message;
  if (typeof protocol !== 'string' || utf8ToBytes(protocol).length > MAX_PROTOCOL_LENGTH || !PROTOCOL_PATTERN.test(protocol)) {
    throw malformed('invalid protocol name');
  }
  if (!(sessionId instanceof Uint8Array) || sessionId.length !== SESSION_ID_BYTES) throw malformed('the session id must be 32 bytes');
  if (!Number.isInteger(round) || round < 0 || round > MAX_ROUND) throw malformed('round out of range');
  if (!Number.isInteger(attempt) || attempt < 0 || attempt > MAX_ATTEMPT) throw malformed('attempt out of range');
  if (!Number.isInteger(sender) || sender < 0 || sender > 0xffff) throw malformed('sender out of range');
  if (recipient !== null && (!Number.isInteger(recipient) || recipient < 0 || recipient > 0xffff))
    throw malformed('recipient out of range');
  if (typeof kind !== 'string' || kind.length > MAX_KIND_LENGTH || !KIND_PATTERN.test(kind)) throw malformed('invalid kind');
  if (!(payload instanceof Uint8Array) || payload.length > MAX_PAYLOAD_BYTES) throw malformed('invalid payload');
}

export function encodeRoundMessage(message: RoundMessage): Uint8Array {
  assertRoundMessage(message);
  return roundMessageSchema
    .serialize({
      protocol: message.protocol,
      session_id: message.sessionId,
      round: message.round,
      attempt: message.attempt,
      sender: message.sender,
      recipient: message.recipient,
      kind: message.kind,
      payload: message.payload,
    })
    .toBytes();
}

/** Strict decoding: exactly one canonical encoding with every field in range. */
export function decodeRoundMessage(bytes: Uint8Array): RoundMessage {
  let raw: ReturnType<typeof roundMessageSchema.parse>;
  try {
    raw = decodeExact(roundMessageSchema, bytes, 'round message');
  } catch (error) {
    if (error instanceof DWalletError) throw malformed(error.message, error);
    throw error;
  }
  const message: RoundMessage = {
    protocol: raw.protocol,
    sessionId: new Uint8Array(raw.session_id),
    round: raw.round,
    attempt: raw.attempt,
    sender: raw.sender,
    recipient: raw.recipient ?? null,
    kind: raw.kind,
    payload: new Uint8Array(raw.payload),
  };
  assertRoundMessage(message);
  return message;
}

/** 32 bytes identifying a message: cSHAKE256 of its encoding, domain-separated. */
export function messageDigest(message: RoundMessage | Uint8Array): Uint8Array {
  const bytes = message instanceof Uint8Array ? message : encodeRoundMessage(message);
  return cshake256(bytes, { personalization: utf8ToBytes('dwallet/session/message-digest/v1'), dkLen: 32 });
}

export function digestKey(digest: Uint8Array): string {
  return bytesToHex(digest);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
