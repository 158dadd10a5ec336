/**
 * Signature algorithms through the local chain's transaction path: every dWallet, presign, pool
 * and sign has one (ECDSA, Taproot, EdDSA), only the signing schemes of
 * mpc/signing/algorithms.ts exist, and each rule of issue 19 aborts with its code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { Curve, HashScheme, RequestKind, SignatureAlgorithm, SignState } from '../../../chain/constants.ts';
import { availablePresignCount, readCoordinator, readObject } from '../../../chain/object-reader.ts';
import { DWallet, Presign, Sign } from '../../../chain/schemas/objects.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { assertAbort } from '../support/assertions.ts';
import { Flows, fakeSignature, LocalHarness } from '../support/local-harness.ts';

const TAPROOT = { curve: Curve.SECP256K1, algorithm: SignatureAlgorithm.TAPROOT };
const EDDSA = { curve: Curve.ED25519, algorithm: SignatureAlgorithm.EDDSA };

describe('local chain: signature algorithms', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  /** A Schnorr signature result: 64 bytes. */
  const schnorrSignature = (fill = 5) => new Uint8Array(64).fill(fill);

  async function pooledCap(user: Ed25519Keypair, scheme: { curve: number; algorithm: number }) {
    return flows.presignCap(user, scheme.curve, scheme.algorithm);
  }

  it('creates Taproot and EdDSA dWallets: the object, the event and the accessor carry the algorithm', async () => {
    const user = await h.user();
    for (const scheme of [TAPROOT, EDDSA]) {
      const requested = h.event(h.ok(await flows.requestDWallet(user, scheme)), 'DWalletDkgRequested');
      assert.equal(requested.curve, scheme.curve);
      assert.equal(requested.algorithm, scheme.algorithm);
      const dwallet = await readObject(h.chain, requested.dwallet_id, DWallet);
      assert.equal(dwallet.value.curve, scheme.curve);
      assert.equal(dwallet.value.algorithm, scheme.algorithm);
      const read = new Transaction();
      h.client.call(read, 'dwallet_algorithm', { dwallet_id: requested.dwallet_id });
      h.ok(await h.exec(read, user), 'dwallet_algorithm');
    }
    const imported = h.event(h.ok(await flows.requestDWallet(user, { ...EDDSA, imported: true })), 'ImportedKeyDWalletRequested');
    assert.equal(imported.algorithm, SignatureAlgorithm.EDDSA);
  });

  it('refuses every (curve, algorithm) that is not a signing scheme: EUnsupportedSignatureAlgorithm', async () => {
    const user = await h.user();
    for (const [curve, algorithm] of [
      [Curve.ED25519, SignatureAlgorithm.ECDSA],
      [Curve.ED25519, SignatureAlgorithm.TAPROOT],
      [Curve.P256, SignatureAlgorithm.TAPROOT],
      [Curve.P256, SignatureAlgorithm.EDDSA],
      [Curve.SECP256K1, SignatureAlgorithm.EDDSA],
      [Curve.SECP256K1, 3],
    ] as const) {
      assertAbort(await flows.requestDWallet(user, { curve, algorithm }), 'coordinator', 'EUnsupportedSignatureAlgorithm');
      assertAbort(await flows.requestDWallet(user, { curve, algorithm, imported: true }), 'coordinator', 'EUnsupportedSignatureAlgorithm');
      assertAbort(await flows.requestPresign(user, { curve, algorithm }), 'coordinator', 'EUnsupportedSignatureAlgorithm');
    }
    // An unsupported curve is named first.
    assertAbort(await flows.requestDWallet(user, { curve: 3, algorithm: 9 }), 'coordinator', 'EUnsupportedCurve');
  });

  it('keeps one presign pool per (network key, curve, algorithm), the claim paying that algorithm’s fee', async () => {
    const payer = await h.user();
    const { presignId } = await flows.pooledPresign(payer, TAPROOT.curve, TAPROOT.algorithm);
    assert.equal((await readObject(h.chain, presignId, Presign)).value.algorithm, SignatureAlgorithm.TAPROOT);
    const pools = (await readCoordinator(h.chain)).presign_pools.filter((p) => p.curve === Curve.SECP256K1);
    const taprootPool = pools.find((p) => p.algorithm === SignatureAlgorithm.TAPROOT);
    assert.ok(taprootPool);
    assert.equal(availablePresignCount(taprootPool), 1);
    const ecdsaPool = pools.find((p) => p.algorithm === SignatureAlgorithm.ECDSA);
    assert.equal(ecdsaPool === undefined ? 0 : availablePresignCount(ecdsaPool), 0);
    // The ECDSA pool of the same key and curve stays empty: a Taproot presign cannot be claimed as ECDSA.
    const claimer = await h.user();
    assertAbort(
      await flows.claim(claimer, { curve: Curve.SECP256K1, algorithm: SignatureAlgorithm.ECDSA }),
      'coordinator',
      'EPresignPoolEmpty',
    );
    await h.setFee(RequestKind.PRESIGN, 700n, SignatureAlgorithm.TAPROOT);
    assertAbort(await flows.claim(claimer, { ...TAPROOT, fee: 699n }), 'coordinator', 'EInsufficientFee');
    const claimed = h.event(h.ok(await flows.claim(claimer, { ...TAPROOT, fee: 700n })), 'PresignClaimed');
    assert.equal(claimed.presign_id, presignId);
    assert.equal(claimed.curve, Curve.SECP256K1);
    assert.equal(claimed.algorithm, SignatureAlgorithm.TAPROOT);
    await h.setFee(RequestKind.PRESIGN, 0n, SignatureAlgorithm.TAPROOT);
  });

  it('charges each request the fee of its dWallet’s algorithm', async () => {
    const user = await h.user();
    await h.setFee(RequestKind.DWALLET_DKG, 1_000n, SignatureAlgorithm.EDDSA);
    assertAbort(await flows.requestDWallet(user, { ...EDDSA, fee: 999n }), 'coordinator', 'EInsufficientFee');
    h.ok(await flows.requestDWallet(user, { ...EDDSA, fee: 1_000n }), 'EdDSA DKG paying its fee');
    h.ok(await flows.requestDWallet(user, { fee: 0n }), 'the ECDSA DKG fee is another entry');
    await h.setFee(RequestKind.DWALLET_DKG, 0n, SignatureAlgorithm.EDDSA);
  });

  it('a sign needs a presign of the dWallet’s algorithm: EPresignAlgorithmMismatch', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user, TAPROOT);
    const ecdsaCap = await flows.presignCap(user);
    assertAbort(
      await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: ecdsaCap.capId, hashScheme: HashScheme.SHA256 }),
      'coordinator',
      'EPresignAlgorithmMismatch',
    );
    const ecdsaWallet = await flows.activeDWallet(user);
    const taprootCap = await pooledCap(user, TAPROOT);
    assertAbort(
      await flows.sign(user, { dwalletCapId: ecdsaWallet.capId, presignCapId: taprootCap.capId }),
      'coordinator',
      'EPresignAlgorithmMismatch',
    );
  });

  it('accepts only the hash schemes of the (curve, algorithm)', async () => {
    const user = await h.user();
    const taproot = await flows.activeDWallet(user, TAPROOT);
    const eddsa = await flows.activeDWallet(user, EDDSA);
    const ecdsa = await flows.activeDWallet(user);
    const refused: Array<[string, number]> = [
      [taproot.capId, HashScheme.KECCAK256],
      [taproot.capId, HashScheme.DOUBLE_SHA256],
      [taproot.capId, HashScheme.SHA512],
      [eddsa.capId, HashScheme.SHA256],
      [eddsa.capId, HashScheme.PREHASHED],
      [ecdsa.capId, HashScheme.SHA512],
    ];
    for (const [capId, hashScheme] of refused) {
      const tx = new Transaction();
      h.client.approveMessage(tx, { dwalletCap: await h.ref(capId), hashScheme: hashScheme as HashScheme, message: new Uint8Array(32) });
      assertAbort(await h.exec(tx, user), 'coordinator', 'EUnsupportedHashScheme');
    }
    const prehashed = new Transaction();
    h.client.approveMessage(prehashed, {
      dwalletCap: await h.ref(taproot.capId),
      hashScheme: HashScheme.PREHASHED,
      message: new Uint8Array(31),
    });
    assertAbort(await h.exec(prehashed, user), 'coordinator', 'EInvalidPrehashedMessage');
    // EdDSA signs the message itself, of any length up to the chain's bound.
    const cap = await pooledCap(user, EDDSA);
    const message = new TextEncoder().encode('a Solana transaction message of any length');
    const requested = h.event(
      h.ok(await flows.sign(user, { dwalletCapId: eddsa.capId, presignCapId: cap.capId, hashScheme: HashScheme.SHA512, message })),
      'SignRequested',
    );
    assert.equal(requested.curve, Curve.ED25519);
    assert.equal(requested.algorithm, SignatureAlgorithm.EDDSA);
    assert.equal(requested.hash_scheme, HashScheme.SHA512);
    assert.deepEqual(requested.message, message);
    assert.equal((await readObject(h.chain, requested.sign_id, Sign)).value.algorithm, SignatureAlgorithm.EDDSA);
  });

  it('checks a signature’s length against its sign’s algorithm: 64 bytes for Schnorr, 65 for ECDSA', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user, TAPROOT);
    const cap = await pooledCap(user, TAPROOT);
    const requested = h.event(
      h.ok(
        await flows.sign(user, {
          dwalletCapId: wallet.capId,
          presignCapId: cap.capId,
          hashScheme: HashScheme.PREHASHED,
          message: new Uint8Array(32).fill(1),
        }),
      ),
      'SignRequested',
    );
    const submit = async (signature: Uint8Array) =>
      h.submit(await h.certify([{ Signature: { session_id: requested.session_id, signature } }]));
    assertAbort(await submit(fakeSignature(5, 0)), 'coordinator', 'EInvalidSignature');
    const completed = h.event(h.ok(await submit(schnorrSignature())), 'SignCompleted');
    assert.deepEqual(completed.signature, schnorrSignature());
    assert.equal((await readObject(h.chain, requested.sign_id, Sign)).value.state, SignState.COMPLETED);

    const ecdsa = await flows.activeDWallet(user);
    const ecdsaCap = await flows.presignCap(user);
    const ecdsaSign = h.event(h.ok(await flows.sign(user, { dwalletCapId: ecdsa.capId, presignCapId: ecdsaCap.capId })), 'SignRequested');
    const refused = await h.submit(await h.certify([{ Signature: { session_id: ecdsaSign.session_id, signature: schnorrSignature() } }]));
    assertAbort(refused, 'coordinator', 'EInvalidSignature');
  });

  it('refuses a future sign for a Taproot or EdDSA dWallet: EFutureSignNeedsEcdsa', async () => {
    const user = await h.user();
    for (const scheme of [TAPROOT, EDDSA]) {
      const wallet = await flows.activeDWallet(user, scheme);
      const cap = await pooledCap(user, scheme);
      const tx = new Transaction();
      const partial = h.client.requestFutureSign(tx, {
        dwalletId: wallet.dwalletId,
        presignCap: await h.ref(cap.capId),
        hashScheme: scheme.algorithm === SignatureAlgorithm.EDDSA ? HashScheme.SHA512 : HashScheme.SHA256,
        message: new Uint8Array([1, 2, 3]),
        sessionPreimage: randomSessionPreimage(),
        userSignMessage: new Uint8Array([9]),
        payment: h.client.payFromGas(tx, 0n),
      });
      tx.transferObjects([partial], user.toSuiAddress());
      assertAbort(await h.exec(tx, user), 'coordinator', 'EFutureSignNeedsEcdsa');
    }
  });

  it('an imported-key Schnorr dWallet signs with a universal presign and has no bound presign: EImportedKeyPresignNeedsEcdsa', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user, { ...EDDSA, imported: true });
    const bound = new Transaction();
    const boundCap = h.client.requestImportedKeyPresign(bound, {
      dwalletCap: await h.ref(wallet.capId),
      sessionPreimage: randomSessionPreimage(),
      payment: h.client.payFromGas(bound, 0n),
    });
    bound.transferObjects([boundCap], user.toSuiAddress());
    assertAbort(await h.exec(bound, user), 'coordinator', 'EImportedKeyPresignNeedsEcdsa');
    const cap = await pooledCap(user, EDDSA);
    h.ok(
      await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: cap.capId, hashScheme: HashScheme.SHA512 }),
      'an imported EdDSA dWallet signs with a pooled presign',
    );
    // An imported ECDSA dWallet still needs its bound presign.
    const ecdsa = await flows.activeDWallet(user, { imported: true });
    const ecdsaCap = await flows.presignCap(user);
    assertAbort(
      await flows.sign(user, { dwalletCapId: ecdsa.capId, presignCapId: ecdsaCap.capId }),
      'coordinator',
      'EImportedKeyDWalletNeedsBoundPresign',
    );
  });
});
