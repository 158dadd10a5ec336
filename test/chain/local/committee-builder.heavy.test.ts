/**
 * Committees too large for one transaction: `submitCommittee` spreads a committee over as many
 * transactions as Sui's pure-argument and transaction-size limits (enforced by the local chain)
 * require, through a `CommitteeBuilder`; every check of a member is still made, and a builder is
 * consumed by its use. In the heavy suite (`npm run test:heavy`): making and checking 1,024
 * members' BLS keys and proofs of possession takes about a minute.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Signer } from '@mysten/sui/cryptography';
import { Transaction } from '@mysten/sui/transactions';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { blsPublicKey, blsSign, proofOfPossession, resultBatchSigningMessage, signersBitmap } from '../../../chain/certificate.ts';
import { type CommitteeSubmission, submitCommittee } from '../../../chain/committee-submission.ts';
import { MAX_TOTAL_WEIGHT } from '../../../chain/constants.ts';
import { type CommitteeMemberInput, committeeMemberBatches, committeeTransactionPlan } from '../../../chain/coordinator-client.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { readCoordinator } from '../../../chain/object-reader.ts';
import { encodeResultBatch } from '../../../chain/schemas/result-batch.ts';
import { MAX_PURE_ARGUMENT_SIZE } from '../../../chain/sui-limits.ts';
import { assertAbort, assertRejects } from '../support/assertions.ts';
import { keypair, LocalHarness, type Validator } from '../support/local-harness.ts';

/** `count` validators with distinct keys (two bytes of index in the secret key). */
function manyValidators(count: number, seed: number): Validator[] {
  return Array.from({ length: count }, (_, i) => {
    const secretKey = new Uint8Array(32);
    secretKey[29] = seed;
    secretKey[30] = i >> 8;
    secretKey[31] = (i & 0xff) + 1;
    const shareSecretKey = new Uint8Array(32).fill(0x44);
    shareSecretKey[30] = i >> 8;
    shareSecretKey[31] = (i & 0xff) + 1;
    return {
      secretKey,
      publicKey: blsPublicKey(secretKey),
      address: keypair(1 + (i % 250)).toSuiAddress(),
      shareEncryptionKey: secp256k1.getPublicKey(shareSecretKey, true),
    };
  });
}

function membersOf(validators: Validator[]): CommitteeMemberInput[] {
  return validators.map((v, i) => ({
    publicKey: v.publicKey,
    proofOfPossession: proofOfPossession(v.secretKey, v.address),
    weight: 1n,
    suiAddress: v.address,
    networkAddress: `https://validator-${i}.dwallet.example:8443`,
    shareEncryptionKey: v.shareEncryptionKey,
  }));
}

