/**
 * The typed vault client: adds calls to the `dwallet` package's `vault` functions
 * (`move/sources/vault.move`) to an `@mysten/sui` `Transaction`. Every call is built from the
 * function's entry in `schemas/vault.ts` (parameter names, order and Move types) and every pure
 * argument is encoded with that parameter's codec, so a call matches the Move signature.
 *
 * The high-level methods check their inputs' formats first (addresses, byte lengths, the chain,
 * integer ranges) and refuse a malformed one with `INVALID_REQUEST` before anything is sent; the
 * vault's rules themselves (allowlist, limits, approvals, timelock) are the chain's to enforce, and
 * a transaction that breaks one aborts with the vault's abort code. `call` builds a raw call from
 * Move-named arguments without those checks.
 *
 * Executing a proposal needs a presign: `executeEthereumTransferWithPooledPresign` and
 * `executeBitcoinInputWithPooledPresign` claim one from the coordinator's pool and execute in the
 * same transaction, paying both fees from the gas coin.
 * @module
 */
import type { Transaction, TransactionArgument, TransactionObjectArgument, TransactionResult } from '@mysten/sui/transactions';
import { isValidSuiAddress, normalizeSuiAddress } from '@mysten/sui/utils';
import type { Deployment } from './chain.ts';
import { type Curve, SignatureAlgorithm } from './constants.ts';
import { CoordinatorClient } from './coordinator-client.ts';
import { ChainErrorCodes, ChainRequestError } from './errors.ts';
import { type ObjectInput, packageCall, type SharedObjectRef, sharedObjectArgument } from './package-call.ts';
import type { VaultFunctionName } from './schemas/vault.ts';
import { ETHEREUM_ADDRESS_LENGTH, PUBKEY_HASH_LENGTH, VaultChain } from './vault-constants.ts';

/** The shared vault as a transaction input: its id and the version it was shared at (`readVault`). */
export type VaultRef = SharedObjectRef;

/** One input of a Bitcoin spend: an output of the vault's P2WPKH address. */
export interface BitcoinSpendInput {
  /** 32 bytes, internal byte order (as serialized in an outpoint: the reverse of the hex explorers show). */
  txid: Uint8Array;
  vout: number;
  /** Satoshis (BIP-143 signs it: a wrong value makes the signature invalid). */
  value: bigint;
}

export interface BitcoinSpendOutput {
  value: bigint;
  scriptPubKey: Uint8Array;
}

/** What executing a proposal needs from the coordinator: a presign and the fees. */
export interface PooledPresignPayment {
  /** The network key and curve of the pool (the vault's dWallet's). */
  networkKeyId: string;
  curve: Curve;
  /** 32 bytes chosen by the caller: the sign session's id derives from it and the sender. */
  sessionPreimage: Uint8Array;
  /** The presign fee (paid to whoever filled the pool) and the sign fee, in MIST. */
  presignFee: bigint;
  signFee: bigint;
}

const TXID_LENGTH = 32;

function invalid(message: string, details: Record<string, unknown> = {}): never {
  throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, message, details);
}

function checkLength(name: string, bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    invalid(`${name} must be ${length} bytes`, { name, length: bytes instanceof Uint8Array ? bytes.length : null });
  }
}

function checkChain(chain: number): void {
  if (chain !== VaultChain.ETHEREUM && chain !== VaultChain.BITCOIN)
    invalid(`chain must be ${VaultChain.ETHEREUM} (Ethereum) or ${VaultChain.BITCOIN} (Bitcoin)`, { chain });
}

function suiAddress(name: string, address: string): string {
  if (typeof address !== 'string' || !isValidSuiAddress(normalizeSuiAddress(address))) invalid(`${name} is not a Sui address`, { name });
  return normalizeSuiAddress(address);
}

export class VaultClient {
  readonly coordinator: CoordinatorClient;

  constructor(readonly deployment: Deployment) {
    this.coordinator = new CoordinatorClient(deployment);
  }

  /** The shared vault as a transaction input. */
  vault(tx: Transaction, vault: VaultRef, mutable = true): TransactionObjectArgument {
    return sharedObjectArgument(tx, vault, mutable);
  }

  /**
   * Adds a call of `vault::<name>` with `args` keyed by the Move parameter names. The coordinator,
   * the Clock and the transaction context are supplied here; a `&Vault`/`&mut Vault` parameter
   * takes a {@link VaultRef}, owned objects an `ObjectRef` or an earlier result.
   */
  call(tx: Transaction, name: VaultFunctionName, args: Record<string, unknown>): TransactionResult {
    return packageCall(tx, this.deployment, 'vault', name, args);
  }

  // === Creation ===

