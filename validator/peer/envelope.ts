/**
 * Signed envelopes: how a round message travels between validators (PROTOCOL.md §10: every round
 * message is signed by the sending validator's key registered on chain).
 *
 * ```
 * PeerEnvelope { version: u8 (1), epoch: u64, sender: u16 (party), peer_key: [u8; 32],
 *                certificate: [u8; 96], message: vector<u8> (RoundMessage BCS), signature: [u8; 64] }
 * ```
 * The signature is Ed25519 by `peer_key` over `ENVELOPE_DOMAIN ‖ bcs(every field but signature)`;
 * the certificate binds `peer_key` to the sender's BLS key on chain (identity.ts). An envelope is
 * therefore self-contained evidence: anyone holding the committee can check who signed what, which
 * is what blame needs. Relaying passes the bytes on unchanged.
 *
 * The fixed fields and the message's length come first ({@link readEnvelopeHeader}: 139 bytes and
 * a length prefix), so a receiver can refuse an envelope of another epoch, of a non-member, of a
 * peer key already refused, or longer than {@link MAX_ENVELOPE_BYTES}, before it reads the rest.
 *
 * Opening checks, cheapest first, each refusal with its own code and HTTP status: the bytes are an
 * envelope (a bare round message without one is PEER_UNSIGNED), the epoch is the receiver's, the
 * sender is a member, the Ed25519 signature verifies (tens of microseconds: ed25519.ts), then the certificate
 * (a BLS pairing, tens of milliseconds, done once per peer key and epoch: identity.ts), and the
 * round message decodes and names the envelope's sender. The envelope is parsed once: the signed
 * bytes are a prefix of it, never re-encoded.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { DWalletError } from '../../mpc/errors.ts';
import type { AuthenticatedMessage } from '../../mpc/session/machine.ts';
import { decodeRoundMessage, encodeRoundMessage, type RoundMessage } from '../../mpc/session/message.ts';
import type { CommitteeView } from '../committee-view.ts';
import { PeerInputError, ValidatorErrorCodes } from '../errors.ts';
import { ed25519Sign, ed25519Verify } from './ed25519.ts';
import { type LocalPeerIdentity, PEER_CERTIFICATE_LENGTH, PEER_KEY_LENGTH, type PeerIdentityVerifier } from './identity.ts';

export const ENVELOPE_VERSION = 1;
export const ENVELOPE_DOMAIN = utf8ToBytes('dwallet/validator/envelope/v1');
const SIGNATURE_LENGTH = 64;

const bodyFields = {
  version: bcs.u8(),
  epoch: bcs.u64(),
  sender: bcs.u16(),
  peer_key: bcs.bytes(PEER_KEY_LENGTH),
  certificate: bcs.bytes(PEER_CERTIFICATE_LENGTH),
  message: bcs.byteVector(),
};
const bodySchema = bcs.struct('PeerEnvelopeBody', bodyFields);
export const envelopeSchema = bcs.struct('PeerEnvelope', { ...bodyFields, signature: bcs.bytes(SIGNATURE_LENGTH) });

export interface OpenedEnvelope extends AuthenticatedMessage {
  readonly epoch: bigint;
}

/**
 * The largest envelope a validator reads. The protocol's largest round messages are the votes of
 * the result-batch agreement, which carry the batch (at most `MAX_BATCH_BYTES`, 96 KiB), and the
 * contributions of a presign batch of 16 (27 KB at 112-bit security, about 38 KB at 128-bit); the
 * bound leaves more than twice the room and keeps an unauthenticated body a millisecond's work.
 */
export const MAX_ENVELOPE_BYTES = 256 * 1024;
/** version, epoch, sender, peer key, certificate. */
export const ENVELOPE_FIXED_BYTES = 1 + 8 + 2 + PEER_KEY_LENGTH + PEER_CERTIFICATE_LENGTH;
/** The fixed fields and the longest length prefix of a message below {@link MAX_ENVELOPE_BYTES}. */
export const ENVELOPE_HEADER_MAX_BYTES = ENVELOPE_FIXED_BYTES + 3;

/** What the first bytes of an envelope say, before its message and signature are read. */
export interface EnvelopeHeader {
  readonly epoch: bigint;
  readonly sender: number;
  readonly peerKey: Uint8Array;
  readonly certificate: Uint8Array;
  /** Where the round message starts, and its length. */
  readonly messageOffset: number;
  readonly messageLength: number;
  /** The length of the whole envelope, signature included. */
  readonly length: number;
}

