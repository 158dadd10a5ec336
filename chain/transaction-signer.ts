/**
 * Turning a `Transaction` into signed bytes a `Chain` executes: sets sender, gas price (the
 * chain's reference price), budget and gas payment (the sender's largest SUI coin not used as an
 * input of the transaction), builds it offline (every object input must be a full reference,
 * which the coordinator client always gives) and signs it.
 * @module
 */
import type { Signer } from '@mysten/sui/cryptography';
import type { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { decodeExact } from '../mpc/encoding/decode.ts';
import type { Chain, ObjectRef, SignedTransaction, TransactionResult } from './chain.ts';
import { SUI_COIN_TYPE } from './constants.ts';
import { ChainErrorCodes, ChainRequestError } from './errors.ts';
import { CoinSui } from './schemas/move-type.ts';

export const DEFAULT_GAS_BUDGET = 50_000_000n;

export interface SignOptions {
  gasBudget?: bigint;
  /** Pay gas with these coins instead of choosing one. */
  gasPayment?: ObjectRef[];
}

/** The balance of a SUI coin object's contents. */
export function coinBalance(bcsBytes: Uint8Array): bigint {
  return decodeExact(CoinSui.bcs, bcsBytes, 'Coin<SUI>').balance.value;
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

export async function signTransaction(
  chain: Chain,
  tx: Transaction,
  signer: Signer,
  options: SignOptions = {},
): Promise<SignedTransaction> {
  const sender = signer.toSuiAddress();
  tx.setSender(sender);
  tx.setGasPrice(await chain.getReferenceGasPrice());
  const budget = options.gasBudget ?? DEFAULT_GAS_BUDGET;
  tx.setGasBudget(budget);
  let payment = options.gasPayment;
  if (!payment) {
    const used = inputObjectIds(tx);
    let best: { ref: ObjectRef; balance: bigint } | null = null;
    let cursor: string | null = null;
    do {
      const page = await chain.listOwnedObjects(sender, { type: SUI_COIN_TYPE, cursor, limit: 50 });
      for (const coin of page.objects) {
        if (used.has(coin.objectId)) continue;
        const balance = coinBalance(coin.bcs);
        if (!best || balance > best.balance)
          best = { ref: { objectId: coin.objectId, version: coin.version, digest: coin.digest }, balance };
      }
      cursor = page.nextCursor;
    } while (cursor);
    if (!best || best.balance < budget) {
      throw new ChainRequestError(ChainErrorCodes.NO_GAS_COIN, `${sender} has no SUI coin holding the gas budget ${budget}`, { sender });
    }
    payment = [best.ref];
  }
  tx.setGasPayment(payment.map((ref) => ({ objectId: ref.objectId, version: ref.version.toString(), digest: ref.digest })));
  const bytes = await tx.build();
  const { signature } = await signer.signTransaction(bytes);
  return { bytes, signatures: [signature] };
}

/** Signs and executes; a Move abort comes back as a failed result. */
export async function signAndExecute(chain: Chain, tx: Transaction, signer: Signer, options: SignOptions = {}): Promise<TransactionResult> {
  return chain.executeTransaction(await signTransaction(chain, tx, signer, options));
}
