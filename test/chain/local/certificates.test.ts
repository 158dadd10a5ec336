/**
 * Results reach the chain only through quorum certificates over strictly sequenced batches:
 * below threshold, stale epoch, wrong bitmap, forged signature, out of sequence, racing
 * relayers, malformed certified bytes, and committee installation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Transaction } from '@mysten/sui/transactions';
import { aggregateSignatures, proofOfPossession, signersBitmap, signResultBatch } from '../../../chain/certificate.ts';
import { isAbort } from '../../../chain/chain.ts';
import { MAX_NETWORK_ADDRESS_LENGTH, MAX_TOTAL_WEIGHT } from '../../../chain/constants.ts';
import { ChainErrorCodes } from '../../../chain/errors.ts';
import { readCoordinator } from '../../../chain/object-reader.ts';
import { assertAbort, assertFrameworkAbort, assertRejects } from '../support/assertions.ts';
import { Flows, fakeSignature, LocalHarness, validatorKeys } from '../support/local-harness.ts';

/** `set_committee` members for validator keys, each with a valid proof of possession and the weight `weightOf` gives. */
function membersOf(keys: ReturnType<typeof validatorKeys>, weightOf: (index: number) => bigint) {
  return keys.map((v, i) => ({
    publicKey: v.publicKey,
    proofOfPossession: proofOfPossession(v.secretKey, v.address),
    weight: weightOf(i),
    suiAddress: v.address,
    networkAddress: 'peer',
    shareEncryptionKey: v.shareEncryptionKey,
  }));
}

