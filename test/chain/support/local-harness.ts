/**
 * A local chain with the dwallet package deployed, a 4-member committee (threshold weight 3),
 * one network key for all three curves, and helpers to act as users and as a relayer. Every test of
 * `chain/local` starts from here; each harness has its own SQLite file under a temp directory.
 *
 * Everything the harness and its users do goes through `chain/sui` (`SuiGrpcClient`) and the
 * local chain's gRPC API, as against a Sui full node: in process (`chain/local/in-process.ts`,
 * no socket) or over HTTP to a chain in another process. Only minting SUI uses the chain's side
 * door (`faucet`).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bcs } from '@mysten/sui/bcs';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { aggregateSignatures, blsPublicKey, proofOfPossession, signersBitmap, signResultBatch } from '../../../chain/certificate.ts';
import type { Chain, ChainEvent, ObjectRef, TransactionResult } from '../../../chain/chain.ts';
import { Curve, HashScheme, type RequestKind, SignatureAlgorithm } from '../../../chain/constants.ts';
import { type CommitteeMemberInput, CoordinatorClient } from '../../../chain/coordinator-client.ts';
import { openLocalChain } from '../../../chain/local/admin-client.ts';
import { openInProcessChain } from '../../../chain/local/in-process.ts';
import { LocalLedger } from '../../../chain/local/ledger.ts';
import { readCoordinator } from '../../../chain/object-reader.ts';
import { type DWalletEvent, decodeEvent, type EventName } from '../../../chain/schemas/events.ts';
import { encodeResultBatch, type SessionResult } from '../../../chain/schemas/result-batch.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import type { SuiChain } from '../../../chain/sui/sui-chain.ts';
import { type SignOptions, signTransaction } from '../../../chain/transaction-signer.ts';

export interface Validator {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  address: string;
  /** Compressed secp256k1 point (33 bytes) of the member's share-encryption key. */
  shareEncryptionKey: Uint8Array;
}

export function validatorKeys(count: number, seed = 1): Validator[] {
  return Array.from({ length: count }, (_, i) => {
    const secretKey = new Uint8Array(32);
    secretKey[31] = seed + i;
    secretKey[30] = 0x5a;
    const address = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(100 + seed + i)).toSuiAddress();
    const shareSecretKey = new Uint8Array(32).fill(0x33);
    shareSecretKey[31] = seed + i;
    return { secretKey, publicKey: blsPublicKey(secretKey), address, shareEncryptionKey: secp256k1.getPublicKey(shareSecretKey, true) };
  });
}

/** The committee members of `validators` (weight 1 each), as `setCommittee` and `requestReconfiguration` take them. */
export function committeeMembers(validators: Validator[]): CommitteeMemberInput[] {
  return validators.map((v, i) => ({
    publicKey: v.publicKey,
    proofOfPossession: proofOfPossession(v.secretKey, v.address),
    weight: 1n,
    suiAddress: v.address,
    networkAddress: `http://127.0.0.1:${9100 + i}`,
    shareEncryptionKey: v.shareEncryptionKey,
  }));
}

export function keypair(seed: number): Ed25519Keypair {
  return Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(seed));
}

export type EventOf<N extends EventName> = Extract<DWalletEvent, { name: N }>['value'];

/** A chain that can also mint SUI: the local chain, in process or in another process. */
export type LocalChain = Chain & { faucet(address: string, amount?: bigint): Promise<unknown> };

/** `chain` (a `chain/sui` client of a local chain) with the chain's faucet attached. */
export function withFaucet<C extends Chain>(chain: C, faucet: (address: string, amount?: bigint) => Promise<unknown>): C & LocalChain {
  return Object.assign(chain, { faucet });
}

/** A local chain in another process (`chain/local/main.ts`, or a server in this one), as every other process reaches it. */
export async function remoteLocalChain(url: string): Promise<SuiChain & LocalChain> {
  const { chain, admin } = await openLocalChain(url);
  return withFaucet(chain, (address, amount) => admin.faucet(address, amount));
}

/** Every event of `chain`, page after page (a Sui node gives at most 50 a page). */
export async function allEvents(chain: Chain): Promise<ChainEvent[]> {
  const events: ChainEvent[] = [];
  for (let page = await chain.listEvents(); ; page = await chain.listEvents({ after: page.nextCursor })) {
    events.push(...page.events);
    if (!page.hasNextPage) return events;
  }
}

/** `chain/sui` on an in-process ledger through its gRPC API. */
async function inProcess(ledger: LocalLedger): Promise<LocalChain> {
  const { chain } = await openInProcessChain(ledger);
  return withFaucet(chain, (address, amount) => ledger.faucet(address, amount));
}

