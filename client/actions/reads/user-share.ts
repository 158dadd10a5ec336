/**
 * What the chain records of the user-share flows (PROTOCOL.md §7, encrypted backup): an address's
 * share-encryption key on a curve, and the encrypted shares of a dWallet. Read from the chain
 * itself (the coordinator's tables), so that recovery needs the chain and the seed alone.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { bytesToHex } from '@noble/curves/utils.js';
import { EncryptedShareState, EncryptionKeyState } from '../../../chain/constants.ts';
import { ChainDataError } from '../../../chain/errors.ts';
import { decodeObject, readCoordinator, readTableEntry, readUserEncryptionKey } from '../../../chain/object-reader.ts';
import { EncryptedUserShare, type EncryptedUserShareValue, encryptedShareIdFieldOf } from '../../../chain/schemas/objects.ts';
import type { CurveName } from '../../../mpc/curves/curve.ts';
import { CURVE_IDS } from '../../../mpc/signing/algorithms.ts';
import { curveOfChain } from '../../chain-values.ts';
import { ClientError, ClientErrorCodes } from '../../errors.ts';
import type { ActionContext } from '../context.ts';

export type EncryptionKeyStateName = 'pending' | 'active' | 'rejected';

/** An address's share-encryption key on one curve, as registered on chain. */
export interface EncryptionKeyInfo {
  readonly id: string;
  readonly owner: string;
  readonly curve: CurveName;
  /** The class-group public key's encoding (mpc/user-share `encodeUserEncryptionKey`). */
  readonly encryptionKey: Uint8Array;
  /** The registration session (0x-hex). */
  readonly sessionId: string;
  readonly state: EncryptionKeyStateName;
}

export type EncryptedShareStateName = 'pending' | 'verified' | 'rejected' | 'accepted' | 'withdrawn';

/** A dWallet's user share encrypted to one address: a backup (to its requester) or a transfer (to its recipient). */
export interface EncryptedShareInfo {
  readonly id: string;
  readonly dwalletId: string;
  /** The address whose key encrypts it. */
  readonly owner: string;
  /** Who requested it. */
  readonly sender: string;
  readonly encryptionKeyId: string;
  /** Ciphertext and EncDL proof (mpc/user-share `encryptUserShare`). */
  readonly encryptedShare: Uint8Array;
  /** The session that verified it (0x-hex); its id is bound into the proof. */
  readonly sessionId: string;
  readonly transfer: boolean;
  readonly state: EncryptedShareStateName;
  /** A transfer's escrowed DWalletCap, until the recipient accepts it or the sender withdraws it. */
  readonly escrowedCapId: string | null;
  /** The share of the same dWallet and owner requested before this one, if any. */
  readonly previousShareId: string | null;
}

const KEY_STATES: Readonly<Record<number, EncryptionKeyStateName>> = {
  [EncryptionKeyState.AWAITING_NETWORK]: 'pending',
  [EncryptionKeyState.ACTIVE]: 'active',
  [EncryptionKeyState.REJECTED]: 'rejected',
};

const SHARE_STATES: Readonly<Record<number, EncryptedShareStateName>> = {
  [EncryptedShareState.AWAITING_NETWORK]: 'pending',
  [EncryptedShareState.VERIFIED]: 'verified',
  [EncryptedShareState.REJECTED]: 'rejected',
  [EncryptedShareState.ACCEPTED]: 'accepted',
  [EncryptedShareState.WITHDRAWN]: 'withdrawn',
};

function invalid(message: string, details: Record<string, unknown>, cause?: unknown): ClientError {
  return new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, message, details, cause === undefined ? undefined : { cause });
}

function hex(bytes: Iterable<number>): string {
  return `0x${bytesToHex(new Uint8Array(bytes))}`;
}

