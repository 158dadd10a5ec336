/** A complete Sui transaction built offline (what the SDK hands a wallet), for wallet tests. */
import { Transaction } from '@mysten/sui/transactions';

/** Gas, price, budget and a made-up gas coin set: `build()` needs no chain. */
export async function offlineTransactionBytes(sender: string, amount = 1): Promise<Uint8Array> {
  const tx = new Transaction();
  tx.setSender(sender);
  tx.setGasPrice(1000);
  tx.setGasBudget(10_000_000);
  tx.setGasPayment([{ objectId: `0x${'11'.repeat(32)}`, version: '5', digest: '4vJ9JU1bJJE96FWSJKvHsmmFADCg4gpZQff4P3bkLKi' }]);
  const [coin] = tx.splitCoins(tx.gas, [amount]);
  tx.transferObjects([coin], sender);
  return tx.build();
}