  /**
   * Makes a shared vault around `dwalletCap` (an ACTIVE shared secp256k1 dWallet's; the cap is
   * wrapped in the vault). Returns the `VaultAdminCap` (transfer it: to yourself, or to a
   * multisig address). `bitcoinPubkeyHash` is HASH160 of the dWallet's compressed public key.
   */
  create(
    tx: Transaction,
    args: {
      dwalletCap: ObjectInput;
      approvers: string[];
      requiredApprovals: bigint;
      ethereumChainId: bigint;
      bitcoinPubkeyHash: Uint8Array;
      timelockMs: bigint;
    },
  ): TransactionResult {
    const approvers = args.approvers.map((approver, i) => suiAddress(`approvers[${i}]`, approver));
    checkLength('bitcoinPubkeyHash', args.bitcoinPubkeyHash, Number(PUBKEY_HASH_LENGTH));
    return this.call(tx, 'create', {
      dwallet_cap: args.dwalletCap,
      approvers,
      required_approvals: args.requiredApprovals,
      ethereum_chain_id: args.ethereumChainId,
      bitcoin_pubkey_hash: args.bitcoinPubkeyHash,
      timelock_ms: args.timelockMs,
    });
  }

  // === Administration (VaultAdminCap) ===

  addApprover(tx: Transaction, args: { vault: VaultRef; adminCap: ObjectInput; approver: string }): TransactionResult {
    return this.call(tx, 'add_approver', { vault: args.vault, cap: args.adminCap, approver: suiAddress('approver', args.approver) });
  }

  removeApprover(tx: Transaction, args: { vault: VaultRef; adminCap: ObjectInput; approver: string }): TransactionResult {
    return this.call(tx, 'remove_approver', { vault: args.vault, cap: args.adminCap, approver: suiAddress('approver', args.approver) });
  }

  setRequiredApprovals(tx: Transaction, args: { vault: VaultRef; adminCap: ObjectInput; requiredApprovals: bigint }): TransactionResult {
    return this.call(tx, 'set_required_approvals', { vault: args.vault, cap: args.adminCap, required_approvals: args.requiredApprovals });
  }

  /** Allows paying `recipient`: a 20-byte address on Ethereum, a scriptPubKey on Bitcoin. */
  allowRecipient(
    tx: Transaction,
    args: { vault: VaultRef; adminCap: ObjectInput; chain: VaultChain; recipient: Uint8Array },
  ): TransactionResult {
    checkChain(args.chain);
    if (args.chain === VaultChain.ETHEREUM) checkLength('recipient', args.recipient, Number(ETHEREUM_ADDRESS_LENGTH));
    return this.call(tx, 'allow_recipient', { vault: args.vault, cap: args.adminCap, chain: args.chain, recipient: args.recipient });
  }

  disallowRecipient(
    tx: Transaction,
    args: { vault: VaultRef; adminCap: ObjectInput; chain: VaultChain; recipient: Uint8Array },
  ): TransactionResult {
    checkChain(args.chain);
    return this.call(tx, 'disallow_recipient', { vault: args.vault, cap: args.adminCap, chain: args.chain, recipient: args.recipient });
  }

  /** Amounts in the chain's smallest unit (wei, satoshi); a period starts now. */
  setSpendingLimit(
    tx: Transaction,
    args: { vault: VaultRef; adminCap: ObjectInput; chain: VaultChain; periodMs: bigint; limitPerPeriod: bigint; largeAmount: bigint },
  ): TransactionResult {
    checkChain(args.chain);
    return this.call(tx, 'set_spending_limit', {
      vault: args.vault,
      cap: args.adminCap,
      chain: args.chain,
      period_ms: args.periodMs,
      limit_per_period: args.limitPerPeriod,
      large_amount: args.largeAmount,
    });
  }

  setTimelock(tx: Transaction, args: { vault: VaultRef; adminCap: ObjectInput; timelockMs: bigint }): TransactionResult {
    return this.call(tx, 'set_timelock', { vault: args.vault, cap: args.adminCap, timelock_ms: args.timelockMs });
  }

  /** The nonce of the next Ethereum transfer (recovery after a burnt nonce). */
  setEthereumNonce(tx: Transaction, args: { vault: VaultRef; adminCap: ObjectInput; nonce: bigint }): TransactionResult {
    return this.call(tx, 'set_ethereum_nonce', { vault: args.vault, cap: args.adminCap, nonce: args.nonce });
  }

  /** Destroys the admin cap: the vault's rules are frozen for good. */
  destroyAdminCap(tx: Transaction, args: { adminCap: ObjectInput }): TransactionResult {
    return this.call(tx, 'destroy_admin_cap', { cap: args.adminCap });
  }

  // === Proposals ===

  /** Proposes an EIP-1559 transfer of `value` wei to `to` (20 bytes); returns the proposal id (`ProposalCreated` too). */
  proposeEthereumTransfer(
    tx: Transaction,
    args: { vault: VaultRef; to: Uint8Array; value: bigint; maxPriorityFeePerGas: bigint; maxFeePerGas: bigint; gasLimit: bigint },
  ): TransactionResult {
    checkLength('to', args.to, Number(ETHEREUM_ADDRESS_LENGTH));
    return this.call(tx, 'propose_ethereum_transfer', {
      vault: args.vault,
      to: args.to,
      value: args.value,
      max_priority_fee_per_gas: args.maxPriorityFeePerGas,
      max_fee_per_gas: args.maxFeePerGas,
      gas_limit: args.gasLimit,
    });
  }

