/**
 * The strict decoding of a request event stored by the validator (it keeps the BCS bytes it read
 * from the chain, so a restarted validator rebuilds every session from exactly what the chain
 * said). Which event opens which kind of session is the request-kind table's
 * (chain/schemas/requests.ts).
 * @module
 */
import { EventStructs } from '../../chain/schemas/events.ts';
import type { StructOf } from '../../chain/schemas/move-type.ts';
import { REQUEST_KINDS, type SessionKind } from '../../chain/schemas/requests.ts';
import { decodeExact } from '../../mpc/encoding/decode.ts';

/** The fields of the request event of `kind`. */
export type RequestEventOf<K extends SessionKind> = StructOf<(typeof EventStructs)[(typeof REQUEST_KINDS)[K]['requestEvent']]>;

/** The fields of a request event of `kind`, decoded strictly from the stored bytes. */
export function decodeRequestEvent<K extends SessionKind>(kind: K, bytes: Uint8Array): RequestEventOf<K> {
  const name = REQUEST_KINDS[kind].requestEvent;
  // biome-ignore lint/suspicious/noExplicitAny: the union of schemas is narrowed by the kind
  return decodeExact(EventStructs[name].bcs as any, bytes, name) as RequestEventOf<K>;
}
