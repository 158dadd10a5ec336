/**
 * Vault flows on top of a local-chain harness: a shared dWallet the network activated (its
 * certified DKG result applied as the relayer would), a vault around it with approvers, admin
 * transactions with the vault's cap, proposals, approvals and executions that claim a pooled
 * presign in the same transaction. The dWallet's key is a real secp256k1 key chosen by the test,
 * so signatures the test certifies for a sign are real signatures under the vault's addresses.
 * @module
 */
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction, type TransactionArgument } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ObjectRef, TransactionResult } from '../../../chain/chain.ts';
import { Curve, SignatureAlgorithm } from '../../../chain/constants.ts';
import type { VaultEventName, VaultEventValue } from '../../../chain/schemas/vault.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { type BitcoinSpendInput, type BitcoinSpendOutput, VaultClient, type VaultRef } from '../../../chain/vault-client.ts';
import type { VaultChain } from '../../../chain/vault-constants.ts';
import { readVault, vaultEvent } from '../../../chain/vault-reader.ts';
import { Flows, type LocalHarness } from './local-harness.ts';

/** 1 ether in wei. */
export const ETHER = 10n ** 18n;
export const GWEI = 10n ** 9n;

/** A dWallet key the test knows: its secret and what the vault needs of its public key. */
export interface TestKey {
  secretKey: Uint8Array;
  /** 33-byte compressed point. */
  publicKey: Uint8Array;
  /** HASH160 of the compressed key: the P2WPKH address's program. */
  pubkeyHash: Uint8Array;
}

export function testKey(seed: number): TestKey {
  const secretKey = new Uint8Array(32).fill(seed);
  secretKey[0] = 0x42;
  const publicKey = secp256k1.getPublicKey(secretKey, true);
  return { secretKey, publicKey, pubkeyHash: ripemd160(sha256(publicKey)) };
}

export interface TestVault {
  vault: VaultRef;
  adminCapId: string;
  dwalletId: string;
  publicUserShare: Uint8Array;
  owner: Ed25519Keypair;
  key: TestKey;
}

export class VaultFlows {
  readonly flows: Flows;
  readonly client: VaultClient;

  constructor(readonly h: LocalHarness) {
    this.flows = new Flows(h);
    this.client = new VaultClient(h.client.deployment);
  }

