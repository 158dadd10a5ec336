/**
 * Executing a vault's Bitcoin spend: the vault's approval of each input's BIP-143 preimage, the
 * network's signatures, and the signed segwit transaction ready to broadcast.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Curve as ChainCurve } from '../../chain/constants.ts';
import type { ActionContext } from '../actions/context.ts';
import { type BitcoinNetwork, bitcoinNetworkParams } from '../bitcoin/network.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { proposalIdArgument } from './vault-arguments.ts';
import { assembleBitcoinSpend } from './vault-bitcoin.ts';
import { awaitVaultSignature, type ExecuteOptions, executeOptionsArgument, executeWithPooledPresigns } from './vault-execution.ts';
import { proposalInfo } from './vault-info.ts';
import { activeDWalletPublicKey, dwalletValueOf, readProposalOf, readVaultOf, vaultCalls } from './vault-reads.ts';

export interface ExecuteBitcoinSpendOptions extends ExecuteOptions {
  /** The network the vault's address is shown for (default mainnet); the signed transaction does not depend on it. */
  readonly network?: BitcoinNetwork;
}

export interface ExecutedBitcoinSpend {
  readonly vaultId: string;
  readonly proposalId: bigint;
  /** One sign per input, in input order. */
  readonly signIds: readonly string[];
  /** The raw signed transaction, for sendrawtransaction. */
  readonly hex: string;
  readonly txid: string;
  readonly vsize: number;
  readonly fee: bigint;
  /** The Sui transactions this call sent (none when every input had been signed before). */
  readonly digests: readonly string[];
}

/**
 * Executes Bitcoin proposal `proposalId` of vault `vaultId` (anyone may, paying the fees): every
 * input not yet signed is signed by `vault::execute_bitcoin_input` with a presign claimed from the
 * pool in the same transaction — as many inputs per transaction as the pool holds presigns. The
 * first input executed makes the contract check its rules and count the amount; the contract
 * computes each input's BIP-143 preimage from the outputs it allowed and requests the network's
 * signature of the shared dWallet. No user share is involved. Then waits for every signature and
 * returns the signed transaction, checked with @scure/btc-signer and @noble/curves (see
 * vault-bitcoin.ts). `options.gasBudget` sends each execution without a simulation (a refusal then
 * lands on chain as a failed transaction). Inputs signed before are only awaited, so an interrupted call can be repeated.
 *
 * Errors: INVALID_ARGUMENT, UNKNOWN_VAULT, NOT_FOUND (no such proposal), NO_SIGNER,
 * TRANSACTION_FAILED (the vault's rules: `vault::ENotEnoughApprovals`, `ETimelockNotExpired`,
 * `ESpendingLimitExceeded`, `ERecipientNotAllowed`, `EProposalNotOpen`, `EWrongChain` …),
 * NO_PRESIGN_AVAILABLE, REQUEST_REJECTED, TIMEOUT, ABORTED, SIGNATURE_INVALID, CHAIN_DATA_INVALID,
 * the Bitcoin helper's (BTC_SIGNATURE_INVALID, BTC_PREPARED_MISMATCH).
 */
export async function executeBitcoinSpend(
  context: ActionContext,
  vaultId: string,
  proposalId: number | bigint,
  options: ExecuteBitcoinSpendOptions = {},
): Promise<ExecutedBitcoinSpend> {
  const id = proposalIdArgument(proposalId);
  const sending = executeOptionsArgument(options);
  const network = options.network ?? 'mainnet';
  bitcoinNetworkParams(network);
  const vault = await readVaultOf(context, vaultId);
  const dwalletId = normalizeSuiAddress(vault.value.dwallet_id);
  const dwallet = await dwalletValueOf(context, dwalletId);
  const publicKey = await activeDWalletPublicKey(context, dwalletId, dwallet);
  const pool = { networkKeyId: normalizeSuiAddress(dwallet.network_key_id), curve: dwallet.curve as ChainCurve };
  const digests: string[] = [];
  let proposal = await readProposalOf(context, vault, id);
  // Unsigned inputs, signed in as few transactions as the pool allows; an empty spend list (a
  // proposal of the other chain) still sends once, so that the vault's own abort says why.
  for (;;) {
    const unsigned = proposal.bitcoin === null ? [0n] : proposal.bitcoin.sign_ids.flatMap((s, i) => (s === null ? [BigInt(i)] : []));
    if (unsigned.length === 0) break;
    context.onProgress(
      `executing Bitcoin proposal ${id} of vault ${vault.ref.objectId}: ${unsigned.length} input(s) to sign; the vault checks its rules and requests the signatures`,
    );
    const { result } = await executeWithPooledPresigns(
      context,
      'execute Bitcoin spend',
      pool,
      unsigned.length,
      (tx, payments) => {
        payments.forEach((payment, i) => {
          vaultCalls(context).executeBitcoinInputWithPooledPresign(tx, {
            vault: vault.ref,
            proposalId: id,
            inputIndex: unsigned[i] as bigint,
            ...payment,
          });
        });
      },
      sending,
    );
    digests.push(result.digest);
    proposal = await readProposalOf(context, vault, id);
    const left = proposal.bitcoin?.sign_ids.filter((s) => s === null).length ?? 0;
    if (left >= unsigned.length) {
      throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `proposal ${id}: the execution ${result.digest} signed no input`, {
        digest: result.digest,
      });
    }
  }
  const spend = proposalInfo(vault.value, id, proposal, network).bitcoin;
  if (spend === null) {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `proposal ${id} holds no Bitcoin spend`, { proposalId: id.toString() });
  }
  const signIds = spend.inputs.map((input) => input.signId as string);
  const signed = [];
  for (const signId of signIds) signed.push(await awaitVaultSignature(context, signId, publicKey));
  const transaction = assembleBitcoinSpend({
    spend,
    publicKey,
    network,
    signedMessages: signed.map((s) => s.message),
    signatures: signed.map((s) => s.signature),
  });
  context.onProgress(`Bitcoin transaction ${transaction.txid} signed by the network and verified with @scure/btc-signer`);
  return { vaultId: vault.ref.objectId, proposalId: id, signIds, ...transaction, digests };
}
