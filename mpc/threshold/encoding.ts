/**
 * BCS encodings of the share messages (PROTOCOL.md §2):
 *
 *     DecryptionShareMessage       { party: u16, digest: [u8; 32], shares: vector<vector<Form>> }
 *     ProvenDecryptionShareMessage { party: u16, digest: [u8; 32], shares: vector<vector<Form>>,
 *                                    proof: EDL MaurerProof }
 *
 * Decoding is strict (encoding/decode.ts: no trailing bytes, canonical integers, every form a
 * reduced primitive form of the group) and then checked against the session with typed errors
 * (messages.ts): member party, the session's ciphertext digest, one row per unit of weight, one
 * share per ciphertext. The proof's response bound depends on the sender's weight (the number of
 * statements it proves), so the sender is read first and must be a member before the rest is
 * decoded.
 * @module
 */
import { type BcsType, bcs } from '@mysten/bcs';
import { formSchema } from '../classgroups/encoding.ts';
import type { Form } from '../classgroups/form.ts';
import { decodeExact } from '../encoding/decode.ts';
import { boundedVector } from '../encoding/vector.ts';
import { EncodingError, ErrorCodes } from '../errors.ts';
import { maurerProofSchema } from '../proofs/encoding.ts';
import { checkShareMessage, type DecryptionShareMessage, type ProvenDecryptionShareMessage } from './messages.ts';
import { CIPHERTEXT_DIGEST_BYTES, type DecryptionSession } from './session.ts';

interface Schemas {
  readonly unproven: BcsType<DecryptionShareMessage, DecryptionShareMessage>;
  readonly proven: Map<number, BcsType<ProvenDecryptionShareMessage, ProvenDecryptionShareMessage>>;
}

const cache = new WeakMap<DecryptionSession, Schemas>();

function fields(session: DecryptionSession) {
  const form = formSchema(session.key.setup.group);
  // Lengths bounded before any form is decoded (encoding/vector.ts): one row per unit of the
  // heaviest weight, one share per ciphertext of the session.
  const heaviest = Math.max(...session.key.access.weights);
  return {
    party: bcs.u16(),
    digest: bcs.bytes(CIPHERTEXT_DIGEST_BYTES),
    shares: boundedVector(
      'decryption shares',
      boundedVector('decryption shares of a virtual party', form, session.ciphertexts.length),
      heaviest,
    ) as unknown as BcsType<Form[][], readonly (readonly Form[])[]>,
  };
}

function schemas(session: DecryptionSession): Schemas {
  let known = cache.get(session);
  if (known === undefined) {
    known = {
      unproven: bcs.struct('DecryptionShareMessage', fields(session)) as unknown as Schemas['unproven'],
      proven: new Map(),
    };
    cache.set(session, known);
  }
  return known;
}

function provenSchema(session: DecryptionSession, weight: number): BcsType<ProvenDecryptionShareMessage, ProvenDecryptionShareMessage> {
  const { proven } = schemas(session);
  let schema = proven.get(weight);
  if (schema === undefined) {
    schema = bcs.struct('ProvenDecryptionShareMessage', {
      ...fields(session),
      proof: maurerProofSchema(session.language, weight),
    }) as unknown as BcsType<ProvenDecryptionShareMessage, ProvenDecryptionShareMessage>;
    proven.set(weight, schema);
  }
  return schema;
}

export function encodeDecryptionShareMessage(session: DecryptionSession, message: DecryptionShareMessage): Uint8Array {
  checkShareMessage(session, message);
  return schemas(session).unproven.serialize(message).toBytes();
}

/** Decode and check an unproven share message (typed errors, see the module comment). */
export function decodeDecryptionShareMessage(session: DecryptionSession, bytes: Uint8Array): DecryptionShareMessage {
  const message = decodeExact(schemas(session).unproven, bytes, 'decryption share message');
  checkShareMessage(session, message);
  return message;
}

export function encodeProvenDecryptionShareMessage(session: DecryptionSession, message: ProvenDecryptionShareMessage): Uint8Array {
  checkShareMessage(session, message);
  return provenSchema(session, session.key.access.weightOf(message.party)).serialize(message).toBytes();
}

/** Decode and check a proven share message; its proof is verified later, in batch. */
export function decodeProvenDecryptionShareMessage(session: DecryptionSession, bytes: Uint8Array): ProvenDecryptionShareMessage {
  if (!(bytes instanceof Uint8Array)) {
    throw new EncodingError(ErrorCodes.ENCODING_INVALID_VALUE, 'proven decryption share message: expected bytes');
  }
  if (bytes.length < 2) {
    throw new EncodingError(ErrorCodes.ENCODING_TRUNCATED, 'proven decryption share message: the input ends before the sender does');
  }
  const party = (bytes[0] as number) | ((bytes[1] as number) << 8);
  const weight = session.key.access.weightOf(party);
  const message = decodeExact(provenSchema(session, weight), bytes, 'proven decryption share message');
  checkShareMessage(session, message);
  return message;
}