export class LocalHarness {
  readonly admin = keypair(1);
  readonly relayer = keypair(2);
  validators: Validator[] = validatorKeys(4);
  epoch = 1n;
  networkKeyId = '';
  private users = 10;

  private constructor(
    /** The chain through `chain/sui`, with its faucet. */
    public ledger: LocalChain,
    readonly client: CoordinatorClient,
    readonly dir: string,
    /** The in-process ledger behind `ledger`, when this harness owns it. */
    private owned: LocalLedger | undefined,
  ) {}

  get chain(): Chain {
    return this.ledger;
  }

  /** The in-process ledger (to serve it, or for restarts). */
  get local(): LocalLedger {
    if (this.owned === undefined) throw new Error('this harness does not own its ledger');
    return this.owned;
  }

  get packageId(): string {
    return this.client.deployment.packageId;
  }

  /**
   * A fresh chain; `configure: false` stops after genesis (no committee, key or funds); `now` is
   * the chain's wall clock (checkpoint timestamps and the Clock object).
   */
  static async create(options: { configure?: boolean; now?: () => number } = {}): Promise<LocalHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'dwallet-local-'));
    const ledger = LocalLedger.open({ path: join(dir, 'chain.sqlite'), admin: keypair(1).toSuiAddress(), now: options.now });
    return LocalHarness.over(await inProcess(ledger), dir, options, ledger);
  }

  /** Configures a chain whose genesis admin is `keypair(1)` (e.g. a local chain in another process). */
  static async over(chain: LocalChain, dir: string, options: { configure?: boolean } = {}, owned?: LocalLedger): Promise<LocalHarness> {
    const harness = new LocalHarness(chain, new CoordinatorClient(await chain.deployment()), dir, owned);
    await chain.faucet(harness.admin.toSuiAddress());
    await chain.faucet(harness.relayer.toSuiAddress());
    if (options.configure !== false) {
      harness.ok(await harness.exec(await harness.setCommitteeTx(1n), harness.admin), 'set committee');
      const tx = new Transaction();
      harness.client.registerNetworkKey(tx, {
        adminCap: await harness.adminCap(),
        curves: [Curve.SECP256K1, Curve.P256, Curve.ED25519],
        keyCommitment: new Uint8Array(32).fill(7),
        globalKeyParts: new Uint8Array([1, 2, 3, 4]),
      });
      const result = harness.ok(await harness.exec(tx, harness.admin), 'register network key');
      harness.networkKeyId = harness.event(result, 'NetworkKeyRegistered').network_key_id;
    }
    return harness;
  }

  /** Closes and reopens the database (a process restart). */
  async restart(): Promise<void> {
    this.local.close();
    this.owned = LocalLedger.open({ path: join(this.dir, 'chain.sqlite') });
    this.ledger = await inProcess(this.owned);
  }

  close(): void {
    this.owned?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async setCommitteeTx(epoch: bigint, validators: Validator[] = this.validators, threshold = 3n): Promise<Transaction> {
    const tx = new Transaction();
    this.client.setCommittee(tx, { adminCap: await this.adminCap(), epoch, members: committeeMembers(validators), threshold });
    return tx;
  }

  async adminCap(): Promise<ObjectRef> {
    const page = await this.ledger.listOwnedObjects(this.admin.toSuiAddress(), { type: `${this.packageId}::coordinator::AdminCap` });
    const cap = page.objects[0];
    if (!cap) throw new Error('no AdminCap');
    return { objectId: cap.objectId, version: cap.version, digest: cap.digest };
  }

  async ref(objectId: string): Promise<ObjectRef> {
    const object = await this.ledger.getObject(objectId);
    if (!object) throw new Error(`object ${objectId} does not exist`);
    return { objectId: object.objectId, version: object.version, digest: object.digest };
  }

  /** A new funded user. */
  async user(): Promise<Ed25519Keypair> {
    const user = keypair(this.users++);
    await this.ledger.faucet(user.toSuiAddress());
    return user;
  }

  /**
   * Signs (budgeted from a simulation) and executes, a transaction that fails included: the chain's
   * tests look at what a failure does on chain, which `signAndExecute` would not send.
   */
  async exec(tx: Transaction, signer: Ed25519Keypair, options: SignOptions = {}): Promise<TransactionResult> {
    return this.ledger.executeTransaction(await signTransaction(this.ledger, tx, signer, options));
  }

  ok(result: TransactionResult, what = 'transaction'): TransactionResult {
    if (!result.status.success) throw new Error(`${what} failed: ${JSON.stringify(result.status.error)}`);
    return result;
  }

  events<N extends EventName>(result: TransactionResult, name: N): EventOf<N>[] {
    // Events of module `events` (the coordinator's); a vault call also emits the vault's own.
    return result.events
      .filter((e) => e.type.startsWith(`${this.packageId}::events::`))
      .map((e) => decodeEvent(this.packageId, e.type, e.bcs))
      .filter((e): e is Extract<DWalletEvent, { name: N }> => e.name === name)
      .map((e) => e.value as EventOf<N>);
  }

  event<N extends EventName>(result: TransactionResult, name: N): EventOf<N> {
    const [first] = this.events(result, name);
    if (!first) throw new Error(`no ${name} event`);
    return first;
  }

  /** Ids of objects of `coordinator::<struct>` the transaction created. */
  created(result: TransactionResult, struct: string): string[] {
    return result.changedObjects
      .filter((c) => c.change === 'created' && c.type === `${this.packageId}::coordinator::${struct}`)
      .map((c) => c.objectId);
  }

  async setFee(kind: RequestKind, amount: bigint, algorithm: SignatureAlgorithm = SignatureAlgorithm.ECDSA): Promise<void> {
    const tx = new Transaction();
    this.client.setFee(tx, { adminCap: await this.adminCap(), requestKind: kind, algorithm, amount });
    this.ok(await this.exec(tx, this.admin), 'set fee');
  }

  /** Encodes, certifies (by `signers`) and returns a batch for the next sequence number. */
  async certify(
    results: SessionResult[],
    options: { signers?: number[]; epoch?: bigint; sequence?: bigint; validators?: Validator[]; coordinatorId?: string } = {},
  ) {
    const sequence = options.sequence ?? (await readCoordinator(this.ledger)).next_result_sequence;
    const epoch = options.epoch ?? this.epoch;
    const validators = options.validators ?? this.validators;
    const signers = options.signers ?? [0, 1, 2];
    const coordinatorId = options.coordinatorId ?? this.client.deployment.coordinatorId;
    const batch = encodeResultBatch({ sequence, results });
    const signature = aggregateSignatures(
      signers.map((i) => signResultBatch((validators[i] as Validator).secretKey, coordinatorId, batch, epoch)),
    );
    return { epoch, batch, signature, signersBitmap: signersBitmap(signers, validators.length) };
  }

  /** Submits a certified batch as the relayer, transferring the fees to it. */
  async submit(
    certificate: { epoch: bigint; batch: Uint8Array; signature: Uint8Array; signersBitmap: Uint8Array },
    relayer = this.relayer,
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    const payout = this.client.processResultBatch(tx, certificate);
    tx.transferObjects([payout], relayer.toSuiAddress());
    return this.exec(tx, relayer);
  }

  async submitResults(results: SessionResult[]): Promise<TransactionResult> {
    return this.ok(await this.submit(await this.certify(results)), 'result batch');
  }
}

