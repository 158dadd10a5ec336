/**
 * The demo `npm run demo:vault` runs on a fresh local network: a policy vault — a Move contract —
 * signs Ethereum and Bitcoin transfers of a shared dWallet under its own rules.
 *
 *  1. Alice creates a shared dWallet: its user share is published on chain at creation, so the
 *     network completes its signatures alone once the chain approves a message. Her client then
 *     forgets the share: from here on no process of any participant holds a secret of the
 *     dWallet (their stores are checked empty), and none computes a user sign message;
 *  2. she wraps its cap in a vault with three approvers (Alice, Bob, Carol; k = 2), an allowlist on
 *     each chain, a spending limit per day, a large-amount threshold and a timelock;
 *  3. an Ethereum transfer under the large amount: Bob proposes, Carol executes — the vault builds
 *     the EIP-1559 transaction in Move, the network signs it; viem recovers the dWallet's address
 *     as its sender;
 *  4. a Bitcoin spend of the vault's P2WPKH output (a made-up outpoint: no Bitcoin node here): the
 *     vault computes the BIP-143 sighash in Move; @scure/btc-signer and @noble/curves verify;
 *  5. a transfer above the large amount: with one approval the chain refuses it
 *     (`vault::ENotEnoughApprovals`), with k approvals before the timelock too
 *     (`vault::ETimelockNotExpired`), after the timelock it goes through.
 *
 * No transaction is broadcast (no Ethereum or Bitcoin node here); each is a valid signed
 * transaction, checked with the chains' own libraries.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Address, formatEther, parseEther, parseGwei } from 'viem';
import { bitcoinP2wpkhAddress } from './bitcoin/address.ts';
import type { DWalletClient, DWalletRecord } from './dwallet-client.ts';
import { TransactionFailedError } from './errors.ts';
import { ethereumAddress } from './ethereum/address.ts';
import type { ExecutedBitcoinSpend, ExecutedEthereumTransfer } from './vault/index.ts';
import { verifyBitcoinTransaction, verifyEthereumTransaction } from './verify-transactions.ts';

/** Sepolia: the demo's transactions could only ever be replayed on a test network. */
export const VAULT_DEMO_CHAIN_ID = 11_155_111;
const ETH_RECIPIENT: Address = '0x000000000000000000000000000000000000dEaD';
const BTC_NETWORK = 'regtest';
const MAX_FEE_PER_GAS = parseGwei('30');
const MAX_PRIORITY_FEE_PER_GAS = parseGwei('1.5');
const GAS = 21_000n;
const DAY_MS = 86_400_000;
/** The demo's timelock: long enough to show the refusal, short enough to wait for. */
export const VAULT_DEMO_TIMELOCK_MS = 20_000;
const ETH_LIMIT = parseEther('1');
const ETH_LARGE = parseEther('0.1');
const ETH_SMALL_VALUE = parseEther('0.05');
const ETH_LARGE_VALUE = parseEther('0.5');
const BTC_LIMIT = 1_000_000n;
const BTC_LARGE = 500_000n;
const BTC_FUNDING = 100_000n;
const BTC_PAYMENT = 40_000n;
const BTC_FEE = 1_000n;
/**
 * The attempts the vault must refuse are sent with a fixed gas budget (0.1 SUI), without a
 * simulation first: the chain executes them and records the abort, the contract's own verdict.
 */
const REFUSED_GAS_BUDGET = 100_000_000n;

export interface VaultDemoParticipants {
  /** Creates the shared dWallet and the vault, holds the admin cap; an approver. */
  readonly alice: DWalletClient;
  /** An approver: proposes. */
  readonly bob: DWalletClient;
  /** An approver: executes (anyone could). */
  readonly carol: DWalletClient;
}

/** A refusal of the vault contract, as the chain reported it. */
export interface VaultRefusal {
  readonly step: string;
  /** The Sui transaction that executed and aborted. */
  readonly digest: string;
  readonly module: string | null;
  readonly code: number | null;
  readonly name: string | null;
}

export interface VaultDemoResult {
  readonly dwallet: DWalletRecord;
  readonly vaultId: string;
  readonly ethereumAddress: Address;
  readonly bitcoinAddress: string;
  readonly small: ExecutedEthereumTransfer;
  readonly bitcoin: ExecutedBitcoinSpend;
  readonly large: ExecutedEthereumTransfer;
  readonly refusals: readonly VaultRefusal[];
  /** Each step and how long it took. */
  readonly timings: readonly { readonly step: string; readonly ms: number }[];
}

