/**
 * The coordinator on an in-process local ledger (chain/local), set up as a network would leave
 * it, for benches that need real transactions and events without validators: a 4-member
 * committee of epoch 1 (threshold weight 3) whose BLS keys this process holds, one registered
 * network key, funded admin, relayer and users, and the relayer's side — result batches
 * certified by three members and submitted as `process_result_batch` — so that every request a
 * bench opens can be completed or rejected on chain as the network would.
 * @module
 */
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { aggregateSignatures, blsPublicKey, proofOfPossession, signersBitmap, signResultBatch } from '../../chain/certificate.ts';
import type { ObjectRef, SignedTransaction, TransactionResult } from '../../chain/chain.ts';
import { Curve } from '../../chain/constants.ts';
import { CoordinatorClient } from '../../chain/coordinator-client.ts';
import { LocalLedger } from '../../chain/local/ledger.ts';
import { readCoordinator } from '../../chain/object-reader.ts';
import { type DWalletEvent, decodeEvent, type EventName } from '../../chain/schemas/events.ts';
import { encodeResultBatch, type SessionResult } from '../../chain/schemas/result-batch.ts';
import { type SignOptions, signAndExecute, signTransaction } from '../../chain/transaction-signer.ts';

/** What each account gets from the faucet: enough for every bench's fees and gas. */
const FUNDS = 1_000_000n * 1_000_000_000n;
/** The committee's epoch: the one `setCommittee` starts. */
const EPOCH = 1n;
/** The members whose signatures certify a batch: weight 3 of 4, the threshold. */
const SIGNERS = [0, 1, 2];
/** Receives the `AdminCap` at genesis. */
const ADMIN = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(1));

export type EventOf<N extends EventName> = Extract<DWalletEvent, { name: N }>['value'];

interface Member {
  secretKey: Uint8Array;
  address: string;
}

export class LocalCoordinator {
  readonly admin = ADMIN;
  readonly relayer = Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(2));
  readonly members: Member[] = [1, 2, 3, 4].map((i) => {
    const secretKey = new Uint8Array(32);
    secretKey[31] = i;
    secretKey[30] = 0x5a;
    return { secretKey, address: Ed25519Keypair.fromSecretKey(new Uint8Array(32).fill(100 + i)).toSuiAddress() };
  });
  networkKeyId = '';

  private constructor(
    readonly ledger: LocalLedger,
    readonly client: CoordinatorClient,
    /** The ledger's file. */
    readonly path: string,
  ) {}

  get packageId(): string {
    return this.client.deployment.packageId;
  }

  /** A fresh ledger in `dir` (its file `chain.sqlite`, which the caller removes), configured as described above. */
  static async open(dir: string): Promise<LocalCoordinator> {
    const path = join(dir, 'chain.sqlite');
    const ledger = LocalLedger.open({ path, admin: ADMIN.toSuiAddress() });
    const chain = new LocalCoordinator(ledger, new CoordinatorClient(await ledger.deployment()), path);
    for (const who of [chain.admin, chain.relayer]) await chain.fund(who.toSuiAddress());
    const committee = new Transaction();
    chain.client.setCommittee(committee, {
      adminCap: await chain.adminCap(),
      epoch: EPOCH,
      members: chain.members.map((m, i) => ({
        publicKey: blsPublicKey(m.secretKey),
        proofOfPossession: proofOfPossession(m.secretKey, m.address),
        weight: 1n,
        suiAddress: m.address,
        networkAddress: `http://127.0.0.1:${9100 + i}`,
        shareEncryptionKey: secp256k1.getPublicKey(new Uint8Array(32).fill(0x30 + i), true),
      })),
      threshold: 3n,
    });
    ok(await signAndExecute(ledger, committee, chain.admin), 'set committee');
    const key = new Transaction();
    chain.client.registerNetworkKey(key, {
      adminCap: await chain.adminCap(),
      curves: [Curve.SECP256K1],
      keyCommitment: new Uint8Array(32).fill(7),
      globalKeyParts: new Uint8Array([1, 2, 3, 4]),
    });
    const registered = ok(await signAndExecute(ledger, key, chain.admin), 'register network key');
    chain.networkKeyId = chain.events(registered, 'NetworkKeyRegistered')[0]?.network_key_id ?? '';
    return chain;
  }

  /** Mints SUI for `address`. */
  async fund(address: string): Promise<void> {
    await this.ledger.faucet(address, FUNDS);
  }

  /** The admin's `AdminCap`, as it is now. */
  async adminCap(): Promise<ObjectRef> {
    const cap = (await this.ledger.listOwnedObjects(this.admin.toSuiAddress(), { type: `${this.packageId}::coordinator::AdminCap` }))
      .objects[0];
    if (cap === undefined) throw new Error('no AdminCap');
    return { objectId: cap.objectId, version: cap.version, digest: cap.digest };
  }

  async ref(objectId: string): Promise<ObjectRef> {
    const object = await this.ledger.getObject(objectId);
    if (!object) throw new Error(`no object ${objectId}`);
    return { objectId: object.objectId, version: object.version, digest: object.digest };
  }

  /** The decoded events named `name` of the coordinator's `events` module in `result`. */
  events<N extends EventName>(result: TransactionResult, name: N): EventOf<N>[] {
    return result.events
      .filter((e) => e.type.startsWith(`${this.packageId}::events::`))
      .map((e) => decodeEvent(this.packageId, e.type, e.bcs))
      .filter((e): e is Extract<DWalletEvent, { name: N }> => e.name === name)
      .map((e) => e.value as EventOf<N>);
  }

  /** Signs `tx` as `signer` and executes it; throws when it fails. */
  async execute(tx: Transaction, signer: Ed25519Keypair, what: string, options: SignOptions = {}): Promise<TransactionResult> {
    return ok(await signAndExecute(this.ledger, tx, signer, options), what);
  }

  /**
   * `results` certified for the chain's next sequence number and signed by the relayer as a
   * `process_result_batch` transaction (the fees it collects merged into its gas coin), with the
   * batch's size; budgeted at `gasBudget` when given, else from a simulation.
   */
  async certifiedBatch(results: SessionResult[], gasBudget?: bigint): Promise<{ signed: SignedTransaction; batchBytes: number }> {
    const sequence = (await readCoordinator(this.ledger)).next_result_sequence;
    const batch = encodeResultBatch({ sequence, results });
    const coordinatorId = this.client.deployment.coordinatorId;
    const signature = aggregateSignatures(
      SIGNERS.map((i) => signResultBatch((this.members[i] as Member).secretKey, coordinatorId, batch, EPOCH)),
    );
    const tx = new Transaction();
    const payout = this.client.processResultBatch(tx, {
      epoch: EPOCH,
      batch,
      signature,
      signersBitmap: signersBitmap(SIGNERS, this.members.length),
    });
    tx.mergeCoins(tx.gas, [payout]);
    const signed = await signTransaction(this.ledger, tx, this.relayer, gasBudget === undefined ? {} : { gasBudget });
    return { signed, batchBytes: batch.length };
  }

  close(): void {
    this.ledger.close();
  }
}

export function ok(result: TransactionResult, what: string): TransactionResult {
  if (!result.status.success) throw new Error(`${what} failed: ${JSON.stringify(result.status.error)}`);
  return result;
}
