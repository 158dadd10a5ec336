import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bcs } from '@mysten/bcs';
import { formSchema } from '../../../mpc/classgroups/encoding.ts';
import type { Form } from '../../../mpc/classgroups/form.ts';
import { decodeExact } from '../../../mpc/encoding/decode.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import { weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { type Complaint, complaintSchema, createComplaint, judgeComplaint, openDealing } from '../../../mpc/threshold/dkg/complaint.ts';
import { checkDealing, createDealing, type Dealing, dealingSchema, shareMatches } from '../../../mpc/threshold/dkg/dealing.ts';
import { combineDealings, sumShares } from '../../../mpc/threshold/dkg/output.ts';
import { dealerShareBits, keyShareBits, SHARE_ENCRYPTION_CURVE, shareBytes } from '../../../mpc/threshold/dkg/params.ts';
import { decryptShare, encryptShare, sharedPoint } from '../../../mpc/threshold/dkg/share-encryption.ts';
import { laxSetup, orderTwoElement } from '../../support/order-two.ts';
import { testRng } from '../../support/random.ts';
import { assertKeyDecrypts, decryptionKeyOf, dkgParams } from './dkg-support.ts';

// 4 parties of weights 2, 1, 1, 1 (W = 5), threshold 3.
const access = weightedAccessStructure(3, [2, 1, 1, 1]);
const params = dkgParams(access);
const { setup } = params;
const rng = testRng('dkg pieces');
const dealings = access.parties().map((dealer) => createDealing(params, dealer, rng));
const digestOf = (dealer: number) => new Uint8Array(32).fill(dealer);
const curve = SHARE_ENCRYPTION_CURVE;

function refused(fn: () => unknown): void {
  assert.throws(fn, (error) => error instanceof DWalletError);
}

/** The dealing with one ciphertext byte flipped: the share of v decrypts to another integer. */
function withBadShare(dealing: Dealing, v: number): Dealing {
  const ciphertexts = dealing.ciphertexts.map((c, k) => (k === v - 1 ? c.map((byte, i) => (i === c.length - 1 ? byte ^ 1 : byte)) : c));
  return { ...dealing, ciphertexts };
}

