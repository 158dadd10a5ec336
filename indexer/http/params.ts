/**
 * Validation of every path and query parameter of the indexer's API. A bad value is a 400 that
 * names the parameter and says what was expected (errors.ts `InvalidParameterError`); a valid one
 * comes back in the form the tables store (lowercase ids with `0x`, session ids without).
 * @module
 */

import { isSessionKind, SESSION_KINDS, type SessionKind } from '../../chain/schemas/requests.ts';
import { SessionId } from '../../chain/session-id.ts';
import { isSignatureAlgorithmName, SIGNATURE_ALGORITHMS, type SignatureAlgorithmName } from '../../mpc/signing/algorithms.ts';
import { InvalidParameterError } from '../errors.ts';
import { decodeListCursor, type ListPosition } from '../list-cursor.ts';
import {
  ENCRYPTED_SHARE_STATES,
  type EncryptedShareState,
  isEncryptedShareState,
  isSessionStatus,
  SESSION_STATUSES,
  type SessionStatus,
} from '../views.ts';

const OBJECT_ID = /^0x[0-9a-fA-F]{64}$/;
const FEED_ID = /^(0|[1-9][0-9]{0,14})$/;

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 50;

/** A Sui object id or address: `0x` + 64 hex digits. */
export function objectIdParam(name: string, value: string | undefined): string {
  if (value === undefined || !OBJECT_ID.test(value)) throw new InvalidParameterError(name, '0x followed by 64 hex digits', value);
  return value.toLowerCase();
}

/** A session id: 64 hex digits, with or without `0x`; returned without it. */
export function sessionIdParam(name: string, value: string | undefined): SessionId {
  const id = SessionId.tryParse(value);
  if (id === undefined) throw new InvalidParameterError(name, '64 hex digits (0x optional)', value);
  return id;
}

export function limitParam(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PAGE;
  const n = /^[0-9]{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_PAGE)) throw new InvalidParameterError('limit', `an integer from 1 to ${MAX_PAGE}`, value);
  return n;
}

/** A signature algorithm by name (`ecdsa`, `taproot`, `eddsa`), as the API shows it. */
export function algorithmParam(value: string | undefined): SignatureAlgorithmName | undefined {
  if (value === undefined) return undefined;
  if (!isSignatureAlgorithmName(value)) throw new InvalidParameterError('algorithm', `one of ${SIGNATURE_ALGORITHMS.join(', ')}`, value);
  return value;
}

export function kindParam(value: string | undefined): SessionKind | undefined {
  if (value === undefined) return undefined;
  if (!isSessionKind(value)) throw new InvalidParameterError('kind', `one of ${SESSION_KINDS.join(', ')}`, value);
  return value;
}

export function statusParam(value: string | undefined): SessionStatus | undefined {
  if (value === undefined) return undefined;
  if (!isSessionStatus(value)) throw new InvalidParameterError('status', `one of ${SESSION_STATUSES.join(', ')}`, value);
  return value;
}

/** The state of an encrypted share (`pending`, `verified`, `rejected`, `accepted`, `withdrawn`). */
export function encryptedShareStateParam(value: string | undefined): EncryptedShareState | undefined {
  if (value === undefined) return undefined;
  if (!isEncryptedShareState(value)) throw new InvalidParameterError('state', `one of ${ENCRYPTED_SHARE_STATES.join(', ')}`, value);
  return value;
}

/** The `cursor` of a newest-first list: the `nextCursor` of its previous page, as given. */
export function listCursorParam(value: string | undefined): ListPosition | undefined {
  if (value === undefined) return undefined;
  const position = decodeListCursor(value);
  if (position === undefined) throw new InvalidParameterError('cursor', "the previous page's nextCursor", value);
  return position;
}

/** A position in the results feed (a stream event id). */
export function feedIdParam(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!FEED_ID.test(value)) throw new InvalidParameterError(name, 'a non-negative integer (a result id of the stream)', value);
  return Number(value);
}

/** Query keys the route knows; any other is refused, so a typo is not silently ignored. */
export function onlyKnownQuery(query: Record<string, string>, known: readonly string[]): void {
  for (const key of Object.keys(query)) {
    if (!known.includes(key))
      throw new InvalidParameterError(key, `no such query parameter (known: ${known.join(', ') || 'none'})`, query[key]);
  }
}
