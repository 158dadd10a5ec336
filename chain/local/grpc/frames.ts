/**
 * gRPC-web framing over HTTP (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-WEB.md):
 * every message is a frame of a flag byte (0x00 data, 0x80 trailers), a 4-byte big-endian length
 * and the bytes; a response ends with a trailer frame holding `grpc-status` and `grpc-message`
 * as HTTP/1 header lines. Both wire formats are served: binary (`application/grpc-web` and
 * `application/grpc-web+proto`) and text (`application/grpc-web-text`: the same bytes in base64,
 * the default of `@protobuf-ts/grpcweb-transport` and so of `SuiGrpcClient`); the answer is in
 * the format of the request.
 * @module
 */
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import { concatBytes } from '@noble/hashes/utils.js';
import { GrpcStatus, invalidArgument } from './status.ts';

const DATA = 0x00;
const TRAILER = 0x80;
const HEADER_BYTES = 5;

export type WireFormat = 'binary' | 'text';

export const CONTENT_TYPES: Readonly<Record<WireFormat, string>> = {
  binary: 'application/grpc-web+proto',
  text: 'application/grpc-web-text',
};

/** The wire format a request's content type names, or null for anything else. */
export function wireFormat(contentType: string | undefined): WireFormat | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/grpc-web' || type === 'application/grpc-web+proto') return 'binary';
  if (type === 'application/grpc-web-text' || type === 'application/grpc-web-text+proto') return 'text';
  return null;
}

/** The frame bytes of a request body in `format`. */
export function bodyBytes(body: Uint8Array, format: WireFormat): Uint8Array {
  if (format === 'binary') return body;
  const text = new TextDecoder().decode(body).trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) invalidArgument('the grpc-web-text body is not base64');
  return fromBase64(text);
}

/** A response body in `format`. */
export function encodedBody(frames: Uint8Array<ArrayBuffer>, format: WireFormat): Uint8Array<ArrayBuffer> {
  return format === 'binary' ? frames : new TextEncoder().encode(toBase64(frames));
}

function frame(flag: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  out[0] = flag;
  new DataView(out.buffer).setUint32(1, payload.length, false);
  out.set(payload, HEADER_BYTES);
  return out;
}

/**
 * The one message of a unary or server-streaming request body: exactly one data frame, nothing
 * after it. INVALID_ARGUMENT otherwise.
 */
export function requestMessage(body: Uint8Array): Uint8Array {
  if (body.length < HEADER_BYTES) invalidArgument('the body is not a gRPC-web frame');
  if (body[0] !== DATA) invalidArgument(`the request's first frame has flag ${body[0]}, not a data frame`);
  const length = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(1, false);
  if (body.length !== HEADER_BYTES + length) {
    invalidArgument(`the request frame says ${length} bytes, the body holds ${body.length - HEADER_BYTES} after its header`);
  }
  return body.subarray(HEADER_BYTES);
}

/** Percent-encoding of `grpc-message` (PROTOCOL-HTTP2.md: printable ASCII except %, as is). */
function encodeStatusMessage(message: string): string {
  return Array.from(new TextEncoder().encode(message), (b) =>
    b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');
}

/** A data frame holding `message`. */
export function dataFrame(message: Uint8Array): Uint8Array {
  return frame(DATA, message);
}

/** The trailer frame that ends a response with `status`. */
export function trailerFrame(status: GrpcStatus = GrpcStatus.OK, message = ''): Uint8Array {
  return frame(TRAILER, new TextEncoder().encode(`grpc-status:${status}\r\ngrpc-message:${encodeStatusMessage(message)}\r\n`));
}

/** A response body: each message as a data frame, then the trailers with `status`. */
export function responseBody(messages: readonly Uint8Array[], status: GrpcStatus = GrpcStatus.OK, message = ''): Uint8Array<ArrayBuffer> {
  return concatBytes(...messages.map(dataFrame), trailerFrame(status, message)) as Uint8Array<ArrayBuffer>;
}
