/**
 * A user of a running devnet, as the client SDK will be: creates dWallets (the user's DKG message
 * bound to the session id it derives from its own preimage), claims pooled presigns or requests
 * presigns, and signs (approve_message + request_sign with its sign message), then waits for the
 * network's results on chain.
 */

import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Chain, ChainEvent, TransactionResult } from '../../chain/chain.ts';
import { Curve, feeOf, HashScheme, RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import { CoordinatorClient } from '../../chain/coordinator-client.ts';
import { EventFollower, MemoryCursorStore } from '../../chain/event-follower.ts';
import { waitForNextEvent } from '../../chain/event-wait.ts';
import type { LocalChainConnection } from '../../chain/local/admin-client.ts';
import { readCoordinator, readObject } from '../../chain/object-reader.ts';
import { sleep } from '../../chain/retry.ts';
import { type DWalletEvent, decodeEvent, type EventName } from '../../chain/schemas/events.ts';
import { NetworkKey, Presign as PresignObject } from '../../chain/schemas/objects.ts';
import { deriveSessionId, randomSessionPreimage } from '../../chain/session-id.ts';
import type { SuiChain } from '../../chain/sui/sui-chain.ts';
import { signAndExecute } from '../../chain/transaction-signer.ts';
import { loadSetup } from '../../mpc/classgroups/setups.ts';
import { curveOrder } from '../../mpc/curves/curve.ts';
import type { DWalletOutput } from '../../mpc/ecdsa/dkg/output.ts';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HashSchemes } from '../../mpc/ecdsa/hash-schemes.ts';
import { decodePresign, encodeUserDkgMessage, encodeUserSignMessage } from '../../mpc/ecdsa/messages.ts';
import { decodeNetworkKey } from '../../mpc/ecdsa/network-key/encoding.ts';
import type { NetworkKeyParts } from '../../mpc/ecdsa/network-key/key-parts.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import type { Presign } from '../../mpc/ecdsa/presign/presign.ts';
import { createUserSignMessage } from '../../mpc/ecdsa/sign/user.ts';

export type EventOf<N extends EventName> = Extract<DWalletEvent, { name: N }>['value'];

export interface UserDWallet {
  readonly dwalletId: string;
  readonly capId: string;
  readonly output: DWalletOutput;
  readonly secretShare: bigint;
}

export interface PreparedSign {
  readonly preimage: Uint8Array;
  readonly sessionId: string;
  readonly message: Uint8Array;
  readonly userSignMessage: Uint8Array;
  readonly presignCapId: string;
  readonly dwallet: UserDWallet;
}

/** The period of the watch's polling loop while someone waits. */
const WATCH_POLL_MS = 50;

/** Follows the package's events from the start and finds results by session id. */
export class EventWatch {
  readonly #follower: EventFollower;
  readonly #bySession = new Map<string, { name: EventName; value: unknown; event: ChainEvent }[]>();
  readonly #all: { name: EventName; value: unknown; event: ChainEvent }[] = [];
  #polling: Promise<void> | undefined;
  #loop: Promise<void> | undefined;
  readonly #waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  readonly #chain: Chain;
  readonly #cursors = new MemoryCursorStore();

  constructor(
    chain: Chain,
    private readonly packageId: string,
  ) {
    this.#chain = chain;
    this.#follower = new EventFollower({ chain, store: this.#cursors, name: 'watch', pageSize: 200 });
  }

  /** Reads the events since the last poll; concurrent callers share one read (one request in flight). */
  poll(): Promise<void> {
    this.#polling ??= this.#read().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  async #read(): Promise<void> {
    await this.#follower.catchUp((event) => {
      const decoded = decodeEvent(this.packageId, event.type, event.bcs);
      const entry = { name: decoded.name, value: decoded.value, event };
      this.#all.push(entry);
      const sid = (decoded.value as { session_id?: Uint8Array }).session_id;
      if (sid !== undefined) {
        const key = bytesToHex(new Uint8Array(sid));
        const list = this.#bySession.get(key) ?? [];
        list.push(entry);
        this.#bySession.set(key, list);
      }
    });
  }

  /**
   * Resolves after the next poll of the shared loop. Every waiter is served by one loop that polls
   * every {@link WATCH_POLL_MS} while anyone waits, so a hundred waits cost the chain what one does
   * (a loop per waiter would send it a hundred requests every period, and slow the network the
   * benchmark measures).
   */
  #nextPoll(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#loop ??= this.#run().finally(() => {
        this.#loop = undefined;
      });
    });
  }

  async #run(): Promise<void> {
    while (this.#waiters.length > 0) {
      const waiting = this.#waiters.splice(0);
      try {
        await this.poll();
        for (const waiter of waiting) waiter.resolve();
      } catch (error) {
        for (const waiter of waiting) waiter.reject(error);
      }
      await this.#nextEvent();
    }
  }

  /**
   * Until the chain records an event after the last one read (the local chain's long poll), or
   * {@link WATCH_POLL_MS} where the chain cannot say; a failed wait (the chain stopped) is a poll
   * interval, and the next read reports the failure to the waiters.
   */
  async #nextEvent(): Promise<void> {
    try {
      await waitForNextEvent(this.#chain, await this.#cursors.load('watch'), WATCH_POLL_MS);
    } catch {
      await sleep(WATCH_POLL_MS);
    }
  }

  all(name?: EventName): { name: EventName; value: unknown; event: ChainEvent }[] {
    return name === undefined ? [...this.#all] : this.#all.filter((e) => e.name === name);
  }

  /** Waits for an event among `names` about `sessionId`. */
  async waitFor(
    sessionId: string,
    names: readonly EventName[],
    timeoutMs = 120_000,
  ): Promise<{ name: EventName; value: unknown; event: ChainEvent }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.#bySession.get(sessionId)?.find((e) => names.includes(e.name));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no ${names.join('/')} for session ${sessionId} within ${timeoutMs} ms`);
      await this.#nextPoll();
    }
  }
}

