/**
 * The chain's table of signing schemes (chain/constants.ts, what the coordinator accepts) is the
 * table of mpc/signing/algorithms.ts: same ids, same (curve, algorithm) pairs, same hash schemes,
 * same signature lengths; and the fee table is indexed per (request kind, algorithm).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALGORITHM_COUNT,
  CHAIN_SIGNING_SCHEMES,
  Curve,
  feeIndex,
  feeOf,
  HashScheme,
  isSupportedCurve,
  isValidHashScheme,
  isValidSigningScheme,
  REQUEST_KIND_COUNT,
  RequestKind,
  SignatureAlgorithm,
} from '../../chain/constants.ts';
import { CURVE_IDS, HASH_SCHEME_IDS, SIGNATURE_ALGORITHM_IDS, SIGNING_SCHEMES } from '../../mpc/signing/algorithms.ts';

describe('chain signing schemes', () => {
  it('use the ids of mpc/signing/algorithms.ts', () => {
    assert.deepEqual({ ...Curve }, { SECP256K1: CURVE_IDS.secp256k1, P256: CURVE_IDS.p256, ED25519: CURVE_IDS.ed25519 });
    assert.deepEqual(
      { ...SignatureAlgorithm },
      { ECDSA: SIGNATURE_ALGORITHM_IDS.ecdsa, TAPROOT: SIGNATURE_ALGORITHM_IDS.taproot, EDDSA: SIGNATURE_ALGORITHM_IDS.eddsa },
    );
    assert.deepEqual({ ...HashScheme }, { ...HASH_SCHEME_IDS });
    assert.equal(ALGORITHM_COUNT, Object.keys(SIGNATURE_ALGORITHM_IDS).length);
  });

  it('are exactly the signing schemes of mpc/signing/algorithms.ts', () => {
    const fromMpc = SIGNING_SCHEMES.map((s) => ({
      curve: CURVE_IDS[s.curve],
      algorithm: SIGNATURE_ALGORITHM_IDS[s.algorithm],
      hashSchemes: [...s.hashSchemes],
      signatureLength: s.signatureBytes,
    }));
    assert.deepEqual(
      CHAIN_SIGNING_SCHEMES.map((s) => ({ ...s, hashSchemes: [...s.hashSchemes] })),
      fromMpc,
    );
  });

  it('accept every listed (curve, algorithm, hash scheme) and refuse every other', () => {
    let accepted = 0;
    for (let curve = 0; curve < 4; curve++) {
      for (let algorithm = 0; algorithm < 4; algorithm++) {
        const scheme = CHAIN_SIGNING_SCHEMES.find((s) => s.curve === curve && s.algorithm === algorithm);
        assert.equal(isValidSigningScheme(curve, algorithm), scheme !== undefined, `${curve}/${algorithm}`);
        if (scheme !== undefined) assert.ok(isSupportedCurve(curve));
        for (let hash = 0; hash < 6; hash++) {
          const valid = scheme !== undefined && (scheme.hashSchemes as readonly number[]).includes(hash);
          assert.equal(isValidHashScheme(curve, algorithm, hash), valid, `${curve}/${algorithm}/${hash}`);
          if (valid) accepted += 1;
        }
      }
    }
    assert.equal(accepted, 4 + 2 + 2 + 1);
    assert.equal(isSupportedCurve(3), false);
  });

  it('index the fee table by request kind and algorithm', () => {
    const fees = Array.from({ length: REQUEST_KIND_COUNT * ALGORITHM_COUNT }, (_, i) => BigInt(i + 1));
    assert.equal(feeIndex(RequestKind.SIGN, SignatureAlgorithm.EDDSA), RequestKind.SIGN * ALGORITHM_COUNT + 2);
    assert.equal(feeOf(fees, RequestKind.SIGN, SignatureAlgorithm.TAPROOT), BigInt(RequestKind.SIGN * 3 + 1 + 1));
    assert.equal(feeIndex(RequestKind.MAKE_DWALLET_SHARED, SignatureAlgorithm.ECDSA), 6 * ALGORITHM_COUNT);
    assert.equal(feeIndex(RequestKind.REGISTER_ENCRYPTION_KEY, SignatureAlgorithm.EDDSA), 7 * ALGORITHM_COUNT + 2);
    assert.equal(feeIndex(RequestKind.SHARE_BACKUP, SignatureAlgorithm.ECDSA), 8 * ALGORITHM_COUNT);
    assert.equal(feeIndex(RequestKind.SHARE_TRANSFER, SignatureAlgorithm.TAPROOT), 9 * ALGORITHM_COUNT + 1);
    assert.equal(feeIndex(12, SignatureAlgorithm.ECDSA), null);
    assert.equal(feeIndex(RequestKind.NETWORK_KEY_DKG, SignatureAlgorithm.ECDSA), null);
    assert.equal(feeIndex(RequestKind.SIGN, 3), null);
    assert.equal(feeOf(fees, RequestKind.RECONFIGURATION, SignatureAlgorithm.ECDSA), 0n);
    const indices = new Set<number>();
    for (const kind of [0, 1, 2, 3, 4, 5, 8, 9, 10, 11]) for (let a = 0; a < ALGORITHM_COUNT; a++) indices.add(feeIndex(kind, a) as number);
    assert.equal(indices.size, fees.length, 'every (kind, algorithm) has its own entry');
  });
});