describe('local chain: committees built over several transactions', () => {
  let h: LocalHarness;
  const large = manyValidators(1024, 7);
  let largeMembers: CommitteeMemberInput[];
  before(async () => {
    h = await LocalHarness.create();
    largeMembers = membersOf(large);
  });
  after(() => h.close());

  const submit = async (members: CommitteeMemberInput[], epoch: bigint, threshold: bigint, signer: Signer = h.admin) =>
    submitCommittee(h.chain, h.client, signer, {
      adminCapId: (await h.adminCap()).objectId,
      members,
      threshold,
      use: { setCommittee: { epoch } },
    } satisfies CommitteeSubmission);

  it('splits a committee of 1,024 into batches within the pure-argument limit and transactions within the size limit', () => {
    const batches = committeeMemberBatches(largeMembers);
    assert.ok(batches.length > 1);
    assert.deepEqual(batches.flat(), largeMembers);
    // The proofs of possession (97 bytes each in BCS) are the largest argument of a batch.
    for (const batch of batches) assert.ok(batch.length * 97 + 2 <= MAX_PURE_ARGUMENT_SIZE);
    const plan = committeeTransactionPlan(largeMembers);
    assert.ok(plan.length > 1, 'more than one transaction');
    assert.deepEqual(plan.flat(2), largeMembers);
  });

  it('refuses a bad proof of possession in a later transaction, then sets the 1,024 members through the client; a certificate of them verifies', async () => {
    const epoch = (await readCoordinator(h.chain)).epoch;
    const threshold = (2n * MAX_TOTAL_WEIGHT) / 3n + 1n;
    // The first member of the second transaction carries its neighbour's proof.
    const late = (committeeTransactionPlan(largeMembers)[0] ?? []).flat().length;
    const bad = largeMembers.map((m, i) =>
      i === late ? { ...m, proofOfPossession: (largeMembers[late - 1] as CommitteeMemberInput).proofOfPossession } : m,
    );
    assertAbort(await submit(bad, epoch + 1n, threshold), 'committee', 'EInvalidProofOfPossession');
    assert.equal((await readCoordinator(h.chain)).epoch, epoch, 'nothing installed');

    const result = h.ok(await submit(largeMembers, epoch + 1n, threshold), 'set a committee of 1,024');
    assert.equal(h.event(result, 'CommitteeSet').members.length, 1024);
    const { committee } = await readCoordinator(h.chain);
    assert.equal(committee.members.length, 1024);
    assert.equal(committee.total_weight, 1024n);
    assert.deepEqual(committee.members[1023]?.public_key, large[1023]?.publicKey);

    // 683 signers: their aggregate signature is the signature under the sum of their secret keys.
    const batch = encodeResultBatch({ sequence: (await readCoordinator(h.chain)).next_result_sequence, results: [] });
    const certificate = (signers: number[]) => {
      const secret = signers.reduce((sum, i) => (sum + bytesToNumberBE((large[i] as Validator).secretKey)) % bls12_381.fields.Fr.ORDER, 0n);
      const message = resultBatchSigningMessage(h.client.deployment.coordinatorId, batch, epoch + 1n);
      return {
        epoch: epoch + 1n,
        batch,
        signature: blsSign(numberToBytesBE(secret, 32), message),
        signersBitmap: signersBitmap(signers, 1024),
      };
    };
    const signers = Array.from({ length: Number(threshold) }, (_, i) => 1023 - i);
    assertAbort(await h.submit(certificate(signers.slice(1))), 'committee', 'EInsufficientWeight');
    const otherSigners = [...signers.slice(1), 0];
    assertAbort(
      await h.submit({ ...certificate(signers), signersBitmap: signersBitmap(otherSigners, 1024) }),
      'committee',
      'EInvalidSignature',
    );
    const processed = h.ok(await h.submit(certificate(signers)), 'a certificate of 683 signers');
    assert.equal(h.event(processed, 'ResultBatchProcessed').signer_weight, threshold);
  });

  it('refuses mismatched lengths, an empty builder, a builder used twice and a builder of another account', async () => {
    const small = membersOf(manyValidators(4, 9));
    const epoch = (await readCoordinator(h.chain)).epoch;
    assertAbort(await submit([], epoch + 1n, 0n), 'committee', 'EEmptyCommittee');

    const mismatch = new Transaction();
    const builder = h.client.newCommitteeBuilder(mismatch, { adminCap: await h.adminCap() });
    h.client.call(mismatch, 'add_committee_members', {
      builder,
      public_keys: small.map((m) => m.publicKey),
      proofs_of_possession: small.map((m) => m.proofOfPossession),
      weights: small.slice(1).map((m) => m.weight),
      sui_addresses: small.map((m) => m.suiAddress),
      network_addresses: small.map((m) => m.networkAddress),
      share_encryption_keys: small.map((m) => m.shareEncryptionKey),
    });
    mismatch.transferObjects([builder], h.admin.toSuiAddress());
    assertAbort(await h.exec(mismatch, h.admin), 'committee', 'ELengthMismatch');

    // A builder kept across transactions, used once: the second use finds it gone.
    const make = new Transaction();
    const kept = h.client.newCommitteeBuilder(make, { adminCap: await h.adminCap() });
    h.client.addCommitteeMembers(make, { builder: kept, members: small });
    make.transferObjects([kept], h.admin.toSuiAddress());
    const [builderId] = h.created(h.ok(await h.exec(make, h.admin), 'builder'), 'CommitteeBuilder');
    assert.ok(builderId);
    const stale = await h.ref(builderId);
    const use = new Transaction();
    h.client.setCommitteeFromBuilder(use, { adminCap: await h.adminCap(), epoch: epoch + 1n, builder: stale, threshold: 3n });
    h.ok(await h.exec(use, h.admin), 'the builder installs its committee');
    assert.equal((await readCoordinator(h.chain)).committee.members.length, 4);
    assert.equal(await h.chain.getObject(builderId), null, 'the builder is consumed');
    const again = new Transaction();
    h.client.setCommitteeFromBuilder(again, { adminCap: await h.adminCap(), epoch: epoch + 2n, builder: stale, threshold: 3n });
    await assertRejects(h.exec(again, h.admin), ChainErrorCodes.TX_OBJECT_NOT_FOUND);

    // In one transaction, a builder moved by its first use cannot be used again.
    const twice = new Transaction();
    const once = h.client.newCommitteeBuilder(twice, { adminCap: await h.adminCap() });
    h.client.addCommitteeMembers(twice, { builder: once, members: small });
    h.client.setCommitteeFromBuilder(twice, { adminCap: await h.adminCap(), epoch: epoch + 2n, builder: once, threshold: 3n });
    h.client.setCommitteeFromBuilder(twice, { adminCap: await h.adminCap(), epoch: epoch + 3n, builder: once, threshold: 3n });
    const failed = await h.exec(twice, h.admin);
    assert.equal(failed.status.success, false);
    assert.match(JSON.stringify(failed.status.error), /ArgumentWithoutValue/);

    // Only the AdminCap's owner can start one.
    const outsider = await h.user();
    const foreign = new Transaction();
    h.client.newCommitteeBuilder(foreign, { adminCap: await h.adminCap() });
    await assertRejects(h.exec(foreign, outsider), ChainErrorCodes.TX_OBJECT_NOT_OWNED);
  });
});
