import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Curve, HashScheme, SignatureAlgorithm } from '../../chain/constants.ts';
import { HashSchemes } from '../../mpc/ecdsa/hash-schemes.ts';
import {
  algorithmById,
  CURVE_IDS,
  curveById,
  defaultAlgorithm,
  findSigningScheme,
  HASH_SCHEME_IDS,
  SIGNATURE_ALGORITHM_IDS,
  signingScheme,
} from '../../mpc/signing/algorithms.ts';

describe('signing schemes (mpc/signing/algorithms.ts)', () => {
  it('uses the chain ids of curves, algorithms and hash schemes', () => {
    assert.deepEqual({ ...CURVE_IDS }, { secp256k1: Curve.SECP256K1, p256: Curve.P256, ed25519: Curve.ED25519 });
    assert.deepEqual(
      { ...SIGNATURE_ALGORITHM_IDS },
      { ecdsa: SignatureAlgorithm.ECDSA, taproot: SignatureAlgorithm.TAPROOT, eddsa: SignatureAlgorithm.EDDSA },
    );
    for (const [name, id] of Object.entries(HashScheme)) assert.equal(HASH_SCHEME_IDS[name as keyof typeof HASH_SCHEME_IDS], id);
    for (const [name, id] of Object.entries(HashSchemes)) assert.equal(HASH_SCHEME_IDS[name as keyof typeof HASH_SCHEME_IDS], id);
  });

  it('refuses combinations that do not exist', () => {
    assert.equal(findSigningScheme('ed25519', 'ecdsa'), undefined);
    assert.equal(findSigningScheme('p256', 'taproot'), undefined);
    assert.equal(findSigningScheme('secp256k1', 'eddsa'), undefined);
    assert.throws(() => signingScheme('ed25519', 'taproot'), /no signature algorithm taproot on ed25519/);
    assert.equal(signingScheme('secp256k1', 'taproot').signatureBytes, 64);
    assert.equal(signingScheme('secp256k1', 'ecdsa').signatureBytes, 65);
    assert.deepEqual(signingScheme('ed25519', 'eddsa').hashSchemes, [HASH_SCHEME_IDS.SHA512]);
  });

  it('maps ids back and picks a default algorithm per curve', () => {
    assert.equal(curveById(2).name, 'ed25519');
    assert.throws(() => curveById(3), /unknown curve id 3/);
    assert.equal(algorithmById(1), 'taproot');
    assert.throws(() => algorithmById(7), /unknown signature algorithm id 7/);
    assert.equal(defaultAlgorithm('ed25519'), 'eddsa');
    assert.equal(defaultAlgorithm('secp256k1'), 'ecdsa');
  });
});