function malformed(message: string, details: Record<string, unknown> = {}): PeerInputError {
  return new PeerInputError(400, ValidatorErrorCodes.PEER_MALFORMED, message, details);
}

/**
 * Reads the header from the first bytes of an envelope: undefined while more bytes are needed.
 * Throws PEER_MALFORMED for bytes that cannot start an envelope of this version (the caller tells a
 * bare round message apart, see {@link refuseNonEnvelope}) and PEER_BODY_TOO_LARGE for an envelope
 * above {@link MAX_ENVELOPE_BYTES}. The length prefix must be canonical ULEB128, as BCS requires.
 */
export function readEnvelopeHeader(bytes: Uint8Array): EnvelopeHeader | undefined {
  if (bytes.length === 0) return undefined;
  if (bytes[0] !== ENVELOPE_VERSION) throw malformed(`envelope version ${bytes[0]}, expected ${ENVELOPE_VERSION}`);
  let messageLength = 0;
  let at = ENVELOPE_FIXED_BYTES;
  for (let shift = 0; ; shift += 7) {
    if (at >= bytes.length) return undefined;
    if (at >= ENVELOPE_HEADER_MAX_BYTES) throw tooLarge();
    const byte = bytes[at++] as number;
    messageLength += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) {
      if (byte === 0 && shift > 0) throw malformed('the message length is not canonical ULEB128');
      break;
    }
  }
  const length = at + messageLength + SIGNATURE_LENGTH;
  if (length > MAX_ENVELOPE_BYTES) throw tooLarge();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    epoch: view.getBigUint64(1, true),
    sender: view.getUint16(9, true),
    peerKey: bytes.slice(11, 11 + PEER_KEY_LENGTH),
    certificate: bytes.slice(11 + PEER_KEY_LENGTH, ENVELOPE_FIXED_BYTES),
    messageOffset: at,
    messageLength,
    length,
  };
}

function tooLarge(): PeerInputError {
  return new PeerInputError(413, ValidatorErrorCodes.PEER_BODY_TOO_LARGE, `an envelope is at most ${MAX_ENVELOPE_BYTES} bytes`);
}

/** Whole bytes that are not an envelope: a bare round message is PEER_UNSIGNED (401), anything else PEER_MALFORMED. */
export function refuseNonEnvelope(bytes: Uint8Array, cause: PeerInputError): PeerInputError {
  try {
    decodeRoundMessage(bytes);
  } catch {
    return cause;
  }
  return new PeerInputError(401, ValidatorErrorCodes.PEER_UNSIGNED, 'a round message must come in a signed envelope');
}

/** A peer key its member's BLS key does not certify (401). */
export function identityRefused(sender: number): PeerInputError {
  return new PeerInputError(401, ValidatorErrorCodes.PEER_BAD_IDENTITY, `the peer key of party ${sender} is not certified by its BLS key`, {
    sender,
  });
}

/** A new certificate the source has no check left for (429: the sender retries later). */
export function certificateBudgetSpent(sender: number): PeerInputError {
  return new PeerInputError(
    429,
    ValidatorErrorCodes.PEER_RATE_LIMITED,
    `too many new peer certificates to check from this source; retry party ${sender}'s envelope later`,
    { sender },
  );
}

/** The checks of a header that need no cryptography: the receiver's epoch, a member sender. Returns the member. */
export function checkEnvelopeHeader(header: EnvelopeHeader, view: CommitteeView): NonNullable<ReturnType<CommitteeView['member']>> {
  if (header.epoch !== view.epoch) {
    throw new PeerInputError(
      409,
      ValidatorErrorCodes.PEER_WRONG_EPOCH,
      `envelope of epoch ${header.epoch}, this validator is in epoch ${view.epoch}`,
      { epoch: header.epoch.toString(), current: view.epoch.toString() },
    );
  }
  const member = view.member(header.sender);
  if (member === undefined) {
    throw new PeerInputError(403, ValidatorErrorCodes.PEER_UNKNOWN_SENDER, `party ${header.sender} is not a member of the committee`, {
      sender: header.sender,
    });
  }
  return member;
}

