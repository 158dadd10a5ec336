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
 * Opening checks, in order, each refusal with its own code and HTTP status: the bytes decode
 * (a bare round message without envelope is PEER_UNSIGNED), the epoch is the receiver's, the
 * sender is a member, the certificate and then the signature verify, the round message decodes and
 * names the envelope's sender.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeExact } from '../../mpc/encoding/decode.ts';
import { DWalletError } from '../../mpc/errors.ts';
import type { AuthenticatedMessage } from '../../mpc/session/machine.ts';
import { decodeRoundMessage, encodeRoundMessage, type RoundMessage } from '../../mpc/session/message.ts';
import type { CommitteeView } from '../committee-view.ts';
import { PeerInputError, ValidatorErrorCodes } from '../errors.ts';
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

function signedBytes(body: Parameters<typeof bodySchema.serialize>[0]): Uint8Array {
  const encoded = bodySchema.serialize(body).toBytes();
  const out = new Uint8Array(ENVELOPE_DOMAIN.length + encoded.length);
  out.set(ENVELOPE_DOMAIN, 0);
  out.set(encoded, ENVELOPE_DOMAIN.length);
  return out;
}

/** The envelope of `message` (whose sender must be `identity.party`), signed. */
export function sealEnvelope(identity: LocalPeerIdentity, epoch: bigint, message: RoundMessage): Uint8Array {
  const body = {
    version: ENVELOPE_VERSION,
    epoch,
    sender: identity.party,
    peer_key: identity.peerKey,
    certificate: identity.certificate,
    message: encodeRoundMessage(message),
  };
  const signature = ed25519.sign(signedBytes(body), identity.peerSecretKey);
  return envelopeSchema.serialize({ ...body, signature }).toBytes();
}

function isBareRoundMessage(bytes: Uint8Array): boolean {
  try {
    decodeRoundMessage(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads an envelope this process has already authenticated (the main thread opened it before
 * handing it to a session worker): decodes it without checking signatures again.
 */
export function openAuthenticated(bytes: Uint8Array): OpenedEnvelope {
  const raw = decodeExact(envelopeSchema, bytes, 'peer envelope');
  return {
    sender: raw.sender,
    message: decodeRoundMessage(new Uint8Array(raw.message)),
    evidence: bytes.slice(),
    epoch: BigInt(raw.epoch),
  };
}

/** Opens an envelope against the committee; throws a {@link PeerInputError} naming the first check that fails. */
export function openEnvelope(bytes: Uint8Array, view: CommitteeView, verifier: PeerIdentityVerifier): OpenedEnvelope {
  let raw: ReturnType<typeof envelopeSchema.parse>;
  try {
    raw = decodeExact(envelopeSchema, bytes, 'peer envelope');
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    if (isBareRoundMessage(bytes)) {
      throw new PeerInputError(401, ValidatorErrorCodes.PEER_UNSIGNED, 'a round message must come in a signed envelope');
    }
    throw new PeerInputError(400, ValidatorErrorCodes.PEER_MALFORMED, `the body is not a peer envelope: ${error.message}`, {
      cause: error.code,
    });
  }
  if (raw.version !== ENVELOPE_VERSION) {
    throw new PeerInputError(400, ValidatorErrorCodes.PEER_MALFORMED, `envelope version ${raw.version}, expected ${ENVELOPE_VERSION}`);
  }
  const epoch = BigInt(raw.epoch);
  if (epoch !== view.epoch) {
    throw new PeerInputError(
      409,
      ValidatorErrorCodes.PEER_WRONG_EPOCH,
      `envelope of epoch ${epoch}, this validator is in epoch ${view.epoch}`,
      {
        epoch: epoch.toString(),
        current: view.epoch.toString(),
      },
    );
  }
  const member = view.member(raw.sender);
  if (member === undefined) {
    throw new PeerInputError(403, ValidatorErrorCodes.PEER_UNKNOWN_SENDER, `party ${raw.sender} is not a member of the committee`, {
      sender: raw.sender,
    });
  }
  const peerKey = new Uint8Array(raw.peer_key);
  if (!verifier.verify(member.blsPublicKey, peerKey, new Uint8Array(raw.certificate))) {
    throw new PeerInputError(
      401,
      ValidatorErrorCodes.PEER_BAD_IDENTITY,
      `the peer key of party ${raw.sender} is not certified by its BLS key`,
      {
        sender: raw.sender,
      },
    );
  }
  const message = new Uint8Array(raw.message);
  const body = { ...raw, message };
  let signatureValid = false;
  try {
    signatureValid = ed25519.verify(new Uint8Array(raw.signature), signedBytes(body), peerKey);
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) {
    throw new PeerInputError(401, ValidatorErrorCodes.PEER_BAD_SIGNATURE, `the envelope signature of party ${raw.sender} does not verify`, {
      sender: raw.sender,
    });
  }
  let round: RoundMessage;
  try {
    round = decodeRoundMessage(message);
  } catch (error) {
    if (!(error instanceof DWalletError)) throw error;
    throw new PeerInputError(400, ValidatorErrorCodes.PEER_MALFORMED, error.message, { cause: error.code, sender: raw.sender });
  }
  if (round.sender !== raw.sender) {
    throw new PeerInputError(
      400,
      ValidatorErrorCodes.PEER_SENDER_MISMATCH,
      `party ${raw.sender} signed a message claiming party ${round.sender}`,
      { sender: raw.sender, claimed: round.sender },
    );
  }
  return { sender: raw.sender, message: round, evidence: bytes.slice(), epoch };
}