/** Runs `attempt`, which the vault must refuse; returns the refusal (anything else fails the demo). */
async function refused(step: string, expected: string, attempt: () => Promise<unknown>): Promise<VaultRefusal> {
  try {
    await attempt();
  } catch (error) {
    if (error instanceof TransactionFailedError && error.module === 'vault' && error.abortName === expected) {
      return { step, digest: error.digest, module: error.module, code: error.abortCode, name: error.abortName };
    }
    throw error;
  }
  throw new Error(`${step}: the vault was expected to refuse with ${expected}, and accepted`);
}

export async function runVaultDemo(participants: VaultDemoParticipants, progress: (line: string) => void): Promise<VaultDemoResult> {
  const { alice, bob, carol } = participants;
  const timings: { step: string; ms: number }[] = [];
  const refusals: VaultRefusal[] = [];
  async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const result = await work();
    const ms = Date.now() - started;
    timings.push({ step: name, ms });
    progress(`    (${(ms / 1000).toFixed(1)} s)`);
    return result;
  }

  progress('1/6 Alice creates a shared dWallet (its user share is published on chain: the network signs alone)');
  const dwallet = await step('create shared dWallet', () => alice.createSharedDWallet({ curve: 'secp256k1' }));
  const address = ethereumAddress(dwallet.publicKey);
  const bitcoinAddress = bitcoinP2wpkhAddress(dwallet.publicKey, BTC_NETWORK);
  progress(`    dWallet ${dwallet.id}: Ethereum ${address}, Bitcoin (regtest) ${bitcoinAddress}`);
  // The share is public (on chain) and from here on nobody needs it: Alice's process forgets it.
  await alice.secrets.delete(dwallet.id);
  for (const [name, client] of Object.entries(participants)) {
    if ((await client.secrets.keys()).includes(dwallet.id)) throw new Error(`${name}'s secret store still holds the dWallet's share`);
  }
  progress('    no user share is in play: no participant holds a secret of the dWallet; the vault and the network do the rest');

  progress(
    `2/6 Alice creates a vault: approvers Alice, Bob, Carol (k = 2), allowlists, limits per day, a ${VAULT_DEMO_TIMELOCK_MS / 1000} s timelock`,
  );
  const approvers = [alice.address, bob.address, carol.address];
  const btcRecipient = bitcoinP2wpkhAddress(secp256k1.getPublicKey(sha256(new TextEncoder().encode('vault demo recipient'))), BTC_NETWORK);
  const vaultId = await step('create vault and set its rules', async () => {
    const { vaultId } = await alice.vault.create({
      dwalletId: dwallet.id,
      approvers,
      requiredApprovals: 2,
      ethereumChainId: VAULT_DEMO_CHAIN_ID,
      timelockMs: VAULT_DEMO_TIMELOCK_MS,
    });
    await alice.vault.changeRules(vaultId, [
      { rule: 'allow-recipient', recipient: { chain: 'ethereum', address: ETH_RECIPIENT } },
      { rule: 'allow-recipient', recipient: { chain: 'bitcoin', address: btcRecipient, network: BTC_NETWORK } },
      { rule: 'spending-limit', chain: 'ethereum', periodMs: DAY_MS, limitPerPeriod: ETH_LIMIT, largeAmount: ETH_LARGE },
      { rule: 'spending-limit', chain: 'bitcoin', periodMs: DAY_MS, limitPerPeriod: BTC_LIMIT, largeAmount: BTC_LARGE },
    ]);
    return vaultId;
  });
  progress(
    `    vault ${vaultId}: Ethereum to ${ETH_RECIPIENT} only, ${formatEther(ETH_LIMIT)} ETH a day, above ${formatEther(ETH_LARGE)} ETH k approvals + timelock`,
  );
  progress(`    Bitcoin to ${btcRecipient} only, ${BTC_LIMIT} sat a day, above ${BTC_LARGE} sat k approvals + timelock`);

  const transfer = { to: ETH_RECIPIENT, maxFeePerGas: MAX_FEE_PER_GAS, maxPriorityFeePerGas: MAX_PRIORITY_FEE_PER_GAS, gasLimit: GAS };
  progress(
    `3/6 Bob proposes ${formatEther(ETH_SMALL_VALUE)} ETH (under the large amount); Carol executes: the vault builds the EIP-1559 transaction, the network signs`,
  );
  const small = await step('Ethereum transfer under the limit', async () => {
    const { proposalId } = await bob.vault.proposeEthereumTransfer(vaultId, { ...transfer, value: ETH_SMALL_VALUE });
    return carol.vault.executeEthereumTransfer(vaultId, proposalId);
  });
  await verifyEthereumTransaction(small.serialized, address);
  progress(`    verified: viem recovers ${small.from} (the dWallet's address) from the signed transaction, nonce ${small.nonce}`);

  progress(
    `4/6 Bob proposes a Bitcoin spend of ${BTC_PAYMENT} sat (change back to the vault); Carol executes: the vault computes the BIP-143 sighash`,
  );
  // A made-up funding output of the vault's address (no Bitcoin node here to fund it for real).
  const fundingTxid = bytesToHex(sha256(new TextEncoder().encode(`vault demo funding ${dwallet.id}`)));
  const bitcoin = await step('Bitcoin spend', async () => {
    const { proposalId } = await bob.vault.proposeBitcoinSpend(vaultId, {
      network: BTC_NETWORK,
      inputs: [{ txid: fundingTxid, vout: 0, amount: BTC_FUNDING }],
      outputs: [{ address: btcRecipient, amount: BTC_PAYMENT }],
      fee: BTC_FEE,
    });
    return carol.vault.executeBitcoinSpend(vaultId, proposalId, { network: BTC_NETWORK });
  });
  verifyBitcoinTransaction(bitcoin.hex, dwallet.publicKey, [BTC_FUNDING]);
  progress('    verified: @scure/btc-signer recomputes the sighash, the witness signature verifies under the dWallet key (@noble/curves)');

  progress(`5/6 Bob proposes ${formatEther(ETH_LARGE_VALUE)} ETH (above the large amount: k = 2 approvals and the timelock)`);
  const large = await step('large Ethereum transfer', async () => {
    const { proposalId } = await bob.vault.proposeEthereumTransfer(vaultId, { ...transfer, value: ETH_LARGE_VALUE });
    await alice.vault.approve(vaultId, proposalId);
    const one = await refused('1 approval', 'ENotEnoughApprovals', () =>
      carol.vault.executeEthereumTransfer(vaultId, proposalId, { gasBudget: REFUSED_GAS_BUDGET }),
    );
    refusals.push(one);
    progress(`    1 approval: refused on chain by ${one.module}::${one.name} (abort code ${one.code}; transaction ${one.digest} aborted)`);
    await bob.vault.approve(vaultId, proposalId);
    const proposal = await carol.vault.proposal(vaultId, proposalId);
    if (proposal.unlocksAtMs !== null && Date.now() < Number(proposal.unlocksAtMs)) {
      const early = await refused('2 approvals, timelock running', 'ETimelockNotExpired', () =>
        carol.vault.executeEthereumTransfer(vaultId, proposalId, { gasBudget: REFUSED_GAS_BUDGET }),
      );
      refusals.push(early);
      progress(
        `    2 approvals, timelock running: refused on chain by ${early.module}::${early.name} (abort code ${early.code}; transaction ${early.digest} aborted)`,
      );
    }
    const unlocksAt = Number(proposal.unlocksAtMs ?? 0n);
    // The local chain's Clock is the wall clock of its checkpoints; a second more covers the step between them.
    const wait = unlocksAt - Date.now() + 1_000;
    if (wait > 0) {
      progress(`    waiting ${(wait / 1000).toFixed(1)} s for the timelock (until ${new Date(unlocksAt).toISOString()})`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return carol.vault.executeEthereumTransfer(vaultId, proposalId);
  });
  await verifyEthereumTransaction(large.serialized, address);
  progress(`    2 approvals, timelock over: executed; viem recovers ${large.from}, nonce ${large.nonce}`);

  progress('6/6 the vault now');
  const info = await carol.vault.get(vaultId, { bitcoinNetwork: BTC_NETWORK });
  const proposals = await carol.vault.proposals(vaultId, { bitcoinNetwork: BTC_NETWORK });
  progress(
    `    spent today: ${formatEther(info.ethereum.spendingLimit.spentInPeriod)} ETH (fees at their cap included), ${info.bitcoin.spendingLimit.spentInPeriod} sat; next nonce ${info.ethereum.nextNonce}`,
  );
  for (const p of proposals) {
    progress(`    proposal ${p.id} (${p.chain}): ${p.state}, ${p.countedApprovals} approval(s)${p.large ? ', large' : ''}`);
  }
  for (const [name, client] of Object.entries(participants)) {
    if ((await client.secrets.keys()).includes(dwallet.id)) throw new Error(`${name}'s secret store holds the dWallet's share`);
  }
  return { dwallet, vaultId, ethereumAddress: address, bitcoinAddress, small, bitcoin, large, refusals, timings };
}