/** The header of whole envelope bytes; PEER_MALFORMED (or PEER_UNSIGNED) when they are not exactly one envelope. */
function wholeHeader(bytes: Uint8Array): EnvelopeHeader {
  let header: EnvelopeHeader | undefined;
  try {
    header = readEnvelopeHeader(bytes);
  } catch (error) {
    if (error instanceof PeerInputError && error.code === ValidatorErrorCodes.PEER_MALFORMED) throw refuseNonEnvelope(bytes, error);
    throw error;
  }
  if (header === undefined || bytes.length < header.length) throw refuseNonEnvelope(bytes, malformed('the envelope is truncated'));
  if (bytes.length > header.length) throw malformed(`${bytes.length - header.length} bytes after the envelope`);
  return header;
}

function roundMessageOf(bytes: Uint8Array, header: EnvelopeHeader): RoundMessage {
  try {
    return decodeRoundMessage(bytes.subarray(header.messageOffset, header.messageOffset + header.messageLength));
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    throw malformed(error.message, { cause: error.code, sender: header.sender });
  }
}

/** The envelope of `message` (whose sender must be `identity.party`), signed. */
export function sealEnvelope(identity: LocalPeerIdentity, epoch: bigint, message: RoundMessage): Uint8Array {
  const body = bodySchema
    .serialize({
      version: ENVELOPE_VERSION,
      epoch,
      sender: identity.party,
      peer_key: identity.peerKey,
      certificate: identity.certificate,
      message: encodeRoundMessage(message),
    })
    .toBytes();
  const out = new Uint8Array(body.length + SIGNATURE_LENGTH);
  out.set(body, 0);
  out.set(ed25519Sign(signedPart(out), identity.peerSecretKey), body.length);
  return out;
}

/** `ENVELOPE_DOMAIN ‖ every byte of the envelope but the signature`. */
function signedPart(envelope: Uint8Array): Uint8Array {
  const body = envelope.subarray(0, envelope.length - SIGNATURE_LENGTH);
  const out = new Uint8Array(ENVELOPE_DOMAIN.length + body.length);
  out.set(ENVELOPE_DOMAIN, 0);
  out.set(body, ENVELOPE_DOMAIN.length);
  return out;
}

/**
 * Reads an envelope this process has already authenticated (the main thread opened it before
 * handing it to a session worker): parses it without checking signatures again.
 */
export function openAuthenticated(bytes: Uint8Array): OpenedEnvelope {
  const header = wholeHeader(bytes);
  return { sender: header.sender, message: roundMessageOf(bytes, header), evidence: bytes.slice(), epoch: header.epoch };
}

export interface OpenOptions {
  /** Whether a certificate not verified before may be checked now (a per-source budget of pairings); default yes. */
  readonly mayCheckCertificate?: () => boolean;
}

/** Opens an envelope against the committee; throws a {@link PeerInputError} naming the first check that fails. */
export function openEnvelope(
  bytes: Uint8Array,
  view: CommitteeView,
  verifier: PeerIdentityVerifier,
  options: OpenOptions = {},
): OpenedEnvelope {
  const header = wholeHeader(bytes);
  const member = checkEnvelopeHeader(header, view);
  const signature = bytes.subarray(bytes.length - SIGNATURE_LENGTH);
  const signatureValid = ed25519Verify(signature, signedPart(bytes), header.peerKey);
  if (!signatureValid) {
    throw new PeerInputError(
      401,
      ValidatorErrorCodes.PEER_BAD_SIGNATURE,
      `the envelope signature of party ${header.sender} does not verify`,
      {
        sender: header.sender,
      },
    );
  }
  const identity = verifier.verify(
    {
      epoch: header.epoch,
      party: header.sender,
      memberPublicKey: member.blsPublicKey,
      peerKey: header.peerKey,
      certificate: header.certificate,
    },
    options.mayCheckCertificate,
  );
  if (identity === 'busy') throw certificateBudgetSpent(header.sender);
  if (identity === 'refused') throw identityRefused(header.sender);
  const round = roundMessageOf(bytes, header);
  if (round.sender !== header.sender) {
    throw new PeerInputError(
      400,
      ValidatorErrorCodes.PEER_SENDER_MISMATCH,
      `party ${header.sender} signed a message claiming party ${round.sender}`,
      { sender: header.sender, claimed: round.sender },
    );
  }
  return { sender: header.sender, message: round, evidence: bytes.slice(), epoch: header.epoch };
}
