/**
 * Independent checks of a signed transaction before it is shown or returned: the libraries the
 * chains' own tools use decide, not the code that assembled it.
 *
 *  - Ethereum: viem parses the signed EIP-1559 serialisation and recovers its sender, which must be
 *    the expected address (the dWallet's);
 *  - Bitcoin: @scure/btc-signer parses the raw transaction and recomputes each input's BIP-143
 *    sighash from the spent amounts; the witness must be [DER signature ‖ SIGHASH_ALL, the
 *    dWallet's compressed key], and @noble/curves must verify the signature (low s) under that
 *    sighash and key.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';
import { p2wpkh, SigHash, Transaction } from '@scure/btc-signer';
import { type Address, parseTransaction, recoverTransactionAddress, type TransactionSerializedEIP1559 } from 'viem';

/** Fails unless viem recovers `expected` as the sender of the signed EIP-1559 transaction. */
export async function verifyEthereumTransaction(serialized: TransactionSerializedEIP1559, expected: Address): Promise<void> {
  const from = await recoverTransactionAddress({ serializedTransaction: serialized });
  if (from.toLowerCase() !== expected.toLowerCase()) throw new Error(`viem recovers ${from} from the signed transaction, not ${expected}`);
  const parsed = parseTransaction(serialized);
  if (parsed.type !== 'eip1559' || parsed.r === undefined || parsed.yParity === undefined)
    throw new Error('not a signed EIP-1559 transaction');
}

/**
 * Fails unless every input of the signed transaction carries a P2WPKH witness by `publicKey` whose
 * signature verifies under the input's sighash, recomputed by @scure/btc-signer from the parsed
 * transaction and the spent amounts.
 */
export function verifyBitcoinTransaction(hex: string, publicKey: Uint8Array, spentAmounts: readonly bigint[]): void {
  const tx = Transaction.fromRaw(Buffer.from(hex, 'hex'), { allowUnknownOutputs: true });
  if (tx.inputsLength !== spentAmounts.length) throw new Error(`${tx.inputsLength} inputs, ${spentAmounts.length} amounts`);
  const spent = p2wpkh(publicKey);
  for (let i = 0; i < tx.inputsLength; i++) {
    const witness = tx.getInput(i).finalScriptWitness;
    if (witness?.length !== 2) throw new Error(`input ${i}: not a P2WPKH witness`);
    const [signature, witnessKey] = witness as [Uint8Array, Uint8Array];
    if (!equalBytes(witnessKey, publicKey)) throw new Error(`input ${i}: the witness key is not the dWallet's`);
    if (signature[signature.length - 1] !== SigHash.ALL) throw new Error(`input ${i}: not SIGHASH_ALL`);
    // BIP-143: the scriptCode of a P2WPKH input is the P2PKH script of its key hash.
    const scriptCode = Uint8Array.of(0x76, 0xa9, 0x14, ...spent.hash, 0x88, 0xac);
    const sighash = tx.preimageWitnessV0(i, scriptCode, SigHash.ALL, spentAmounts[i] as bigint);
    const der = signature.subarray(0, -1);
    if (!secp256k1.verify(der, sighash, publicKey, { prehash: false, format: 'der', lowS: true })) {
      throw new Error(`input ${i}: the signature does not verify under the sighash`);
    }
  }
}
