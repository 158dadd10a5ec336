/**
 * Reading an envelope from an HTTP request body, header first: the first bytes are judged
 * (`screen`: the epoch, the sender, the peer key — envelope.ts, inbound.ts) before the rest is
 * read, and never more than the header declares, itself at most `MAX_ENVELOPE_BYTES`. A refused or
 * oversized body is abandoned where it stands; the caller closes the connection so that its
 * remainder is never received.
 * @module
 */
import { PeerInputError, ValidatorErrorCodes } from '../errors.ts';
import { ENVELOPE_HEADER_MAX_BYTES, type EnvelopeHeader, MAX_ENVELOPE_BYTES, readEnvelopeHeader } from './envelope.ts';

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * The body's bytes, read until the stream ends. `screen` sees the header as soon as it has
 * arrived and refuses by throwing a PeerInputError. Bytes that do not start an envelope are read
 * whole (up to the limit) so that the caller can tell a bare round message apart.
 */
export async function readEnvelopeBody(
  body: ReadableStream<Uint8Array> | null,
  screen: (header: EnvelopeHeader) => void,
): Promise<Uint8Array> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  let header: EnvelopeHeader | undefined;
  let screened = false;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      chunks.push(value);
      received += value.length;
      if (!screened) {
        try {
          header = readEnvelopeHeader(concat(chunks, received).subarray(0, ENVELOPE_HEADER_MAX_BYTES));
        } catch (error) {
          // Not an envelope of this version: read it whole (bounded below) for the refusal's code.
          if (!(error instanceof PeerInputError) || error.code !== ValidatorErrorCodes.PEER_MALFORMED) throw error;
          screened = true;
        }
        if (header !== undefined) {
          screened = true;
          screen(header);
        }
      }
      const limit = header?.length ?? MAX_ENVELOPE_BYTES;
      if (received > limit) {
        throw header === undefined
          ? new PeerInputError(413, ValidatorErrorCodes.PEER_BODY_TOO_LARGE, `an envelope is at most ${MAX_ENVELOPE_BYTES} bytes`)
          : new PeerInputError(400, ValidatorErrorCodes.PEER_MALFORMED, `the body continues after the envelope's ${header.length} bytes`);
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
  return concat(chunks, received);
}