export class DevnetUser {
  readonly client: CoordinatorClient;
  readonly watch: EventWatch;
  #fees: Promise<readonly bigint[]> | undefined;

  private constructor(
    readonly chain: SuiChain,
    readonly keypair: Ed25519Keypair,
    readonly networkKeyId: string,
    readonly key: NetworkKeyParts,
    packageId: string,
    client: CoordinatorClient,
  ) {
    this.client = client;
    this.watch = new EventWatch(chain, packageId);
  }

  static async create(local: LocalChainConnection, networkKeyId: string, keypair = Ed25519Keypair.generate()): Promise<DevnetUser> {
    const { chain, deployment } = local;
    await local.admin.faucet(keypair.toSuiAddress(), 1_000_000n * 1_000_000_000n);
    const { value } = await readObject(chain, networkKeyId, NetworkKey);
    const parts = decodeNetworkKey(new Uint8Array(value.global_key_parts), (curve, level) =>
      loadSetup(curveOrder(curve.name as 'secp256k1'), level as 112),
    );
    const key = parts.find((p) => p.curve.name === 'secp256k1') as NetworkKeyParts;
    return new DevnetUser(chain, keypair, networkKeyId, key, deployment.packageId, new CoordinatorClient(deployment));
  }

  get address(): string {
    return this.keypair.toSuiAddress();
  }

  async exec(tx: Transaction): Promise<TransactionResult> {
    const result = await signAndExecute(this.chain, tx, this.keypair);
    if (!result.status.success) throw new Error(`transaction failed: ${JSON.stringify(result.status.error)}`);
    return result;
  }

  async ref(objectId: string) {
    const object = await this.chain.getObject(objectId);
    if (object === null) throw new Error(`no object ${objectId}`);
    return { objectId: object.objectId, version: object.version, digest: object.digest };
  }