/** Common request flows on top of a harness, as a user would run them. */
export class Flows {
  constructor(readonly h: LocalHarness) {}

  /** Requests a dWallet (DKG, or imported key); the cap goes to the user. */
  async requestDWallet(
    user: Ed25519Keypair,
    options: {
      curve?: number;
      algorithm?: number;
      preimage?: Uint8Array;
      message?: Uint8Array;
      fee?: bigint;
      imported?: boolean;
      networkKeyId?: string;
      gasBudget?: bigint;
    } = {},
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    const common = {
      networkKeyId: options.networkKeyId ?? this.h.networkKeyId,
      curve: (options.curve ?? Curve.SECP256K1) as Curve,
      algorithm: (options.algorithm ?? SignatureAlgorithm.ECDSA) as SignatureAlgorithm,
      sessionPreimage: options.preimage ?? randomSessionPreimage(),
      payment: this.h.client.payFromGas(tx, options.fee ?? 0n),
    };
    const message = options.message ?? new Uint8Array([1, 2, 3]);
    const cap = options.imported
      ? this.h.client.requestImportedKeyDWallet(tx, { ...common, userImportMessage: message })
      : this.h.client.requestDWalletDkg(tx, { ...common, userDkgMessage: message });
    tx.transferObjects([cap], user.toSuiAddress());
    return this.h.exec(tx, user, options.gasBudget === undefined ? {} : { gasBudget: options.gasBudget });
  }

  /** A dWallet whose DKG the network completed. */
  async activeDWallet(user: Ed25519Keypair, options: { curve?: number; algorithm?: number; imported?: boolean } = {}) {
    const result = this.h.ok(await this.requestDWallet(user, options), 'dWallet request');
    const requested = options.imported ? this.h.event(result, 'ImportedKeyDWalletRequested') : this.h.event(result, 'DWalletDkgRequested');
    const output = new Uint8Array([
      0xd0,
      ...requested.dwallet_id
        .slice(2, 10)
        .split('')
        .map((c) => c.charCodeAt(0)),
    ]);
    await this.h.submitResults([
      options.imported
        ? { ImportedKeyVerified: { session_id: requested.session_id, output } }
        : { DWalletDkg: { session_id: requested.session_id, output } },
    ]);
    return { dwalletId: requested.dwallet_id, capId: requested.dwallet_cap_id, sessionId: requested.session_id, output };
  }