describe('DKG pieces', () => {
  test('honest dealings: public check passes, every recipient’s shares match, and the summed key decrypts', () => {
    const keyShares = access.parties().map((party) => {
      const shares = dealings.map((dealing, i) => {
        assert.equal(checkDealing(params, dealing), undefined);
        const opened = openDealing(params, party, decryptionKeyOf(party), i + 1, dealing);
        assert.deepEqual(opened.bad, []);
        return opened.shares;
      });
      return sumShares(params, party, shares);
    });
    const key = combineDealings(params, dealings);
    assert.equal(key.shareBits, keyShareBits(params));
    assertKeyDecrypts(key, keyShares, [
      [1, 2],
      [2, 3, 4],
      [1, 2, 3, 4],
    ]);
    // Any qualified subset of dealers gives a key too.
    const subset = [dealings[0], dealings[2], dealings[3]] as Dealing[];
    const subKey = combineDealings(params, subset);
    const subShares = access.parties().map((party) =>
      sumShares(
        params,
        party,
        [1, 3, 4].map((dealer) => openDealing(params, party, decryptionKeyOf(party), dealer, dealings[dealer - 1] as Dealing).shares),
      ),
    );
    assertKeyDecrypts(subKey, subShares, [[1, 4]]);
  });

  test('share encryption: round trip, bound to dealer, virtual id and session; fixed length', () => {
    const e = 12345n;
    const E = curve.multiply(curve.generator, e);
    const S = sharedPoint(e, params.encryptionKeys[1] as never);
    const share = (1n << BigInt(dealerShareBits(params))) - 1n;
    const c = encryptShare(params, 1, 3, E, S, share);
    assert.equal(c.length, shareBytes(params));
    assert.equal(decryptShare(params, 1, 3, E, sharedPoint(decryptionKeyOf(2), E), c), share);
    assert.notEqual(decryptShare(params, 2, 3, E, S, c), share);
    assert.notEqual(decryptShare(dkgParams(access, 'another session'), 1, 3, E, S, c), share);
    refused(() => decryptShare(params, 1, 3, E, S, c.slice(1)));
    refused(() => encryptShare(params, 1, 3, E, S, 1n << BigInt(8 * shareBytes(params))));
    refused(() => encryptShare(params, 1, 3, E, S, -1n));
  });

  test('dealing codec: round trip; wrong lengths, wrong counts and non-square forms are refused', () => {
    const schema = dealingSchema(params);
    const bytes = schema.serialize(dealings[0] as Dealing).toBytes();
    const decoded = decodeExact(schema, bytes);
    assert.equal(checkDealing(params, decoded), undefined);
    refused(() => decodeExact(schema, bytes.slice(0, -1)));
    refused(() => decodeExact(schema, new Uint8Array([...bytes, 0])));
    // A dealing for threshold 2 (one commitment fewer) or for W = 4 (one share fewer) does not decode.
    const fewerCommitments = dkgParams(weightedAccessStructure(2, [2, 1, 1, 1]));
    refused(() =>
      decodeExact(
        schema,
        dealingSchema(fewerCommitments)
          .serialize(createDealing(fewerCommitments, 1, rng))
          .toBytes(),
      ),
    );
    const fewerShares = dkgParams(weightedAccessStructure(3, [1, 1, 1, 1]));
    refused(() =>
      decodeExact(
        schema,
        dealingSchema(fewerShares)
          .serialize(createDealing(fewerShares, 1, rng))
          .toBytes(),
      ),
    );
    // A commitment carrying the element of order 2 (a cheater's encoder does not refuse it).
    const lax = laxSetup(setup);
    const epsilon = orderTwoElement(setup);
    const tainted = {
      ...(dealings[0] as Dealing),
      commitments: (dealings[0] as Dealing).commitments.map((c, k) => (k === 1 ? lax.group.compose(c, epsilon) : c)),
    };
    const laxSchema = bcs.struct('DkgDealing', {
      publicShare: formSchema(lax.group),
      commitments: bcs.fixedArray(access.threshold, formSchema(lax.group)),
      ephemeral: bcs.bytes(33),
      ciphertexts: bcs.fixedArray(access.totalWeight, bcs.bytes(shareBytes(params))),
    });
    const taintedBytes = laxSchema
      .serialize({ ...tainted, ephemeral: curve.encodePoint(tainted.ephemeral), ciphertexts: [...tainted.ciphertexts] } as never)
      .toBytes();
    assert.throws(
      () => decodeExact(schema, taintedBytes),
      (error) => error instanceof DWalletError && /square/.test(error.message),
    );
    // An ephemeral key that is not a curve point.
    const badPoint = bytes.slice();
    const offset = bytes.length - access.totalWeight * shareBytes(params) - 33;
    badPoint[offset] = 0x05;
    refused(() => decodeExact(schema, badPoint));
  });

  test('public check: C_0 ≠ pk^Δ and an identity public share are refused', () => {
    const dealing = dealings[1] as Dealing;
    const shifted = {
      ...dealing,
      commitments: [setup.group.compose(dealing.commitments[0] as Form, setup.h), ...dealing.commitments.slice(1)],
    };
    assert.match(checkDealing(params, shifted) ?? '', /C_0/);
    assert.match(checkDealing(params, { ...dealing, publicShare: setup.group.identity }) ?? '', /identity/);
    assert.match(checkDealing(params, { ...dealing, commitments: dealing.commitments.slice(1) }) ?? '', /commitments/);
    assert.match(checkDealing(params, { ...dealing, ciphertexts: dealing.ciphertexts.slice(1) }) ?? '', /encrypted shares/);
  });

  test('shares: out-of-range and wrong values fail the commitment check', () => {
    const dealing = dealings[0] as Dealing;
    const [share] = openDealing(params, 2, decryptionKeyOf(2), 1, dealing).shares;
    assert.ok(share !== undefined && shareMatches(params, dealing.commitments, 3, share.value));
    assert.equal(shareMatches(params, dealing.commitments, 3, share.value + 1n), false);
    assert.equal(shareMatches(params, dealing.commitments, 4, share.value), false);
    assert.equal(shareMatches(params, dealing.commitments, 3, -share.value), false);
    assert.equal(shareMatches(params, dealing.commitments, 3, 1n << BigInt(dealerShareBits(params))), false);
  });

  test('complaints: a bad share or a bad commitment is proven; a complaint against good shares or with a bad proof is false', () => {
    const dealer = 1;
    const honest = dealings[0] as Dealing;
    const complainer = 3; // virtual id 4
    const badShare = withBadShare(honest, 4);
    assert.deepEqual(openDealing(params, complainer, decryptionKeyOf(complainer), dealer, badShare).bad, [4]);
    const against = (dealing: Dealing, party = complainer, key = decryptionKeyOf(party)) =>
      createComplaint(params, party, key, dealer, dealing, digestOf(dealer), rng);
    const proven = judgeComplaint(params, complainer, badShare, against(badShare));
    assert.equal(proven.status, 'dealer-cheated');
    // A bad commitment (C_1 of another polynomial): every share fails, the public check still passes.
    const badCommitment = { ...honest, commitments: honest.commitments.map((c, k) => (k === 1 ? setup.group.compose(c, setup.h) : c)) };
    assert.equal(checkDealing(params, badCommitment), undefined);
    assert.deepEqual(openDealing(params, complainer, decryptionKeyOf(complainer), dealer, badCommitment).bad, [4]);
    assert.equal(judgeComplaint(params, complainer, badCommitment, against(badCommitment)).status, 'dealer-cheated');
    // Against a good share: false.
    assert.equal(judgeComplaint(params, complainer, honest, against(honest)).status, 'false-complaint');
    // A bad DLEQ proof: another party's key, a proof for another complainer, a replaced S, another dealing digest.
    const wrongKey = against(badShare, complainer, decryptionKeyOf(2));
    assert.match(judgeComplaint(params, complainer, badShare, wrongKey).detail, /DLEQ/);
    const someoneElse = against(badShare, 2);
    assert.match(judgeComplaint(params, complainer, badShare, someoneElse).detail, /DLEQ/);
    const complaint = against(badShare);
    const replaced: Complaint = { ...complaint, sharedSecret: curve.multiply(complaint.sharedSecret, 2n) };
    assert.match(judgeComplaint(params, complainer, badShare, replaced).detail, /DLEQ/);
    assert.match(judgeComplaint(params, complainer, badShare, { ...complaint, dealingDigest: digestOf(9) }).detail, /DLEQ/);
  });

  test('complaint codec: round trip; wrong lengths and an invalid point are refused', () => {
    const schema = complaintSchema();
    const complaint = createComplaint(params, 2, decryptionKeyOf(2), 1, dealings[0] as Dealing, digestOf(1), rng);
    const bytes = schema.serialize(complaint).toBytes();
    const decoded = decodeExact(schema, bytes);
    assert.ok(decoded.sharedSecret.equals(complaint.sharedSecret));
    assert.equal(judgeComplaint(params, 2, dealings[0] as Dealing, decoded).status, 'false-complaint');
    refused(() => decodeExact(schema, bytes.slice(0, -1)));
    refused(() => decodeExact(schema, new Uint8Array([...bytes, 0])));
    const badPoint = bytes.slice();
    badPoint[2 + 32] = 0x07; // the S point's prefix byte
    refused(() => decodeExact(schema, badPoint));
  });
});
