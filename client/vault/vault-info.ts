/**
 * A policy vault and its proposals as the SDK shows them: the chain's `Vault` and `Proposal`
 * (chain/schemas/vault.ts) with ids normalised, chains and states in words, Ethereum addresses
 * checksummed, Bitcoin txids in display order and scripts with their addresses.
 * @module
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Address, getAddress } from 'viem';
import type { ProposalValue, SpendingLimitValue, VaultValue } from '../../chain/schemas/vault.ts';
import { ProposalStatus } from '../../chain/vault-constants.ts';
import type { BitcoinNetwork } from '../bitcoin/network.ts';
import { ethereumAddress } from '../ethereum/address.ts';
import { type VaultChainName, vaultChainName } from './vault-arguments.ts';
import { bitcoinAddressOf, p2wpkhScript } from './vault-scripts.ts';

export type ProposalState = 'open' | 'executed' | 'cancelled';

/** Amounts in the chain's smallest unit (wei, satoshi); times in ms of Sui's Clock. */
export interface SpendingLimitInfo {
  readonly periodMs: bigint;
  readonly limitPerPeriod: bigint;
  /** Amounts above it need `requiredApprovals` approvals and the timelock. */
  readonly largeAmount: bigint;
  readonly periodStartMs: bigint;
  readonly spentInPeriod: bigint;
}

export interface BitcoinScriptInfo {
  readonly scriptPubKey: Uint8Array;
  /** Its address on the network asked for, null when it has none (OP_RETURN, non-standard). */
  readonly address: string | null;
}

export interface VaultInfo {
  readonly id: string;
  readonly initialSharedVersion: bigint;
  readonly dwalletId: string;
  /** The shared dWallet's public key (SEC1 compressed), null when it could not be read. */
  readonly publicKey: Uint8Array | null;
  readonly approvers: readonly string[];
  /** k: approvals a large amount needs. */
  readonly requiredApprovals: bigint;
  readonly timelockMs: bigint;
  readonly ethereum: {
    /** The dWallet's address: the sender of every transfer. */
    readonly address: Address | null;
    readonly chainId: bigint;
    /** The nonce the next executed transfer gets. */
    readonly nextNonce: bigint;
    readonly recipients: readonly Address[];
    readonly spendingLimit: SpendingLimitInfo;
  };
  readonly bitcoin: {
    readonly network: BitcoinNetwork;
    /** HASH160 of the dWallet's compressed key: the vault's P2WPKH program, where change goes. */
    readonly pubkeyHash: Uint8Array;
    readonly own: BitcoinScriptInfo;
    readonly recipients: readonly BitcoinScriptInfo[];
    readonly spendingLimit: SpendingLimitInfo;
  };
  /** Proposals are numbered 0 … proposalCount − 1. */
  readonly proposalCount: bigint;
}

export interface EthereumTransferInfo {
  readonly to: Address;
  readonly value: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly maxFeePerGas: bigint;
  readonly gasLimit: bigint;
  /** Set once executed. */
  readonly nonce: bigint | null;
  readonly signId: string | null;
}

export interface BitcoinSpendInfo {
  readonly inputs: readonly {
    /** As displayed by explorers and RPCs. */
    readonly txid: string;
    readonly vout: number;
    readonly value: bigint;
    readonly sequence: number;
    /** The sign of this input, once requested. */
    readonly signId: string | null;
  }[];
  readonly outputs: readonly (BitcoinScriptInfo & { readonly value: bigint; readonly change: boolean })[];
  readonly lockTime: number;
  /** Inputs − outputs. */
  readonly fee: bigint;
}

export interface ProposalInfo {
  readonly id: bigint;
  readonly chain: VaultChainName;
  readonly state: ProposalState;
  readonly proposer: string;
  /** What it takes from the vault's account (Ethereum: value + max fee × gas; Bitcoin: inputs − change). */
  readonly amount: bigint;
  readonly createdAtMs: bigint;
  /** Every approval given, by address. */
  readonly approvals: readonly string[];
  /** The approvals that count now (given by current approvers). */
  readonly countedApprovals: number;
  /** Whether the amount is above the chain's large amount: it then needs k approvals and the timelock. */
  readonly large: boolean;
  /** When the timelock of a large amount ends (ms of Sui's Clock); null for a small amount. */
  readonly unlocksAtMs: bigint | null;
  readonly ethereum: EthereumTransferInfo | null;
  readonly bitcoin: BitcoinSpendInfo | null;
}

