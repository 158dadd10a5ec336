/**
 * Bitcoin P2WPKH spends through the policy vault on the local chain: each rule of
 * `propose_bitcoin_spend` and `execute_bitcoin_input` refused with its abort (module `vault`,
 * code and name), and the happy path: each input signed once, its message the BIP-143 preimage
 * whose double SHA-256 is @scure/btc-signer's sighash of the same transaction (version 2,
 * nSequence 0xfffffffd), the amount (inputs − change) counted once against the Bitcoin limit,
 * and signatures over it that verify under the vault's key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Transaction as BitcoinTransaction, OutScript, p2wpkh, SigHash } from '@scure/btc-signer';
import { HashScheme } from '../../../chain/constants.ts';
import type { BitcoinSpendInput, BitcoinSpendOutput } from '../../../chain/vault-client.ts';
import {
  BITCOIN_SEQUENCE,
  BITCOIN_TX_VERSION,
  MAX_BITCOIN_INPUTS,
  MAX_BITCOIN_OUTPUTS,
  ProposalStatus,
  VaultChain,
} from '../../../chain/vault-constants.ts';
import { readProposal, readProposals, readVault } from '../../../chain/vault-reader.ts';
import { assertAbort } from '../support/assertions.ts';
import { LocalHarness } from '../support/local-harness.ts';
import { type TestVault, VaultFlows } from '../support/vault-harness.ts';

const DAY = 86_400_000;
const sha256d = (bytes: Uint8Array): Uint8Array => sha256(sha256(bytes));
const payee = OutScript.encode({ type: 'wsh', hash: new Uint8Array(32).fill(0x33) });
const txid = (fill: number) => new Uint8Array(32).fill(fill);

describe('local chain: Bitcoin spends through the vault', () => {
  let h: LocalHarness;
  let v: VaultFlows;
  let now = 1_700_000_000_000;
  before(async () => {
    h = await LocalHarness.create({ now: () => now });
    v = new VaultFlows(h);
  });
  after(() => h.close());

  /** A vault with approvers a, b (k = 2), `payee` allowed, 1,000,000 sat a day, large above 500,000, no timelock. */
  async function treasury(): Promise<{ t: TestVault; a: Ed25519Keypair; b: Ed25519Keypair; change: Uint8Array }> {
    const owner = await h.user();
    const [a, b] = [await h.user(), await h.user()];
    const t = await v.vault(owner, { approvers: [a, b], requiredApprovals: 2n });
    await v.allow(t, VaultChain.BITCOIN, payee);
    await v.limit(t, VaultChain.BITCOIN, 1_000_000n, 500_000n);
    return { t, a, b, change: p2wpkh(t.key.publicKey).script };
  }

  const inputs = (...values: bigint[]): BitcoinSpendInput[] => values.map((value, i) => ({ txid: txid(i + 1), vout: i, value }));

  it('refuses malformed spends and outputs to scripts not allowlisted', async () => {
    const { t, a, change } = await treasury();
    const stranger = await h.user();
    const pay: BitcoinSpendOutput[] = [{ value: 1_000n, scriptPubKey: payee }];
    assertAbort(await v.proposeBitcoin(t, stranger, { inputs: inputs(5_000n), outputs: pay }), 'vault', 'ENotApprover');
    const call = async (args: Partial<Record<string, unknown>>) => {
      const tx = new Transaction();
      v.client.call(tx, 'propose_bitcoin_spend', {
        vault: t.vault,
        input_txids: [txid(1)],
        input_vouts: [0],
        input_values: [5_000n],
        output_values: [1_000n],
        output_scripts: [payee],
        lock_time: 0,
        ...args,
      });
      return h.exec(tx, a);
    };
    assertAbort(await call({ input_vouts: [0, 1] }), 'vault', 'ELengthMismatch');
    assertAbort(await call({ input_values: [] }), 'vault', 'ELengthMismatch');
    assertAbort(await call({ output_scripts: [payee, payee] }), 'vault', 'ELengthMismatch');
    assertAbort(await call({ input_txids: [], input_vouts: [], input_values: [] }), 'vault', 'ENoInputs');
    assertAbort(await call({ output_values: [], output_scripts: [] }), 'vault', 'ENoOutputs');
    const many = Number(MAX_BITCOIN_INPUTS) + 1;
    assertAbort(
      await call({
        input_txids: Array.from({ length: many }, (_, i) => txid(i)),
        input_vouts: Array.from({ length: many }, () => 0),
        input_values: Array.from({ length: many }, () => 1n),
      }),
      'vault',
      'ETooManyInputs',
    );
    const outs = Number(MAX_BITCOIN_OUTPUTS) + 1;
    assertAbort(
      await call({ output_values: Array.from({ length: outs }, () => 1n), output_scripts: Array.from({ length: outs }, () => payee) }),
      'vault',
      'ETooManyOutputs',
    );
    assertAbort(await call({ input_txids: [txid(1), txid(1)], input_vouts: [3, 3], input_values: [1n, 1n] }), 'vault', 'EDuplicateInput');
    h.ok(await call({ input_txids: [txid(1), txid(1)], input_vouts: [3, 4], input_values: [5_000n, 1n] }), 'same txid, other vout');
    assertAbort(await call({ input_txids: [new Uint8Array(31)] }), 'bip143', 'EInvalidTxidLength');
    assertAbort(
      await v.proposeBitcoin(t, a, {
        inputs: inputs(5_000n),
        outputs: [{ value: 1_000n, scriptPubKey: p2wpkh(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true)).script }],
      }),
      'vault',
      'ERecipientNotAllowed',
    );
    assertAbort(
      await v.proposeBitcoin(t, a, { inputs: inputs(5_000n), outputs: [...pay, { value: 4_001n, scriptPubKey: change }] }),
      'vault',
      'EOutputsExceedInputs',
    );
    const exact = h.ok(
      await v.proposeBitcoin(t, a, { inputs: inputs(5_000n), outputs: [...pay, { value: 4_000n, scriptPubKey: change }] }),
    );
    assert.equal(v.event(exact, 'ProposalCreated').amount, 1_000n, 'the amount is inputs minus change (no fee here)');
  });

  it('signs each input once, its message the BIP-143 preimage of @scure/btc-signer’s transaction', async () => {
    const { t, a, b, change } = await treasury();
    const spendInputs = inputs(300_000n, 250_000n);
    const outputs: BitcoinSpendOutput[] = [
      { value: 400_000n, scriptPubKey: payee },
      { value: 140_000n, scriptPubKey: change },
    ];
    const lockTime = 850_000;
    const id = v.proposalId(await v.proposeBitcoin(t, a, { inputs: spendInputs, outputs, lockTime }));
    // 550,000 − 140,000 = 410,000: payment and fee. Not large (≤ 500,000): no approvals needed.
    const reference = new BitcoinTransaction({ version: Number(BITCOIN_TX_VERSION), lockTime, allowUnknownOutputs: true });
    for (const input of spendInputs) {
      reference.addInput({
        txid: input.txid.slice().reverse(),
        index: input.vout,
        sequence: Number(BITCOIN_SEQUENCE),
        witnessUtxo: { script: change, amount: input.value },
      });
    }
    for (const output of outputs) reference.addOutput({ script: output.scriptPubKey, amount: output.value });
    const signIds: string[] = [];
    for (const index of [1, 0]) {
      const result = h.ok(await v.executeBitcoin(t, b, id, BigInt(index)), `input ${index}`);
      const approved = v.event(result, 'BitcoinInputApproved');
      const requested = h.event(result, 'SignRequested');
      const expected = reference.preimageWitnessV0(
        index,
        OutScript.encode({ type: 'pkh', hash: t.key.pubkeyHash }),
        SigHash.ALL,
        (spendInputs[index] as BitcoinSpendInput).value,
      );
      assert.equal(requested.hash_scheme, HashScheme.DOUBLE_SHA256);
      assert.deepEqual(sha256d(requested.message), expected, 'SHA256d(message) is scure’s BIP-143 sighash');
      assert.deepEqual(approved.sighash_preimage, requested.message);
      assert.deepEqual(approved.sighash, expected);
      assert.equal(approved.input_index, BigInt(index));
      assert.equal(approved.sign_id, requested.sign_id);
      assert.deepEqual(requested.public_user_share, t.publicUserShare);
      assert.deepEqual(requested.user_sign_message, new Uint8Array());
      // The network's signature over it (certified here) verifies under the vault's key.
      const signature = secp256k1.sign(approved.sighash, t.key.secretKey, { prehash: false });
      assert.ok(secp256k1.verify(signature, expected, t.key.publicKey, { prehash: false }));
      signIds.push(requested.sign_id);
    }
    const { value } = await readVault(h.chain, t.vault.objectId);
    assert.equal(value.bitcoin.spending_limit.spent_in_period, 410_000n, 'counted once, when the first input was signed');
    const proposal = await readProposal(h.chain, value, id);
    assert.equal(proposal.status, ProposalStatus.EXECUTED);
    assert.deepEqual(proposal.bitcoin?.sign_ids, [signIds[1], signIds[0]]);
    assert.equal((await readProposals(h.chain, value)).length, 1);
    for (const index of [0n, 1n]) {
      assertAbort(
        await v.executeWithCap(t, b, 'execute_bitcoin_input', { proposal_id: id, input_index: index }),
        'vault',
        'EInputAlreadySigned',
      );
    }
    assertAbort(
      await v.executeWithCap(t, b, 'execute_bitcoin_input', { proposal_id: id, input_index: 2n }),
      'vault',
      'EInputIndexOutOfRange',
    );
    assertAbort(await v.executeWithCap(t, b, 'execute_ethereum_transfer', { proposal_id: id }), 'vault', 'EWrongChain');
  });

  it('the Bitcoin limit, the large amount’s approvals, and an allowlist change before the first input', async () => {
    const { t, a, b, change } = await treasury();
    const spend = (paid: bigint) =>
      v.proposeBitcoin(t, a, {
        inputs: inputs(paid + 10_000n),
        outputs: [
          { value: paid, scriptPubKey: payee },
          { value: 10_000n, scriptPubKey: change },
        ],
      });
    const first = v.proposalId(await spend(500_000n));
    const second = v.proposalId(await spend(500_000n));
    const third = v.proposalId(await spend(1n));
    h.ok(await v.executeBitcoin(t, b, first, 0n));
    h.ok(await v.executeBitcoin(t, b, second, 0n));
    assertAbort(
      await v.executeWithCap(t, b, 'execute_bitcoin_input', { proposal_id: third, input_index: 0n }),
      'vault',
      'ESpendingLimitExceeded',
    );
    now += DAY;
    h.ok(await v.executeBitcoin(t, b, third, 0n), 'the period rolled');

    const large = v.proposalId(await spend(500_001n));
    assertAbort(
      await v.executeWithCap(t, b, 'execute_bitcoin_input', { proposal_id: large, input_index: 0n }),
      'vault',
      'ENotEnoughApprovals',
    );
    h.ok(await v.approve(t, a, large));
    h.ok(await v.approve(t, b, large));
    h.ok(await v.executeBitcoin(t, b, large, 0n), 'two approvals');

    const revoked = v.proposalId(await spend(1n));
    h.ok(
      await v.admin(t, (tx, adminCap) =>
        v.client.disallowRecipient(tx, { vault: t.vault, adminCap, chain: VaultChain.BITCOIN, recipient: payee }),
      ),
    );
    assertAbort(
      await v.executeWithCap(t, b, 'execute_bitcoin_input', { proposal_id: revoked, input_index: 0n }),
      'vault',
      'ERecipientNotAllowed',
    );
    h.ok(await v.cancel(t, a, revoked));
    assertAbort(
      await v.executeWithCap(t, b, 'execute_bitcoin_input', { proposal_id: revoked, input_index: 0n }),
      'vault',
      'EProposalNotOpen',
    );
  });
});
