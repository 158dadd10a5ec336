/**
 * The policy vault end to end on a devnet (local chain, 4 validators with threshold 3, a relayer,
 * the indexer; separate processes), about a minute:
 *
 * - the demo `npm run demo:vault` runs (client/vault-demo.ts) with three users whose clients hold
 *   no secret of the shared dWallet: an Ethereum transfer and a Bitcoin spend are executed, a
 *   large transfer is refused on chain (ENotEnoughApprovals, ETimelockNotExpired) and then
 *   executed. Every result is checked here again with independent libraries: viem recovers the
 *   dWallet's address (computed by viem from the public key) and parses the fields the vault put
 *   in; @scure/btc-signer parses the Bitcoin transaction and recomputes each sighash, under which
 *   @noble/curves verifies the witness signature; each `SignRequested` on chain carries the public
 *   share and no user message (nobody but the validators computed anything);
 * - the rules the demo does not reach: a recipient off the allowlist, a spend beyond the period's
 *   limit, a proposal by a non-approver, a cancelled proposal, a second approval by the same
 *   approver — each refused with its abort (module, code, name);
 * - the `dwallet vault` commands on the same network: `show` (JSON), `execute` of an executed
 *   proposal (it waits and prints the same transaction), and the refusals a user meets: an unknown
 *   proposal, a non-approver's approval, rule changes without the admin cap, a vault for a
 *   zero-trust dWallet.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { p2wpkh, SigHash, Transaction } from '@scure/btc-signer';
import { parseEther, parseTransaction, recoverTransactionAddress } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { ABORT_CODES } from '../../chain/abort-codes.ts';
import type { Chain } from '../../chain/chain.ts';
import { decodeEvent } from '../../chain/schemas/events.ts';
import { readWallet } from '../../client/cli/wallet.ts';
import { DWalletClient } from '../../client/dwallet-client.ts';
import { TransactionFailedError } from '../../client/errors.ts';
import { loadNetworkDescription, type NetworkDescription } from '../../client/network.ts';
import { MemorySecretShareStore } from '../../client/secret-store.ts';
import { runVaultDemo, VAULT_DEMO_CHAIN_ID, type VaultDemoResult } from '../../client/vault-demo.ts';
import { type Devnet, startDevnet } from '../../devnet/devnet.ts';
import { tempDir } from '../validator/support.ts';
import { runCliCaptured } from './support/run-cli.ts';

const dataDir = tempDir('vault-demo-e2e');
let devnet: Devnet;
let network: NetworkDescription;
const clients: Record<'alice' | 'bob' | 'carol' | 'dave', DWalletClient> = {} as never;
let demo: VaultDemoResult;

before(async () => {
  devnet = await startDevnet({
    dataDir,
    logLevel: 'warn',
    // A vault guards an ECDSA secp256k1 dWallet: no other curve or pool is needed.
    curves: ['secp256k1'],
    validatorConfig: () => ({ presignPoolTarget: 3, presignPoolAlgorithms: ['ecdsa'], presignPoolIntervalMs: 500, pollIntervalMs: 100 }),
  });
  network = loadNetworkDescription(join(dataDir, 'network.json'));
  for (const name of ['alice', 'bob', 'carol', 'dave'] as const) {
    const keypair = Ed25519Keypair.generate();
    await devnet.localChain().admin.faucet(keypair.toSuiAddress(), 1_000n * 1_000_000_000n);
    clients[name] = await DWalletClient.connect({
      network,
      signer: keypair,
      secrets: new MemorySecretShareStore(),
      timeoutMs: 180_000,
      pollIntervalMs: 100,
    });
  }
});

after(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The vault's abort, as the chain reported it, of a rejected promise. */
async function abortOf(promise: Promise<unknown>): Promise<{ module: string | null; code: number | null; name: string | null }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TransactionFailedError, `expected a Move abort, got ${(error as Error).message}`);
    return { module: error.module, code: error.abortCode, name: error.abortName };
  }
  assert.fail('the vault accepted what it should refuse');
}

function vaultAbort(name: keyof (typeof ABORT_CODES)['vault']) {
  return { module: 'vault', code: ABORT_CODES.vault[name], name };
}

/** Every `SignRequested` of the package on chain, by sign id. */
async function signRequests(chain: Chain): Promise<Map<string, { user_sign_message: Uint8Array; public_user_share: Uint8Array | null }>> {
  const found = new Map<string, { user_sign_message: Uint8Array; public_user_share: Uint8Array | null }>();
  let after = null;
  for (;;) {
    const page = await chain.listEvents({ after, limit: 200 });
    for (const event of page.events) {
      if (!event.type.endsWith('::events::SignRequested')) continue;
      const decoded = decodeEvent(network.packageId, event.type, event.bcs);
      if (decoded.name !== 'SignRequested') continue;
      found.set(normalizeSuiAddress(decoded.value.sign_id), {
        user_sign_message: new Uint8Array(decoded.value.user_sign_message),
        public_user_share: decoded.value.public_user_share === null ? null : new Uint8Array(decoded.value.public_user_share),
      });
    }
    if (!page.hasNextPage) return found;
    after = page.nextCursor;
  }
}

