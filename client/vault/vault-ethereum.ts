/**
 * A vault's Ethereum transfer as a signed EIP-1559 transaction.
 *
 * The vault builds the unsigned transaction in Move (eip1559.move: 0x02 ‖ rlp([chainId, nonce,
 * maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data = 0x, accessList = []])) and the
 * network signs its Keccak-256. Here viem serialises the same transaction from the proposal's
 * fields, the vault's chain id and the nonce it used; the result is returned only when
 *  - viem's unsigned serialisation is byte for byte the message the network signed,
 *  - the signed serialisation is that transaction followed by the signature and recovers to the
 *    dWallet's address (client/ethereum/transaction.ts, attach), and
 *  - viem, parsing the signed transaction again, recovers the dWallet's address
 *    (client/verify-transactions.ts) — for nonces up to 2^53 − 1: viem's parser reads the nonce
 *    as a JavaScript number and refuses larger ones (EIP-2681 allows up to 2^64 − 1), and the
 *    checks above, which work on the RLP list with viem's `fromRlp` and `recoverAddress`, then
 *    stand alone.
 * @module
 */
import { equalBytes } from '@noble/curves/utils.js';
import type { Address } from 'viem';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { ethereumAddress } from '../ethereum/address.ts';
import { attachEthereumSignature, prepareEip1559Transaction, type SignedEthereumTransaction } from '../ethereum/transaction.ts';
import { verifyEthereumTransaction } from '../verify-transactions.ts';

export interface VaultEthereumTransfer {
  readonly chainId: bigint;
  readonly nonce: bigint;
  readonly to: Address;
  readonly value: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly maxFeePerGas: bigint;
  readonly gasLimit: bigint;
}

/**
 * The broadcastable transaction of a transfer from the network's 65-byte r ‖ s ‖ v signature
 * over `signedMessage` (the unsigned transaction the vault approved, as the sign object records
 * it), checked as the module says.
 *
 * Errors: CHAIN_DATA_INVALID (a chain id above 2^53 − 1, which viem cannot serialise; or a
 * signed message that is not viem's serialisation of the transfer), the Ethereum helper's
 * (ETH_SIGNER_MISMATCH, ETH_UNSUPPORTED_RECOVERY_ID …), SIGNATURE_INVALID.
 */
export async function assembleEthereumTransfer(args: {
  readonly transfer: VaultEthereumTransfer;
  readonly publicKey: Uint8Array;
  readonly signedMessage: Uint8Array;
  readonly signature: Uint8Array;
}): Promise<SignedEthereumTransaction> {
  const { transfer, publicKey } = args;
  if (transfer.chainId > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `chain id ${transfer.chainId} is above what viem serialises (2^53 − 1)`, {
      chainId: transfer.chainId.toString(),
    });
  }
  const prepared = prepareEip1559Transaction(
    {
      chainId: Number(transfer.chainId),
      nonce: transfer.nonce,
      to: transfer.to,
      value: transfer.value,
      gas: transfer.gasLimit,
      maxFeePerGas: transfer.maxFeePerGas,
      maxPriorityFeePerGas: transfer.maxPriorityFeePerGas,
    },
    { from: publicKey },
  );
  if (!equalBytes(prepared.message, args.signedMessage)) {
    throw new ClientError(
      ClientErrorCodes.CHAIN_DATA_INVALID,
      "the transaction the network signed is not viem's serialisation of the vault's transfer",
      { nonce: transfer.nonce.toString() },
    );
  }
  const signed = await attachEthereumSignature(prepared, args.signature);
  if (transfer.nonce > BigInt(Number.MAX_SAFE_INTEGER)) return signed;
  try {
    await verifyEthereumTransaction(signed.serialized, ethereumAddress(publicKey));
  } catch (error) {
    throw new ClientError(
      ClientErrorCodes.SIGNATURE_INVALID,
      `the signed Ethereum transaction does not verify: ${(error as Error).message}`,
      {
        hash: signed.hash,
      },
    );
  }
  return signed;
}
