/**
 * Signed envelopes for the in-process test network: a stand-in for the validators' transport
 * signatures (the real transport signs round messages with the validator's registered key).
 *
 * Each party gets a 32-byte key derived from the network's seed; an envelope is
 * (signer, message bytes, tag) with tag = cSHAKE256(key ‖ message). Opening an envelope checks the
 * tag and that the message names the signer as its sender, as a real transport does, and yields
 * the {@link AuthenticatedMessage} a session machine takes. A party can pass on (relay) another
 * party's envelope but cannot make one in its name.
 * @module
 */
import { bcs } from '@mysten/bcs';
import { cshake256 } from '@noble/hashes/sha3-addons.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { decodeExact } from '../encoding/decode.ts';
import { DWalletError } from '../errors.ts';
import { Drbg } from '../numbers/drbg.ts';
import type { PartyId } from '../session/committee.ts';
import type { AuthenticatedMessage } from '../session/machine.ts';
import { decodeRoundMessage, encodeRoundMessage, type RoundMessage, sameBytes } from '../session/message.ts';

export const TestTransportErrorCodes = {
  TEST_TRANSPORT_MALFORMED: 'TEST_TRANSPORT_MALFORMED',
  TEST_TRANSPORT_UNKNOWN_SIGNER: 'TEST_TRANSPORT_UNKNOWN_SIGNER',
  TEST_TRANSPORT_BAD_SIGNATURE: 'TEST_TRANSPORT_BAD_SIGNATURE',
} as const;

/** An envelope the test transport refuses (it never reaches a session machine). */
export class TestTransportError extends DWalletError {}

const envelopeSchema = bcs.struct('TestEnvelope', { signer: bcs.u16(), message: bcs.byteVector(), tag: bcs.bytes(32) });

export class TestKeys {
  readonly #keys: Uint8Array[];

  constructor(seed: Uint8Array, parties: number) {
    const rng = new Drbg('dwallet/testing/envelope-keys/v1', seed);
    this.#keys = Array.from({ length: parties }, () => rng.bytes(32));
  }

  #tag(signer: PartyId, message: Uint8Array): Uint8Array {
    const key = this.#keys[signer - 1] as Uint8Array;
    const hash = cshake256.create({ personalization: utf8ToBytes('dwallet/testing/envelope/v1'), dkLen: 32 });
    hash.update(key);
    hash.update(message);
    return hash.digest();
  }

  /** The envelope of `message` signed by its sender. */
  seal(message: RoundMessage): Uint8Array {
    const bytes = encodeRoundMessage(message);
    if (this.#keys[message.sender - 1] === undefined) {
      throw new TestTransportError(TestTransportErrorCodes.TEST_TRANSPORT_UNKNOWN_SIGNER, `no key for party ${message.sender}`);
    }
    return envelopeSchema.serialize({ signer: message.sender, message: bytes, tag: this.#tag(message.sender, bytes) }).toBytes();
  }

  /** Checks an envelope as a transport would; throws a {@link TestTransportError}. */
  open(envelope: Uint8Array): AuthenticatedMessage {
    let raw: ReturnType<typeof envelopeSchema.parse>;
    let message: RoundMessage;
    try {
      raw = decodeExact(envelopeSchema, envelope, 'test envelope');
      message = decodeRoundMessage(new Uint8Array(raw.message));
    } catch (error) {
      if (error instanceof DWalletError) {
        throw new TestTransportError(TestTransportErrorCodes.TEST_TRANSPORT_MALFORMED, error.message, {}, { cause: error });
      }
      throw error;
    }
    if (this.#keys[raw.signer - 1] === undefined) {
      throw new TestTransportError(TestTransportErrorCodes.TEST_TRANSPORT_UNKNOWN_SIGNER, `no key for party ${raw.signer}`);
    }
    if (!sameBytes(this.#tag(raw.signer, new Uint8Array(raw.message)), new Uint8Array(raw.tag)) || raw.signer !== message.sender) {
      throw new TestTransportError(TestTransportErrorCodes.TEST_TRANSPORT_BAD_SIGNATURE, `bad signature of party ${raw.signer}`);
    }
    return { sender: raw.signer, message, evidence: envelope.slice() };
  }
}
