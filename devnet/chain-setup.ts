/**
 * Configuring a fresh local chain for the devnet, as its administrator (the `AdminCap` owner), in
 * two steps:
 *
 * 1. {@link configureChain}, before the validators start: fund every account that pays for
 *    transactions (admin, validators — they request presigns for the pool —, relayers), install
 *    the committee of epoch 1 (BLS keys with proofs of possession, weight 1 each, the threshold,
 *    each validator's peer URL as network address and its share-encryption key) and set the fee
 *    of every request kind.
 * 2. {@link generateNetworkKey}, once the validators run: request the network key's DKG for the
 *    devnet's curves and wait, reporting progress, until the validators' certified result makes it
 *    active (or the chain records its rejection). No process ever deals or learns the key.
 *
 * And later, on the operator's demand (devnet.ts `reconfigure`): {@link requestReconfiguration} asks
 * the committee to hand the network key over to a new committee (epoch + 1), and
 * {@link waitReconfigured} waits until it has (or says why the validators rejected it).
 * @module
 */

import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Chain, TransactionResult } from '../chain/chain.ts';
import { submitCommittee } from '../chain/committee-submission.ts';
import { NetworkKeyState, RequestKind, SignatureAlgorithm } from '../chain/constants.ts';
import { type CommitteeMemberInput, CoordinatorClient } from '../chain/coordinator-client.ts';
import { EventFollower, MemoryCursorStore } from '../chain/event-follower.ts';
import type { LocalChainAdmin, LocalChainConnection } from '../chain/local/admin-client.ts';
import { readCoordinator, readObject } from '../chain/object-reader.ts';
import { type DWalletEvent, decodeEvent } from '../chain/schemas/events.ts';
import { NetworkKey } from '../chain/schemas/objects.ts';
import { randomSessionPreimage, SessionId } from '../chain/session-id.ts';
import { signAndExecute } from '../chain/transaction-signer.ts';
import type { CurveName } from '../mpc/curves/curve.ts';
import { CURVE_IDS } from '../mpc/signing/algorithms.ts';
import { DevnetError, DevnetErrorCodes, type DevnetManifest, type ValidatorEntry } from './layout.ts';

/** MIST given to each paying account (the local chain's largest faucet amount is far above). */
export const DEVNET_FUNDS = 10_000n * 1_000_000_000n;

/**
 * The fee of each request kind on the devnet, in MIST (`set_fee`; 1 SUI = 10⁹ MIST): non-zero, so
 * that every path that pays — the SDK, the CLI, the validators' presign requests — is exercised
 * as on a network that charges. A request's fee is escrowed with its session and paid to the
 * relayer that lands the result; a pool presign's claim fee goes to whoever paid for the presign.
 */
export const DEVNET_FEES: Readonly<
  Record<Exclude<RequestKind, typeof RequestKind.NETWORK_KEY_DKG | typeof RequestKind.RECONFIGURATION>, bigint>
> = {
  [RequestKind.DWALLET_DKG]: 2_000_000n,
  [RequestKind.IMPORTED_KEY]: 2_000_000n,
  [RequestKind.PRESIGN]: 1_000_000n,
  [RequestKind.SIGN]: 1_000_000n,
  [RequestKind.FUTURE_SIGN]: 1_000_000n,
  [RequestKind.FUTURE_SIGN_COMPLETION]: 1_000_000n,
  [RequestKind.MAKE_DWALLET_SHARED]: 1_000_000n,
  [RequestKind.REGISTER_ENCRYPTION_KEY]: 1_000_000n,
  [RequestKind.SHARE_BACKUP]: 1_000_000n,
  [RequestKind.SHARE_TRANSFER]: 1_000_000n,
};

function succeeded(result: TransactionResult, what: string): TransactionResult {
  if (!result.status.success) {
    throw new DevnetError(
      DevnetErrorCodes.DEVNET_PROCESS_FAILED,
      `${what} failed on the local chain: ${JSON.stringify(result.status.error)}`,
    );
  }
  return result;
}

/** Gives each paying account {@link DEVNET_FUNDS}. */
export async function fundAccounts(admin: LocalChainAdmin, addresses: readonly string[]): Promise<void> {
  for (const address of addresses) await admin.faucet(address, DEVNET_FUNDS);
}

/** A validator of the manifest as a committee member: its keys, weight (1 unless given), address and peer URL. */
export function committeeMember(manifest: DevnetManifest, entry: ValidatorEntry, weight = entry.weight ?? 1): CommitteeMemberInput {
  return {
    publicKey: hexToBytes(entry.blsPublicKey),
    proofOfPossession: hexToBytes(entry.proofOfPossession),
    weight: BigInt(weight),
    suiAddress: entry.suiAddress,
    networkAddress: `http://${manifest.host}:${entry.port}`,
    shareEncryptionKey: hexToBytes(entry.shareEncryptionKey),
  };
}