describe('the policy vault on a devnet', () => {
  test('the demo: shared dWallet, vault, Ethereum and Bitcoin transfers, a large transfer refused then executed', async () => {
    const progress: string[] = [];
    const started = Date.now();
    demo = await runVaultDemo({ alice: clients.alice, bob: clients.bob, carol: clients.carol }, (line) => progress.push(line));
    progress.push(`demo ${(Date.now() - started) / 1000} s`);
    const publicKey = demo.dwallet.publicKey;
    const expected = publicKeyToAddress(`0x${secp256k1.Point.fromBytes(publicKey).toHex(false)}`);
    assert.equal(demo.ethereumAddress, expected);

    for (const [transfer, nonce, value] of [
      [demo.small, 0, parseEther('0.05')],
      [demo.large, 1, parseEther('0.5')],
    ] as const) {
      assert.equal(await recoverTransactionAddress({ serializedTransaction: transfer.serialized }), expected);
      const parsed = parseTransaction(transfer.serialized);
      assert.equal(parsed.type, 'eip1559');
      assert.equal(parsed.chainId, VAULT_DEMO_CHAIN_ID);
      assert.equal(parsed.nonce, nonce);
      assert.equal(parsed.to, '0x000000000000000000000000000000000000dead');
      assert.equal(parsed.value, value);
      assert.equal(parsed.gas, 21_000n);
    }

    const tx = Transaction.fromRaw(hexToBytes(demo.bitcoin.hex));
    assert.equal(tx.id, demo.bitcoin.txid);
    assert.equal(tx.inputsLength, 1);
    assert.equal(tx.outputsLength, 2);
    const own = p2wpkh(publicKey);
    assert.equal(tx.getOutput(0).amount, 40_000n);
    assert.equal(bytesToHex(tx.getOutput(1).script as Uint8Array), bytesToHex(own.script), 'the change goes back to the vault');
    assert.equal(tx.getOutput(1).amount, 59_000n);
    const [signature, witnessKey] = tx.getInput(0).finalScriptWitness as Uint8Array[];
    assert.equal(bytesToHex(witnessKey as Uint8Array), bytesToHex(publicKey));
    const sighash = tx.preimageWitnessV0(0, Uint8Array.of(0x76, 0xa9, 0x14, ...own.hash, 0x88, 0xac), SigHash.ALL, 100_000n);
    assert.ok(secp256k1.verify((signature as Uint8Array).subarray(0, -1), sighash, publicKey, { prehash: false, format: 'der' }));

    assert.deepEqual(
      demo.refusals.map(({ module, code, name }) => ({ module, code, name })),
      [vaultAbort('ENotEnoughApprovals'), vaultAbort('ETimelockNotExpired')],
    );

    // The network signed with nobody's user message: each sign carries the public share instead.
    const requests = await signRequests(clients.carol.chain);
    for (const signId of [demo.small.signId, demo.large.signId, ...demo.bitcoin.signIds]) {
      const request = requests.get(signId);
      assert.ok(request !== undefined, `SignRequested of ${signId}`);
      assert.equal(request.user_sign_message.length, 0);
      assert.equal(request.public_user_share?.length, 32);
    }
    for (const client of Object.values(clients)) assert.ok(!(await client.secrets.keys()).includes(demo.dwallet.id));
  });

  test('the rules the demo does not reach are refused with their aborts', async () => {
    assert.ok(demo !== undefined, 'the demo ran');
    const { alice, bob, carol, dave } = clients;
    const vaultId = demo.vaultId;
    const fees = { maxFeePerGas: 30_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n };
    const stranger = '0x1111111111111111111111111111111111111111';
    assert.deepEqual(
      await abortOf(bob.vault.proposeEthereumTransfer(vaultId, { to: stranger, value: 1n, ...fees })),
      vaultAbort('ERecipientNotAllowed'),
    );
    assert.deepEqual(
      await abortOf(dave.vault.proposeEthereumTransfer(vaultId, { to: demo.small.from, value: 1n, ...fees })),
      vaultAbort('ENotApprover'),
    );
    // 0.55126 ETH spent today; with a limit of 0.6 ETH, 0.09 ETH (+ 0.00063 of fees at their cap) no longer fits.
    await alice.vault.setSpendingLimit(vaultId, {
      chain: 'ethereum',
      periodMs: 86_400_000,
      limitPerPeriod: parseEther('0.6'),
      largeAmount: parseEther('0.1'),
    });
    const dead = '0x000000000000000000000000000000000000dEaD';
    const { proposalId } = await bob.vault.proposeEthereumTransfer(vaultId, { to: dead, value: parseEther('0.09'), ...fees });
    assert.deepEqual(await abortOf(carol.vault.executeEthereumTransfer(vaultId, proposalId)), vaultAbort('ESpendingLimitExceeded'));
    await alice.vault.approve(vaultId, proposalId);
    assert.deepEqual(await abortOf(alice.vault.approve(vaultId, proposalId)), vaultAbort('EAlreadyApproved'));
    assert.deepEqual(await abortOf(alice.vault.cancel(vaultId, proposalId)), vaultAbort('ENotProposer'));
    await bob.vault.cancel(vaultId, proposalId);
    assert.deepEqual(await abortOf(carol.vault.executeEthereumTransfer(vaultId, proposalId)), vaultAbort('EProposalNotOpen'));
    assert.deepEqual(await abortOf(carol.vault.executeBitcoinSpend(vaultId, 0)), vaultAbort('EWrongChain'));
    const proposal = await dave.vault.proposal(vaultId, proposalId);
    assert.equal(proposal.state, 'cancelled');
    assert.deepEqual(proposal.approvals, [alice.address]);
    const info = await dave.vault.get(vaultId);
    assert.equal(info.ethereum.nextNonce, 2n, 'refusals burn no nonce');

    // Freezing destroys the admin cap: no rule can change afterwards, by anyone.
    const frozen = await alice.vault.freezeRules(vaultId);
    assert.equal(frozen.vaultId, vaultId);
    assert.equal(await alice.chain.getObject(frozen.adminCapId), null, 'the admin cap is gone');
    const noCap = (error: unknown) => (error as { code?: string }).code === 'VAULT_ADMIN_CAP_MISSING';
    await assert.rejects(alice.vault.setTimelock(vaultId, 0), noCap);
    await assert.rejects(alice.vault.freezeRules(vaultId), noCap);
  });

  test('dwallet vault: show, execute again, and what a user meets', async () => {
    assert.ok(demo !== undefined, 'the demo ran');
    const wallet = join(dataDir, 'cli-wallet');
    const common = ['--network', join(dataDir, 'network.json'), '--wallet', wallet, '--timeout', '240'];
    const cli = (...argv: string[]) => runCliCaptured([...argv, ...common]);
    const json = async (...argv: string[]) => {
      const { status, stdout, stderr } = await cli(...argv, '--json');
      assert.equal(status, 0, `dwallet ${argv.join(' ')}: ${stderr}`);
      return JSON.parse(stdout) as Record<string, unknown>;
    };
    const failure = async (argv: string[], code: string) => {
      const { status, stderr } = await cli(...argv, '--json');
      assert.equal(status, 1, stderr);
      const error = JSON.parse(stderr.trim().split('\n').at(-1) as string).error as { code: string; details: Record<string, unknown> };
      assert.equal(error.code, code, stderr);
      return error;
    };

    const shown = (await json('vault', 'show', demo.vaultId, '--bitcoin-network', 'regtest')) as {
      vault: { dwalletId: string; approvers: string[]; requiredApprovals: string; ethereum: { nextNonce: string } };
      proposals: { id: string; state: string; chain: string }[];
    };
    assert.equal(shown.vault.dwalletId, demo.dwallet.id);
    assert.equal(shown.vault.approvers.length, 3);
    assert.equal(shown.vault.requiredApprovals, '2');
    assert.deepEqual(
      shown.proposals.slice(0, 3).map((p) => [p.id, p.chain, p.state]),
      [
        ['0', 'ethereum', 'executed'],
        ['1', 'bitcoin', 'executed'],
        ['2', 'ethereum', 'executed'],
      ],
    );

    // Executing an executed proposal waits for its signature and prints the same transaction.
    const again = await json('vault', 'execute', demo.vaultId, '0');
    assert.equal(again.rawTransaction, demo.small.serialized);
    const btc = await json('vault', 'execute', demo.vaultId, '1', '--bitcoin-network', 'regtest');
    assert.equal(btc.rawTransaction, demo.bitcoin.hex);

    await failure(['vault', 'execute', demo.vaultId, '99'], 'NOT_FOUND');
    const notApprover = await failure(['vault', 'approve', demo.vaultId, '2'], 'TRANSACTION_FAILED');
    assert.deepEqual(
      [notApprover.details.module, notApprover.details.abortCode, notApprover.details.abortName],
      ['vault', 1, 'ENotApprover'],
    );
    await failure(['vault', 'allow', demo.vaultId, '--eth', '0x1111111111111111111111111111111111111111'], 'VAULT_ADMIN_CAP_MISSING');
    await failure(['vault', 'show', demo.dwallet.id], 'UNKNOWN_VAULT');

    const zeroTrust = await json('create', '--curve', 'secp256k1');
    const me = readWallet(wallet)?.keypair.toSuiAddress() as string;
    await failure(
      ['vault', 'create', zeroTrust.id as string, '--approver', me, '--threshold', '1', '--eth-chain-id', '1'],
      'DWALLET_NOT_SHARED',
    );
  });
});
