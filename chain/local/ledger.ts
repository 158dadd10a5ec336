/**
 * The embedded local chain: a ledger that behaves, at the `Chain` interface, like a Sui full
 * node running the `dwallet` package, persisted in SQLite (drizzle) so a restart keeps everything.
 *
 * It takes the same signed transaction bytes a Sui node takes (built with `@mysten/sui`'s
 * `Transaction`, signed by a Sui keypair), verifies the signature, and runs the programmable
 * transaction's commands in order (see `ptb-executor.ts`) against a mirror of the Move package
 * (`move/coordinator.ts`, `move/vault.ts` and the encoders they call): same checks, same abort
 * codes, same events. A failed transaction is
 * recorded with its abort and charged gas; nothing else changes. Every transaction is its own
 * checkpoint; events get Sui-style ids (transaction digest + sequence) and a cursor. A transaction
 * can also be simulated: run on the current state with nothing recorded (`simulateTransaction`).
 *
 * Sui's `Clock` (0x6, shared from version 1) exists from genesis (and is added to a database made
 * before it had one). As Sui's consensus commit prologue sets it to each commit's time, every
 * checkpoint here first sets it to the checkpoint's timestamp (never going back), so a transaction
 * that reads it sees the time of its own checkpoint.
 *
 * Its limits, by design:
 * - only the `dwallet` package runs here: a dApp's own Move contracts cannot run on it (point the
 *   services at a Sui localnet or testnet through `chain/sui` for those);
 * - gas is charged as Sui charges it (`gas.ts`): computation (Sui's base charge, rounding and cap,
 *   local prices per command and per byte standing in for the Move VM's metering) and storage (Sui's
 *   prices, object sizes and 99 % rebates), and Sui's limits on commands, arguments, inputs,
 *   values, events and objects are enforced (`sui-limits.ts`);
 * - sponsored transactions, zkLogin signatures and address-balance gas are refused;
 * - on failure only the gas coin changes (Sui also bumps the versions of other owned inputs);
 * - one process owns the database file; other processes reach the chain over HTTP (`server.ts`).
 * @module
 */
import { bcs } from '@mysten/sui/bcs';
import { parseSerializedSignature } from '@mysten/sui/cryptography';
import { TransactionDataBuilder } from '@mysten/sui/transactions';
import { fromBase64, isValidSuiAddress, normalizeSuiAddress, toBase58, toHex } from '@mysten/sui/utils';
import { verifyTransactionSignature } from '@mysten/sui/verify';
import { blake2b } from '@noble/hashes/blake2.js';
import { randomBytes } from '@noble/hashes/utils.js';
import type { Statement } from 'better-sqlite3';
import { asc, desc, eq, gt } from 'drizzle-orm';
import { decodeExact } from '../../mpc/encoding/decode.ts';
import type {
  Chain,
  ChainEvent,
  ChainObject,
  Deployment,
  EventCursor,
  EventPage,
  GasCostSummary,
  ListEventsQuery,
  ObjectChange,
  OwnedObjectsPage,
  SignedTransaction,
  SimulatedTransaction,
  TransactionResult,
} from '../chain.ts';
import { netGasCost } from '../chain.ts';
import {
  DEFAULT_SESSION_TIMEOUT_MS,
  SUI_CLOCK_INITIAL_SHARED_VERSION,
  SUI_CLOCK_OBJECT_ID,
  SUI_CLOCK_TYPE,
  SUI_COIN_TYPE,
} from '../constants.ts';
import { ChainError, ChainErrorCodes, ChainRequestError, ChainStoreError, TransactionRejectedError } from '../errors.ts';
import type { CoordinatorValue } from '../schemas/objects.ts';
import { isPackageModule, packageFunction } from '../schemas/package-functions.ts';
import {
  MAX_COMMAND_ARGUMENTS,
  MAX_GAS_BUDGET,
  MAX_GAS_PAYMENT_OBJECTS,
  MAX_INPUT_OBJECTS,
  MAX_PROGRAMMABLE_TX_COMMANDS,
  MAX_PURE_ARGUMENT_SIZE,
  MAX_TRANSACTION_SIZE,
} from '../sui-limits.ts';
import { transactionResultFromJson, transactionResultToJson } from '../wire.ts';
import { type LocalDatabase, openLocalDatabase } from './db/open.ts';
import { events, meta, transactions } from './db/schema.ts';
import { EventWaiters, MAX_EVENT_WAIT_MS } from './event-waiters.ts';
import { ExecutionFailure } from './execution-failure.ts';
import { BASE_COMPUTATION_UNITS, GasMeter } from './gas.ts';
import { MAX_U64 } from './move/arithmetic.ts';
import { emptyCommittee } from './move/committee.ts';
import { zeroFees } from './move/coordinator.ts';
import { ObjectStore, objectDigest } from './object-store.ts';
import { type Command, PtbExecutor, type ResolvedInput, STD_PACKAGE } from './ptb-executor.ts';
import { type LiveObject, TransactionState, TypeRegistry } from './transaction-state.ts';

export const REFERENCE_GAS_PRICE = 1000n;
export const MIST_PER_SUI = 1_000_000_000n;
/**
 * Largest amount one faucet request mints: Sui's whole supply (`sui::sui`, 10 billion SUI). Two
 * such coins together exceed a u64, which is what Sui's overflow checks are for.
 */
export const MAX_FAUCET_AMOUNT = 10_000_000_000n * MIST_PER_SUI;
export const DEFAULT_FAUCET_AMOUNT = 100n * MIST_PER_SUI;
const MAX_EVENT_PAGE = 1000;
const DEFAULT_EVENT_PAGE = 100;
/** Thrown inside a simulation's database transaction to roll it back. */
const ROLLBACK = Symbol('rollback');
const SYSTEM_SENDER = normalizeSuiAddress('0x0');
/** The meta row listing the package's upgrades (JSON array of ids, oldest first). */
const PACKAGE_UPGRADES_KEY = 'package_upgrades';
/**
 * The gas coin a simulation without gas payment runs with, as Sui's (sui-core `authority.rs`,
 * `simulate_transaction`): `ObjectID::MAX`, version 1, owned by the sender, holding
 * `SIMULATION_GAS_COIN_VALUE` (10^18 MIST, more than any budget) and no storage rebate.
 */