/** Funds the paying accounts, installs the committee of epoch 1 and sets the fees ({@link DEVNET_FEES}). */
export async function configureChain(local: LocalChainConnection, admin: Ed25519Keypair, manifest: DevnetManifest): Promise<void> {
  const { chain } = local;
  const deployment = await chain.deployment();
  const client = new CoordinatorClient(deployment);
  await fundAccounts(local.admin, [
    manifest.admin.address,
    ...manifest.validators.map((v) => v.suiAddress),
    ...manifest.relayers.map((r) => r.address),
  ]);
  // In as many transactions as the committee's size needs (Sui's argument and transaction limits).
  const committee = await submitCommittee(chain, client, admin, {
    adminCapId: (await adminCapOf(chain, admin, deployment.packageId)).objectId,
    members: manifest.validators.map((v) => committeeMember(manifest, v)),
    threshold: BigInt(manifest.threshold),
    use: { setCommittee: { epoch: 1n } },
  });
  succeeded(committee, 'set_committee');
  const fees = new Transaction();
  const adminCap = await adminCapOf(chain, admin, deployment.packageId);
  for (const [kind, amount] of Object.entries(DEVNET_FEES)) {
    for (const algorithm of Object.values(SignatureAlgorithm)) {
      client.setFee(fees, { adminCap, requestKind: Number(kind) as RequestKind, algorithm, amount });
    }
  }
  succeeded(await signAndExecute(chain, fees, admin), 'set_fee');
}

async function adminCapOf(chain: Chain, admin: Ed25519Keypair, packageId: string) {
  const caps = await chain.listOwnedObjects(admin.toSuiAddress(), { type: `${packageId}::coordinator::AdminCap` });
  const cap = caps.objects[0];
  if (cap === undefined) throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, 'the admin account holds no AdminCap');
  return { objectId: cap.objectId, version: cap.version, digest: cap.digest };
}

export interface GenerationProgress {
  /** A line for the operator (never secret). */
  (line: string): void;
}

/** How long the devnet waits for the validators' DKG before it gives up (they run it in seconds). */
export const NETWORK_KEY_DKG_TIMEOUT_MS = 10 * 60_000;

/**
 * Asks the committee to generate the network key of `curves` and waits until the chain makes it
 * active; returns its id. DEVNET_PROCESS_FAILED when the chain records the request's rejection or
 * the validators do not finish in {@link NETWORK_KEY_DKG_TIMEOUT_MS}.
 */