  /** A shared dWallet (`request_shared_dwallet_dkg`) the network activated; the cap goes to `owner`. */
  async sharedDWallet(
    owner: Ed25519Keypair,
    options: { curve?: Curve; publicUserShare?: Uint8Array } = {},
  ): Promise<{ dwalletId: string; capId: string; publicUserShare: Uint8Array }> {
    const publicUserShare = options.publicUserShare ?? secp256k1.utils.randomSecretKey();
    const tx = new Transaction();
    const cap = this.h.client.requestSharedDWalletDkg(tx, {
      networkKeyId: this.h.networkKeyId,
      curve: options.curve ?? Curve.SECP256K1,
      algorithm: SignatureAlgorithm.ECDSA,
      sessionPreimage: randomSessionPreimage(),
      userDkgMessage: new Uint8Array([1, 2, 3]),
      publicUserShare,
      payment: this.h.client.payFromGas(tx, 0n),
    });
    tx.transferObjects([cap], owner.toSuiAddress());
    const requested = this.h.event(this.h.ok(await this.h.exec(tx, owner), 'shared dWallet request'), 'DWalletDkgRequested');
    await this.h.submitResults([{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([0xd0, 0x5a]) } }]);
    return { dwalletId: requested.dwallet_id, capId: requested.dwallet_cap_id, publicUserShare };
  }

  /** `vault::create` through the raw call (no client-side checks), the admin cap going to `owner`. */
  async createTx(
    owner: Ed25519Keypair,
    args: {
      dwalletCapId: string;
      approvers: string[];
      requiredApprovals: bigint;
      ethereumChainId?: bigint;
      bitcoinPubkeyHash?: Uint8Array;
      timelockMs?: bigint;
    },
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    const cap = this.client.call(tx, 'create', {
      dwallet_cap: await this.h.ref(args.dwalletCapId),
      approvers: args.approvers,
      required_approvals: args.requiredApprovals,
      ethereum_chain_id: args.ethereumChainId ?? 1n,
      bitcoin_pubkey_hash: args.bitcoinPubkeyHash ?? new Uint8Array(20).fill(1),
      timelock_ms: args.timelockMs ?? 0n,
    });
    tx.transferObjects([cap], owner.toSuiAddress());
    return this.h.exec(tx, owner);
  }

  /** A vault around a new shared dWallet of `owner`, with `approvers` (k = `requiredApprovals`). */
  async vault(
    owner: Ed25519Keypair,
    options: { approvers: Ed25519Keypair[]; requiredApprovals?: bigint; ethereumChainId?: bigint; timelockMs?: bigint; keySeed?: number },
  ): Promise<TestVault> {
    const key = testKey(options.keySeed ?? 7);
    const wallet = await this.sharedDWallet(owner);
    const created = this.h.ok(
      await this.createTx(owner, {
        dwalletCapId: wallet.capId,
        approvers: options.approvers.map((a) => a.toSuiAddress()),
        requiredApprovals: options.requiredApprovals ?? 1n,
        ethereumChainId: options.ethereumChainId ?? 1n,
        bitcoinPubkeyHash: key.pubkeyHash,
        timelockMs: options.timelockMs ?? 0n,
      }),
      'vault creation',
    );
    const event = this.event(created, 'VaultCreated');
    const { ref } = await readVault(this.h.chain, event.vault_id);
    return { vault: ref, adminCapId: event.admin_cap_id, dwalletId: wallet.dwalletId, publicUserShare: wallet.publicUserShare, owner, key };
  }

  event<N extends VaultEventName>(result: TransactionResult, name: N): VaultEventValue<N> {
    return vaultEvent(this.h.packageId, result, name);
  }

  /** Runs an admin call with the vault's cap (held by `v.owner`, or the cap `adminCapId` of `signer`). */
  async admin(
    v: TestVault,
    build: (tx: Transaction, adminCap: ObjectRef) => unknown,
    options: { signer?: Ed25519Keypair; adminCapId?: string } = {},
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    build(tx, await this.h.ref(options.adminCapId ?? v.adminCapId));
    return this.h.exec(tx, options.signer ?? v.owner);
  }

  /** Sets the spending limit of `chain`. */
  async limit(v: TestVault, chain: VaultChain, limitPerPeriod: bigint, largeAmount: bigint, periodMs = 86_400_000n): Promise<void> {
    this.h.ok(
      await this.admin(v, (tx, adminCap) =>
        this.client.setSpendingLimit(tx, { vault: v.vault, adminCap, chain, periodMs, limitPerPeriod, largeAmount }),
      ),
      'set spending limit',
    );
  }

  async allow(v: TestVault, chain: VaultChain, recipient: Uint8Array): Promise<void> {
    this.h.ok(
      await this.admin(v, (tx, adminCap) => this.client.allowRecipient(tx, { vault: v.vault, adminCap, chain, recipient })),
      'allow',
    );
  }

  async proposeEthereum(
    v: TestVault,
    proposer: Ed25519Keypair,
    args: { to: Uint8Array; value: bigint; maxPriorityFeePerGas?: bigint; maxFeePerGas?: bigint; gasLimit?: bigint },
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    this.client.call(tx, 'propose_ethereum_transfer', {
      vault: v.vault,
      to: args.to,
      value: args.value,
      max_priority_fee_per_gas: args.maxPriorityFeePerGas ?? 1n * GWEI,
      max_fee_per_gas: args.maxFeePerGas ?? 30n * GWEI,
      gas_limit: args.gasLimit ?? 21_000n,
    });
    return this.h.exec(tx, proposer);
  }

  /** A proposal id of a successful propose. */
  proposalId(result: TransactionResult): bigint {
    return this.event(this.h.ok(result, 'proposal'), 'ProposalCreated').proposal_id;
  }

  async proposeBitcoin(
    v: TestVault,
    proposer: Ed25519Keypair,
    args: { inputs: BitcoinSpendInput[]; outputs: BitcoinSpendOutput[]; lockTime?: number },
  ): Promise<TransactionResult> {
    const tx = new Transaction();
    this.client.call(tx, 'propose_bitcoin_spend', {
      vault: v.vault,
      input_txids: args.inputs.map((i) => i.txid),
      input_vouts: args.inputs.map((i) => i.vout),
      input_values: args.inputs.map((i) => i.value),
      output_values: args.outputs.map((o) => o.value),
      output_scripts: args.outputs.map((o) => o.scriptPubKey),
      lock_time: args.lockTime ?? 0,
    });
    return this.h.exec(tx, proposer);
  }

  async approve(v: TestVault, approver: Ed25519Keypair, proposalId: bigint): Promise<TransactionResult> {
    const tx = new Transaction();
    this.client.approve(tx, { vault: v.vault, proposalId });
    return this.h.exec(tx, approver);
  }

  async cancel(v: TestVault, signer: Ed25519Keypair, proposalId: bigint): Promise<TransactionResult> {
    const tx = new Transaction();
    this.client.cancel(tx, { vault: v.vault, proposalId });
    return this.h.exec(tx, signer);
  }

  /**
   * Fills the pool with one completed presign (paid by `executor`), then claims it and executes the
   * Ethereum transfer in one transaction.
   */
  async executeEthereum(v: TestVault, executor: Ed25519Keypair, proposalId: bigint): Promise<TransactionResult> {
    await this.flows.pooledPresign(executor);
    const tx = new Transaction();
    this.client.executeEthereumTransferWithPooledPresign(tx, {
      vault: v.vault,
      proposalId,
      networkKeyId: this.h.networkKeyId,
      curve: Curve.SECP256K1,
      sessionPreimage: randomSessionPreimage(),
      presignFee: 0n,
      signFee: 0n,
    });
    return this.h.exec(tx, executor);
  }

  /** As `executeEthereum`, for input `inputIndex` of a Bitcoin spend. */
  async executeBitcoin(v: TestVault, executor: Ed25519Keypair, proposalId: bigint, inputIndex: bigint): Promise<TransactionResult> {
    await this.flows.pooledPresign(executor);
    const tx = new Transaction();
    this.client.executeBitcoinInputWithPooledPresign(tx, {
      vault: v.vault,
      proposalId,
      inputIndex,
      networkKeyId: this.h.networkKeyId,
      curve: Curve.SECP256K1,
      sessionPreimage: randomSessionPreimage(),
      presignFee: 0n,
      signFee: 0n,
    });
    return this.h.exec(tx, executor);
  }

  /** The raw call of an execute function with a presign cap the executor holds (for refusals that must not consume a pooled presign). */
  async executeWithCap(
    v: TestVault,
    executor: Ed25519Keypair,
    name: 'execute_ethereum_transfer' | 'execute_bitcoin_input',
    args: Record<string, unknown>,
  ): Promise<TransactionResult> {
    const { capId } = await this.flows.presignCap(executor);
    const tx = new Transaction();
    const payment: TransactionArgument = this.h.client.payFromGas(tx, 0n);
    this.client.call(tx, name, {
      vault: v.vault,
      presign_cap: await this.h.ref(capId),
      session_preimage: randomSessionPreimage(),
      payment,
      ...args,
    });
    return this.h.exec(tx, executor);
  }
}