const MOCK_GAS_COIN_ID = normalizeSuiAddress(`0x${'f'.repeat(64)}`);
const MOCK_GAS_COIN_VALUE = 10n ** 18n;

export interface LocalLedgerOptions {
  /** SQLite file (created if missing), or `':memory:'`. */
  path: string;
  /** Receives the `AdminCap` at genesis; ignored when the database already has a chain. */
  admin?: string;
  /** The wall clock of checkpoint timestamps and of the `Clock` object (ms); default `Date.now`. */
  now?: () => number;
}

type TxData = ReturnType<typeof bcs.TransactionData.parse>;
type TxV1 = NonNullable<TxData['V1']>;
type PtbInputs = NonNullable<TxV1['kind']['ProgrammableTransaction']>['inputs'];
type GasData = TxV1['gasData'];
interface DecodedTransaction {
  digest: string;
  sender: string;
  gasData: GasData;
  inputs: PtbInputs;
  commands: Command[];
}
/** A transaction run but not recorded: its result (no checkpoint, no events yet) and the events it emitted. */
interface Executed {
  result: TransactionResult;
  emitted: Array<{ type: string; bcs: Uint8Array; packageId?: string; module?: string }>;
}
type ObjectArg =
  | { ImmOrOwnedObject: { objectId: string; version: string; digest: string } }
  | { SharedObject: { objectId: string; initialSharedVersion: string; mutable: boolean } }
  | { Receiving: unknown };

function rejected(
  code: (typeof ChainErrorCodes)[keyof typeof ChainErrorCodes],
  message: string,
  details: Record<string, unknown> = {},
): never {
  throw new TransactionRejectedError(code, message, details);
}

/** What a system transaction (genesis, faucet) pays: nothing, as Sui's system transactions. */
const NO_GAS: GasCostSummary = { computationCost: 0n, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n };

function systemDigest(label: string, ...parts: Uint8Array[]): string {
  const encoded = new TextEncoder().encode(label);
  const data = new Uint8Array(encoded.length + parts.reduce((n, p) => n + p.length, 0));
  data.set(encoded, 0);
  let offset = encoded.length;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return toBase58(blake2b(data, { dkLen: 32 }));
}

/** The package the first dwallet call of `commands` names (events are attributed to it). */
function calledPackage(commands: readonly Command[]): string | undefined {
  for (const command of commands) {
    if ('MoveCall' in command && command.MoveCall && isPackageModule(command.MoveCall.module))
      return normalizeSuiAddress(command.MoveCall.package);
  }
  return undefined;
}

function genesisDigest(packageId: string): string {
  return systemDigest('dwallet-local/genesis', new TextEncoder().encode(packageId));
}

/** The event sequence a local cursor stands after (−1: before the first); refuses what is not a cursor. */
function eventCursorStart(after: EventCursor | null): number {
  if (after === null) return -1;
  if (typeof after !== 'string' || !/^(0|[1-9][0-9]{0,14})$/.test(after)) {
    throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, `not a local chain event cursor: ${String(after)}`);
  }
  return Number(after);
}

export class LocalLedger implements Chain {
  private readonly store: ObjectStore;
  private readonly types: TypeRegistry;
  private deploymentInfo: Deployment;
  /** The ids calls may name: the original and every upgrade's. */
  private readonly packageVersions: Set<string>;
  // TS-private, not #-private: tests wrap the ledger with Object.create, which #-fields refuse.
  private readonly waiters = new EventWaiters();
  private eventAfter: Statement<[number], number> | undefined;
  private maxCheckpoint: Statement<[], number | null> | undefined;

  private constructor(
    private readonly database: LocalDatabase,
    deployment: Deployment,
    private readonly now: () => number,
  ) {
    this.store = new ObjectStore(database.db);
    this.types = new TypeRegistry(deployment.packageId);
    this.deploymentInfo = deployment;
    this.packageVersions = new Set([
      deployment.packageId,
      ...LocalLedger.upgradesOf(LocalLedger.metaValue(database, PACKAGE_UPGRADES_KEY)),
    ]);
  }

  /** Opens the chain stored at `options.path`, creating it (genesis) when the database is new. */
  static open(options: LocalLedgerOptions): LocalLedger {
    const database = openLocalDatabase(options.path);
    const now = options.now ?? Date.now;
    try {
      const stored = LocalLedger.readDeployment(database);
      if (stored) {
        const ledger = new LocalLedger(database, stored, now);
        ledger.ensureClock();
        return ledger;
      }
      if (!options.admin || !isValidSuiAddress(normalizeSuiAddress(options.admin))) {
        throw new ChainRequestError(
          ChainErrorCodes.INVALID_REQUEST,
          'a new local chain needs the admin address that receives the AdminCap',
        );
      }
      return LocalLedger.genesis(database, normalizeSuiAddress(options.admin), now);
    } catch (error) {
      database.close();
      if (error instanceof ChainError) throw error;
      throw new ChainStoreError(
        ChainErrorCodes.STORE_INVALID,
        `${options.path} is not a local chain database: ${(error as Error).message}`,
        {},
        { cause: error },
      );
    }
  }