  /**
   * Proposes a Bitcoin spend of the vault's P2WPKH outputs `inputs` paying `outputs` (each to an
   * allowlisted script or back to the vault's own P2WPKH as change); returns the proposal id.
   */
  proposeBitcoinSpend(
    tx: Transaction,
    args: { vault: VaultRef; inputs: BitcoinSpendInput[]; outputs: BitcoinSpendOutput[]; lockTime: number },
  ): TransactionResult {
    args.inputs.forEach((input, i) => {
      checkLength(`inputs[${i}].txid`, input.txid, TXID_LENGTH);
    });
    return this.call(tx, 'propose_bitcoin_spend', {
      vault: args.vault,
      input_txids: args.inputs.map((input) => input.txid),
      input_vouts: args.inputs.map((input) => input.vout),
      input_values: args.inputs.map((input) => input.value),
      output_values: args.outputs.map((output) => output.value),
      output_scripts: args.outputs.map((output) => output.scriptPubKey),
      lock_time: args.lockTime,
    });
  }

  approve(tx: Transaction, args: { vault: VaultRef; proposalId: bigint }): TransactionResult {
    return this.call(tx, 'approve', { vault: args.vault, proposal_id: args.proposalId });
  }

  cancel(tx: Transaction, args: { vault: VaultRef; proposalId: bigint }): TransactionResult {
    return this.call(tx, 'cancel', { vault: args.vault, proposal_id: args.proposalId });
  }

  // === Execution ===

  /** Executes an Ethereum transfer with a presign cap the sender holds (or an earlier result); returns the sign id. */
  executeEthereumTransfer(
    tx: Transaction,
    args: { vault: VaultRef; proposalId: bigint; presignCap: ObjectInput; sessionPreimage: Uint8Array; payment: TransactionArgument },
  ): TransactionResult {
    checkLength('sessionPreimage', args.sessionPreimage, 32);
    return this.call(tx, 'execute_ethereum_transfer', {
      vault: args.vault,
      proposal_id: args.proposalId,
      presign_cap: args.presignCap,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  /** Signs input `inputIndex` of a Bitcoin spend with a presign cap; returns the sign id. */
  executeBitcoinInput(
    tx: Transaction,
    args: {
      vault: VaultRef;
      proposalId: bigint;
      inputIndex: bigint;
      presignCap: ObjectInput;
      sessionPreimage: Uint8Array;
      payment: TransactionArgument;
    },
  ): TransactionResult {
    checkLength('sessionPreimage', args.sessionPreimage, 32);
    return this.call(tx, 'execute_bitcoin_input', {
      vault: args.vault,
      proposal_id: args.proposalId,
      input_index: args.inputIndex,
      presign_cap: args.presignCap,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  /** A presign claimed from the pool in this transaction, with both fees split from the gas coin. */
  private pooledPresign(tx: Transaction, pay: PooledPresignPayment): { presignCap: TransactionArgument; payment: TransactionArgument } {
    checkLength('sessionPreimage', pay.sessionPreimage, 32);
    const presignCap = this.coordinator.claimPresign(tx, {
      networkKeyId: pay.networkKeyId,
      curve: pay.curve,
      // The vault signs with ECDSA dWallets only (vault::create checks it).
      algorithm: SignatureAlgorithm.ECDSA,
      payment: this.coordinator.payFromGas(tx, pay.presignFee),
    });
    return { presignCap: presignCap as TransactionArgument, payment: this.coordinator.payFromGas(tx, pay.signFee) };
  }

  /** `claim_presign` then `execute_ethereum_transfer` in this one transaction; returns the sign id. */
  executeEthereumTransferWithPooledPresign(
    tx: Transaction,
    args: { vault: VaultRef; proposalId: bigint } & PooledPresignPayment,
  ): TransactionResult {
    const { presignCap, payment } = this.pooledPresign(tx, args);
    return this.executeEthereumTransfer(tx, {
      vault: args.vault,
      proposalId: args.proposalId,
      presignCap,
      sessionPreimage: args.sessionPreimage,
      payment,
    });
  }

  /** `claim_presign` then `execute_bitcoin_input` in this one transaction; returns the sign id. */
  executeBitcoinInputWithPooledPresign(
    tx: Transaction,
    args: { vault: VaultRef; proposalId: bigint; inputIndex: bigint } & PooledPresignPayment,
  ): TransactionResult {
    const { presignCap, payment } = this.pooledPresign(tx, args);
    return this.executeBitcoinInput(tx, {
      vault: args.vault,
      proposalId: args.proposalId,
      inputIndex: args.inputIndex,
      presignCap,
      sessionPreimage: args.sessionPreimage,
      payment,
    });
  }
}