function spendingLimitInfo(limit: SpendingLimitValue): SpendingLimitInfo {
  return {
    periodMs: limit.period_ms,
    limitPerPeriod: limit.limit_per_period,
    largeAmount: limit.large_amount,
    periodStartMs: limit.period_start_ms,
    spentInPeriod: limit.spent_in_period,
  };
}

function scriptInfo(script: Uint8Array, network: BitcoinNetwork): BitcoinScriptInfo {
  return { scriptPubKey: script.slice(), address: bitcoinAddressOf(script, network) };
}

export function vaultInfo(
  value: VaultValue,
  initialSharedVersion: bigint,
  publicKey: Uint8Array | null,
  network: BitcoinNetwork,
): VaultInfo {
  const pubkeyHash = new Uint8Array(value.bitcoin.pubkey_hash);
  return {
    id: normalizeSuiAddress(value.id),
    initialSharedVersion,
    dwalletId: normalizeSuiAddress(value.dwallet_id),
    publicKey,
    approvers: value.approvers.map((a) => normalizeSuiAddress(a)),
    requiredApprovals: value.required_approvals,
    timelockMs: value.timelock_ms,
    ethereum: {
      address: publicKey === null ? null : ethereumAddress(publicKey),
      chainId: value.ethereum.chain_id,
      nextNonce: value.ethereum.nonce,
      recipients: value.ethereum_recipients.map((r) => getAddress(`0x${bytesToHex(new Uint8Array(r))}`)),
      spendingLimit: spendingLimitInfo(value.ethereum.spending_limit),
    },
    bitcoin: {
      network,
      pubkeyHash,
      own: scriptInfo(p2wpkhScript(pubkeyHash), network),
      recipients: value.bitcoin_recipients.map((r) => scriptInfo(new Uint8Array(r), network)),
      spendingLimit: spendingLimitInfo(value.bitcoin.spending_limit),
    },
    proposalCount: value.next_proposal_id,
  };
}

function stateOf(status: number): ProposalState {
  return status === ProposalStatus.OPEN ? 'open' : status === ProposalStatus.EXECUTED ? 'executed' : 'cancelled';
}

export function proposalInfo(vault: VaultValue, id: bigint, proposal: ProposalValue, network: BitcoinNetwork): ProposalInfo {
  const chain = vaultChainName(proposal.chain);
  const limit = chain === 'ethereum' ? vault.ethereum.spending_limit : vault.bitcoin.spending_limit;
  const approvers = new Set(vault.approvers.map((a) => normalizeSuiAddress(a)));
  const approvals = proposal.approvals.map((a) => normalizeSuiAddress(a));
  const large = proposal.amount > limit.large_amount;
  const change = p2wpkhScript(new Uint8Array(vault.bitcoin.pubkey_hash));
  const eth = proposal.ethereum;
  const btc = proposal.bitcoin;
  return {
    id,
    chain,
    state: stateOf(proposal.status),
    proposer: normalizeSuiAddress(proposal.proposer),
    amount: proposal.amount,
    createdAtMs: proposal.created_at_ms,
    approvals,
    countedApprovals: approvals.filter((a) => approvers.has(a)).length,
    large,
    unlocksAtMs: large ? proposal.created_at_ms + vault.timelock_ms : null,
    ethereum:
      eth === null
        ? null
        : {
            to: getAddress(`0x${bytesToHex(new Uint8Array(eth.to))}`),
            value: eth.value,
            maxPriorityFeePerGas: eth.max_priority_fee_per_gas,
            maxFeePerGas: eth.max_fee_per_gas,
            gasLimit: eth.gas_limit,
            nonce: eth.nonce,
            signId: eth.sign_id === null ? null : normalizeSuiAddress(eth.sign_id),
          },
    bitcoin:
      btc === null
        ? null
        : {
            inputs: btc.inputs.map((input, i) => {
              const signId = btc.sign_ids[i] ?? null;
              return {
                txid: bytesToHex(new Uint8Array(input.txid).reverse()),
                vout: input.vout,
                value: input.value,
                sequence: input.sequence,
                signId: signId === null ? null : normalizeSuiAddress(signId),
              };
            }),
            outputs: btc.outputs.map((output) => {
              const script = new Uint8Array(output.script_pubkey);
              return {
                ...scriptInfo(script, network),
                value: output.value,
                change: script.length === change.length && script.every((b, i) => b === change[i]),
              };
            }),
            lockTime: btc.lock_time,
            fee: btc.inputs.reduce((sum, i) => sum + i.value, 0n) - btc.outputs.reduce((sum, o) => sum + o.value, 0n),
          },
  };
}