  private static readDeployment(database: LocalDatabase): Deployment | null {
    const rows = database.db.select().from(meta).all();
    if (rows.length === 0) return null;
    const values = new Map(rows.map((row) => [row.key, row.value]));
    const packageId = values.get('package_id');
    const coordinatorId = values.get('coordinator_id');
    const isv = values.get('coordinator_initial_shared_version');
    if (!packageId || !coordinatorId || !isv || !/^\d+$/.test(isv)) {
      throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, 'the local chain database has no complete deployment record');
    }
    const upgrades = LocalLedger.upgradesOf(values.get(PACKAGE_UPGRADES_KEY));
    const latest = upgrades.at(-1);
    return {
      packageId,
      ...(latest === undefined ? {} : { latestPackageId: latest }),
      coordinatorId,
      coordinatorInitialSharedVersion: BigInt(isv),
    };
  }

  private static metaValue(database: LocalDatabase, key: string): string | undefined {
    return database.db.select().from(meta).where(eq(meta.key, key)).get()?.value;
  }

  private static upgradesOf(stored: string | undefined): string[] {
    if (stored === undefined) return [];
    const ids: unknown = JSON.parse(stored);
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && isValidSuiAddress(id))) {
      throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, 'the local chain database records malformed package upgrades');
    }
    return ids as string[];
  }

  /**
   * Publishes a new version of the package, as `sui client upgrade` of the same code would: a new
   * package id that calls may name from now on, while the types (and so events and abort
   * locations) keep the original id. Earlier versions stay callable, as on Sui (the package has
   * no version gate). A system transaction of its own; returns the new deployment.
   */
  async upgradePackage(): Promise<Deployment> {
    const packageId = normalizeSuiAddress(toHex(randomBytes(32)));
    const digest = systemDigest('dwallet-local/upgrade', randomBytes(32));
    this.database.sqlite.transaction(() => {
      const timestampMs = this.advanceClock(digest);
      const upgrades = [...LocalLedger.upgradesOf(LocalLedger.metaValue(this.database, PACKAGE_UPGRADES_KEY)), packageId];
      this.database.db
        .insert(meta)
        .values({ key: PACKAGE_UPGRADES_KEY, value: JSON.stringify(upgrades) })
        .onConflictDoUpdate({ target: meta.key, set: { value: JSON.stringify(upgrades) } })
        .run();
      LocalLedger.recordTransaction(
        this.database,
        'upgrade',
        digest,
        this.admin(),
        { digest, status: { success: true }, checkpoint: null, gasUsed: NO_GAS, changedObjects: [], events: [] },
        [],
        timestampMs,
      );
    })();
    this.deploymentInfo = { ...this.deploymentInfo, latestPackageId: packageId };
    this.packageVersions.add(packageId);
    return this.deployment();
  }

  /** Publishes the package: the shared coordinator (as `coordinator::init` creates it) and the AdminCap. */
  private static genesis(database: LocalDatabase, admin: string, now: () => number): LocalLedger {
    const packageId = normalizeSuiAddress(toHex(randomBytes(32)));
    const digest = genesisDigest(packageId);
    const deployment: Deployment = { packageId, coordinatorId: '', coordinatorInitialSharedVersion: 1n };
    const types = new TypeRegistry(packageId);
    const store = new ObjectStore(database.db);
    database.sqlite.transaction(() => {
      const st = new TransactionState(store, types, digest, admin);
      const table = () => ({ id: st.newId(), size: 0n });
      const coordinatorId = st.newId();
      const value: CoordinatorValue = {
        id: coordinatorId,
        epoch: 0n,
        committee: emptyCommittee(),
        pending_committee: null,
        network_keys: table(),
        active_network_keys: [],
        keys_in_generation: 0n,
        fees: zeroFees(),
        session_timeout_ms: DEFAULT_SESSION_TIMEOUT_MS,
        sessions: table(),
        dwallets: table(),
        presigns: table(),
        presign_pools: [],
        partial_signatures: table(),
        signs: table(),
        encryption_keys: table(),
        encryption_key_ids: table(),
        encrypted_shares: table(),
        encrypted_share_ids: table(),
        next_session_sequence: 0n,
        next_result_sequence: 0n,
      };
      st.create(types.coordinatorType('Coordinator'), value).owner = { kind: 'shared', initialSharedVersion: 1n };
      st.transfer(st.create(types.coordinatorType('AdminCap'), { id: st.newId() }), admin);
      const timestampMs = now();
      LocalLedger.createClock(st, timestampMs);
      st.prepaidStorage();
      const changes = st.commit(1n);
      deployment.coordinatorId = coordinatorId;
      const entries = {
        package_id: packageId,
        coordinator_id: coordinatorId,
        coordinator_initial_shared_version: '1',
        admin,
        chain_id: toHex(randomBytes(16)),
      };
      for (const [key, v] of Object.entries(entries)) database.db.insert(meta).values({ key, value: v }).run();
      LocalLedger.recordTransaction(
        database,
        'genesis',
        digest,
        admin,
        { digest, status: { success: true }, checkpoint: null, gasUsed: NO_GAS, changedObjects: changes, events: [] },
        [],
        timestampMs,
      );
    })();
    return new LocalLedger(database, deployment, now);
  }

  /** Sui's `Clock` as genesis creates it: at 0x6, shared from version 1. */
  private static createClock(st: TransactionState, timestampMs: number): void {
    const clock = st.create(SUI_CLOCK_TYPE, { id: SUI_CLOCK_OBJECT_ID, timestamp_ms: BigInt(timestampMs) });
    clock.owner = { kind: 'shared', initialSharedVersion: SUI_CLOCK_INITIAL_SHARED_VERSION };
  }

  /** A chain created before the local chain had a `Clock` gets one (at version 1, as at genesis). */
  private ensureClock(): void {
    if (this.store.get(SUI_CLOCK_OBJECT_ID) !== null) return;
    this.database.sqlite.transaction(() => {
      const st = new TransactionState(this.store, this.types, systemDigest('dwallet-local/clock-genesis'), SYSTEM_SENDER);
      LocalLedger.createClock(st, this.now());
      st.commit(SUI_CLOCK_INITIAL_SHARED_VERSION);
    })();
  }

  /**
   * The checkpoint's timestamp, written into the `Clock` first (Sui's consensus commit prologue):
   * the wall clock, or the last timestamp when the wall clock went back (Sui's clock never does).
   * Runs inside the checkpoint's SQLite transaction, so a rejected transaction leaves it unchanged.
   */
  private advanceClock(label: string): number {
    const st = new TransactionState(
      this.store,
      this.types,
      systemDigest('dwallet-local/clock', new TextEncoder().encode(label)),
      SYSTEM_SENDER,
    );
    const clock = st.load(SUI_CLOCK_OBJECT_ID) as LiveObject<{ id: string; timestamp_ms: bigint }>;
    const previous = clock.value.timestamp_ms;
    const now = BigInt(Math.trunc(this.now()));
    const timestampMs = now > previous ? now : previous;
    clock.value.timestamp_ms = timestampMs;
    st.commit((clock.original?.version ?? SUI_CLOCK_INITIAL_SHARED_VERSION) + 1n);
    return Number(timestampMs);
  }

  close(): void {
    this.database.close();
  }

  async deployment(): Promise<Deployment> {
    return { ...this.deploymentInfo };
  }

  async getReferenceGasPrice(): Promise<bigint> {
    return REFERENCE_GAS_PRICE;
  }

  /**
   * The chain's identifier, as Sui's is the digest of its genesis (base58): here the digest of the
   * genesis transaction, which names the package, so every local chain has its own.
   */
  chainIdentifier(): string {
    return genesisDigest(this.deploymentInfo.packageId);
  }

  /** The address that received the AdminCap at genesis. */
  admin(): string {
    const row = this.database.db.select().from(meta).where(eq(meta.key, 'admin')).get();
    if (!row) throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, 'no admin recorded');
    return row.value;
  }

  // === Transactions ===

  /** Decodes transaction bytes and checks what Sui checks of the data alone (size, kind, sender, sponsor). */
  private decodeTransaction(bytes: Uint8Array): DecodedTransaction {
    if (!(bytes instanceof Uint8Array)) rejected(ChainErrorCodes.TX_MALFORMED, 'a transaction is bytes');
    if (bytes.length > MAX_TRANSACTION_SIZE)
      rejected(ChainErrorCodes.TX_TOO_LARGE, `transaction of ${bytes.length} bytes exceeds ${MAX_TRANSACTION_SIZE}`);
    let data: TxData;
    try {
      data = decodeExact(bcs.TransactionData, bytes, 'TransactionData');
    } catch (error) {
      return rejected(ChainErrorCodes.TX_MALFORMED, `not a BCS TransactionData: ${(error as Error).message}`);
    }
    const v1 = data.V1;
    if (!v1) rejected(ChainErrorCodes.TX_UNSUPPORTED, 'only TransactionData V1 is supported');
    const ptb = v1.kind.ProgrammableTransaction;
    if (!ptb) rejected(ChainErrorCodes.TX_UNSUPPORTED, `transaction kind ${v1.kind.$kind} is not supported by the local chain`);
    if (v1.expiration.$kind !== 'None' && v1.expiration.$kind !== 'Epoch') {
      rejected(ChainErrorCodes.TX_UNSUPPORTED, `expiration ${v1.expiration.$kind} is not supported by the local chain`);
    }
    const sender = normalizeSuiAddress(v1.sender);
    if (normalizeSuiAddress(v1.gasData.owner) !== sender)
      rejected(ChainErrorCodes.TX_UNSUPPORTED, 'sponsored transactions are not supported by the local chain');
    return {
      digest: TransactionDataBuilder.getDigestFromBytes(bytes),
      sender,
      gasData: v1.gasData,
      inputs: ptb.inputs,
      commands: ptb.commands as unknown as Command[],
    };
  }

  async executeTransaction(transaction: SignedTransaction): Promise<TransactionResult> {
    const { bytes, signatures } = transaction;
    if (!(bytes instanceof Uint8Array) || !Array.isArray(signatures))
      rejected(ChainErrorCodes.TX_MALFORMED, 'a transaction is bytes and a list of signatures');
    const decoded = this.decodeTransaction(bytes);
    const { digest, sender } = decoded;
    if (signatures.length !== 1 || typeof signatures[0] !== 'string')
      rejected(ChainErrorCodes.TX_BAD_SIGNATURE, "exactly one signature (the sender's) is expected");
    const signature = signatures[0];
    let scheme: string;
    try {
      scheme = parseSerializedSignature(signature).signatureScheme;
    } catch (error) {
      return rejected(ChainErrorCodes.TX_BAD_SIGNATURE, `not a serialized Sui signature: ${(error as Error).message}`);
    }
    if (scheme === 'ZkLogin') rejected(ChainErrorCodes.TX_UNSUPPORTED, 'zkLogin signatures are not supported by the local chain');
    try {
      await verifyTransactionSignature(bytes, signature, { address: sender });
    } catch (error) {
      return rejected(ChainErrorCodes.TX_BAD_SIGNATURE, `the signature does not verify for sender ${sender}: ${(error as Error).message}`);
    }
    const previous = this.storedResult(digest);
    if (previous) return previous;
    const result = this.database.sqlite.transaction(() => {
      const timestampMs = this.advanceClock(digest);
      const { result: executed, emitted } = this.executeVerified(decoded);
      return LocalLedger.recordTransaction(this.database, 'programmable', digest, sender, executed, emitted, timestampMs, {
        bytes,
        signatures,
      });
    })();
    // Committed: the followers waiting for events look again (a transaction without events wakes them for nothing).
    if (result.events.length > 0) this.waiters.notify();
    return result;
  }

  /**
   * Runs a transaction without committing anything: inside a database transaction that is rolled
   * back, so no object, transaction, checkpoint or event is recorded and no follower is woken. The
   * checks are execution's but the signature (there is none). A transaction without gas payment
   * runs with Sui's mock gas coin ({@link MOCK_GAS_COIN_ID}), which its effects then show.
   */
  async simulateTransaction(transaction: Uint8Array): Promise<SimulatedTransaction> {
    const decoded = this.decodeTransaction(transaction);
    let simulated: SimulatedTransaction | undefined;
    try {
      this.database.sqlite.transaction(() => {
        // The Clock reads as it would if the transaction ran now (rolled back with the rest).
        this.advanceClock(decoded.digest);
        const { result, emitted } = this.executeVerified(
          decoded.gasData.payment.length > 0 ? decoded : { ...decoded, gasData: this.mockGas(decoded) },
        );
        const { checkpoint: _, ...rest } = result;
        simulated = {
          ...rest,
          events: emitted.map((event, eventSeq) => ({
            id: { txDigest: decoded.digest, eventSeq },
            cursor: null,
            checkpoint: null,
            timestampMs: null,
            packageId: event.packageId ?? this.deploymentInfo.packageId,
            module: event.module ?? 'coordinator',
            sender: decoded.sender,
            type: event.type,
            bcs: event.bcs,
          })),
        };
        throw ROLLBACK;
      })();
    } catch (error) {
      if (error !== ROLLBACK) throw error;
    }
    if (simulated === undefined) throw new ChainStoreError(ChainErrorCodes.INTERNAL, 'the simulation produced no result');
    return simulated;
  }

  /** Puts Sui's mock gas coin in the store (inside a simulation's rolled-back transaction) and pays with it. */
  private mockGas(decoded: DecodedTransaction): GasData {
    const base = {
      id: MOCK_GAS_COIN_ID,
      version: 1n,
      type: SUI_COIN_TYPE,
      owner: { kind: 'address', address: decoded.sender } as const,
      bcs: this.types
        .schema(SUI_COIN_TYPE)
        .bcs.serialize({ id: MOCK_GAS_COIN_ID, balance: { value: MOCK_GAS_COIN_VALUE } })
        .toBytes(),
      previousTransaction: systemDigest('dwallet-local/mock-gas'),
    };
    const digest = objectDigest(base);
    this.store.put({ ...base, digest, storageRebate: 0n });
    return { ...decoded.gasData, payment: [{ objectId: MOCK_GAS_COIN_ID, version: '1', digest }] };
  }

  private storedResult(digest: string): TransactionResult | null {
    const row = this.database.db.select({ result: transactions.result }).from(transactions).where(eq(transactions.digest, digest)).get();
    if (!row) return null;
    return transactionResultFromJson(JSON.parse(row.result), (message) => {
      throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, `stored result of ${digest} is invalid: ${message}`);
    });
  }

  /** Sui's limits on the shape of a programmable transaction, checked before anything runs. */
  private validateShape(inputs: PtbInputs, commands: Command[], gasCoins: number): void {
    if (commands.length > MAX_PROGRAMMABLE_TX_COMMANDS) {
      rejected(
        ChainErrorCodes.TX_TOO_LARGE,
        `${commands.length} commands, above Sui's max_programmable_tx_commands (${MAX_PROGRAMMABLE_TX_COMMANDS})`,
        { commands: commands.length, limit: MAX_PROGRAMMABLE_TX_COMMANDS },
      );
    }
    const objects = inputs.filter((input) => input.Object).length + gasCoins;
    if (objects > MAX_INPUT_OBJECTS) {
      rejected(ChainErrorCodes.TX_TOO_LARGE, `${objects} object inputs, above Sui's max_input_objects (${MAX_INPUT_OBJECTS})`, {
        objects,
        limit: MAX_INPUT_OBJECTS,
      });
    }
    if (gasCoins > MAX_GAS_PAYMENT_OBJECTS) {
      rejected(ChainErrorCodes.TX_TOO_LARGE, `${gasCoins} gas coins, above Sui's max_gas_payment_objects (${MAX_GAS_PAYMENT_OBJECTS})`);
    }
    commands.forEach((command, index) => {
      const count =
        'MoveCall' in command
          ? command.MoveCall.arguments.length
          : 'TransferObjects' in command
            ? command.TransferObjects.objects.length + 1
            : 'SplitCoins' in command
              ? command.SplitCoins.amounts.length + 1
              : 'MergeCoins' in command
                ? command.MergeCoins.sources.length + 1
                : 0;
      if (count > MAX_COMMAND_ARGUMENTS) {
        rejected(
          ChainErrorCodes.TX_TOO_LARGE,
          `command ${index} has ${count} arguments, above Sui's max_arguments (${MAX_COMMAND_ARGUMENTS})`,
          {
            command: index,
          },
        );
      }
    });
  }

  private validateCommands(commands: Command[]): void {
    commands.forEach((command, index) => {
      const kind = Object.keys(command).find((k) => k !== '$kind') ?? '';
      if (!['MoveCall', 'TransferObjects', 'SplitCoins', 'MergeCoins'].includes(kind)) {
        rejected(ChainErrorCodes.TX_UNSUPPORTED, `command ${index}: ${kind} is not supported by the local chain`, { command: index, kind });
      }
      if (!('MoveCall' in command)) return;
      const call = command.MoveCall;
      const target = `${normalizeSuiAddress(call.package)}::${call.module}::${call.function}`;
      const isStdAppend =
        normalizeSuiAddress(call.package) === STD_PACKAGE &&
        call.module === 'vector' &&
        call.function === 'append' &&
        call.typeArguments.length === 1 &&
        call.typeArguments[0] === 'u8';
      const isPackageCall =
        this.packageVersions.has(normalizeSuiAddress(call.package)) &&
        packageFunction(call.module, call.function) !== undefined &&
        call.typeArguments.length === 0;
      if (!isStdAppend && !isPackageCall) {
        rejected(
          ChainErrorCodes.TX_UNSUPPORTED,
          `command ${index}: ${target} cannot run on the local chain (only the public functions of the dwallet package's coordinator and vault modules, and 0x1::vector::append<u8>)`,
          { command: index, target },
        );
      }
    });
  }

  /** Runs a decoded transaction inside the caller's database transaction; Sui's refusals before execution are thrown. */
  private executeVerified({ digest, sender, gasData, inputs, commands }: DecodedTransaction): Executed {
    this.validateShape(inputs, commands, gasData.payment.length);
    this.validateCommands(commands);
    const price = BigInt(gasData.price);
    const budget = BigInt(gasData.budget);
    const minimum = price * BASE_COMPUTATION_UNITS;
    if (price < REFERENCE_GAS_PRICE)
      rejected(ChainErrorCodes.TX_INSUFFICIENT_GAS, `gas price ${price} is below the reference price ${REFERENCE_GAS_PRICE}`);
    if (budget < minimum) {
      rejected(ChainErrorCodes.TX_INSUFFICIENT_GAS, `GasBudgetTooLow: gas budget ${budget} is below the minimum ${minimum}`, {
        gasBudget: budget.toString(),
        minBudget: minimum.toString(),
      });
    }
    if (budget > MAX_GAS_BUDGET) {
      rejected(ChainErrorCodes.TX_INSUFFICIENT_GAS, `GasBudgetTooHigh: gas budget ${budget} exceeds ${MAX_GAS_BUDGET}`, {
        gasBudget: budget.toString(),
        maxBudget: MAX_GAS_BUDGET.toString(),
      });
    }
    if (gasData.payment.length === 0) rejected(ChainErrorCodes.TX_INSUFFICIENT_GAS, 'no gas coin given');

    const seen = new Set<string>();
    const checkOwned = (ref: { objectId: string; version: string; digest: string }, what: string): void => {
      const id = normalizeSuiAddress(ref.objectId);
      if (seen.has(id)) rejected(ChainErrorCodes.TX_MALFORMED, `${what}: object ${id} is given twice`);
      seen.add(id);
      const stored = this.store.get(id);
      if (!stored || stored.owner.kind === 'deleted' || stored.owner.kind === 'wrapped') {
        rejected(ChainErrorCodes.TX_OBJECT_NOT_FOUND, `${what}: object ${id} does not exist (or was deleted or wrapped)`, { objectId: id });
      }
      if (stored.version !== BigInt(ref.version) || stored.digest !== ref.digest) {
        rejected(ChainErrorCodes.TX_OBJECT_VERSION_MISMATCH, `${what}: object ${id} is at version ${stored.version}, not ${ref.version}`, {
          objectId: id,
          version: stored.version.toString(),
        });
      }
      if (stored.owner.kind === 'shared')
        rejected(ChainErrorCodes.TX_MALFORMED, `${what}: object ${id} is shared and must be given as a shared input`);
      if (!(stored.owner.kind === 'address' && stored.owner.address === sender) && stored.owner.kind !== 'immutable') {
        rejected(ChainErrorCodes.TX_OBJECT_NOT_OWNED, `${what}: object ${id} is not owned by the sender`, { objectId: id });
      }
    };
    gasData.payment.forEach((ref) => {
      checkOwned(ref, 'gas');
      if (this.store.get(normalizeSuiAddress(ref.objectId))?.type !== SUI_COIN_TYPE)
        rejected(ChainErrorCodes.TX_INSUFFICIENT_GAS, 'a gas object is not a SUI coin');
    });

    type Resolved = { kind: 'pure'; bytes: Uint8Array } | { kind: 'object'; id: string; shared: boolean; mutable: boolean };
    const resolveInput = (input: PtbInputs[number], index: number): Resolved => {
      if (input.Pure) {
        const bytes = fromBase64(input.Pure.bytes);
        if (bytes.length > MAX_PURE_ARGUMENT_SIZE) {
          rejected(
            ChainErrorCodes.TX_TOO_LARGE,
            `input ${index}: a pure argument of ${bytes.length} bytes exceeds ${MAX_PURE_ARGUMENT_SIZE}; assemble it with 0x1::vector::append`,
          );
        }
        return { kind: 'pure', bytes };
      }
      if (!input.Object)
        return rejected(ChainErrorCodes.TX_UNSUPPORTED, `input ${index}: ${input.$kind} inputs are not supported by the local chain`);
      const arg = input.Object as ObjectArg;
      if ('ImmOrOwnedObject' in arg) {
        checkOwned(arg.ImmOrOwnedObject, `input ${index}`);
        return { kind: 'object', id: normalizeSuiAddress(arg.ImmOrOwnedObject.objectId), shared: false, mutable: true };
      }
      if ('SharedObject' in arg) {
        const id = normalizeSuiAddress(arg.SharedObject.objectId);
        // Sui refuses the Clock as a mutable input (UserInputError::ImmutableParameterExpectedError,
        // sui-types transaction.rs): only the consensus commit prologue changes it.
        if (id === SUI_CLOCK_OBJECT_ID && arg.SharedObject.mutable)
          rejected(ChainErrorCodes.TX_MALFORMED, `input ${index}: the Clock (0x6) can only be an immutable input`, { objectId: id });
        if (seen.has(id)) rejected(ChainErrorCodes.TX_MALFORMED, `input ${index}: object ${id} is given twice`);
        seen.add(id);
        const stored = this.store.get(id);
        if (stored?.owner.kind !== 'shared')
          rejected(ChainErrorCodes.TX_OBJECT_NOT_FOUND, `input ${index}: ${id} is not a shared object`, { objectId: id });
        if (stored.owner.initialSharedVersion !== BigInt(arg.SharedObject.initialSharedVersion)) {
          rejected(
            ChainErrorCodes.TX_OBJECT_VERSION_MISMATCH,
            `input ${index}: ${id} was shared at version ${stored.owner.initialSharedVersion}`,
            { objectId: id },
          );
        }
        return { kind: 'object', id, shared: true, mutable: arg.SharedObject.mutable };
      }
      return rejected(ChainErrorCodes.TX_UNSUPPORTED, `input ${index}: receiving arguments are not supported by the local chain`);
    };
    const resolved: Resolved[] = inputs.map(resolveInput);

    const gasIds = gasData.payment.map((ref) => normalizeSuiAddress(ref.objectId));
    const available = gasIds.reduce((sum, id) => sum + this.coinBalance(id), 0n);
    // Sui's UserInputError::GasBalanceTooLow: the gas coins together must hold the whole budget.
    if (available < budget) {
      rejected(ChainErrorCodes.TX_INSUFFICIENT_GAS, `GasBalanceTooLow: the gas coins hold ${available}, below the budget ${budget}`, {
        gasBalance: available.toString(),
        neededGasAmount: budget.toString(),
      });
    }
    // The gas coins are merged into the first before execution; their sum must be a coin balance.
    if (available > MAX_U64) rejected(ChainErrorCodes.TX_MALFORMED, `the gas coins hold ${available} together, more than a u64`);

    let lamport = 0n;
    for (const id of [...gasIds, ...resolved.flatMap((r) => (r.kind === 'object' ? [r.id] : []))]) {
      const version = this.store.get(id)?.version ?? 0n;
      if (version > lamport) lamport = version;
    }
    lamport += 1n;

    const meter = new GasMeter(price, budget);
    const st = new TransactionState(this.store, this.types, digest, sender, meter);
    try {
      const gasCoin = this.smashGas(st, gasIds);
      const resolvedInputs: ResolvedInput[] = resolved.map((r) => {
        if (r.kind === 'pure') return r;
        const object = st.load(r.id) as LiveObject;
        object.input = !r.shared || r.mutable;
        return { kind: 'object', object, shared: r.shared, mutable: r.mutable };
      });
      // The budget is off limits to the commands: the gas coin they see holds the rest.
      gasCoin.value.balance.value -= budget;
      new PtbExecutor(st, resolvedInputs, gasCoin, meter).run(commands);
      st.checkWrites();
      meter.finishComputation();
      LocalLedger.chargeStorage(st, meter);
      const gasUsed = meter.summary();
      gasCoin.value.balance.value += budget - netGasCost(gasUsed);
      const unplaced = st.unplaced();
      if (unplaced.length > 0)
        throw new ChainStoreError(ChainErrorCodes.INTERNAL, `objects left without owner: ${unplaced.map((o) => o.id).join(', ')}`);
      const changes = st.commit(lamport);
      // Sui names an event's package by the function the transaction called (the version it named).
      const packageId = calledPackage(commands);
      return {
        result: { digest, status: { success: true }, checkpoint: null, gasUsed, changedObjects: changes, events: [] },
        emitted: st.events.map((e) => ({ type: e.type, bcs: e.bcs, packageId, module: e.module })),
      };
    } catch (error) {
      if (!(error instanceof ExecutionFailure)) throw error;
      // As Sui after a failure: the writes are dropped, the gas coins smashed again, the computation
      // bucketized and the gas coin's storage charged; out of gas, the whole budget is computation,
      // and only the rebates of the objects deleted (the merged gas coins) come back.
      meter.resetStorage();
      const failed = new TransactionState(this.store, this.types, digest, sender);
      const coin = this.smashGas(failed, gasIds);
      if (meter.exhausted !== 'storage') {
        LocalLedger.ignoringOutOfGas(() => meter.finishComputation());
        LocalLedger.ignoringOutOfGas(() => LocalLedger.chargeStorage(failed, meter));
      }
      if (meter.exhausted === 'storage') {
        for (const change of failed.storageChanges()) if (change.size === null) meter.trackStorage(null, change.previousRebate);
      }
      const gasUsed = meter.summary();
      coin.value.balance.value -= netGasCost(gasUsed);
      const changes = failed.commit(lamport);
      return {
        result: { digest, status: { success: false, error: error.error }, checkpoint: null, gasUsed, changedObjects: changes, events: [] },
        emitted: [],
      };
    }
  }

  /**
   * Sui's storage charge (gas.ts): tracks the storage of every object `st` writes and the rebate
   * of every object it rewrites, deletes or wraps, fails the transaction when the budget cannot pay
   * the difference, and otherwise gives each written object its new rebate.
   */
  private static chargeStorage(st: TransactionState, meter: GasMeter): void {
    const changes = st.storageChanges();
    const rebates = changes.map((change) => meter.trackStorage(change.size, change.previousRebate));
    meter.chargeStorage();
    changes.forEach((change, i) => {
      if (change.size !== null) change.object.storageRebate = rebates[i];
    });
  }

  /** Runs a gas step of a transaction that already failed: running out of gas now changes what it pays, not its error. */
  private static ignoringOutOfGas(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!(error instanceof ExecutionFailure)) throw error;
    }
  }

  private coinBalance(id: string): bigint {
    const stored = this.store.get(id);
    if (!stored) return 0n;
    return (this.types.schema(stored.type).bcs.parse(stored.bcs) as { balance: { value: bigint } }).balance.value;
  }

  /** Merges every gas coin into the first, as Sui does before charging. */
  private smashGas(st: TransactionState, gasIds: string[]): LiveObject {
    const coins = gasIds.map((id) => st.load(id) as LiveObject);
    const [primary, ...rest] = coins as [LiveObject, ...LiveObject[]];
    primary.input = true;
    for (const coin of rest) {
      primary.value.balance.value += coin.value.balance.value;
      st.delete(coin);
    }
    return primary;
  }

  /** Appends a transaction, its checkpoint and its events; returns the result as recorded. */
  private static recordTransaction(
    database: LocalDatabase,
    kind: string,
    digest: string,
    sender: string,
    result: TransactionResult,
    emitted: Array<{ type: string; bcs: Uint8Array; module?: string; packageId?: string }>,
    timestampMs: number,
    signed?: SignedTransaction,
  ): TransactionResult {
    const last = database.db
      .select({ sequence: transactions.sequence })
      .from(transactions)
      .orderBy(desc(transactions.sequence))
      .limit(1)
      .get();
    const checkpoint = last ? last.sequence + 1 : 0;
    const packageRow = database.db.select().from(meta).where(eq(meta.key, 'package_id')).get();
    const packageId = packageRow?.value ?? SYSTEM_SENDER;
    const chainEvents: ChainEvent[] = emitted.map((event, eventSeq) => {
      const inserted = database.db
        .insert(events)
        .values({
          txDigest: digest,
          eventSeq,
          checkpoint,
          timestampMs,
          packageId: event.packageId ?? packageId,
          module: event.module ?? 'coordinator',
          sender,
          type: event.type,
          bcs: Buffer.from(event.bcs),
        })
        .returning({ sequence: events.sequence })
        .get();
      return {
        id: { txDigest: digest, eventSeq },
        cursor: String(inserted.sequence),
        checkpoint: BigInt(checkpoint),
        timestampMs,
        packageId: event.packageId ?? packageId,
        module: event.module ?? 'coordinator',
        sender,
        type: event.type,
        bcs: event.bcs,
      };
    });
    const recorded: TransactionResult = { ...result, checkpoint: BigInt(checkpoint), events: chainEvents };
    database.db
      .insert(transactions)
      .values({
        sequence: checkpoint,
        digest,
        sender,
        kind,
        success: result.status.success,
        result: JSON.stringify(transactionResultToJson(recorded)),
        timestampMs,
        ...(signed === undefined ? {} : { bcs: Buffer.from(signed.bytes), signatures: JSON.stringify(signed.signatures) }),
      })
      .run();
    return recorded;
  }

  /**
   * A recorded transaction by digest, with the data and signatures its sender submitted (none for
   * the chain's own transactions: genesis, faucet, clock, upgrade); null when there is none.
   */
  getTransaction(digest: string): { result: TransactionResult; signed: SignedTransaction | null } | null {
    const row = this.database.db
      .select({ bcs: transactions.bcs, signatures: transactions.signatures })
      .from(transactions)
      .where(eq(transactions.digest, digest))
      .get();
    const result = this.storedResult(digest);
    if (!row || !result) return null;
    if (row.bcs === null || row.signatures === null) return { result, signed: null };
    const signatures: unknown = JSON.parse(row.signatures);
    if (!Array.isArray(signatures) || !signatures.every((s) => typeof s === 'string')) {
      throw new ChainStoreError(ChainErrorCodes.STORE_INVALID, `stored signatures of ${digest} are invalid`);
    }
    return { result, signed: { bytes: new Uint8Array(row.bcs), signatures: signatures as string[] } };
  }

  // === Faucet ===

  /** Mints a new SUI coin of `amount` MIST owned by `address` (a system transaction of its own). */
  async faucet(address: string, amount: bigint = DEFAULT_FAUCET_AMOUNT): Promise<{ digest: string; coin: ChainObject }> {
    if (typeof address !== 'string' || !isValidSuiAddress(normalizeSuiAddress(address))) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `not a Sui address: ${String(address)}`);
    }
    if (typeof amount !== 'bigint' || amount <= 0n || amount > MAX_FAUCET_AMOUNT) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `faucet amount must be between 1 and ${MAX_FAUCET_AMOUNT} MIST`);
    }
    const owner = normalizeSuiAddress(address);
    const digest = systemDigest('dwallet-local/faucet', randomBytes(32));
    const coinId = this.database.sqlite.transaction(() => {
      const timestampMs = this.advanceClock(digest);
      const st = new TransactionState(this.store, this.types, digest, SYSTEM_SENDER);
      const coin = st.create(SUI_COIN_TYPE, { id: st.newId(), balance: { value: amount } });
      st.transfer(coin, owner);
      st.prepaidStorage();
      const changes: ObjectChange[] = st.commit(1n);
      LocalLedger.recordTransaction(
        this.database,
        'faucet',
        digest,
        SYSTEM_SENDER,
        { digest, status: { success: true }, checkpoint: null, gasUsed: NO_GAS, changedObjects: changes, events: [] },
        [],
        timestampMs,
      );
      return coin.id;
    })();
    const coin = await this.getObject(coinId);
    if (!coin) throw new ChainStoreError(ChainErrorCodes.INTERNAL, 'the minted coin is missing');
    return { digest, coin };
  }

  // === Reads ===

  async getObject(objectId: string): Promise<ChainObject | null> {
    if (typeof objectId !== 'string' || !isValidSuiAddress(normalizeSuiAddress(objectId))) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `not an object id: ${String(objectId)}`);
    }
    const stored = this.store.get(normalizeSuiAddress(objectId));
    if (!stored || stored.owner.kind === 'deleted' || stored.owner.kind === 'wrapped') return null;
    return { objectId: stored.id, version: stored.version, digest: stored.digest, type: stored.type, owner: stored.owner, bcs: stored.bcs };
  }

  async listOwnedObjects(
    owner: string,
    options: { type?: string; cursor?: string | null; limit?: number } = {},
  ): Promise<OwnedObjectsPage> {
    if (typeof owner !== 'string' || !isValidSuiAddress(normalizeSuiAddress(owner))) {
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `not a Sui address: ${String(owner)}`);
    }
    const cursor = options.cursor ?? null;
    if (cursor !== null && !/^0x[0-9a-f]{64}$/.test(cursor))
      throw new ChainRequestError(ChainErrorCodes.INVALID_CURSOR, 'an owned-objects cursor is an object id');
    const limit = options.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE)
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `limit must be 1..${MAX_EVENT_PAGE}`);
    const rows = this.store.listOwned(normalizeSuiAddress(owner), options.type, cursor, limit + 1);
    const page = rows.slice(0, limit);
    return {
      objects: page.map((s) => ({
        objectId: s.id,
        version: s.version,
        digest: s.digest,
        type: s.type,
        owner: s.owner as ChainObject['owner'],
        bcs: s.bcs,
      })),
      nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async listEvents(query: ListEventsQuery = {}): Promise<EventPage> {
    const after = query.after ?? null;
    const start = eventCursorStart(after);
    const limit = query.limit ?? DEFAULT_EVENT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EVENT_PAGE)
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `limit must be 1..${MAX_EVENT_PAGE}`);
    const rows = this.database.db
      .select()
      .from(events)
      .where(gt(events.sequence, start))
      .orderBy(asc(events.sequence))
      .limit(limit + 1)
      .all();
    const page = rows.slice(0, limit).map(
      (row): ChainEvent => ({
        id: { txDigest: row.txDigest, eventSeq: row.eventSeq },
        cursor: String(row.sequence),
        checkpoint: BigInt(row.checkpoint),
        timestampMs: row.timestampMs,
        packageId: row.packageId,
        module: row.module,
        sender: row.sender,
        type: row.type,
        bcs: new Uint8Array(row.bcs),
      }),
    );
    const last = page[page.length - 1];
    return { events: page, nextCursor: last ? (last.cursor as string) : after, hasNextPage: rows.length > limit };
  }

  async waitForEvents(after: EventCursor | null, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const start = eventCursorStart(after);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > MAX_EVENT_WAIT_MS)
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `an event wait is 0..${MAX_EVENT_WAIT_MS} ms`);
    // Prepared once: a waiter checks it at every commit while it waits.
    this.eventAfter ??= this.database.sqlite.prepare<[number], number>('SELECT 1 FROM events WHERE sequence > ? LIMIT 1').pluck();
    const eventAfter = this.eventAfter;
    return this.waiters.wait(() => eventAfter.get(start) !== undefined, timeoutMs, signal);
  }

  /**
   * Resolves `true` once a checkpoint after `after` is recorded, `false` after `timeoutMs`
   * (at most the event wait's bound) or when `signal` aborts.
   */
  async waitForCheckpoint(after: bigint, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > MAX_EVENT_WAIT_MS)
      throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, `a checkpoint wait is 0..${MAX_EVENT_WAIT_MS} ms`);
    return this.waiters.wait(() => this.latestCheckpoint() > after, timeoutMs, signal);
  }

  /** The number of the latest checkpoint. */
  latestCheckpoint(): bigint {
    // Prepared once: checkpoint waiters (the gRPC checkpoint stream) ask at every commit.
    this.maxCheckpoint ??= this.database.sqlite.prepare<[], number | null>('SELECT max(sequence) FROM transactions').pluck();
    return BigInt(this.maxCheckpoint.get() ?? 0);
  }
}