describe('local chain: quorum certificates and result batches', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  async function pendingDkg() {
    const user = await h.user();
    return h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
  }

  /** Certifies raw bytes (not necessarily a well-formed batch). */
  function certifyBytes(batch: Uint8Array, signers = [0, 1, 2], epoch = h.epoch) {
    const signature = aggregateSignatures(
      signers.map((i) => signResultBatch(h.validators[i]?.secretKey as Uint8Array, h.client.deployment.coordinatorId, batch, epoch)),
    );
    return { epoch, batch, signature, signersBitmap: signersBitmap(signers, h.validators.length) };
  }

  function sequenceBytes(sequence: bigint): Uint8Array {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, sequence, true);
    return out;
  }

  it('accepts a certificate from any quorum of signers', async () => {
    const requested = await pendingDkg();
    const result = h.ok(
      await h.submit(
        await h.certify([{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1]) } }], { signers: [1, 2, 3] }),
      ),
    );
    const processed = h.event(result, 'ResultBatchProcessed');
    assert.equal(processed.signer_weight, 3n);
    assert.equal(processed.result_count, 1n);
    assert.equal(processed.submitter, h.relayer.toSuiAddress());
  });

  it('refuses a certificate below the threshold', async () => {
    const requested = await pendingDkg();
    const results = [{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1]) } }];
    assertAbort(await h.submit(await h.certify(results, { signers: [0, 1] })), 'committee', 'EInsufficientWeight');
    h.ok(await h.submit(await h.certify(results)));
  });

  it('refuses a certificate of another epoch', async () => {
    const requested = await pendingDkg();
    const results = [{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1]) } }];
    assertAbort(await h.submit(await h.certify(results, { epoch: h.epoch + 1n })), 'coordinator', 'EWrongEpoch');
    assertAbort(await h.submit(await h.certify(results, { epoch: 0n })), 'coordinator', 'EWrongEpoch');
  });

  it('refuses a bitmap naming other signers, of the wrong length, or naming non-members', async () => {
    const requested = await pendingDkg();
    const certificate = await h.certify([{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1]) } }]);
    assertAbort(await h.submit({ ...certificate, signersBitmap: signersBitmap([1, 2, 3], 4) }), 'committee', 'EInvalidSignature');
    assertAbort(await h.submit({ ...certificate, signersBitmap: new Uint8Array([0b0111, 0]) }), 'committee', 'EInvalidBitmap');
    assertAbort(await h.submit({ ...certificate, signersBitmap: new Uint8Array([0b1_0111]) }), 'committee', 'EInvalidBitmap');
    assertAbort(await h.submit({ ...certificate, signersBitmap: new Uint8Array() }), 'committee', 'EInvalidBitmap');
  });

  it('refuses forged signatures', async () => {
    const requested = await pendingDkg();
    const results = [{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1]) } }];
    const certificate = await h.certify(results);
    const outsiders = validatorKeys(3, 50);
    const forged = aggregateSignatures(
      outsiders.map((v) => signResultBatch(v.secretKey, h.client.deployment.coordinatorId, certificate.batch, h.epoch)),
    );
    assertAbort(await h.submit({ ...certificate, signature: forged }), 'committee', 'EInvalidSignature');
    const otherBatch = await h.certify([{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([2]) } }]);
    assertAbort(await h.submit({ ...certificate, signature: otherBatch.signature }), 'committee', 'EInvalidSignature');
    // The committee's own signatures over this batch, but made for another coordinator (another
    // deployment with the same committee keys): refused.
    const elsewhere = await h.certify(results, { coordinatorId: `0x${'c0'.repeat(32)}` });
    assert.deepEqual(elsewhere.batch, certificate.batch);
    assertAbort(await h.submit(elsewhere), 'committee', 'EInvalidSignature');
    assertAbort(await h.submit({ ...certificate, signature: certificate.signature.slice(0, 95) }), 'committee', 'EInvalidSignatureLength');
    assertAbort(await h.submit({ ...certificate, signature: new Uint8Array(96).fill(0xff) }), 'committee', 'EInvalidSignature');
  });

  it('applies batches in strict sequence: a racing relayer loses cleanly and changes nothing', async () => {
    const requested = await pendingDkg();
    const results = [{ DWalletDkg: { session_id: requested.session_id, output: new Uint8Array([1]) } }];
    const certificate = await h.certify(results);
    const ahead = await h.certify(results, {
      sequence: certificate.batch.length > 0 ? (await readCoordinator(h.chain)).next_result_sequence + 1n : 0n,
    });
    assertAbort(await h.submit(ahead), 'coordinator', 'EOutOfSequence');
    const otherRelayer = await h.user();
    const [first, second] = await Promise.all([h.submit(certificate), h.submit(certificate, otherRelayer)]);
    const winners = [first, second].filter((r) => r.status.success);
    assert.equal(winners.length, 1, 'exactly one relayer wins');
    const loser = first.status.success ? second : first;
    assertAbort(loser, 'coordinator', 'EOutOfSequence');
    assert.ok(isAbort(loser, 'coordinator', 'EOutOfSequence'), 'relayers can recognise a lost race');
    assert.equal(loser.events.length, 0);
    assert.ok(
      loser.changedObjects.every((c) => c.type?.endsWith('::sui::SUI>')),
      'the loser only paid gas',
    );
  });

  it('refuses results for unknown, completed or mismatching sessions, and bad payloads', async () => {
    const requested = await pendingDkg();
    const sessionId = requested.session_id;
    assertAbort(
      await h.submit(await h.certify([{ DWalletDkg: { session_id: new Uint8Array(32).fill(1), output: new Uint8Array([1]) } }])),
      'coordinator',
      'ESessionNotFound',
    );
    assertAbort(
      await h.submit(await h.certify([{ Presign: { session_id: sessionId, output: new Uint8Array([1]) } }])),
      'coordinator',
      'EResultKindMismatch',
    );
    assertAbort(await h.submit(await h.certify([{ FutureSignVerified: { session_id: sessionId } }])), 'coordinator', 'EResultKindMismatch');
    assertAbort(
      await h.submit(await h.certify([{ Rejected: { session_id: sessionId, reason_code: 1, reason: new Uint8Array(), blamed: [4] } }])),
      'coordinator',
      'EInvalidBlamedValidator',
    );
    h.ok(await h.submit(await h.certify([{ DWalletDkg: { session_id: sessionId, output: new Uint8Array([1]) } }])));
    assertAbort(
      await h.submit(await h.certify([{ Rejected: { session_id: sessionId, reason_code: 1, reason: new Uint8Array(), blamed: [] } }])),
      'coordinator',
      'ESessionNotPending',
    );
  });

  it('refuses malformed certified bytes with the parser aborts', async () => {
    const sequence = (await readCoordinator(h.chain)).next_result_sequence;
    const head = sequenceBytes(sequence);
    assertAbort(await h.submit(certifyBytes(head.slice(0, 7))), 'result_batch', 'EMalformedBatch');
    assertFrameworkAbort(await h.submit(certifyBytes(head)), 'bcs', 'EOutOfRange');
    assertAbort(
      await h.submit(certifyBytes(new Uint8Array([...head, 1, 12, 32, ...new Uint8Array(32)]))),
      'result_batch',
      'EUnknownResultKind',
    );
    assertAbort(
      await h.submit(certifyBytes(new Uint8Array([...head, 1, 4, 31, ...new Uint8Array(31)]))),
      'result_batch',
      'EInvalidSessionIdLength',
    );
    assertAbort(await h.submit(certifyBytes(new Uint8Array([...head, 0, 9]))), 'result_batch', 'ETrailingBytes');
    assertFrameworkAbort(
      await h.submit(certifyBytes(new Uint8Array([...head, 1, 0, 32, ...new Uint8Array(32), 5, 1]))),
      'bcs',
      'EOutOfRange',
    );
    // A signature's length depends on its sign's algorithm, so it is checked once the session is found.
    assertAbort(
      await h.submit(certifyBytes(new Uint8Array([...head, 1, 3, 32, ...new Uint8Array(32), 64, ...new Uint8Array(64)]))),
      'coordinator',
      'ESessionNotFound',
    );
    assertAbort(await h.submit(certifyBytes(new Uint8Array([...head, 1, 0, 32, ...new Uint8Array(32), 0]))), 'coordinator', 'EEmptyOutput');
    const empty = h.ok(await h.submit(certifyBytes(new Uint8Array([...head, 0]))), 'an empty batch advances the sequence');
    assert.equal(h.event(empty, 'ResultBatchProcessed').sequence, sequence);
  });

  it('refuses a signature result with a recovery id above 3', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const presign = await flows.presignCap(user);
    const requested = h.event(h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: presign.capId })), 'SignRequested');
    const sequence = (await readCoordinator(h.chain)).next_result_sequence;
    const bad = fakeSignature(1, 4);
    const bytes = new Uint8Array([...sequenceBytes(sequence), 1, 3, 32, ...requested.session_id, 65, ...bad]);
    assertAbort(await h.submit(certifyBytes(bytes)), 'coordinator', 'EInvalidSignature');
  });

  it('a whole batch is atomic: one bad result aborts every result in it', async () => {
    const good = await pendingDkg();
    const result = await h.submit(
      await h.certify([
        { DWalletDkg: { session_id: good.session_id, output: new Uint8Array([1]) } },
        { DWalletDkg: { session_id: new Uint8Array(32).fill(9), output: new Uint8Array([1]) } },
      ]),
    );
    assertAbort(result, 'coordinator', 'ESessionNotFound');
    h.ok(await h.submit(await h.certify([{ DWalletDkg: { session_id: good.session_id, output: new Uint8Array([1]) } }])));
  });

  it('a new committee certifies from its epoch on; pending sessions carry over', async () => {
    const pending = await pendingDkg();
    const next = validatorKeys(7, 20);
    h.ok(await h.exec(await h.setCommitteeTx(2n, next, 5n), h.admin), 'rotate');
    const results = [{ DWalletDkg: { session_id: pending.session_id, output: new Uint8Array([1]) } }];
    assertAbort(await h.submit(await h.certify(results, { epoch: 1n })), 'coordinator', 'EWrongEpoch');
    assertAbort(await h.submit(await h.certify(results, { epoch: 2n })), 'committee', 'EInsufficientWeight');
    const mixed = [...h.validators.slice(0, 4), ...next.slice(4)];
    assertAbort(
      await h.submit(await h.certify(results, { epoch: 2n, validators: mixed, signers: [0, 1, 2, 3, 4] })),
      'committee',
      'EInvalidSignature',
    );
    assertAbort(
      await h.submit(await h.certify(results, { epoch: 2n, validators: next, signers: [0, 1, 2, 3] })),
      'committee',
      'EInsufficientWeight',
    );
    h.validators = next;
    h.epoch = 2n;
    h.ok(await h.submit(await h.certify(results, { signers: [0, 2, 4, 5, 6] })));
  });

  it('validates committees: admin only, increasing epoch, proofs of possession, a two-thirds threshold', async () => {
    const next = validatorKeys(4, 40);
    const outsider = await h.user();
    await assertRejects(h.exec(await h.setCommitteeTx(9n, next), outsider), ChainErrorCodes.TX_OBJECT_NOT_OWNED);
    assertAbort(await h.exec(await h.setCommitteeTx(h.epoch, next), h.admin), 'coordinator', 'EEpochNotIncreasing');
    assertAbort(await h.exec(await h.setCommitteeTx(9n, next, 2n), h.admin), 'committee', 'EInvalidThreshold');
    assertAbort(await h.exec(await h.setCommitteeTx(9n, next, 5n), h.admin), 'committee', 'EInvalidThreshold');
    assertAbort(
      await h.exec(await h.setCommitteeTx(9n, [next[0], next[0]] as typeof next, 2n), h.admin),
      'committee',
      'EDuplicatePublicKey',
    );
    assertAbort(await h.exec(await h.setCommitteeTx(9n, [], 0n), h.admin), 'committee', 'EEmptyCommittee');
    const tx = new Transaction();
    h.client.setCommittee(tx, {
      adminCap: await h.adminCap(),
      epoch: 9n,
      members: next.map((v, i) => ({
        publicKey: v.publicKey,
        proofOfPossession: proofOfPossession((next[(i + 1) % 4] as typeof v).secretKey, v.address),
        weight: 1n,
        suiAddress: v.address,
        networkAddress: 'peer',
        shareEncryptionKey: v.shareEncryptionKey,
      })),
      threshold: 3n,
    });
    assertAbort(await h.exec(tx, h.admin), 'committee', 'EInvalidProofOfPossession');
    const zero = new Transaction();
    h.client.setCommittee(zero, {
      adminCap: await h.adminCap(),
      epoch: 9n,
      members: membersOf(next, () => 0n),
      threshold: 1n,
    });
    assertAbort(await h.exec(zero, h.admin), 'committee', 'EZeroWeight');
    const mismatch = new Transaction();
    const mismatchBuilder = h.client.newCommitteeBuilder(mismatch, { adminCap: await h.adminCap() });
    h.client.call(mismatch, 'add_committee_members', {
      builder: mismatchBuilder,
      public_keys: next.map((v) => v.publicKey),
      proofs_of_possession: [],
      weights: next.map(() => 1n),
      sui_addresses: next.map((v) => v.address),
      network_addresses: next.map(() => 'peer'),
      share_encryption_keys: next.map((v) => v.shareEncryptionKey),
    });
    h.client.setCommitteeFromBuilder(mismatch, { adminCap: await h.adminCap(), epoch: 9n, builder: mismatchBuilder, threshold: 3n });
    assertAbort(await h.exec(mismatch, h.admin), 'committee', 'ELengthMismatch');
    const longAddress = new Transaction();
    const longAddressBuilder = h.client.newCommitteeBuilder(longAddress, { adminCap: await h.adminCap() });
    h.client.call(longAddress, 'add_committee_members', {
      builder: longAddressBuilder,
      public_keys: next.map((v) => v.publicKey),
      proofs_of_possession: next.map((v) => proofOfPossession(v.secretKey, v.address)),
      weights: next.map(() => 1n),
      sui_addresses: next.map((v) => v.address),
      network_addresses: next.map((_, i) => (i === 1 ? `http://${'é'.repeat(MAX_NETWORK_ADDRESS_LENGTH / 2 - 3)}` : 'peer')),
      share_encryption_keys: next.map((v) => v.shareEncryptionKey),
    });
    h.client.setCommitteeFromBuilder(longAddress, { adminCap: await h.adminCap(), epoch: 9n, builder: longAddressBuilder, threshold: 3n });
    assertAbort(await h.exec(longAddress, h.admin), 'committee', 'ENetworkAddressTooLong');
    // Each unit of weight is a virtual party of the network key: at most MAX_TOTAL_WEIGHT of them.
    const weighted = async (weights: bigint[], threshold: bigint) => {
      const weightedTx = new Transaction();
      h.client.setCommittee(weightedTx, {
        adminCap: await h.adminCap(),
        epoch: 9n,
        members: membersOf(next, (i) => weights[i] as bigint),
        threshold,
      });
      return weightedTx;
    };
    const over = [MAX_TOTAL_WEIGHT - 24n, 20n, 4n, 1n];
    assert.equal(
      over.reduce((a, b) => a + b),
      MAX_TOTAL_WEIGHT + 1n,
    );
    assertAbort(await h.exec(await weighted(over, MAX_TOTAL_WEIGHT), h.admin), 'committee', 'ETotalWeightTooLarge');
  });

  it('accepts a committee of the largest total weight', async () => {
    const fresh = await LocalHarness.create();
    try {
      const next = validatorKeys(4, 60);
      const weights = [MAX_TOTAL_WEIGHT - 3n, 1n, 1n, 1n];
      const threshold = (2n * MAX_TOTAL_WEIGHT) / 3n + 1n;
      const tx = new Transaction();
      fresh.client.setCommittee(tx, {
        adminCap: await fresh.adminCap(),
        epoch: fresh.epoch + 1n,
        members: membersOf(next, (i) => weights[i] as bigint),
        threshold,
      });
      fresh.ok(await fresh.exec(tx, fresh.admin), 'set a committee of total weight MAX_TOTAL_WEIGHT');
      const { committee } = await readCoordinator(fresh.chain);
      assert.equal(committee.total_weight, MAX_TOTAL_WEIGHT);
      assert.equal(committee.threshold, threshold);
    } finally {
      fresh.close();
    }
  });

  it('nothing is certified before a committee exists', async () => {
    const fresh = await LocalHarness.create({ configure: false });
    try {
      assertAbort(await fresh.submit(await fresh.certify([], { epoch: 0n, sequence: 0n })), 'committee', 'EEmptyCommittee');
    } finally {
      fresh.close();
    }
  });
});
