/**
 * Independent checks of a signed transaction before it is shown or returned: the libraries the
 * chains' own tools use decide, not the code that assembled it.
 *
 *  - Ethereum: viem parses the signed EIP-1559 serialisation and recovers its sender, which must be
 *    the expected address (the dWallet's);
 *  - Bitcoin: @scure/btc-signer parses the raw transaction and recomputes each input's BIP-143
 *    sighash from the spent amounts; the witness must be [DER signature ‖ SIGHASH_ALL, the
 *    dWallet's compressed key], and @noble/curves must verify the signature (low s) under that
 *    sighash and key;
 *  - Taproot (BIP-86 key path): @scure/btc-signer parses the raw transaction, derives the output
 *    key x(Q) from the dWallet key with its own p2tr and recomputes each input's BIP-341
 *    SIGHASH_DEFAULT sighash from the spent amounts; the witness must be one 64-byte signature,
 *    and @noble/curves' BIP-340 verification must accept it under x(Q);
 *  - Solana: @solana/kit decodes the wire transaction and its message; the fee payer must be the
 *    dWallet's address, every signer's signature present, and kit's `verifySignature` (WebCrypto
 *    Ed25519) must accept each over the message bytes.
 *
 * The Taproot and Solana checks throw a ChainHelperError with code CLIENT_TRANSACTION_UNVERIFIED.
 * @module
 */
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { p2tr, p2wpkh, SigHash, Transaction } from '@scure/btc-signer';
import {
  getAddressDecoder,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  getPublicKeyFromAddress,
  getTransactionDecoder,
  type SignatureBytes,
  type Address as SolanaAddress,
  verifySignature,
} from '@solana/kit';
import { type Address, parseTransaction, recoverTransactionAddress, type TransactionSerializedEIP1559 } from 'viem';
import { ChainHelperError, ChainHelperErrorCodes } from './chains/errors.ts';

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
  const tx = Transaction.fromRaw(hexToBytes(hex), { allowUnknownOutputs: true });
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

function unverified(message: string, details: Record<string, unknown> = {}, cause?: unknown): ChainHelperError {
  return new ChainHelperError(ChainHelperErrorCodes.TRANSACTION_UNVERIFIED, message, details, cause === undefined ? undefined : { cause });
}

/**
 * Fails unless every input of the signed transaction spends the BIP-86 P2TR output of the dWallet
 * key `publicKey` (33 bytes, X) by the key path: its witness is one 64-byte BIP-340 signature
 * (SIGHASH_DEFAULT) that verifies under x(Q) against the input's BIP-341 sighash, recomputed by
 * @scure/btc-signer from the parsed transaction and the spent amounts.
 */
export function verifyTaprootTransaction(hex: string, publicKey: Uint8Array, spentAmounts: readonly bigint[]): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 33 || (publicKey[0] !== 2 && publicKey[0] !== 3)) {
    throw unverified('the dWallet key is not a 33-byte compressed secp256k1 key');
  }
  let tx: Transaction;
  let outputKey: Uint8Array;
  let script: Uint8Array;
  try {
    tx = Transaction.fromRaw(hexToBytes(hex), { allowUnknownOutputs: true });
    // BIP-86: the internal key is x(X); p2tr applies the TapTweak with no script tree.
    const payment = p2tr(publicKey.subarray(1));
    outputKey = payment.tweakedPubkey;
    script = payment.script;
  } catch (cause) {
    throw unverified(`the transaction or the key does not parse: ${(cause as Error).message}`, {}, cause);
  }
  if (tx.inputsLength !== spentAmounts.length) {
    throw unverified(`${tx.inputsLength} inputs, ${spentAmounts.length} amounts`, {
      inputs: tx.inputsLength,
      amounts: spentAmounts.length,
    });
  }
  const scripts = spentAmounts.map(() => script);
  for (let i = 0; i < tx.inputsLength; i++) {
    const witness = tx.getInput(i).finalScriptWitness;
    if (witness?.length !== 1 || witness[0]?.length !== 64) {
      throw unverified(`input ${i}: not a key-path witness of one 64-byte signature (SIGHASH_DEFAULT)`, { index: i });
    }
    const sighash = tx.preimageWitnessV1(i, scripts, SigHash.DEFAULT, [...spentAmounts]);
    if (!schnorr.verify(witness[0], sighash, outputKey)) {
      throw unverified(`input ${i}: the signature does not verify under x(Q) against the BIP-341 sighash`, { index: i });
    }
  }
}

/**
 * Fails unless the base64 wire transaction decodes with @solana/kit, is paid for by the address
 * of the dWallet's Ed25519 key `publicKey`, and carries a valid signature of every signer over
 * its message bytes (kit's `verifySignature`).
 */
export async function verifySolanaTransaction(wireTransaction: string, publicKey: Uint8Array): Promise<void> {
  let signatures: Readonly<Record<SolanaAddress, SignatureBytes | null>>;
  let messageBytes: Uint8Array;
  let feePayer: string | undefined;
  let signerCount: number;
  try {
    const transaction = getTransactionDecoder().decode(getBase64Encoder().encode(wireTransaction));
    signatures = transaction.signatures;
    messageBytes = Uint8Array.from(transaction.messageBytes);
    const message = getCompiledTransactionMessageDecoder().decode(transaction.messageBytes);
    feePayer = message.staticAccounts[0];
    signerCount = message.header.numSignerAccounts;
  } catch (cause) {
    throw unverified(`the wire transaction does not decode: ${(cause as Error).message}`, {}, cause);
  }
  const expected = getAddressDecoder().decode(publicKey);
  if (feePayer !== expected) throw unverified(`the fee payer is ${feePayer}, not the dWallet's ${expected}`, { feePayer, expected });
  const signers = Object.keys(signatures) as SolanaAddress[];
  if (signers.length !== signerCount || signers.length === 0) {
    throw unverified(`${signers.length} signatures for ${signerCount} signers`, { signatures: signers.length, signers: signerCount });
  }
  for (const signer of signers) {
    const signature = signatures[signer];
    if (signature === null || signature === undefined) throw unverified(`the signature of ${signer} is missing`, { signer });
    const key = await getPublicKeyFromAddress(signer);
    if (!(await verifySignature(key, signature, messageBytes))) {
      throw unverified(`the signature of ${signer} does not verify over the message`, { signer });
    }
  }
}