  /**
   * The coordinator's fee for a request of this kind (the devnet charges every kind:
   * chain-setup.ts), read once: the load it makes runs between fee changes. The load's dWallets are ECDSA.
   */
  async fee(kind: RequestKind): Promise<bigint> {
    this.#fees ??= readCoordinator(this.chain).then((c) => c.fees);
    return feeOf(await this.#fees, kind, SignatureAlgorithm.ECDSA);
  }

  /** Sends a DKG request; returns its session id (hex) and what the user keeps. */
  async requestDWallet(): Promise<{ sessionId: string; pending: Promise<UserDWallet> }> {
    const preimage = randomSessionPreimage();
    const sid = deriveSessionId(this.address, preimage);
    const dkg = createUserDkgMessage(this.key, sid);
    const tx = new Transaction();
    const cap = this.client.requestDWalletDkg(tx, {
      networkKeyId: this.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: preimage,
      userDkgMessage: encodeUserDkgMessage(this.key.curve, dkg.message),
      payment: this.client.payFromGas(tx, await this.fee(RequestKind.DWALLET_DKG)),
    });
    tx.transferObjects([cap], this.address);
    const result = await this.exec(tx);
    const requested = this.#event(result, 'DWalletDkgRequested');
    const sessionId = bytesToHex(sid);
    const pending = this.watch.waitFor(sessionId, ['DWalletDkgCompleted', 'SessionRejected']).then((done) => {
      if (done.name !== 'DWalletDkgCompleted')
        throw new Error(`DKG rejected: ${JSON.stringify(done.value, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
      return { dwalletId: requested.dwallet_id, capId: requested.dwallet_cap_id, output: dkg.output, secretShare: dkg.secretShare };
    });
    return { sessionId, pending };
  }

  async createDWallet(): Promise<UserDWallet> {
    return (await this.requestDWallet()).pending;
  }

  /** Requests `count` presigns for the global pool in one transaction; returns their session ids. */
  async requestPresigns(count: number): Promise<string[]> {
    const tx = new Transaction();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const preimage = randomSessionPreimage();
      ids.push(bytesToHex(deriveSessionId(this.address, preimage)));
      this.client.requestPresign(tx, {
        networkKeyId: this.networkKeyId,
        curve: Curve.SECP256K1,
        algorithm: SignatureAlgorithm.ECDSA,
        sessionPreimage: preimage,
        payment: this.client.payFromGas(tx, await this.fee(RequestKind.PRESIGN)),
      });
    }
    await this.exec(tx);
    return ids;
  }

  /** Claims one completed presign of the pool. */
  async claimPresign(): Promise<{ capId: string; presign: Presign }> {
    const tx = new Transaction();
    const cap = this.client.claimPresign(tx, {
      networkKeyId: this.networkKeyId,
      curve: Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      payment: this.client.payFromGas(tx, await this.fee(RequestKind.PRESIGN)),
    });
    tx.transferObjects([cap], this.address);
    const claimed = this.#event(await this.exec(tx), 'PresignClaimed');
    const { value } = await readObject(this.chain, claimed.presign_id, PresignObject);
    return {
      capId: claimed.presign_cap_id,
      presign: decodePresign(this.key.curve, this.key.encryptionKey.setup, new Uint8Array(value.output)),
    };
  }

  /** The user's half of a signature (the expensive part, done before the request is sent). */
  prepareSign(dwallet: UserDWallet, presign: { capId: string; presign: Presign }, message: Uint8Array): PreparedSign {
    const preimage = randomSessionPreimage();
    const digest = digestMessage(this.key.curve, HashSchemes.KECCAK256, message);
    const signMessage = createUserSignMessage({
      key: this.key,
      dwallet: dwallet.output,
      presign: presign.presign,
      digest,
      secretShare: dwallet.secretShare,
      ledger: new InMemoryPresignLedger(),
    });
    return {
      preimage,
      sessionId: bytesToHex(deriveSessionId(this.address, preimage)),
      message,
      userSignMessage: encodeUserSignMessage(this.key, signMessage),
      presignCapId: presign.capId,
      dwallet,
    };
  }

  /** approve_message + request_sign; returns the request's transaction result. */
  async submitSign(prepared: PreparedSign): Promise<TransactionResult> {
    const tx = new Transaction();
    const approval = this.client.approveMessage(tx, {
      dwalletCap: await this.ref(prepared.dwallet.capId),
      hashScheme: HashScheme.KECCAK256,
      message: prepared.message,
    });
    this.client.requestSign(tx, {
      approval,
      presignCap: await this.ref(prepared.presignCapId),
      sessionPreimage: prepared.preimage,
      userSignMessage: prepared.userSignMessage,
      payment: this.client.payFromGas(tx, await this.fee(RequestKind.SIGN)),
    });
    return this.exec(tx);
  }

  /** Waits for the signature (65 bytes r ‖ s ‖ v) of a sign request. */
  async signature(sessionId: string, timeoutMs?: number): Promise<{ signature: Uint8Array; event: ChainEvent }> {
    const done = await this.watch.waitFor(sessionId, ['SignCompleted', 'SessionRejected'], timeoutMs);
    if (done.name !== 'SignCompleted')
      throw new Error(`sign rejected: ${JSON.stringify(done.value, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    return { signature: new Uint8Array((done.value as EventOf<'SignCompleted'>).signature), event: done.event };
  }

  /**
   * The time from a sign request's inclusion on chain to its signature's (checkpoint timestamps),
   * once it is signed. Listed events carry no time on Sui's API, so both transactions are read.
   */
  async signLatency(prepared: PreparedSign, timeoutMs = 10 * 60_000): Promise<number> {
    const { event } = await this.signature(prepared.sessionId, timeoutMs);
    const requested = await this.watch.waitFor(prepared.sessionId, ['SignRequested']);
    const [requestedAt, signedAt] = await Promise.all([this.eventTime(requested.event), this.eventTime(event)]);
    return signedAt - requestedAt;
  }

  /** The checkpoint time of `event`'s transaction (ms), read from the chain (SuiChain.transactionTime). */
  async eventTime(event: ChainEvent): Promise<number> {
    const timestampMs = await this.chain.transactionTime(event.id.txDigest);
    if (timestampMs === null) throw new Error(`transaction ${event.id.txDigest} is unknown or has no checkpoint time`);
    return timestampMs;
  }

  #event<N extends EventName>(result: TransactionResult, name: N): EventOf<N> {
    for (const event of result.events) {
      const decoded = decodeEvent(this.client.deployment.packageId, event.type, event.bcs);
      if (decoded.name === name) return decoded.value as EventOf<N>;
    }
    throw new Error(`no ${name} event`);
  }
}
