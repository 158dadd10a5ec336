/**
 * Proposing a Bitcoin spend of a vault's P2WPKH outputs.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import type { ActionContext } from '../actions/context.ts';
import { unsignedBitcoinTransaction } from './vault-bitcoin.ts';
import { readVaultOf, vaultCalls, vaultEventOf } from './vault-reads.ts';
import { bitcoinAddressOf, internalTxid, p2wpkhScript } from './vault-scripts.ts';
import { type BitcoinSpendProposal, validateVaultSpend } from './vault-spend.ts';

export type { BitcoinSpendProposal } from './vault-spend.ts';

export interface ProposedSpend {
  readonly vaultId: string;
  readonly proposalId: bigint;
  /** What the vault counts against its rules: inputs − change (payments and fee). */
  readonly amount: bigint;
  /** The txid the signed transaction will have (segwit signatures do not change it). */
  readonly txid: string;
  /** The change back to the vault's address, if any (the last output). */
  readonly change: { readonly address: string; readonly amount: bigint } | null;
  readonly digest: string;
}

/**
 * Proposes a spend (`vault::propose_bitcoin_spend`); the wallet must be an approver. The spend is
 * checked first by the Bitcoin helper's rules (addresses of the network, amounts, duplicate
 * inputs, dust, funds, fee rate), with the change (inputs − outputs − fee, when not zero) paid to
 * the vault's own P2WPKH address as the last output. Every input is signed as the vault signs:
 * version 2, nSequence 0xfffffffd. Txids are given as displayed and sent in internal byte order.
 *
 * Errors: the Bitcoin helper's (BTC_INVALID_ADDRESS, BTC_INVALID_AMOUNT, BTC_DUST_OUTPUT,
 * BTC_INSUFFICIENT_FUNDS, BTC_FEE_TOO_LOW …), INVALID_ARGUMENT, UNKNOWN_VAULT, NO_SIGNER,
 * TRANSACTION_FAILED (`vault::ENotApprover`, `ERecipientNotAllowed`, `ETooManyInputs` …),
 * CHAIN_DATA_INVALID.
 */
export async function proposeBitcoinSpend(context: ActionContext, vaultId: string, spend: BitcoinSpendProposal): Promise<ProposedSpend> {
  const validated = validateVaultSpend(spend);
  const vault = await readVaultOf(context, vaultId);
  const own = p2wpkhScript(new Uint8Array(vault.value.bitcoin.pubkey_hash));
  const outputs = validated.outputs.map((o, i) => ({ value: o.amount, scriptPubKey: i === validated.change?.index ? own : o.script }));
  const change =
    validated.change === undefined ? null : { address: bitcoinAddressOf(own, spend.network) as string, amount: validated.change.amount };
  const unsigned = unsignedBitcoinTransaction({
    inputs: validated.inputs.map((i) => ({ txid: i.txid, vout: i.vout, value: i.amount, sequence: i.sequence })),
    outputs,
    lockTime: validated.lockTime,
    ownScript: own,
  });
  context.onProgress(
    `proposing a Bitcoin spend of ${validated.inputs.length} input(s) to ${outputs.length} output(s) (txid ${unsigned.id})`,
  );
  const result = await context.transactions.execute('propose Bitcoin spend', () => {
    const tx = new Transaction();
    vaultCalls(context).proposeBitcoinSpend(tx, {
      vault: vault.ref,
      inputs: validated.inputs.map((i) => ({ txid: internalTxid(i.txid), vout: i.vout, value: i.amount })),
      outputs,
      lockTime: validated.lockTime,
    });
    return Promise.resolve(tx);
  });
  const created = vaultEventOf(context, result, 'ProposalCreated');
  return {
    vaultId: vault.ref.objectId,
    proposalId: created.proposal_id,
    amount: created.amount,
    txid: unsigned.id,
    change,
    digest: result.digest,
  };
}
