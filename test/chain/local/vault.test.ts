/**
 * The policy vault (`dwallet::vault`) on the local chain: creation around a shared dWallet, its
 * administration, Ethereum proposals and their execution under every rule. Each rule is refused
 * with its abort (module `vault`, code and name); an executed transfer ends in a
 * `SignRequested` for the shared dWallet (public user share set, no user message) whose message
 * is viem's `serializeTransaction` of the same fields, with the vault's chain id and a nonce
 * incremented on chain; a signature over its digest recovers the vault's Ethereum address
 * through viem. Bitcoin spends are in `vault-bitcoin.test.ts`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Hex, keccak256, recoverTransactionAddress, serializeTransaction } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { Curve, HashScheme } from '../../../chain/constants.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { MAX_TIMELOCK_MS, MAX_U256, MAX_VAULT_APPROVERS, ProposalStatus, VaultChain } from '../../../chain/vault-constants.ts';
import { readProposal, readVault } from '../../../chain/vault-reader.ts';
import { assertAbort, assertRejects } from '../support/assertions.ts';
import { keypair, LocalHarness } from '../support/local-harness.ts';
import { ETHER, GWEI, type TestVault, VaultFlows } from '../support/vault-harness.ts';

const DAY = 86_400_000;
const hex = (bytes: Uint8Array): Hex => `0x${bytesToHex(bytes)}`;
const address = (fill: number) => new Uint8Array(20).fill(fill);

describe('local chain: vault creation and administration', () => {
  let h: LocalHarness;
  let v: VaultFlows;
  before(async () => {
    h = await LocalHarness.create();
    v = new VaultFlows(h);
  });
  after(() => h.close());

  it('wraps the DWalletCap of an active shared dWallet in a shared Vault and gives its creator the admin cap', async () => {
    const owner = await h.user();
    const approvers = [keypair(80), keypair(81), keypair(82)];
    const wallet = await v.sharedDWallet(owner);
    const pubkeyHash = new Uint8Array(20).fill(9);
    const result = h.ok(
      await v.createTx(owner, {
        dwalletCapId: wallet.capId,
        approvers: approvers.map((a) => a.toSuiAddress()),
        requiredApprovals: 2n,
        ethereumChainId: 11155111n,
        bitcoinPubkeyHash: pubkeyHash,
        timelockMs: 3_600_000n,
      }),
    );
    const created = v.event(result, 'VaultCreated');
    assert.equal(created.dwallet_id, wallet.dwalletId);
    assert.deepEqual(
      created.approvers,
      approvers.map((a) => a.toSuiAddress()),
    );
    assert.equal(created.required_approvals, 2n);
    assert.equal(created.ethereum_chain_id, 11155111n);
    assert.deepEqual(created.bitcoin_pubkey_hash, pubkeyHash);
    assert.equal(created.timelock_ms, 3_600_000n);
    const wrapped = result.changedObjects.find((c) => c.objectId === wallet.capId);
    assert.equal(wrapped?.change, 'wrapped', 'the DWalletCap is wrapped in the vault');
    assert.equal(await h.chain.getObject(wallet.capId), null);
    const { value, object } = await readVault(h.chain, created.vault_id);
    assert.equal(object.owner.kind, 'shared');
    assert.equal(value.dwallet_cap.id, wallet.capId);
    assert.equal(value.dwallet_id, wallet.dwalletId);
    assert.equal(value.ethereum.nonce, 0n);
    assert.equal(value.next_proposal_id, 0n);
    // Fails closed: nothing may be spent until the administrator sets a limit.
    assert.equal(value.ethereum.spending_limit.limit_per_period, 0n);
    assert.equal(value.bitcoin.spending_limit.limit_per_period, 0n);
    const cap = await h.chain.getObject(created.admin_cap_id);
    assert.deepEqual(cap?.owner, { kind: 'address', address: owner.toSuiAddress() });
    assert.equal(cap?.type, `${h.packageId}::vault::VaultAdminCap`);
    // The transaction's module is the vault's, for its events.
    assert.ok(result.events.every((e) => e.module === 'vault'));
  });

  it('refuses a zero-trust dWallet (EDWalletNotShared), one the network has not activated (EDWalletNotActive) and a P-256 one', async () => {
    const owner = await h.user();
    const zeroTrust = await v.flows.activeDWallet(owner);
    assertAbort(
      await v.createTx(owner, { dwalletCapId: zeroTrust.capId, approvers: [owner.toSuiAddress()], requiredApprovals: 1n }),
      'vault',
      'EDWalletNotShared',
    );
    const pending = h.event(h.ok(await v.flows.requestDWallet(owner)), 'DWalletDkgRequested');
    assertAbort(
      await v.createTx(owner, { dwalletCapId: pending.dwallet_cap_id, approvers: [owner.toSuiAddress()], requiredApprovals: 1n }),
      'vault',
      'EDWalletNotActive',
    );
    const p256 = await v.sharedDWallet(owner, { curve: Curve.P256 });
    assertAbort(
      await v.createTx(owner, { dwalletCapId: p256.capId, approvers: [owner.toSuiAddress()], requiredApprovals: 1n }),
      'vault',
      'EUnsupportedCurve',
    );
  });

  it('refuses bad rules at creation, each with its abort', async () => {
    const owner = await h.user();
    const wallet = await v.sharedDWallet(owner);
    const me = owner.toSuiAddress();
    const other = keypair(83).toSuiAddress();
    const base = { dwalletCapId: wallet.capId, approvers: [me, other], requiredApprovals: 1n };
    const cases: Array<[Partial<Parameters<VaultFlows['createTx']>[1]>, Parameters<typeof assertAbort<'vault'>>[2]]> = [
      [{ requiredApprovals: 0n }, 'EInvalidRequiredApprovals'],
      [{ requiredApprovals: 3n }, 'EInvalidRequiredApprovals'],
      [{ approvers: [], requiredApprovals: 1n }, 'EInvalidRequiredApprovals'],
      [{ approvers: [me, other, me] }, 'EAlreadyApprover'],
      [
        { approvers: Array.from({ length: Number(MAX_VAULT_APPROVERS) + 1 }, (_, i) => keypair(100 + i).toSuiAddress()) },
        'ETooManyApprovers',
      ],
      [{ ethereumChainId: 0n }, 'EInvalidChainId'],
      [{ bitcoinPubkeyHash: new Uint8Array(19) }, 'EInvalidPubkeyHash'],
      [{ bitcoinPubkeyHash: new Uint8Array(32) }, 'EInvalidPubkeyHash'],
      [{ timelockMs: MAX_TIMELOCK_MS + 1n }, 'ETimelockTooLong'],
    ];
    for (const [change, name] of cases) assertAbort(await v.createTx(owner, { ...base, ...change }), 'vault', name);
    h.ok(await v.createTx(owner, { ...base, timelockMs: MAX_TIMELOCK_MS }), 'the longest timelock is allowed');
  });

  it("admin functions refuse another vault's cap (EWrongVaultCap)", async () => {
    const owner = await h.user();
    const mine = await v.vault(owner, { approvers: [owner] });
    const theirs = await v.vault(owner, { approvers: [owner] });
    const calls: Array<(tx: Transaction, adminCap: { objectId: string; version: bigint; digest: string }) => unknown> = [
      (tx, adminCap) => v.client.addApprover(tx, { vault: mine.vault, adminCap, approver: keypair(84).toSuiAddress() }),
      (tx, adminCap) => v.client.removeApprover(tx, { vault: mine.vault, adminCap, approver: owner.toSuiAddress() }),
      (tx, adminCap) => v.client.setRequiredApprovals(tx, { vault: mine.vault, adminCap, requiredApprovals: 1n }),
      (tx, adminCap) => v.client.allowRecipient(tx, { vault: mine.vault, adminCap, chain: VaultChain.ETHEREUM, recipient: address(1) }),
      (tx, adminCap) => v.client.disallowRecipient(tx, { vault: mine.vault, adminCap, chain: VaultChain.ETHEREUM, recipient: address(1) }),
      (tx, adminCap) =>
        v.client.setSpendingLimit(tx, {
          vault: mine.vault,
          adminCap,
          chain: VaultChain.BITCOIN,
          periodMs: 1000n,
          limitPerPeriod: 1n,
          largeAmount: 1n,
        }),
      (tx, adminCap) => v.client.setTimelock(tx, { vault: mine.vault, adminCap, timelockMs: 1n }),
      (tx, adminCap) => v.client.setEthereumNonce(tx, { vault: mine.vault, adminCap, nonce: 5n }),
    ];
    for (const call of calls) {
      assertAbort(await v.admin(mine, call, { adminCapId: theirs.adminCapId }), 'vault', 'EWrongVaultCap');
      h.ok(await v.admin(mine, call), 'the right cap');
    }
  });

  it('administers approvers, k, allowlists, limits and the timelock, refusing each bad change', async () => {
    const owner = await h.user();
    const [a, b] = [keypair(85), keypair(86)];
    const t = await v.vault(owner, { approvers: [a, b], requiredApprovals: 2n });
    const admin = (call: (tx: Transaction, adminCap: { objectId: string; version: bigint; digest: string }) => unknown) => v.admin(t, call);
    const vault = t.vault;
    assertAbort(
      await admin((tx, adminCap) => v.client.addApprover(tx, { vault, adminCap, approver: a.toSuiAddress() })),
      'vault',
      'EAlreadyApprover',
    );
    assertAbort(
      await admin((tx, adminCap) => v.client.removeApprover(tx, { vault, adminCap, approver: owner.toSuiAddress() })),
      'vault',
      'ENotApprover',
    );
    assertAbort(
      await admin((tx, adminCap) => v.client.removeApprover(tx, { vault, adminCap, approver: a.toSuiAddress() })),
      'vault',
      'EInvalidRequiredApprovals',
    );
    assertAbort(
      await admin((tx, adminCap) => v.client.setRequiredApprovals(tx, { vault, adminCap, requiredApprovals: 3n })),
      'vault',
      'EInvalidRequiredApprovals',
    );
    assertAbort(
      await admin((tx, adminCap) => v.client.setRequiredApprovals(tx, { vault, adminCap, requiredApprovals: 0n })),
      'vault',
      'EInvalidRequiredApprovals',
    );
    h.ok(await admin((tx, adminCap) => v.client.setRequiredApprovals(tx, { vault, adminCap, requiredApprovals: 1n })));
    h.ok(await admin((tx, adminCap) => v.client.removeApprover(tx, { vault, adminCap, approver: a.toSuiAddress() })));
    h.ok(await admin((tx, adminCap) => v.client.addApprover(tx, { vault, adminCap, approver: owner.toSuiAddress() })));
    assert.deepEqual((await readVault(h.chain, vault.objectId)).value.approvers, [b.toSuiAddress(), owner.toSuiAddress()]);

    const raw = (name: 'allow_recipient' | 'disallow_recipient', chain: number, recipient: Uint8Array) =>
      admin((tx, adminCap) => v.client.call(tx, name, { vault, cap: adminCap, chain, recipient }));
    assertAbort(await raw('allow_recipient', 2, address(1)), 'vault', 'EInvalidChain');
    assertAbort(await raw('disallow_recipient', 2, address(1)), 'vault', 'EInvalidChain');
    assertAbort(await raw('allow_recipient', VaultChain.ETHEREUM, new Uint8Array(19)), 'vault', 'EInvalidRecipient');
    assertAbort(await raw('allow_recipient', VaultChain.ETHEREUM, new Uint8Array(21)), 'vault', 'EInvalidRecipient');
    assertAbort(await raw('allow_recipient', VaultChain.BITCOIN, new Uint8Array()), 'vault', 'EInvalidRecipient');
    assertAbort(await raw('allow_recipient', VaultChain.BITCOIN, new Uint8Array(84).fill(0x6a)), 'vault', 'EInvalidRecipient');
    h.ok(await raw('allow_recipient', VaultChain.BITCOIN, new Uint8Array(83).fill(0x6a)), 'the longest script');
    h.ok(await raw('allow_recipient', VaultChain.ETHEREUM, address(1)));
    assertAbort(await raw('allow_recipient', VaultChain.ETHEREUM, address(1)), 'vault', 'ERecipientAlreadyAllowed');
    assertAbort(await raw('disallow_recipient', VaultChain.ETHEREUM, address(2)), 'vault', 'ERecipientNotAllowed');
    // An address allowed on Ethereum is not a Bitcoin recipient.
    assertAbort(await raw('disallow_recipient', VaultChain.BITCOIN, address(1)), 'vault', 'ERecipientNotAllowed');
    h.ok(await raw('disallow_recipient', VaultChain.ETHEREUM, address(1)));
    assert.deepEqual((await readVault(h.chain, vault.objectId)).value.ethereum_recipients, []);

    const limit = (periodMs: bigint) =>
      admin((tx, adminCap) =>
        v.client.setSpendingLimit(tx, { vault, adminCap, chain: VaultChain.ETHEREUM, periodMs, limitPerPeriod: 5n, largeAmount: 2n }),
      );
    assertAbort(await limit(0n), 'vault', 'EInvalidPeriod');
    assertAbort(await limit(31_536_000_001n), 'vault', 'EInvalidPeriod');
    h.ok(await limit(31_536_000_000n));
    const { value } = await readVault(h.chain, vault.objectId);
    assert.equal(value.ethereum.spending_limit.limit_per_period, 5n);
    assert.equal(value.ethereum.spending_limit.large_amount, 2n);
    assertAbort(
      await admin((tx, adminCap) => v.client.setTimelock(tx, { vault, adminCap, timelockMs: MAX_TIMELOCK_MS + 1n })),
      'vault',
      'ETimelockTooLong',
    );
    h.ok(await admin((tx, adminCap) => v.client.setTimelock(tx, { vault, adminCap, timelockMs: 60_000n })));
    assert.equal((await readVault(h.chain, vault.objectId)).value.timelock_ms, 60_000n);
  });

  it('destroying the admin cap freezes the rules (RulesFrozen; the cap is gone)', async () => {
    const owner = await h.user();
    const t = await v.vault(owner, { approvers: [owner] });
    const result = h.ok(await v.admin(t, (tx, adminCap) => v.client.destroyAdminCap(tx, { adminCap })));
    assert.equal(v.event(result, 'RulesFrozen').vault_id, t.vault.objectId);
    assert.equal(await h.chain.getObject(t.adminCapId), null);
  });

  it('refuses a call to a function or module the package does not expose, before execution', async () => {
    const owner = await h.user();
    for (const target of [`${h.packageId}::vault::closed_limit`, `${h.packageId}::vault::nothing`, `${h.packageId}::bip143::sighash`]) {
      const tx = new Transaction();
      tx.moveCall({ target, arguments: [tx.pure.vector('u8', [1])] });
      await assertRejects(h.exec(tx, owner), ChainErrorCodes.TX_UNSUPPORTED);
    }
  });

  it('the client refuses malformed inputs with INVALID_REQUEST before anything is sent', async () => {
    const owner = await h.user();
    const t = await v.vault(owner, { approvers: [owner] });
    const adminCap = await h.ref(t.adminCapId);
    const tx = new Transaction();
    const refusals: Array<() => unknown> = [
      () =>
        v.client.create(tx, {
          dwalletCap: adminCap,
          approvers: ['not an address'],
          requiredApprovals: 1n,
          ethereumChainId: 1n,
          bitcoinPubkeyHash: new Uint8Array(20),
          timelockMs: 0n,
        }),
      () =>
        v.client.create(tx, {
          dwalletCap: adminCap,
          approvers: [owner.toSuiAddress()],
          requiredApprovals: 1n,
          ethereumChainId: 1n,
          bitcoinPubkeyHash: new Uint8Array(19),
          timelockMs: 0n,
        }),
      () => v.client.addApprover(tx, { vault: t.vault, adminCap, approver: '0xzz' }),
      () => v.client.allowRecipient(tx, { vault: t.vault, adminCap, chain: 2 as VaultChain, recipient: address(1) }),
      () => v.client.allowRecipient(tx, { vault: t.vault, adminCap, chain: VaultChain.ETHEREUM, recipient: new Uint8Array(19) }),
      () =>
        v.client.proposeEthereumTransfer(tx, {
          vault: t.vault,
          to: new Uint8Array(21),
          value: 1n,
          maxPriorityFeePerGas: 1n,
          maxFeePerGas: 1n,
          gasLimit: 21_000n,
        }),
      () =>
        v.client.proposeEthereumTransfer(tx, {
          vault: t.vault,
          to: address(1),
          value: MAX_U256 + 1n,
          maxPriorityFeePerGas: 1n,
          maxFeePerGas: 1n,
          gasLimit: 21_000n,
        }),
      () =>
        v.client.proposeEthereumTransfer(tx, {
          vault: t.vault,
          to: address(1),
          value: -1n,
          maxPriorityFeePerGas: 1n,
          maxFeePerGas: 1n,
          gasLimit: 21_000n,
        }),
      () =>
        v.client.proposeBitcoinSpend(tx, {
          vault: t.vault,
          inputs: [{ txid: new Uint8Array(31), vout: 0, value: 1n }],
          outputs: [{ value: 1n, scriptPubKey: new Uint8Array([0x51]) }],
          lockTime: 0,
        }),
      () =>
        v.client.proposeBitcoinSpend(tx, {
          vault: t.vault,
          inputs: [{ txid: new Uint8Array(32), vout: 2 ** 32, value: 1n }],
          outputs: [{ value: 1n, scriptPubKey: new Uint8Array([0x51]) }],
          lockTime: 0,
        }),
      () =>
        v.client.executeEthereumTransfer(tx, {
          vault: t.vault,
          proposalId: 0n,
          presignCap: adminCap,
          sessionPreimage: new Uint8Array(31),
          payment: tx.gas,
        }),
    ];
    for (const refusal of refusals) await assertRejects(Promise.resolve().then(refusal), ChainErrorCodes.INVALID_REQUEST);
  });
});

describe('local chain: Ethereum transfers through the vault', () => {
  let h: LocalHarness;
  let v: VaultFlows;
  let now = 1_700_000_000_000;
  const recipient = address(0xaa);
  before(async () => {
    h = await LocalHarness.create({ now: () => now });
    v = new VaultFlows(h);
  });
  after(() => h.close());

  /** A vault with approvers a, b, c (k = 2), `recipient` allowed, 1 ETH a day, large above 0.5 ETH, timelock an hour. */
  async function treasury(): Promise<{ t: TestVault; a: Ed25519Keypair; b: Ed25519Keypair; c: Ed25519Keypair }> {
    const owner = await h.user();
    const [a, b, c] = [await h.user(), await h.user(), await h.user()];
    const t = await v.vault(owner, { approvers: [a, b, c], requiredApprovals: 2n, timelockMs: 3_600_000n, ethereumChainId: 11155111n });
    await v.allow(t, VaultChain.ETHEREUM, recipient);
    await v.limit(t, VaultChain.ETHEREUM, 1n * ETHER, ETHER / 2n);
    return { t, a, b, c };
  }

  /** The amount a transfer counts: value + max fee × gas (defaults of the harness: 30 gwei × 21,000). */
  const fees = 30n * GWEI * 21_000n;

  it('refuses proposals from non-approvers, to recipients not allowlisted, and malformed transfers', async () => {
    const { t, a } = await treasury();
    const stranger = await h.user();
    assertAbort(await v.proposeEthereum(t, stranger, { to: recipient, value: 1n }), 'vault', 'ENotApprover');
    assertAbort(await v.proposeEthereum(t, a, { to: address(0xbb), value: 1n }), 'vault', 'ERecipientNotAllowed');
    assertAbort(await v.proposeEthereum(t, a, { to: recipient, value: 1n, gasLimit: 20_999n }), 'vault', 'EGasLimitTooLow');
    assertAbort(
      await v.proposeEthereum(t, a, { to: recipient, value: 1n, maxPriorityFeePerGas: 2n, maxFeePerGas: 1n }),
      'vault',
      'ETipAboveFeeCap',
    );
    assertAbort(
      await v.proposeEthereum(t, a, { to: recipient, value: MAX_U256, maxPriorityFeePerGas: 0n, maxFeePerGas: 1n }),
      'vault',
      'EAmountTooLarge',
    );
    h.ok(
      await v.proposeEthereum(t, a, { to: recipient, value: MAX_U256, maxPriorityFeePerGas: 0n, maxFeePerGas: 0n }),
      'no fee: no overflow',
    );
  });

  it('approvals: approvers only, once each, open proposals only; cancel: the proposer only', async () => {
    const { t, a, b } = await treasury();
    const stranger = await h.user();
    const id = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: 1n }));
    assertAbort(await v.approve(t, stranger, id), 'vault', 'ENotApprover');
    assertAbort(await v.approve(t, a, 99n), 'vault', 'EProposalNotFound');
    const approved = v.event(h.ok(await v.approve(t, a, id)), 'ProposalApproved');
    assert.equal(approved.approvals, 1n);
    assert.equal(approved.approver, a.toSuiAddress());
    assertAbort(await v.approve(t, a, id), 'vault', 'EAlreadyApproved');
    assertAbort(await v.cancel(t, b, id), 'vault', 'ENotProposer');
    assertAbort(await v.cancel(t, a, 99n), 'vault', 'EProposalNotFound');
    v.event(h.ok(await v.cancel(t, a, id)), 'ProposalCancelled');
    assertAbort(await v.cancel(t, a, id), 'vault', 'EProposalNotOpen');
    assertAbort(await v.approve(t, b, id), 'vault', 'EProposalNotOpen');
    assertAbort(await v.executeWithCap(t, b, 'execute_ethereum_transfer', { proposal_id: id }), 'vault', 'EProposalNotOpen');
    assert.equal((await readProposal(h.chain, (await readVault(h.chain, t.vault.objectId)).value, id)).status, ProposalStatus.CANCELLED);
  });

  it('executes a transfer to a SignRequested of the shared dWallet whose message is viem’s transaction; the nonce moves on chain', async () => {
    const { t, a, b } = await treasury();
    const account = privateKeyToAccount(hex(t.key.secretKey));
    const transfers = [
      { value: ETHER / 10n, maxPriorityFeePerGas: 2n * GWEI, maxFeePerGas: 30n * GWEI, gasLimit: 21_000n },
      { value: 0n, maxPriorityFeePerGas: 0n, maxFeePerGas: 1n, gasLimit: 50_000n },
    ];
    for (const [nonce, transfer] of transfers.entries()) {
      const id = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, ...transfer }));
      const result = h.ok(await v.executeEthereum(t, b, id), 'execute');
      const approved = v.event(result, 'EthereumTransferApproved');
      const requested = h.event(result, 'SignRequested');
      const expected = serializeTransaction({
        type: 'eip1559',
        chainId: 11155111,
        nonce,
        maxPriorityFeePerGas: transfer.maxPriorityFeePerGas,
        maxFeePerGas: transfer.maxFeePerGas,
        gas: transfer.gasLimit,
        to: hex(recipient),
        value: transfer.value,
      });
      assert.equal(hex(requested.message), expected);
      assert.equal(requested.hash_scheme, HashScheme.KECCAK256);
      assert.deepEqual(requested.public_user_share, t.publicUserShare);
      assert.deepEqual(requested.user_sign_message, new Uint8Array());
      assert.equal(requested.dwallet_id, t.dwalletId);
      assert.equal(approved.sign_id, requested.sign_id);
      assert.equal(approved.nonce, BigInt(nonce));
      assert.equal(approved.proposal_id, id);
      assert.deepEqual(approved.unsigned_transaction, requested.message);
      assert.equal(hex(approved.digest), keccak256(expected));
      // Each event names the module of the command that emitted it: claim_presign's the coordinator,
      // the vault call's (the coordinator's SignRequested included) the vault.
      const moduleOf = (suffix: string) => result.events.find((e) => e.type.endsWith(suffix))?.module;
      assert.equal(moduleOf('::events::PresignClaimed'), 'coordinator');
      assert.equal(moduleOf('::events::SignRequested'), 'vault');
      assert.equal(moduleOf('::vault::EthereumTransferApproved'), 'vault');
      const proposal = await readProposal(h.chain, (await readVault(h.chain, t.vault.objectId)).value, id);
      assert.equal(proposal.status, ProposalStatus.EXECUTED);
      assert.equal(proposal.ethereum?.nonce, BigInt(nonce));
      assert.equal(proposal.ethereum?.sign_id, requested.sign_id);

      // A signature over the digest (the network's, certified) makes a transaction from the vault's address.
      const signature = secp256k1.sign(approved.digest, t.key.secretKey, { prehash: false, format: 'recovered' });
      const certified = new Uint8Array([...signature.slice(1), signature[0] as number]);
      h.event(await h.submitResults([{ Signature: { session_id: requested.session_id, signature: certified } }]), 'SignCompleted');
      const signed = serializeTransaction(
        {
          type: 'eip1559',
          chainId: 11155111,
          nonce,
          maxPriorityFeePerGas: transfer.maxPriorityFeePerGas,
          maxFeePerGas: transfer.maxFeePerGas,
          gas: transfer.gasLimit,
          to: hex(recipient),
          value: transfer.value,
        },
        { r: hex(certified.slice(0, 32)), s: hex(certified.slice(32, 64)), yParity: certified[64] as number },
      );
      assert.equal(await recoverTransactionAddress({ serializedTransaction: signed as `0x02${string}` }), account.address);
    }
    assert.equal((await readVault(h.chain, t.vault.objectId)).value.ethereum.nonce, 2n);
  });

  it('the spending limit: refused within a period, allowed once the period rolls', async () => {
    const { t, a, b } = await treasury();
    const value = ETHER / 2n - fees;
    const first = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value }));
    const second = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value }));
    const third = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: 1n }));
    h.ok(await v.executeEthereum(t, b, first));
    h.ok(await v.executeEthereum(t, b, second));
    assert.equal((await readVault(h.chain, t.vault.objectId)).value.ethereum.spending_limit.spent_in_period, ETHER);
    assertAbort(await v.executeWithCap(t, b, 'execute_ethereum_transfer', { proposal_id: third }), 'vault', 'ESpendingLimitExceeded');
    now += DAY - 1;
    assertAbort(await v.executeWithCap(t, b, 'execute_ethereum_transfer', { proposal_id: third }), 'vault', 'ESpendingLimitExceeded');
    now += 1;
    h.ok(await v.executeEthereum(t, b, third), 'a new period');
    const limit = (await readVault(h.chain, t.vault.objectId)).value.ethereum.spending_limit;
    assert.equal(limit.spent_in_period, 1n + fees);
  });

  it('a large amount needs k approvals of current approvers and the timelock', async () => {
    const { t, a, b, c } = await treasury();
    const large = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: ETHER / 2n }));
    assertAbort(await v.executeWithCap(t, c, 'execute_ethereum_transfer', { proposal_id: large }), 'vault', 'ENotEnoughApprovals');
    h.ok(await v.approve(t, a, large), 'the proposer approves explicitly');
    assertAbort(await v.executeWithCap(t, c, 'execute_ethereum_transfer', { proposal_id: large }), 'vault', 'ENotEnoughApprovals');
    h.ok(await v.approve(t, b, large));
    assertAbort(await v.executeWithCap(t, c, 'execute_ethereum_transfer', { proposal_id: large }), 'vault', 'ETimelockNotExpired');
    now += 3_600_000 - 1;
    assertAbort(await v.executeWithCap(t, c, 'execute_ethereum_transfer', { proposal_id: large }), 'vault', 'ETimelockNotExpired');
    now += 1;
    // Removing an approver withdraws its approval.
    h.ok(await v.admin(t, (tx, adminCap) => v.client.removeApprover(tx, { vault: t.vault, adminCap, approver: b.toSuiAddress() })));
    assertAbort(await v.executeWithCap(t, c, 'execute_ethereum_transfer', { proposal_id: large }), 'vault', 'ENotEnoughApprovals');
    h.ok(await v.approve(t, c, large));
    const executed = h.ok(await v.executeEthereum(t, c, large), 'k approvals after the timelock');
    v.event(executed, 'EthereumTransferApproved');
    // A small amount needs neither.
    const small = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: 1n }));
    h.ok(await v.executeEthereum(t, c, small), 'a small amount executes at once');
  });

  it('refuses a proposal executed twice, of the other chain, unknown, or whose recipient was disallowed since', async () => {
    const { t, a, b } = await treasury();
    const id = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: 1n }));
    h.ok(await v.executeEthereum(t, b, id));
    assertAbort(await v.executeWithCap(t, b, 'execute_ethereum_transfer', { proposal_id: id }), 'vault', 'EProposalNotOpen');
    assertAbort(await v.executeWithCap(t, b, 'execute_ethereum_transfer', { proposal_id: 99n }), 'vault', 'EProposalNotFound');
    assertAbort(await v.executeWithCap(t, b, 'execute_bitcoin_input', { proposal_id: id, input_index: 0n }), 'vault', 'EWrongChain');
    const later = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: 1n }));
    h.ok(
      await v.admin(t, (tx, adminCap) =>
        v.client.disallowRecipient(tx, { vault: t.vault, adminCap, chain: VaultChain.ETHEREUM, recipient }),
      ),
    );
    assertAbort(await v.executeWithCap(t, b, 'execute_ethereum_transfer', { proposal_id: later }), 'vault', 'ERecipientNotAllowed');
  });

  it('after a burnt nonce the administrator sets it back and the next transfer reuses it', async () => {
    const { t, a, b } = await treasury();
    const burnt = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: 1n }));
    const requested = h.event(h.ok(await v.executeEthereum(t, b, burnt)), 'SignRequested');
    await h.submitResults([{ Rejected: { session_id: requested.session_id, reason_code: 3, reason: new Uint8Array(), blamed: [] } }]);
    assert.equal((await readVault(h.chain, t.vault.objectId)).value.ethereum.nonce, 1n);
    h.ok(await v.admin(t, (tx, adminCap) => v.client.setEthereumNonce(tx, { vault: t.vault, adminCap, nonce: 0n })));
    const retry = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: 1n }));
    assert.equal(v.event(h.ok(await v.executeEthereum(t, b, retry)), 'EthereumTransferApproved').nonce, 0n);
  });

  it('an abort inside the coordinator is reported in module coordinator, at the function the vault called', async () => {
    const { t, a, b } = await treasury();
    const id = v.proposalId(await v.proposeEthereum(t, a, { to: recipient, value: 1n }));
    const { capId } = await v.flows.presignCap(b);
    const tx = new Transaction();
    v.client.call(tx, 'execute_ethereum_transfer', {
      vault: t.vault,
      proposal_id: id,
      presign_cap: await h.ref(capId),
      session_preimage: new Uint8Array(5),
      payment: h.client.payFromGas(tx, 0n),
    });
    const result = await h.exec(tx, b);
    assertAbort(result, 'coordinator', 'EInvalidSessionPreimage');
    if (!result.status.success && result.status.error.kind === 'MoveAbort') {
      assert.equal(result.status.error.functionName, 'request_sign_shared');
    }
  });
});