  async requestPresign(
    payer: Ed25519Keypair,
    options: { curve?: number; algorithm?: number; fee?: bigint; preimage?: Uint8Array } = {},
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    this.h.client.requestPresign(tx, {
      networkKeyId: this.h.networkKeyId,
      curve: (options.curve ?? Curve.SECP256K1) as Curve,
      algorithm: (options.algorithm ?? SignatureAlgorithm.ECDSA) as SignatureAlgorithm,
      sessionPreimage: options.preimage ?? randomSessionPreimage(),
      payment: this.h.client.payFromGas(tx, options.fee ?? 0n),
    });
    return this.h.exec(tx, payer);
  }

  /** A completed presign in the global pool of (`curve`, `algorithm`). */
  async pooledPresign(payer: Ed25519Keypair, curve: number = Curve.SECP256K1, algorithm: number = SignatureAlgorithm.ECDSA) {
    const requested = this.h.event(
      this.h.ok(await this.requestPresign(payer, { curve, algorithm }), 'presign request'),
      'PresignRequested',
    );
    const output = new Uint8Array([0xb0, 1, 2, 3]);
    await this.h.submitResults([{ Presign: { session_id: requested.session_id, output } }]);
    return { presignId: requested.presign_id, sessionId: requested.session_id, output };
  }

  /** Claims one pooled presign; the cap goes to the user. */
  async claim(user: Ed25519Keypair, options: { curve?: number; algorithm?: number; fee?: bigint } = {}): Promise<TransactionResult> {
    const tx = new Transaction();
    const cap = this.h.client.claimPresign(tx, {
      networkKeyId: this.h.networkKeyId,
      curve: (options.curve ?? Curve.SECP256K1) as Curve,
      algorithm: (options.algorithm ?? SignatureAlgorithm.ECDSA) as SignatureAlgorithm,
      payment: this.h.client.payFromGas(tx, options.fee ?? 0n),
    });
    tx.transferObjects([cap], user.toSuiAddress());
    return this.h.exec(tx, user);
  }

  /** A presign cap ready to sign for a DKG dWallet (pool filled by `payer`, claimed by `user`). */
  async presignCap(
    user: Ed25519Keypair,
    curve: number = Curve.SECP256K1,
    algorithm: number = SignatureAlgorithm.ECDSA,
  ): Promise<{ capId: string; presignId: string }> {
    const { presignId } = await this.pooledPresign(user, curve, algorithm);
    const claimed = this.h.event(this.h.ok(await this.claim(user, { curve, algorithm }), 'claim'), 'PresignClaimed');
    return { capId: claimed.presign_cap_id, presignId };
  }

  /** approve_message then request_sign in one transaction. */
  async sign(
    user: Ed25519Keypair,
    args: {
      dwalletCapId: string;
      presignCapId: string;
      hashScheme?: number;
      message?: Uint8Array;
      userSignMessage?: Uint8Array;
      fee?: bigint;
      preimage?: Uint8Array;
    },
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    const approval = this.h.client.approveMessage(tx, {
      dwalletCap: await this.h.ref(args.dwalletCapId),
      hashScheme: (args.hashScheme ?? HashScheme.KECCAK256) as HashScheme,
      message: args.message ?? new TextEncoder().encode('transfer 1 ETH'),
    });
    this.h.client.requestSign(tx, {
      approval,
      presignCap: await this.h.ref(args.presignCapId),
      sessionPreimage: args.preimage ?? randomSessionPreimage(),
      userSignMessage: args.userSignMessage ?? new Uint8Array([0x55, 0x66]),
      payment: this.h.client.payFromGas(tx, args.fee ?? 0n),
    });
    return this.h.exec(tx, user);
  }
}

/** A 65-byte signature result (r ‖ s ‖ recovery id). */
export function fakeSignature(fill = 7, recovery = 1): Uint8Array {
  const signature = new Uint8Array(65).fill(fill);
  signature[64] = recovery;
  return signature;
}

/**
 * `count` commands appending one `tail` again and again to one pure vector with
 * `0x1::vector::append<u8>`: the shape of a transaction built to hold the chain.
 */
export function appendsTx(count: number, tail: Uint8Array = new Uint8Array([2])): Transaction {
  const tx = new Transaction();
  const head = tx.pure.vector('u8', [1]);
  const repeated = tx.pure(bcs.byteVector().serialize(tail).toBytes());
  for (let i = 0; i < count; i++) tx.moveCall({ target: '0x1::vector::append', typeArguments: ['u8'], arguments: [head, repeated] });
  return tx;
}
