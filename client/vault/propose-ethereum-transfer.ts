/**
 * Proposing an Ethereum transfer from a vault.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { Address } from 'viem';
import { ETHEREUM_TRANSFER_GAS } from '../../chain/vault-constants.ts';
import type { ActionContext } from '../actions/context.ts';
import { validateEip1559Payment } from '../ethereum/transaction.ts';
import { readVaultOf, vaultCalls, vaultEventOf } from './vault-reads.ts';

export interface EthereumTransferProposal {
  /** An allowlisted recipient (0x, 20 bytes; a mixed-case address must carry a correct EIP-55 checksum). */
  readonly to: string;
  /** Wei. */
  readonly value: bigint;
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  /** Default 21,000 (a plain transfer). */
  readonly gasLimit?: bigint;
}

export interface ProposedTransfer {
  readonly vaultId: string;
  readonly proposalId: bigint;
  readonly to: Address;
  /** What the vault counts against its rules: value + maxFeePerGas × gasLimit (the most the transaction can cost). */
  readonly amount: bigint;
  readonly digest: string;
}

/**
 * Proposes an EIP-1559 transfer of `value` wei to `to` (`vault::propose_ethereum_transfer`); the
 * wallet must be an approver. The vault builds the transaction itself when it is executed, with
 * its chain id and the next nonce it tracks; it carries no data. The fields are checked by the
 * Ethereum helper's rules first (EIP-55 checksum, gas ≥ 21,000, tip ≤ fee cap, values < 2^256).
 * Proposing is not approving: approvals are separate calls.
 *
 * Errors: the Ethereum helper's (ETH_INVALID_ADDRESS, ETH_INVALID_FIELD, ETH_MISSING_FIELD),
 * INVALID_ARGUMENT, UNKNOWN_VAULT, NO_SIGNER, TRANSACTION_FAILED (`vault::ENotApprover`,
 * `ERecipientNotAllowed`, `EAmountTooLarge` …), CHAIN_DATA_INVALID.
 */
export async function proposeEthereumTransfer(
  context: ActionContext,
  vaultId: string,
  transfer: EthereumTransferProposal,
): Promise<ProposedTransfer> {
  // Chain id and nonce are the vault's, set when it builds the transaction; the rest is checked here.
  const fields = validateEip1559Payment({
    to: transfer?.to,
    value: transfer?.value,
    gas: transfer?.gasLimit ?? ETHEREUM_TRANSFER_GAS,
    maxFeePerGas: transfer?.maxFeePerGas,
    maxPriorityFeePerGas: transfer?.maxPriorityFeePerGas,
  });
  const vault = await readVaultOf(context, vaultId);
  context.onProgress(`proposing an Ethereum transfer of ${fields.value} wei to ${fields.to}`);
  const result = await context.transactions.execute('propose Ethereum transfer', () => {
    const tx = new Transaction();
    vaultCalls(context).proposeEthereumTransfer(tx, {
      vault: vault.ref,
      to: hexToBytes(fields.to.slice(2)),
      value: fields.value,
      maxPriorityFeePerGas: fields.maxPriorityFeePerGas,
      maxFeePerGas: fields.maxFeePerGas,
      gasLimit: fields.gas,
    });
    return Promise.resolve(tx);
  });
  const created = vaultEventOf(context, result, 'ProposalCreated');
  return { vaultId: vault.ref.objectId, proposalId: created.proposal_id, to: fields.to, amount: created.amount, digest: result.digest };
}
