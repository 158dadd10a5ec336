/**
 * A local chain with the dwallet package deployed, a 4-member committee (threshold weight 3),
 * one network key for both curves, and helpers to act as users and as a relayer. Every test of
 * `chain/local` starts from here; each harness has its own SQLite file under a temp directory.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { aggregateSignatures, blsPublicKey, proofOfPossession, signersBitmap, signResultBatch } from '../../../chain/certificate.ts';
import type { Chain, ObjectRef, TransactionResult } from '../../../chain/chain.ts';
import { Curve, type RequestKind } from '../../../chain/constants.ts';
import { CoordinatorClient } from '../../../chain/coordinator-client.ts';
import { LocalLedger } from '../../../chain/local/ledger.ts';
import { readCoordinator } from '../../../chain/object-reader.ts';
import { type DWalletEvent, decodeEvent, type EventName } from '../../../chain/schemas/events.ts';
import { encodeResultBatch, type SessionResult } from '../../../chain/schemas/result-batch.ts';
import { signAndExecute } from '../../../chain/transaction-signer.ts';

export interface Validator {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  address: string;
}

export function validatorKeys(count: number, seed = 1): Validator[] {
  return Array.from({ length: count }, (_, i) => {
    const secretKey = new Uint8Array(32);
    secretKey[31] = seed + i;
    secretKey[30] = 0x5a;
    const address = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(100 + seed + i)).toSuiAddress();
    return { secretKey, publicKey: blsPublicKey(secretKey), address };
  });
}

export function keypair(seed: number): Ed25519Keypair {
  return Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(seed));
}

export type EventOf<N extends EventName> = Extract<DWalletEvent, { name: N }>['value'];

export class LocalHarness {
  readonly admin = keypair(1);
  readonly relayer = keypair(2);
  validators: Validator[] = validatorKeys(4);
  epoch = 1n;
  networkKeyId = '';
  private users = 10;

  private constructor(
    public ledger: LocalLedger,
    readonly client: CoordinatorClient,
    readonly dir: string,
  ) {}

  get chain(): Chain {
    return this.ledger;
  }

  get packageId(): string {
    return this.client.deployment.packageId;
  }

  /** A fresh chain; `configure: false` stops after genesis (no committee, key or funds). */
  static async create(options: { configure?: boolean } = {}): Promise<LocalHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'dwallet-local-'));
    const admin = keypair(1);
    const ledger = LocalLedger.open({ path: join(dir, 'chain.sqlite'), admin: admin.toSuiAddress() });
    const harness = new LocalHarness(ledger, new CoordinatorClient(await ledger.deployment()), dir);
    await ledger.faucet(admin.toSuiAddress());
    await ledger.faucet(harness.relayer.toSuiAddress());
    if (options.configure !== false) {
      harness.ok(await harness.exec(await harness.setCommitteeTx(1n), admin), 'set committee');
      const tx = new Transaction();
      harness.client.registerNetworkKey(tx, {
        adminCap: await harness.adminCap(),
        curves: [Curve.SECP256K1, Curve.P256],
        keyCommitment: new Uint8Array(32).fill(7),
        globalKeyParts: new Uint8Array([1, 2, 3, 4]),
      });
      const result = harness.ok(await harness.exec(tx, admin), 'register network key');
      harness.networkKeyId = harness.event(result, 'NetworkKeyRegistered').network_key_id;
    }
    return harness;
  }

  /** Closes and reopens the database (a process restart). */
  async restart(): Promise<void> {
    this.ledger.close();
    this.ledger = LocalLedger.open({ path: join(this.dir, 'chain.sqlite') });
  }

  close(): void {
    this.ledger.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async setCommitteeTx(epoch: bigint, validators: Validator[] = this.validators, threshold = 3n): Promise<Transaction> {
    const tx = new Transaction();
    this.client.setCommittee(tx, {
      adminCap: await this.adminCap(),
      epoch,
      members: validators.map((v, i) => ({
        publicKey: v.publicKey,
        proofOfPossession: proofOfPossession(v.secretKey, v.address),
        weight: 1n,
        suiAddress: v.address,
        networkAddress: `http://127.0.0.1:${9100 + i}`,
      })),
      threshold,
    });
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

  exec(tx: Transaction, signer: Ed25519Keypair): Promise<TransactionResult> {
    return signAndExecute(this.ledger, tx, signer);
  }

  ok(result: TransactionResult, what = 'transaction'): TransactionResult {
    if (!result.status.success) throw new Error(`${what} failed: ${JSON.stringify(result.status.error)}`);
    return result;
  }

  events<N extends EventName>(result: TransactionResult, name: N): EventOf<N>[] {
    return result.events
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

  async setFee(kind: RequestKind, amount: bigint): Promise<void> {
    const tx = new Transaction();
    this.client.setFee(tx, { adminCap: await this.adminCap(), requestKind: kind, amount });
    this.ok(await this.exec(tx, this.admin), 'set fee');
  }

  /** Encodes, certifies (by `signers`) and returns a batch for the next sequence number. */
  async certify(
    results: SessionResult[],
    options: { signers?: number[]; epoch?: bigint; sequence?: bigint; validators?: Validator[] } = {},
  ) {
    const sequence = options.sequence ?? (await readCoordinator(this.ledger)).next_result_sequence;
    const epoch = options.epoch ?? this.epoch;
    const validators = options.validators ?? this.validators;
    const signers = options.signers ?? [0, 1, 2];
    const batch = encodeResultBatch({ sequence, results });
    const signature = aggregateSignatures(signers.map((i) => signResultBatch((validators[i] as Validator).secretKey, batch, epoch)));
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
