/**
 * The cursor of a newest-first list (sessions, signatures): where the previous page ended, as the
 * request time and id of its last item. The lists are ordered by request time, newest first, then
 * by id (descending), so items requested in one checkpoint — one timestamp — keep a fixed order
 * and a page never repeats or skips one. Clients treat it as opaque; it reads `<ms>-<id>`.
 * @module
 */

export interface ListPosition {
  /** The item's request time (chain milliseconds). */
  readonly at: number;
  /** The item's id as the table stores it. */
  readonly id: string;
}

const CURSOR = /^(0|[1-9][0-9]{0,15})-((?:0x)?[0-9a-f]{64})$/;

export function encodeListCursor(position: ListPosition): string {
  return `${position.at}-${position.id}`;
}

/** The position of a cursor this indexer gave; undefined for anything else. */
export function decodeListCursor(cursor: string): ListPosition | undefined {
  const match = CURSOR.exec(cursor);
  if (match === null) return undefined;
  const at = Number(match[1]);
  return Number.isSafeInteger(at) ? { at, id: match[2] as string } : undefined;
}
