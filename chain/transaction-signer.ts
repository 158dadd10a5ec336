/**
 * Turning a `Transaction` into signed bytes a `Chain` executes: sets sender, gas price (the
 * chain's reference price), budget and gas payment (the sender's largest SUI coin not used as an
 * input of the transaction), builds it offline (every object input must be a full reference,
 * which the coordinator client always gives) and signs it.
 *
 * The budget comes from a simulation, as Sui's SDKs set theirs: the transaction is first run by
 * the chain without gas payment (Sui's mock gas coin) at the largest budget, and is then budgeted
 * at what that run cost ({@link gasBudgetFor}). An explicit `gasBudget` skips the simulation.
 *
 * A transaction whose simulation fails (a Move abort, say) would fail on chain too: `signAndExecute`
 * does not send it and returns the simulation's failure as its result — a failed status, no gas
 * charged, no object changed (nothing was executed: an executed transaction always changes its
 * gas coin), its digest the simulated transaction's. Callers read it as they read a failure that
 * executed (the relayer's lost races, the client's TransactionFailedError). `signTransaction`
 * still signs such a transaction, budgeted at what its failure costs.
 * @module
 */
import type { Signer } from '@mysten/sui/cryptography';
import type { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { decodeExact } from '../mpc/encoding/decode.ts';
import type { Chain, GasCostSummary, ObjectRef, SignedTransaction, SimulatedTransaction, TransactionResult } from './chain.ts';
import { SUI_COIN_TYPE } from './constants.ts';
import { ChainErrorCodes, ChainRequestError } from './errors.ts';
import { CoinSui } from './schemas/move-type.ts';
import { MAX_GAS_BUDGET } from './sui-limits.ts';

/** Sui's `gas_rounding_step` (protocol version 14 on): computation is charged in steps of this many units. */
const GAS_ROUNDING_STEP = 1000n;

export interface SignOptions {
  /** A fixed budget: no simulation. */
  gasBudget?: bigint;
  /** Pay gas with these coins instead of choosing one. */
  gasPayment?: ObjectRef[];
}

/** The balance of a SUI coin object's contents. */
export function coinBalance(bcsBytes: Uint8Array): bigint {
  return decodeExact(CoinSui.bcs, bcsBytes, 'Coin<SUI>').balance.value;
}

/**
 * The budget of a transaction whose simulation used `gas` at `price`: its computation and its
 * storage, a fifth more, rounded up to a whole computation step (`gas_rounding_step` × price), at
 * most Sui's `max_tx_gas`.
 *
 * Why so: a budget is a cap, not a charge (the coin pays computation + storage − rebate). Sui
 * requires it to exceed the computation and to cover the storage net of rebates; budgeting the
 * storage gross keeps a transaction within its budget even when the objects it rewrites earn back
 * less than in the simulation. The fifth covers the shared objects it touches (the coordinator,
 * its tables) having grown between the simulation and the execution, which changes both the work
 * and the bytes written; Sui's SDK adds a fixed 1,000 units instead (`GAS_SAFE_OVERHEAD`), too
 * little for a batch of results that another submission made larger meanwhile.
 */
export function gasBudgetFor(gas: GasCostSummary, price: bigint): bigint {
  const base = gas.computationCost + gas.storageCost;
  const step = GAS_ROUNDING_STEP * price;
  const budget = ((base + (base + 4n) / 5n + step - 1n) / step) * step;
  return budget < MAX_GAS_BUDGET ? budget : MAX_GAS_BUDGET;
}

function inputObjectIds(tx: Transaction): Set<string> {
  const ids = new Set<string>();
  for (const input of tx.getData().inputs) {
    const object = input.Object;
    if (!object) continue;
    const id = object.ImmOrOwnedObject?.objectId ?? object.SharedObject?.objectId ?? object.Receiving?.objectId;
    if (id) ids.add(normalizeSuiAddress(id));
  }
  return ids;
}

/**
 * Runs `tx` (sender and price set) on the chain without gas payment at the largest budget. Its
 * expiration is set to none (what it is when unset) so that it builds offline: `@mysten/sui`
 * asks a client for one when a transaction names no gas coin.
 */
async function simulate(chain: Chain, tx: Transaction): Promise<SimulatedTransaction> {
  if (!tx.getData().expiration) tx.setExpiration({ None: true });
  tx.setGasBudget(MAX_GAS_BUDGET);
  tx.setGasPayment([]);
  return chain.simulateTransaction(await tx.build());
}

/** The sender's largest SUI coin not used as an input of `tx`; refused when it cannot hold `budget`. */
async function chooseGasCoin(chain: Chain, tx: Transaction, sender: string, budget: bigint): Promise<ObjectRef> {
  const used = inputObjectIds(tx);
  let best: { ref: ObjectRef; balance: bigint } | null = null;
  let cursor: string | null = null;
  do {
    const page = await chain.listOwnedObjects(sender, { type: SUI_COIN_TYPE, cursor, limit: 50 });
    for (const coin of page.objects) {
      if (used.has(coin.objectId)) continue;
      const balance = coinBalance(coin.bcs);
      if (!best || balance > best.balance) best = { ref: { objectId: coin.objectId, version: coin.version, digest: coin.digest }, balance };
    }
    cursor = page.nextCursor;
  } while (cursor);
  if (!best) throw new ChainRequestError(ChainErrorCodes.NO_GAS_COIN, `${sender} has no SUI coin to pay gas with`, { sender });
  if (best.balance < budget) {
    throw new ChainRequestError(
      ChainErrorCodes.INSUFFICIENT_GAS_BALANCE,
      `${sender}'s largest SUI coin holds ${best.balance} MIST, below the gas budget of ${budget} the transaction needs`,
      { sender, needed: budget.toString(), available: best.balance.toString(), coin: best.ref.objectId },
    );
  }
  return best.ref;
}

/** Sets the sender and the gas price of `tx` and, unless `options.gasBudget` is given, simulates it. */
async function begin(
  chain: Chain,
  tx: Transaction,
  signer: Signer,
  options: SignOptions,
): Promise<{ price: bigint; simulation: SimulatedTransaction | null }> {
  tx.setSender(signer.toSuiAddress());
  const price = await chain.getReferenceGasPrice();
  tx.setGasPrice(price);
  return { price, simulation: options.gasBudget === undefined ? await simulate(chain, tx) : null };
}

/** Budgets `tx` (`options.gasBudget`, or from its simulation), chooses its gas coin unless given, builds and signs it. */
async function finish(
  chain: Chain,
  tx: Transaction,
  signer: Signer,
  options: SignOptions,
  { price, simulation }: { price: bigint; simulation: SimulatedTransaction | null },
): Promise<SignedTransaction> {
  const budget = options.gasBudget ?? gasBudgetFor((simulation as SimulatedTransaction).gasUsed, price);
  tx.setGasBudget(budget);
  const payment = options.gasPayment ?? [await chooseGasCoin(chain, tx, signer.toSuiAddress(), budget)];
  tx.setGasPayment(payment.map((ref) => ({ objectId: ref.objectId, version: ref.version.toString(), digest: ref.digest })));
  const bytes = await tx.build();
  const { signature } = await signer.signTransaction(bytes);
  return { bytes, signatures: [signature] };
}

export async function signTransaction(
  chain: Chain,
  tx: Transaction,
  signer: Signer,
  options: SignOptions = {},
): Promise<SignedTransaction> {
  return finish(chain, tx, signer, options, await begin(chain, tx, signer, options));
}

/**
 * Signs and executes; a Move abort comes back as a failed result. A transaction whose simulation
 * fails is not sent: its result is the simulation's failure, nothing executed (see the module).
 */
export async function signAndExecute(chain: Chain, tx: Transaction, signer: Signer, options: SignOptions = {}): Promise<TransactionResult> {
  const started = await begin(chain, tx, signer, options);
  const { simulation } = started;
  if (simulation !== null && !simulation.status.success) {
    return {
      digest: simulation.digest,
      status: simulation.status,
      checkpoint: null,
      gasUsed: { computationCost: 0n, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n },
      changedObjects: [],
      events: [],
    };
  }
  return chain.executeTransaction(await finish(chain, tx, signer, options, started));
}
