/**
 * Request events: the chain events that open a session, the kind of session each opens, and the
 * strict decoding of an event stored by the validator (it keeps the BCS bytes it read from the
 * chain, so a restarted validator rebuilds every session from exactly what the chain said).
 * @module
 */

import {
  DWalletDkgRequested,
  type EventName,
  FutureSignRequested,
  ImportedKeyDWalletRequested,
  PresignRequested,
  SignRequested,
} from '../../chain/schemas/events.ts';
import type { StructOf } from '../../chain/schemas/move-type.ts';
import { decodeExact } from '../../mpc/encoding/decode.ts';

export type RequestKind = 'dkg' | 'imported-key' | 'presign' | 'sign' | 'future-sign';

export const REQUEST_EVENTS = {
  DWalletDkgRequested: 'dkg',
  ImportedKeyDWalletRequested: 'imported-key',
  PresignRequested: 'presign',
  SignRequested: 'sign',
  FutureSignRequested: 'future-sign',
} as const satisfies Partial<Record<EventName, RequestKind>>;

export type RequestEventName = keyof typeof REQUEST_EVENTS;

export function isRequestEvent(name: string): name is RequestEventName {
  return Object.hasOwn(REQUEST_EVENTS, name);
}

const SCHEMAS = {
  DWalletDkgRequested,
  ImportedKeyDWalletRequested,
  PresignRequested,
  SignRequested,
  FutureSignRequested,
} as const;

export type RequestEventOf<N extends RequestEventName> = StructOf<(typeof SCHEMAS)[N]>;

/** The event's fields, decoded strictly from the stored bytes. */
export function decodeRequestEvent<N extends RequestEventName>(name: N, bytes: Uint8Array): RequestEventOf<N> {
  // biome-ignore lint/suspicious/noExplicitAny: the union of schemas is narrowed by name
  return decodeExact(SCHEMAS[name].bcs as any, bytes, name) as RequestEventOf<N>;
}
