/**
 * Proposing a Bitcoin spend of a vault's P2WPKH outputs.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { BITCOIN_SEQUENCE } from '../../chain/vault-constants.ts';
import type { ActionContext } from '../actions/context.ts';
import type { BitcoinNetwork } from '../bitcoin/network.ts';
import { type P2wpkhInput, type P2wpkhOutput, validateP2wpkhRequest } from '../bitcoin/transaction.ts';
import { invalidArgument } from '../errors.ts';
import { bitcoinAddressOf, internalTxid, p2wpkhScript } from './vault-arguments.ts';
import { unsignedBitcoinTransaction } from './vault-bitcoin.ts';
import { readVaultOf, vaultCalls, vaultEventOf } from './vault-reads.ts';

export interface BitcoinSpendProposal {
  /** Which network the addresses are of. */
  readonly network: BitcoinNetwork;
  /** Outputs paying the vault's P2WPKH address: txid as displayed (64 hex), vout, amount in satoshis. */
  readonly inputs: readonly Omit<P2wpkhInput, 'sequence'>[];
  /** Allowlisted recipients. */
  readonly outputs: readonly P2wpkhOutput[];
  /** The miner's fee in satoshis, explicit; what is left goes back to the vault's own address as change. */
  readonly fee: bigint;
  /** nLockTime; default 0. */
  readonly lockTime?: number;
  /** Upper bound of the fee rate in sat/vB (default 10,000), against costly mistakes. */
  readonly maxFeeRate?: bigint;
}

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

function sum(values: readonly unknown[]): bigint | undefined {
  return values.every((v) => typeof v === 'bigint') ? (values as bigint[]).reduce((a, b) => a + b, 0n) : undefined;
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
  if (typeof spend !== 'object' || spend === null) throw invalidArgument('the spend must be an object');
  const inputs = Array.isArray(spend.inputs)
    ? spend.inputs.map((input) => ({ ...input, sequence: Number(BITCOIN_SEQUENCE) }))
    : spend.inputs;
  const totalIn = Array.isArray(spend.inputs) ? sum(spend.inputs.map((i) => i?.amount)) : undefined;
  const totalOut = Array.isArray(spend.outputs) ? sum(spend.outputs.map((o) => o?.amount)) : undefined;
  const rest = totalIn === undefined || totalOut === undefined || typeof spend.fee !== 'bigint' ? 0n : totalIn - totalOut - spend.fee;
  // Checked before the vault is read, with a stand-in P2WPKH change address: every P2WPKH script
  // is 22 bytes, so the dust threshold and the size estimate (hence the fee checks) are the ones
  // of the vault's own script, which then takes its place.
  const validated = validateP2wpkhRequest({
    network: spend.network,
    inputs,
    outputs: spend.outputs,
    fee: spend.fee,
    ...(rest > 0n ? { change: { address: bitcoinAddressOf(p2wpkhScript(new Uint8Array(20)), spend.network) as string } } : {}),
    ...(spend.lockTime === undefined ? {} : { lockTime: spend.lockTime }),
    ...(spend.maxFeeRate === undefined ? {} : { maxFeeRate: spend.maxFeeRate }),
  });
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
