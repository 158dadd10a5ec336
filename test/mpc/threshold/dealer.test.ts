import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { clKeyGen } from '../../../mpc/cl/keys.ts';
import { bitLength } from '../../../mpc/numbers/bytes.ts';
import { thresholdAccessStructure, weightedAccessStructure } from '../../../mpc/threshold/access-structure.ts';
import { dealThresholdKey, dealThresholdKeyFor } from '../../../mpc/threshold/dealer.ts';
import { ThresholdErrorCodes as C } from '../../../mpc/threshold/errors.ts';
import { lagrangeCoefficients } from '../../../mpc/threshold/lagrange.ts';
import {
  coefficientRanges,
  maxShare,
  maxShareBits,
  SHARING_STATISTICAL_BITS,
  stirlingFirstKindRow,
} from '../../../mpc/threshold/polynomial.ts';
import { testRng } from '../../support/random.ts';
import { testSetup } from '../../support/setup.ts';
import { code } from './support.ts';

const setup = testSetup();
const rng = testRng('dealer');
const s = setup.randomnessBits;
const S = 1n << BigInt(s);
const sigma = 1n << BigInt(SHARING_STATISTICAL_BITS);

describe('dealer', () => {
  test('Stirling numbers of the first kind', () => {
    assert.deepEqual(stirlingFirstKindRow(0), [1n]);
    assert.deepEqual(stirlingFirstKindRow(4), [0n, 6n, 11n, 6n, 1n]);
    assert.deepEqual(stirlingFirstKindRow(5), [0n, 24n, 50n, 35n, 10n, 1n]);
  });

  test('coefficient ranges are the reference bound 2^σ·S·(W!/t!)·[t+1, k+1]', () => {
    // W = 5, t = 3: Δ = 120, W!/t! = 20, [4, 2] = 11, [4, 3] = 6.
    const access = thresholdAccessStructure(3, 5);
    assert.deepEqual(coefficientRanges(access, s), [sigma * S * 220n, sigma * S * 120n]);
    for (const [W, t] of [
      [16, 11],
      [128, 86],
      [20, 2],
    ] as const) {
      const a = thresholdAccessStructure(t, W);
      const stirling = stirlingFirstKindRow(t + 1);
      let tFactorial = 1n;
      for (let i = 2n; i <= BigInt(t); i++) tFactorial *= i;
      const ranges = coefficientRanges(a, s);
      assert.equal(ranges.length, t - 1);
      ranges.forEach((range, i) => {
        const k = i + 1;
        assert.equal(range, sigma * S * (a.delta / tFactorial) * (stirling[k + 1] as bigint));
      });
      // Above Δ for a₁ (H_t > 1 once t ≥ 2), far below it for the top coefficient when t is large.
      if (t > 2) assert.ok((ranges[0] as bigint) > sigma * S * a.delta);
      if (t > 10) assert.ok((ranges[t - 2] as bigint) < sigma * S * a.delta);
    }
  });

  test('the share bound is exact (checked by hand for t = 1 and 2-of-3)', () => {
    assert.equal(maxShare(thresholdAccessStructure(1, 1), s), S - 1n);
    assert.equal(maxShare(thresholdAccessStructure(1, 3), s), 6n * (S - 1n));
    // 2-of-3: Δ = 6, A₁ = max(6, (3!/2!)·[3, 2]) = 9, max share = P(3) = 6(S − 1) + 3(2^σ·S·9 − 1).
    const access = thresholdAccessStructure(2, 3);
    assert.equal(maxShare(access, s), 6n * (S - 1n) + 3n * (sigma * S * 9n - 1n));
    assert.equal(maxShareBits(access, s), bitLength(6n * (S - 1n) + 3n * (sigma * S * 9n - 1n)));
    // About σ + |S| + log2(W!·C(W+t, t)) bits: 881 at n = 16, 1,733 at 128, 11,234 at 1024 (s = 749).
    const b16 = maxShareBits(thresholdAccessStructure(11, 16), s);
    const b128 = maxShareBits(thresholdAccessStructure(86, 128), s);
    const b1024 = maxShareBits(thresholdAccessStructure(683, 1024), s);
    assert.ok(b16 > 860 && b16 < 900, `${b16}`);
    assert.ok(b128 > 1700 && b128 < 1780, `${b128}`);
    assert.ok(b1024 > 11_100 && b1024 < 11_400, `${b1024}`);
  });

  test('deals shares on a polynomial with constant Δ·sk, vk_v = h^{s_v} and pk = h^sk', () => {
    const { secretKey, publicKey: pk } = clKeyGen(setup, rng);
    const access = weightedAccessStructure(4, [2, 1, 3]);
    const { publicKey, keyShares } = dealThresholdKeyFor(secretKey, access, rng);
    assert.ok(setup.group.equals(publicKey.encryptionKey.form, pk.form));
    assert.equal(publicKey.shareBits, maxShareBits(access, s));
    assert.deepEqual(
      keyShares.map((k) => [k.party, k.shares.map((x) => x.virtualId)]),
      [
        [1, [1, 2]],
        [2, [3]],
        [3, [4, 5, 6]],
      ],
    );
    const shares = keyShares.flatMap((k) => k.shares);
    for (const share of shares) {
      const value = share.expose();
      assert.ok(value >= 0n && value < 1n << BigInt(publicKey.shareBits));
      assert.ok(setup.group.equals(publicKey.verificationKeys[share.virtualId - 1]!, setup.hTable.pow(value)));
    }
    // Any t virtual shares interpolate Δ·P(0) = Δ²·sk over the integers.
    for (const subset of [
      [1, 2, 3, 4],
      [3, 4, 5, 6],
      [6, 1, 4, 2],
      [1, 2, 3, 4, 5, 6],
    ]) {
      const lambdas = lagrangeCoefficients(access, subset);
      const sum = subset.reduce((acc, v, k) => acc + (lambdas[k] as bigint) * shares[v - 1]!.expose(), 0n);
      assert.equal(sum, access.delta * access.delta * secretKey.value);
    }
  });

  test('a share says nothing about sk modulo its virtual id', () => {
    // With P(0) = sk the share P(v) ≡ sk (mod v); with P(0) = Δ·sk it is ≡ 0 whatever sk is.
    const access = thresholdAccessStructure(3, 7);
    for (const sk of [1n, 2n, 3n, 12345n]) {
      const { keyShares } = dealThresholdKeyFor({ setup, value: sk }, access, rng);
      for (const { shares } of keyShares) for (const share of shares) assert.equal(share.expose() % BigInt(share.virtualId), 0n);
    }
  });

  test('fresh dealings differ, 1-of-1 gives the share Δ·sk = sk', () => {
    const access = thresholdAccessStructure(2, 3);
    const a = dealThresholdKey(setup, access, rng);
    const b = dealThresholdKey(setup, access, rng);
    assert.notEqual(a.keyShares[0]!.shares[0]!.expose(), b.keyShares[0]!.shares[0]!.expose());
    const { secretKey } = clKeyGen(setup, rng);
    const single = dealThresholdKeyFor(secretKey, thresholdAccessStructure(1, 1), rng);
    assert.equal(single.keyShares[0]!.shares[0]!.expose(), secretKey.value);
  });

  test('rejects a secret key outside [0, S)', () => {
    const access = thresholdAccessStructure(2, 3);
    for (const value of [-1n, S]) {
      assert.throws(() => dealThresholdKeyFor({ setup, value }, access, rng), code(C.THRESHOLD_KEY_MISMATCH));
    }
  });

  test('secret shares do not print', () => {
    const { keyShares } = dealThresholdKey(setup, thresholdAccessStructure(2, 3), rng);
    const keyShare = keyShares[1]!;
    const share = keyShare.shares[0]!;
    const value = share.expose();
    const renderings = [
      String(share),
      `${share}`,
      JSON.stringify(share),
      JSON.stringify(keyShare),
      inspect(share),
      inspect(keyShare, { depth: 10, showHidden: true }),
    ];
    for (const text of renderings) {
      for (const digits of [value.toString(10), value.toString(16), value.toString(10).slice(0, 12)]) {
        assert.ok(!text.includes(digits), `leaked in ${text}`);
      }
      assert.ok(text.includes('redacted'), text);
    }
    assert.throws(() => (share as unknown as bigint) + 1n, TypeError);
    assert.throws(() => Number(share), TypeError);
  });
});
