/**
 * `LedgerService/ListEvents` on the local chain: the chain's events in order, filtered, as
 * Sui's server-streaming answer — one frame per matching event, each with the watermark (the
 * resume cursor) at that event, and a last frame with the reason the scan stopped: the item limit
 * (carrying the last item), the scan limit, or the chain's tip (`CHECKPOINT_BOUND`).
 *
 * Cursors are 8 bytes, big-endian: the number of the chain's events before the resume point.
 * Filters: Sui's disjunction of conjunctions of literals over `sender`, `emit_module` and
 * `event_type` (`pkg::module`, `pkg::module::Name` for any type arguments, or a full type); any
 * other predicate, descending order, `before` and checkpoint bounds answer UNIMPLEMENTED.
 * Event fields: `package_id`, `module`, `sender`, `event_type`, `contents`, `checkpoint`,
 * `transaction_digest`, `event_index`; `json` is not rendered (a client sees none) — the events'
 * BCS (`contents`) is what this project decodes.
 * @module
 */
import type { GrpcTypes } from '@mysten/sui/grpc';
import { normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import type { ChainEvent } from '../../chain.ts';
import type { LocalLedger } from '../ledger.ts';
import { readMaskPaths } from './read-mask.ts';
import { GrpcError, GrpcStatus, invalidArgument } from './status.ts';

/** Sui's default and largest number of items in one ListEvents answer. */
export const DEFAULT_EVENT_ITEMS = 50;
export const MAX_EVENT_ITEMS = 1000;
/** Events scanned for one answer before it stops with SCAN_LIMIT (the client resumes from the watermark). */
export const EVENT_SCAN_LIMIT = 10_000;
const LEDGER_PAGE = 1000;

// sui.rpc.v2.QueryEndReason, Ordering.
const QueryEndReason = { ITEM_LIMIT: 1, SCAN_LIMIT: 2, CHECKPOINT_BOUND: 3 } as const;
const ASCENDING = 0;

const EVENT_FIELDS = ['package_id', 'module', 'sender', 'event_type', 'contents', 'checkpoint', 'transaction_digest', 'event_index'];

function cursorBytes(resume: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, resume, false);
  return out;
}

function resumeOf(cursor: Uint8Array | undefined): bigint {
  if (cursor === undefined) return 0n;
  if (cursor.length !== 8) invalidArgument('invalid cursor');
  return new DataView(cursor.buffer, cursor.byteOffset, 8).getBigUint64(0, false);
}

type Literal = GrpcTypes.EventLiteral;

function typeMatches(filter: string, type: string): boolean {
  const parts = filter.split('::');
  if (parts.length === 2) {
    const [address, module] = parts as [string, string];
    const [eventAddress, eventModule] = type.split('::');
    return normalizeSuiAddress(address) === normalizeSuiAddress(eventAddress ?? '') && module === eventModule;
  }
  const wanted = normalizeStructTag(filter);
  return wanted.includes('<') ? normalizeStructTag(type) === wanted : normalizeStructTag(type).split('<')[0] === wanted;
}

function literalMatches(literal: Literal, event: ChainEvent): boolean {
  const { predicate } = literal;
  let matches: boolean;
  switch (predicate.oneofKind) {
    case 'sender':
      matches = normalizeSuiAddress(predicate.sender.address ?? '') === normalizeSuiAddress(event.sender);
      break;
    case 'emitModule': {
      const [address, module] = (predicate.emitModule.module ?? '').split('::');
      matches = normalizeSuiAddress(address ?? '') === normalizeSuiAddress(event.packageId) && module === event.module;
      break;
    }
    case 'eventType':
      matches = typeMatches(predicate.eventType.eventType ?? '', event.type);
      break;
    default:
      throw new GrpcError(
        GrpcStatus.UNIMPLEMENTED,
        `the local chain does not filter events by ${predicate.oneofKind ?? 'an empty predicate'}`,
      );
  }
  return literal.negated ? !matches : matches;
}

