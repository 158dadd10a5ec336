/**
 * What the indexer answers with: the JSON records of its API and of its live stream, built from
 * table rows. Bigints are decimal strings, bytes `0x`-hex, timestamps milliseconds since the epoch
 * (chain time). These shapes are a contract with the client SDK: fields may be added, never renamed.
 * @module
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { reasonName } from '../chain/schemas/rejection-reasons.ts';
import type { SessionKind } from '../chain/schemas/requests.ts';
import { algorithmById, type SignatureAlgorithmName } from '../mpc/signing/algorithms.ts';
import { type DWalletAddresses, dwalletAddresses } from './addresses.ts';
import type * as schema from './db/schema.ts';

/** `cancelled`: its requester cancelled it on chain after the session timeout (`SessionCancelled`). */
export const SESSION_STATUSES = ['pending', 'completed', 'rejected', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export function isSessionStatus(value: unknown): value is SessionStatus {
  return (SESSION_STATUSES as readonly unknown[]).includes(value);
}

export interface Rejection {
  reasonCode: number;
  reasonName: string | null;
  /** The reason bytes as UTF-8. */
  reason: string;
  /** Committee indices of the validators blamed. */
  blamed: number[];
}

export interface SessionRecord {
  sessionId: string;
  kind: SessionKind;
  status: SessionStatus;
  objectId: string;
  dwalletId: string | null;
  requester: string;
  /** The network key of the session's dWallet; null for a user encryption key's registration, which names none. */
  networkKeyId: string | null;
  curve: number;
  /**
   * The signature algorithm's name (the chain records its id); a registration of an encryption
   * key, which is per curve, has the curve's default algorithm, whose fee it paid.
   */
  algorithm: SignatureAlgorithmName;
  epoch: string;
  sessionSequence: string;
  fee: string;
  requestTx: string;
  requestedAt: number;
  completedTx: string | null;
  completedAt: number | null;
  resultSequence: string | null;
  rejection: Rejection | null;
}

/** A result of the live stream: the session record with the signature or output it produced. */
export interface ResultRecord extends SessionRecord {
  signature: string | null;
  output: string | null;
}

/** A result record with its position in the feed (the stream's event id). */
export interface FeedEntry {
  id: number;
  result: ResultRecord;
}

export interface DWalletRecord {
  id: string;
  capId: string;
  owner: string;
  curve: number;
  /** The signature algorithm's name (the chain records its id). */
  algorithm: SignatureAlgorithmName;
  networkKeyId: string;
  imported: boolean;
  state: 'pending' | 'active' | 'rejected';
  output: string | null;
  publicKey: string | null;
  /** 0x-hex x_A of a shared dWallet (its user share is public); null for a zero-trust dWallet. */
  publicUserShare: string | null;
  /** What the key controls on other chains, by curve and algorithm (addresses.ts); empty without a key. */
  addresses: Readonly<DWalletAddresses>;
  sessionId: string;
  createdTx: string;
  createdAt: number;
  updatedAt: number;
  rejection: Rejection | null;
}

export interface SignatureRecord {
  signId: string;
  sessionId: string;
  dwalletId: string;
  networkKeyId: string;
  curve: number;
  /** The signature algorithm's name (the chain records its id). */
  algorithm: SignatureAlgorithmName;
  hashScheme: number;
  message: string;
  presignId: string;
  partialSignatureId: string | null;
  status: 'pending' | 'completed' | 'rejected';
  signature: string | null;
  requestedAt: number;
  completedAt: number | null;
  rejection: Rejection | null;
}

export interface PartialSignatureRecord {
  id: string;
  sessionId: string;
  dwalletId: string;
  networkKeyId: string;
  curve: number;
  hashScheme: number;
  message: string;
  presignId: string;
  status: 'pending' | 'verified' | 'rejected';
  usedBySignId: string | null;
  requestedAt: number;
  completedAt: number | null;
  rejection: Rejection | null;
}

export interface PresignRecord {
  id: string;
  sessionId: string;
  networkKeyId: string;
  curve: number;
  /** The signature algorithm's name (the chain records its id). */
  algorithm: SignatureAlgorithmName;
  dwalletId: string | null;
  requester: string;
  state: 'requested' | 'completed' | 'claimed' | 'rejected';
  output: string | null;
  claimedBy: string | null;
  capId: string | null;
  usedBy: string | null;
  requestedAt: number;
}

export const ENCRYPTION_KEY_STATES = ['pending', 'active', 'rejected'] as const;
export type EncryptionKeyState = (typeof ENCRYPTION_KEY_STATES)[number];

/** A user's class-group encryption key for one curve (the user's share, issue 21). */
export interface EncryptionKeyRecord {
  id: string;
  owner: string;
  curve: number;
  /** 0x-hex CL public key (mpc/user-share encoding). */
  encryptionKey: string;
  /** pending: awaiting the validators; active: verified (shares can be encrypted to it); rejected: its proof failed (or cancelled). */
  state: EncryptionKeyState;
  /** The latest registration's session (a rejected key is replaced in place, with a new session). */
  sessionId: string;
  createdAt: number;
  updatedAt: number;
  rejection: Rejection | null;
}

/** `accepted` / `withdrawn`: a verified transfer the recipient took, or the sender took back. */
export const ENCRYPTED_SHARE_STATES = ['pending', 'verified', 'rejected', 'accepted', 'withdrawn'] as const;
export type EncryptedShareState = (typeof ENCRYPTED_SHARE_STATES)[number];

export function isEncryptedShareState(value: unknown): value is EncryptedShareState {
  return (ENCRYPTED_SHARE_STATES as readonly unknown[]).includes(value);
}

/** A dWallet's user share encrypted on chain: a backup (owner = sender) or a transfer (owner = recipient). */
export interface EncryptedShareRecord {
  id: string;
  dwalletId: string;
  /** Whose registered key encrypts it (the sender for a backup, the recipient for a transfer). */
  owner: string;
  sender: string;
  transfer: boolean;
  state: EncryptedShareState;
  sessionId: string;
  /** 0x-hex ciphertext of x_A and its EncDL proof (mpc/user-share encoding). */
  encryptedShare: string;
  createdAt: number;
  updatedAt: number;
  rejection: Rejection | null;
}

export interface CommitteeMemberRecord {
  suiAddress: string;
  weight: string;
  networkAddress: string;
  publicKey: string;
  /** 0x-hex compressed secp256k1 point; absent in rows indexed before members carried one. */
  shareEncryptionKey?: string;
}

export interface CommitteeRecord {
  epoch: string;
  threshold: string;
  totalWeight: string;
  members: CommitteeMemberRecord[];
}

export interface NetworkKeyRecord {
  id: string;
  curves: number[];
  epoch: string;
}

export interface PoolRecord {
  networkKeyId: string;
  curve: number;
  /** The signature algorithm's name (the chain records its id). */
  algorithm: SignatureAlgorithmName;
  available: number;
  pending: number;
}

/** `0x` + hex of stored hex (stored without the prefix). */
export function hex0x(stored: string): string;
export function hex0x(stored: string | null): string | null;
export function hex0x(stored: string | null): string | null {
  return stored === null ? null : `0x${stored}`;
}

function utf8(hex: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(hexToBytes(hex));
}

export function rejectionOf(row: schema.SessionRow | undefined): Rejection | null {
  if (row === undefined || row.status !== 'rejected' || row.reasonCode === null) return null;
  return {
    reasonCode: row.reasonCode,
    reasonName: reasonName(row.reasonCode),
    reason: utf8(row.reason ?? ''),
    blamed: JSON.parse(row.blamed ?? '[]') as number[],
  };
}

export function sessionRecord(row: schema.SessionRow): SessionRecord {
  return {
    sessionId: hex0x(row.sessionId),
    kind: row.kind as SessionKind,
    status: row.status as SessionStatus,
    objectId: row.objectId,
    dwalletId: row.dwalletId,
    requester: row.requester,
    networkKeyId: row.networkKeyId,
    curve: row.curve,
    algorithm: algorithmById(row.algorithm),
    epoch: row.epoch,
    sessionSequence: row.sessionSequence,
    fee: row.fee,
    requestTx: row.requestTx,
    requestedAt: row.requestedAt,
    completedTx: row.completedTx,
    completedAt: row.completedAt,
    resultSequence: row.resultSequence,
    rejection: rejectionOf(row),
  };
}

export function dwalletRecord(row: schema.DWalletRow, session: schema.SessionRow | undefined): DWalletRecord {
  return {
    id: row.id,
    capId: row.capId,
    owner: row.owner,
    curve: row.curve,
    algorithm: algorithmById(row.algorithm),
    networkKeyId: row.networkKeyId,
    imported: row.imported,
    state: row.state as DWalletRecord['state'],
    output: hex0x(row.output),
    publicKey: hex0x(row.publicKey),
    publicUserShare: hex0x(row.publicUserShare),
    addresses: dwalletAddresses(row.curve, algorithmById(row.algorithm), row.publicKey),
    sessionId: hex0x(row.sessionId),
    createdTx: row.createdTx,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    rejection: rejectionOf(session),
  };
}

export function signatureRecord(row: schema.SignatureRow, session: schema.SessionRow | undefined): SignatureRecord {
  return {
    signId: row.signId,
    sessionId: hex0x(row.sessionId),
    dwalletId: row.dwalletId,
    networkKeyId: row.networkKeyId,
    curve: row.curve,
    algorithm: algorithmById(row.algorithm),
    hashScheme: row.hashScheme,
    message: hex0x(row.message),
    presignId: row.presignId,
    partialSignatureId: row.partialSignatureId,
    status: row.status as SignatureRecord['status'],
    signature: hex0x(row.signature),
    requestedAt: row.requestedAt,
    completedAt: row.completedAt,
    rejection: rejectionOf(session),
  };
}

export function partialSignatureRecord(row: schema.PartialSignatureRow, session: schema.SessionRow | undefined): PartialSignatureRecord {
  return {
    id: row.id,
    sessionId: hex0x(row.sessionId),
    dwalletId: row.dwalletId,
    networkKeyId: row.networkKeyId,
    curve: row.curve,
    hashScheme: row.hashScheme,
    message: hex0x(row.message),
    presignId: row.presignId,
    status: row.status as PartialSignatureRecord['status'],
    usedBySignId: row.usedBySignId,
    requestedAt: row.requestedAt,
    completedAt: row.completedAt,
    rejection: rejectionOf(session),
  };
}

export function presignRecord(row: schema.PresignRow): PresignRecord {
  return {
    id: row.id,
    sessionId: hex0x(row.sessionId),
    networkKeyId: row.networkKeyId,
    curve: row.curve,
    algorithm: algorithmById(row.algorithm),
    dwalletId: row.dwalletId,
    requester: row.requester,
    state: row.state as PresignRecord['state'],
    output: hex0x(row.output),
    claimedBy: row.claimedBy,
    capId: row.capId,
    usedBy: row.usedBy,
    requestedAt: row.requestedAt,
  };
}

export function committeeRecord(row: schema.CommitteeRow): CommitteeRecord {
  return {
    epoch: row.epoch,
    threshold: row.threshold,
    totalWeight: row.totalWeight,
    members: JSON.parse(row.members) as CommitteeMemberRecord[],
  };
}

export function networkKeyRecord(row: schema.NetworkKeyRow): NetworkKeyRecord {
  return { id: row.id, curves: JSON.parse(row.curves) as number[], epoch: row.epoch };
}

export function encryptionKeyRecord(row: schema.EncryptionKeyRow, session: schema.SessionRow | undefined): EncryptionKeyRecord {
  return {
    id: row.id,
    owner: row.owner,
    curve: row.curve,
    encryptionKey: hex0x(row.encryptionKey),
    state: row.state as EncryptionKeyState,
    sessionId: hex0x(row.sessionId),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    rejection: rejectionOf(session),
  };
}

export function encryptedShareRecord(row: schema.EncryptedShareRow, session: schema.SessionRow | undefined): EncryptedShareRecord {
  return {
    id: row.id,
    dwalletId: row.dwalletId,
    owner: row.owner,
    sender: row.sender,
    transfer: row.transfer,
    state: row.state as EncryptedShareState,
    sessionId: hex0x(row.sessionId),
    encryptedShare: hex0x(row.encryptedShare),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    rejection: rejectionOf(session),
  };
}
