/**
 * Executing a vault's Ethereum transfer: the vault's approval and the network's signature, and
 * the signed transaction ready to broadcast.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Address, Hex, TransactionSerializedEIP1559 } from 'viem';
import type { Curve as ChainCurve } from '../../chain/constants.ts';
import type { PooledPresignPayment } from '../../chain/vault-client.ts';
import { ProposalStatus } from '../../chain/vault-constants.ts';
import type { ActionContext } from '../actions/context.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { proposalIdArgument } from './vault-arguments.ts';
import { assembleEthereumTransfer } from './vault-ethereum.ts';
import { awaitVaultSignature, type ExecuteOptions, executeOptionsArgument, executeWithPooledPresigns } from './vault-execution.ts';
import { activeDWalletPublicKey, dwalletValueOf, readProposalOf, readVaultOf, vaultCalls, vaultEventOf } from './vault-reads.ts';

export interface ExecutedEthereumTransfer {
  readonly vaultId: string;
  readonly proposalId: bigint;
  readonly signId: string;
  /** The nonce the vault gave the transaction. */
  readonly nonce: bigint;
  /** The dWallet's address, which viem recovers from the signed transaction. */
  readonly from: Address;
  /** The signed transaction, for eth_sendRawTransaction. */
  readonly serialized: TransactionSerializedEIP1559;
  readonly hash: Hex;
  /** r ‖ s ‖ v. */
  readonly signature: Uint8Array;
  /** The execution's Sui transaction; null when it had been executed before (this call only waited). */
  readonly digest: string | null;
}

/**
 * Executes Ethereum proposal `proposalId` of vault `vaultId` (anyone may, paying the fees): one
 * transaction claims a presign from the pool and calls `vault::execute_ethereum_transfer`, where
 * the contract checks its rules, builds the EIP-1559 transaction with its chain id and next nonce
 * and requests the network's signature of the shared dWallet. No user share is involved. Then
 * waits for the signature and returns the signed transaction, checked with viem (see
 * vault-ethereum.ts).
 *
 * `options.gasBudget` sends the execution without a simulation (a refusal then lands on chain as
 * a failed transaction). A proposal executed before (e.g. by another approver, or a call interrupted while it waited)
 * is not executed again: its signature is awaited and the transaction assembled.
 *
 * Errors: INVALID_ARGUMENT, UNKNOWN_VAULT, NOT_FOUND (no such proposal), NO_SIGNER,
 * TRANSACTION_FAILED (the vault's rules: `vault::ENotEnoughApprovals`, `ETimelockNotExpired`,
 * `ESpendingLimitExceeded`, `ERecipientNotAllowed`, `EProposalNotOpen`, `EWrongChain` …),
 * NO_PRESIGN_AVAILABLE, REQUEST_REJECTED (the nonce it used is burnt on Sui: set it back with the
 * `ethereum-nonce` rule), TIMEOUT, ABORTED, SIGNATURE_INVALID, CHAIN_DATA_INVALID.
 */
export async function executeEthereumTransfer(
  context: ActionContext,
  vaultId: string,
  proposalId: number | bigint,
  options: ExecuteOptions = {},
): Promise<ExecutedEthereumTransfer> {
  const id = proposalIdArgument(proposalId);
  const sending = executeOptionsArgument(options);
  const vault = await readVaultOf(context, vaultId);
  const dwalletId = normalizeSuiAddress(vault.value.dwallet_id);
  const [proposal, dwallet] = await Promise.all([readProposalOf(context, vault, id), dwalletValueOf(context, dwalletId)]);
  const publicKey = await activeDWalletPublicKey(context, dwalletId, dwallet);
  let digest: string | null = null;
  let signId: string;
  let nonce: bigint;
  const recorded = proposal.ethereum;
  if (proposal.status === ProposalStatus.EXECUTED && recorded !== null && recorded.sign_id !== null && recorded.nonce !== null) {
    context.onProgress(`proposal ${id} was executed before (nonce ${recorded.nonce}): waiting for its signature`);
    signId = normalizeSuiAddress(recorded.sign_id);
    nonce = recorded.nonce;
  } else {
    // An open proposal, or one the vault will refuse (cancelled, of the other chain): the chain decides.
    context.onProgress(
      `executing Ethereum proposal ${id} of vault ${vault.ref.objectId}: the vault checks its rules and requests the signature`,
    );
    const pool = { networkKeyId: normalizeSuiAddress(dwallet.network_key_id), curve: dwallet.curve as ChainCurve };
    const { result } = await executeWithPooledPresigns(
      context,
      'execute Ethereum transfer',
      pool,
      1,
      (tx, [payment]) => {
        vaultCalls(context).executeEthereumTransferWithPooledPresign(tx, {
          vault: vault.ref,
          proposalId: id,
          ...(payment as PooledPresignPayment),
        });
      },
      sending,
    );
    const approved = vaultEventOf(context, result, 'EthereumTransferApproved');
    digest = result.digest;
    signId = normalizeSuiAddress(approved.sign_id);
    nonce = approved.nonce;
  }
  if (recorded === null) {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `proposal ${id} holds no Ethereum transfer`, { proposalId: id.toString() });
  }
  const signed = await awaitVaultSignature(context, signId, publicKey);
  const transaction = await assembleEthereumTransfer({
    transfer: {
      chainId: vault.value.ethereum.chain_id,
      nonce,
      to: `0x${bytesToHex(recorded.to)}` as Address,
      value: recorded.value,
      maxPriorityFeePerGas: recorded.max_priority_fee_per_gas,
      maxFeePerGas: recorded.max_fee_per_gas,
      gasLimit: recorded.gas_limit,
    },
    publicKey,
    signedMessage: signed.message,
    signature: signed.signature,
  });
  context.onProgress(`Ethereum transaction ${transaction.hash} signed by the network and verified with viem`);
  return {
    vaultId: vault.ref.objectId,
    proposalId: id,
    signId,
    nonce,
    from: transaction.from,
    serialized: transaction.serialized,
    hash: transaction.hash,
    signature: signed.signature,
    digest,
  };
}