/** Whether `event` passes `filter` (no filter: every event). */
function passes(filter: GrpcTypes.EventFilter | undefined, event: ChainEvent): boolean {
  if (filter === undefined || filter.terms.length === 0) return true;
  return filter.terms.some((term) => term.literals.every((literal) => literalMatches(literal, event)));
}

function checkFilter(filter: GrpcTypes.EventFilter | undefined): void {
  for (const term of filter?.terms ?? []) {
    if (term.literals.length === 0) invalidArgument('an event filter term has no literal');
    for (const literal of term.literals) {
      const { predicate } = literal;
      if (predicate.oneofKind === 'eventType' && !/^0x[0-9a-fA-F]+::\w+(::\w+(<.*>)?)?$/.test(predicate.eventType.eventType ?? '')) {
        invalidArgument(`invalid event type filter: ${predicate.eventType.eventType}`);
      }
      if (predicate.oneofKind === 'emitModule' && !/^0x[0-9a-fA-F]+::\w+$/.test(predicate.emitModule.module ?? '')) {
        invalidArgument(`invalid module filter: ${predicate.emitModule.module}`);
      }
    }
  }
}

function protoEvent(event: ChainEvent, fields: ReadonlySet<string>): GrpcTypes.Event {
  const out: GrpcTypes.Event = {};
  if (fields.has('package_id')) out.packageId = event.packageId;
  if (fields.has('module')) out.module = event.module;
  if (fields.has('sender')) out.sender = event.sender;
  if (fields.has('event_type')) out.eventType = event.type;
  if (fields.has('contents')) out.contents = { name: event.type, value: event.bcs };
  if (fields.has('checkpoint') && event.checkpoint !== null) out.checkpoint = event.checkpoint;
  if (fields.has('transaction_digest')) out.transactionDigest = event.id.txDigest;
  if (fields.has('event_index')) out.eventIndex = event.id.eventSeq;
  return out;
}

/** The frames of one ListEvents answer. */
export async function listEvents(ledger: LocalLedger, request: GrpcTypes.ListEventsRequest): Promise<GrpcTypes.ListEventsResponse[]> {
  const options = request.options ?? {};
  if ((options.ordering ?? ASCENDING) !== ASCENDING || options.before !== undefined) {
    throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'the local chain lists events in ascending order only');
  }
  if (request.startCheckpoint !== undefined || request.endCheckpoint !== undefined) {
    throw new GrpcError(GrpcStatus.UNIMPLEMENTED, 'the local chain does not bound event scans by checkpoint');
  }
  checkFilter(request.filter);
  const fields = new Set<string>();
  for (const name of readMaskPaths(request.readMask) ?? EVENT_FIELDS) {
    if (name === 'json') continue;
    if (!EVENT_FIELDS.includes(name)) invalidArgument(`invalid read_mask path: ${name}`);
    fields.add(name);
  }
  const limit = Math.min(options.limit === undefined || options.limit === 0 ? DEFAULT_EVENT_ITEMS : options.limit, MAX_EVENT_ITEMS);
  let resume = resumeOf(options.after);
  const frames: GrpcTypes.ListEventsResponse[] = [];
  let scanned = 0;
  for (;;) {
    const page = await ledger.listEvents({ after: resume === 0n ? null : String(resume - 1n), limit: LEDGER_PAGE });
    for (const event of page.events) {
      resume = BigInt(event.cursor as string) + 1n;
      scanned += 1;
      const watermark = { cursor: cursorBytes(resume) };
      if (passes(request.filter, event)) {
        const item = { event: protoEvent(event, fields), watermark };
        if (frames.length + 1 === limit) return [...frames, { ...item, end: { reason: QueryEndReason.ITEM_LIMIT } }];
        frames.push(item);
      }
      if (scanned >= EVENT_SCAN_LIMIT) return [...frames, { watermark, end: { reason: QueryEndReason.SCAN_LIMIT } }];
    }
    if (!page.hasNextPage) {
      return [
        ...frames,
        {
          watermark: { cursor: cursorBytes(resume), checkpoint: ledger.latestCheckpoint() },
          end: { reason: QueryEndReason.CHECKPOINT_BOUND },
        },
      ];
    }
  }
}