/** The share-encryption key `owner` registered on `curve`, or null when it registered none. */
export async function readEncryptionKey(context: ActionContext, owner: string, curve: CurveName): Promise<EncryptionKeyInfo | null> {
  const address = normalizeSuiAddress(owner);
  let found: Awaited<ReturnType<typeof readUserEncryptionKey>>;
  try {
    found = await readUserEncryptionKey(context.chain, address, CURVE_IDS[curve]);
  } catch (error) {
    if (error instanceof ChainDataError)
      throw invalid(`the encryption key of ${address} on ${curve} is not one`, { owner: address, curve }, error);
    throw error;
  }
  if (found === null) return null;
  const { id, value } = found;
  const state = KEY_STATES[value.state];
  if (state === undefined || normalizeSuiAddress(value.owner) !== address || curveOfChain(value.curve) !== curve) {
    throw invalid(`the encryption key ${id} on chain is not ${address}'s on ${curve}`, { owner: address, curve });
  }
  return {
    id: normalizeSuiAddress(id),
    owner: address,
    curve,
    encryptionKey: new Uint8Array(value.encryption_key),
    sessionId: hex(value.session_id),
    state,
  };
}

function shareInfo(id: string, value: EncryptedUserShareValue): EncryptedShareInfo {
  const state = SHARE_STATES[value.state];
  if (state === undefined) throw invalid(`the encrypted share ${id} has an unknown state ${value.state}`, { encryptedShareId: id });
  return {
    id,
    dwalletId: normalizeSuiAddress(value.dwallet_id),
    owner: normalizeSuiAddress(value.owner),
    sender: normalizeSuiAddress(value.sender),
    encryptionKeyId: normalizeSuiAddress(value.encryption_key_id),
    encryptedShare: new Uint8Array(value.encrypted_share),
    sessionId: hex(value.session_id),
    transfer: value.transfer,
    state,
    escrowedCapId: value.escrowed_cap === null ? null : normalizeSuiAddress(value.escrowed_cap.id),
    previousShareId: value.previous_share_id === null ? null : normalizeSuiAddress(value.previous_share_id),
  };
}

/**
 * The encrypted share `id`.
 *
 * Errors: NOT_FOUND (no such object), CHAIN_DATA_INVALID (another kind of object).
 */
export async function readEncryptedShare(context: ActionContext, id: string): Promise<EncryptedShareInfo> {
  const objectId = normalizeSuiAddress(id);
  const object = await context.chain.getObject(objectId);
  if (object === null) {
    throw new ClientError(ClientErrorCodes.NOT_FOUND, `no encrypted share ${objectId} on chain`, { encryptedShareId: objectId });
  }
  try {
    return shareInfo(objectId, decodeObject(context.network.packageId, object, EncryptedUserShare));
  } catch (error) {
    if (error instanceof ClientError) throw error;
    throw invalid(`${objectId} is not an encrypted share`, { encryptedShareId: objectId }, error);
  }
}

/** At most this many shares of one (dWallet, owner) are walked back past pending or rejected ones. */
const MAX_SHARES_WALKED = 64;

/**
 * The latest encrypted share of `dwalletId` the network verified for `owner` (a backup it made, or
 * a transfer to it, accepted or not), or null when there is none: the chain indexes the newest
 * request per (dWallet, owner), and each share links the one before it.
 */
export async function findEncryptedShare(
  context: ActionContext,
  dwalletId: string,
  owner: string,
  /** The coordinator's `encrypted_share_ids` table id, when the caller already read it (one read for many dWallets). */
  shareIndex?: string,
): Promise<EncryptedShareInfo | null> {
  const { chain, network } = context;
  const tableId = shareIndex ?? (await readCoordinator(chain)).encrypted_share_ids.id;
  let id = await readTableEntry(chain, tableId, encryptedShareIdFieldOf(network.packageId), {
    dwallet_id: normalizeSuiAddress(dwalletId),
    owner: normalizeSuiAddress(owner),
  });
  for (let walked = 0; id !== null && walked < MAX_SHARES_WALKED; walked++) {
    const share = await readEncryptedShare(context, id);
    if (share.state === 'verified' || share.state === 'accepted') return share;
    // A withdrawn transfer's share opens too, but its cap went back: an earlier backup is the owner's.
    id = share.previousShareId;
  }
  return null;
}