export async function generateNetworkKey(
  chain: Chain,
  admin: Ed25519Keypair,
  curves: readonly CurveName[],
  progress: GenerationProgress = () => {},
  options: { readonly timeoutMs?: number; readonly onRequested?: (networkKeyId: string) => void } = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? NETWORK_KEY_DKG_TIMEOUT_MS;
  const deployment = await chain.deployment();
  const client = new CoordinatorClient(deployment);
  const request = new Transaction();
  client.requestNetworkKeyDkg(request, {
    adminCap: await adminCapOf(chain, admin, deployment.packageId),
    curves: curves.map((c) => CURVE_IDS[c] as 0 | 1),
    sessionPreimage: randomSessionPreimage(),
  });
  const result = succeeded(await signAndExecute(chain, request, admin), 'request_network_key_dkg');
  const event = result.events
    .map((e) => decodeEvent(deployment.packageId, e.type, e.bcs))
    .find((e): e is Extract<DWalletEvent, { name: 'NetworkKeyDkgRequested' }> => e.name === 'NetworkKeyDkgRequested');
  if (event === undefined) throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, 'no NetworkKeyDkgRequested event');
  const networkKeyId = event.value.network_key_id;
  const session = SessionId.fromBytes(new Uint8Array(event.value.session_id));
  progress(
    `network key DKG requested (session ${session.slice(0, 18)}…, key ${networkKeyId.slice(0, 18)}…): the ${curves.join(' and ')} key${curves.length > 1 ? 's are' : ' is'} being generated by the validators, with no dealer`,
  );
  options.onRequested?.(networkKeyId);
  const started = Date.now();
  let reported = started;
  for (;;) {
    const { value } = await readObject(chain, networkKeyId, NetworkKey);
    if (value.state === NetworkKeyState.ACTIVE) {
      progress(
        `network key generated by DKG in ${((Date.now() - started) / 1000).toFixed(1)} s: commitment ${bytesToHex(new Uint8Array(value.key_commitment)).slice(0, 16)}…, active at epoch ${value.versions[0]?.epoch ?? '?'}`,
      );
      return networkKeyId;
    }
    if (value.state === NetworkKeyState.REJECTED) {
      throw new DevnetError(
        DevnetErrorCodes.DEVNET_PROCESS_FAILED,
        `the validators rejected the network key DKG (session ${session}); the validators' logs say why`,
        { session },
      );
    }
    const now = Date.now();
    if (now - started > timeoutMs) {
      throw new DevnetError(
        DevnetErrorCodes.DEVNET_UNHEALTHY,
        `the network key DKG did not finish in ${Math.round(timeoutMs / 1000)} s (session ${session}); see the validators' logs`,
        { session },
      );
    }
    if (now - reported >= 5_000) {
      progress(`network key DKG running for ${Math.round((now - started) / 1000)} s (dealings, complaints, agreement, key parts)`);
      reported = now;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** How long the devnet waits for the validators to hand over to a new committee before it gives up. */
export const RECONFIGURATION_TIMEOUT_MS = 10 * 60_000;

/** A reconfiguration on chain: its session and the epoch it leads to. */
export interface ReconfigurationRequest {
  readonly sessionId: Uint8Array;
  readonly epoch: bigint;
  readonly nextEpoch: bigint;
}

/**
 * Asks the current committee to hand the network keys over to `members`, the committee of epoch
 * + 1 (`request_reconfiguration`; the chain records them as its pending committee).
 */
export async function requestReconfiguration(
  chain: Chain,
  admin: Ed25519Keypair,
  members: CommitteeMemberInput[],
  threshold: number,
  progress: GenerationProgress = () => {},
): Promise<ReconfigurationRequest> {
  const deployment = await chain.deployment();
  const client = new CoordinatorClient(deployment);
  const result = succeeded(
    await submitCommittee(chain, client, admin, {
      adminCapId: (await adminCapOf(chain, admin, deployment.packageId)).objectId,
      members,
      threshold: BigInt(threshold),
      use: { requestReconfiguration: { sessionPreimage: randomSessionPreimage() } },
    }),
    'request_reconfiguration',
  );
  const event = result.events
    .map((e) => decodeEvent(deployment.packageId, e.type, e.bcs))
    .find((e): e is Extract<DWalletEvent, { name: 'ReconfigurationRequested' }> => e.name === 'ReconfigurationRequested');
  if (event === undefined) throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, 'no ReconfigurationRequested event');
  const sessionId = new Uint8Array(event.value.session_id);
  progress(
    `reconfiguration requested (session ${SessionId.fromBytes(sessionId).slice(0, 18)}…): epoch ${event.value.epoch} → ${event.value.next_epoch}, ${members.length} members, threshold ${threshold} of ${event.value.total_weight}; the committee reshares the network key`,
  );
  return { sessionId, epoch: event.value.epoch, nextEpoch: event.value.next_epoch };
}

/**
 * Waits, reporting progress every few seconds, until the chain's epoch is the request's next one;
 * returns it. DEVNET_RECONFIGURATION_REJECTED with the chain's reason when the validators reject
 * the change, DEVNET_UNHEALTHY when they do not finish in `timeoutMs`.
 */
export async function waitReconfigured(
  chain: Chain,
  request: ReconfigurationRequest,
  progress: GenerationProgress = () => {},
  timeoutMs = RECONFIGURATION_TIMEOUT_MS,
): Promise<bigint> {
  const session = SessionId.fromBytes(request.sessionId);
  const started = Date.now();
  let reported = started;
  for (;;) {
    const coordinator = await readCoordinator(chain);
    if (coordinator.epoch >= request.nextEpoch) {
      progress(`reconfiguration completed in ${((Date.now() - started) / 1000).toFixed(1)} s: epoch ${coordinator.epoch}`);
      return coordinator.epoch;
    }
    if (coordinator.pending_committee === null) {
      const rejection = await sessionRejection(chain, (await chain.deployment()).packageId, request.sessionId);
      const why =
        rejection === undefined
          ? ''
          : `: ${rejection.reason} (reason code ${rejection.reasonCode}${rejection.blamed.length === 0 ? '' : `, blamed parties ${rejection.blamed.join(', ')}`})`;
      throw new DevnetError(
        DevnetErrorCodes.DEVNET_RECONFIGURATION_REJECTED,
        `the validators rejected the reconfiguration to epoch ${request.nextEpoch} (session ${session})${why}; the validators' logs say more`,
        { session, ...(rejection ?? {}) },
      );
    }
    const now = Date.now();
    if (now - started > timeoutMs) {
      throw new DevnetError(
        DevnetErrorCodes.DEVNET_UNHEALTHY,
        `the reconfiguration to epoch ${request.nextEpoch} did not finish in ${Math.round(timeoutMs / 1000)} s (session ${session}); see the validators' logs`,
        { session },
      );
    }
    if (now - reported >= 5_000) {
      progress(
        `reconfiguration running for ${Math.round((now - started) / 1000)} s (still epoch ${coordinator.epoch}; resharing to the new committee)`,
      );
      reported = now;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The chain's `SessionRejected` of `sessionId`, if it recorded one. */
async function sessionRejection(
  chain: Chain,
  packageId: string,
  sessionId: Uint8Array,
): Promise<{ reason: string; reasonCode: number; blamed: number[] } | undefined> {
  let found: { reason: string; reasonCode: number; blamed: number[] } | undefined;
  const follower = new EventFollower({ chain, store: new MemoryCursorStore(), name: 'devnet-reconfiguration', pageSize: 200 });
  await follower.catchUp((event) => {
    const decoded = decodeEvent(packageId, event.type, event.bcs);
    if (decoded.name === 'SessionRejected' && bytesToHex(new Uint8Array(decoded.value.session_id)) === bytesToHex(sessionId)) {
      found = {
        reason: new TextDecoder().decode(new Uint8Array(decoded.value.reason)),
        reasonCode: decoded.value.reason_code,
        blamed: [...decoded.value.blamed],
      };
    }
  });
  return found;
}
