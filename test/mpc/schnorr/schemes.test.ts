/**
 * The Schnorr schemes on their own (mpc/schnorr/{taproot,eddsa,message,signature}.ts): the BIP-340
 * test vectors (bitcoin/bips bip-0340/test-vectors.csv) on the verification path every network
 * signature takes, and on our challenge, signs and encoding (signing vectors 0–3 reproduced from
 * the BIP's nonce derivation); the BIP-86 output key against @scure/btc-signer's p2tr; EdDSA
 * signatures of raw scalars checked by noble's ed25519; the signed message per hash scheme.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { p2tr } from '@scure/btc-signer';
import { MAX_MESSAGE_LENGTH } from '../../../chain/constants.ts';
import { getCurve } from '../../../mpc/curves/curve.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import { bytesToBigint } from '../../../mpc/numbers/bytes.ts';
import { mod } from '../../../mpc/numbers/modular.ts';
import { randomBelow } from '../../../mpc/numbers/random.ts';
import { eddsaScheme } from '../../../mpc/schnorr/eddsa.ts';
import { SchnorrErrorCodes } from '../../../mpc/schnorr/errors.ts';
import { MAX_SIGNED_MESSAGE_BYTES, schnorrSignedMessage } from '../../../mpc/schnorr/message.ts';
import type { SchnorrSigningKey } from '../../../mpc/schnorr/scheme.ts';
import { schnorrScheme } from '../../../mpc/schnorr/schemes.ts';
import { verifySchnorrSignature } from '../../../mpc/schnorr/signature.ts';
import { evenYSign, taggedHash, taprootScheme, xOnly } from '../../../mpc/schnorr/taproot.ts';
import { HASH_SCHEME_IDS } from '../../../mpc/signing/algorithms.ts';
import { testRng } from '../../support/random.ts';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

/** bitcoin/bips bip-0340/test-vectors.csv (the 15 vectors of 32-byte messages): index, secret key, public key, aux_rand, message, signature, result. */
const BIP340_VECTORS: readonly (readonly [number, string, string, string, string, string, boolean])[] = [
  [
    0,
    '0000000000000000000000000000000000000000000000000000000000000003',
    'F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000000',
    'E907831F80848D1069A5371B402410364BDF1C5F8307B0084C55F1CE2DCA821525F66A4A85EA8B71E482A74F382D2CE5EBEEE8FDB2172F477DF4900D310536C0',
    true,
  ],
  [
    1,
    'B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '0000000000000000000000000000000000000000000000000000000000000001',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '6896BD60EEAE296DB48A229FF71DFE071BDE413E6D43F917DC8DCF8C78DE33418906D11AC976ABCCB20B091292BFF4EA897EFCB639EA871CFA95F6DE339E4B0A',
    true,
  ],
  [
    2,
    'C90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B14E5C9',
    'DD308AFEC5777E13121FA72B9CC1B7CC0139715309B086C960E18FD969774EB8',
    'C87AA53824B4D7AE2EB035A2B5BBBCCC080E76CDC6D1692C4B0B62D798E6D906',
    '7E2D58D8B3BCDF1ABADEC7829054F90DDA9805AAB56C77333024B9D0A508B75C',
    '5831AAEED7B44BB74E5EAB94BA9D4294C49BCF2A60728D8B4C200F50DD313C1BAB745879A5AD954A72C45A91C3A51D3C7ADEA98D82F8481E0E1E03674A6F3FB7',
    true,
  ],
  [
    3,
    '0B432B2677937381AEF05BB02A66ECD012773062CF3FA2549E44F58ED2401710',
    '25D1DFF95105F5253C4022F628A996AD3A0D95FBF21D468A1B33F8C160D8F517',
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
    '7EB0509757E246F19449885651611CB965ECC1A187DD51B64FDA1EDC9637D5EC97582B9CB13DB3933705B32BA982AF5AF25FD78881EBB32771FC5922EFC66EA3',
    true,
  ],
  [
    4,
    '',
    'D69C3509BB99E412E68B0FE8544E72837DFA30746D8BE2AA65975F29D22DC7B9',
    '',
    '4DF3C3F68FCC83B27E9D42C90431A72499F17875C81A599B566C9889B9696703',
    '00000000000000000000003B78CE563F89A0ED9414F5AA28AD0D96D6795F9C6376AFB1548AF603B3EB45C9F8207DEE1060CB71C04E80F593060B07D28308D7F4',
    true,
  ],
  [
    5,
    '',
    'EEFDEA4CDB677750A420FEE807EACF21EB9898AE79B9768766E4FAA04A2D4A34',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E17776969E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B',
    false,
  ],
  [
    6,
    '',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    'FFF97BD5755EEEA420453A14355235D382F6472F8568A18B2F057A14602975563CC27944640AC607CD107AE10923D9EF7A73C643E166BE5EBEAFA34B1AC553E2',
    false,
  ],
  [
    7,
    '',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '1FA62E331EDBC21C394792D2AB1100A7B432B013DF3F6FF4F99FCB33E0E1515F28890B3EDB6E7189B630448B515CE4F8622A954CFE545735AAEA5134FCCDB2BD',
    false,
  ],
  [
    8,
    '',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E177769961764B3AA9B2FFCB6EF947B6887A226E8D7C93E00C5ED0C1834FF0D0C2E6DA6',
    false,
  ],
  [
    9,
    '',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '0000000000000000000000000000000000000000000000000000000000000000123DDA8328AF9C23A94C1FEECFD123BA4FB73476F0D594DCB65C6425BD186051',
    false,
  ],
  [
    10,
    '',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '00000000000000000000000000000000000000000000000000000000000000017615FBAF5AE28864013C099742DEADB4DBA87F11AC6754F93780D5A1837CF197',
    false,
  ],
  [
    11,
    '',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '4A298DACAE57395A15D0795DDBFD1DCB564DA82B0F269BC70A74F8220429BA1D69E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B',
    false,
  ],
  [
    12,
    '',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F69E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B',
    false,
  ],
  [
    13,
    '',
    'DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E177769FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141',
    false,
  ],
  [
    14,
    '',
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC30',
    '',
    '243F6A8885A308D313198A2E03707344A4093822299F31D0082EFA98EC4E6C89',
    '6CFF5C3BA86C69EA4B7376F31A9BCB4F74C1976089B2D9963DA2E5543E17776969E89B4C5564D00349106B8497785DD7D1D713A8AE82B32FA79D5F7FC407D39B',
    false,
  ],
];

const k1 = getCurve('secp256k1');
const G = k1.generator;
const q = k1.order;

/** A key a verifier takes as is (no tweak): the vectors' x-only public keys. */
function untweaked(verificationKey: Uint8Array): SchnorrSigningKey {
  return { publicKey: G, verificationKey, keySign: 1n, keyOffset: 0n };
}

describe('BIP-340 test vectors', () => {
  for (const [index, , publicKey, , message, signature, result] of BIP340_VECTORS) {
    test(`vector ${index}: the verification path says ${result}`, () => {
      const verdict = verifySchnorrSignature(taprootScheme, untweaked(hexToBytes(publicKey)), hexToBytes(message), hexToBytes(signature));
      assert.equal(verdict, result);
    });
  }

  test('signing vectors 0–3: our challenge, nonce sign and encoding give the BIP signatures exactly', () => {
    for (const [index, secret, publicKey, auxRand, message, signature] of BIP340_VECTORS.slice(0, 4)) {
      const d0 = bytesToBigint(hexToBytes(secret));
      const P = k1.multiply(G, d0);
      assert.equal(bytesToHex(xOnly(P)).toUpperCase(), publicKey, `vector ${index} public key`);
      const d = evenYSign(P) === 1n ? d0 : q - d0;
      // The BIP's nonce derivation ("Default Signing" steps 4–8), to reproduce its signatures.
      const aux = taggedHash('BIP0340/aux', hexToBytes(auxRand));
      const t = k1.encodeScalar(d).map((byte, i) => byte ^ (aux[i] as number));
      const m = hexToBytes(message);
      const k0 = bytesToBigint(taggedHash('BIP0340/nonce', t, xOnly(P), m)) % q;
      const R = k1.multiply(G, k0);
      const sigmaK = taprootScheme.nonceSign(R);
      const key = untweaked(xOnly(P));
      const e = taprootScheme.challenge(R, key, m);
      const s = mod(sigmaK * k0 + e * d, q);
      assert.equal(bytesToHex(taprootScheme.encodeSignature(R, s)).toUpperCase(), signature, `vector ${index} signature`);
    }
  });
});

describe('Taproot signing key (BIP-86 tweak)', () => {
  test('x(Q) is the output key of @scure/btc-signer p2tr(x(X)), and d = a·x + b signs under it (noble)', () => {
    const rng = testRng('taproot keys');
    for (let i = 0; i < 16; i++) {
      const x = 1n + randomBelow(rng, q - 1n);
      const X = k1.multiply(G, x);
      const key = taprootScheme.signingKey(X);
      assert.equal(bytesToHex(key.verificationKey), bytesToHex(p2tr(xOnly(X)).tweakedPubkey));
      const d = mod(key.keySign * x + key.keyOffset, q);
      assert.deepEqual(schnorr.getPublicKey(k1.encodeScalar(d)), key.verificationKey);
      const m = sha256(utf8ToBytes(`taproot ${i}`));
      const k = 1n + randomBelow(rng, q - 1n);
      const K = k1.multiply(G, k);
      const s = mod(taprootScheme.nonceSign(K) * k + taprootScheme.challenge(K, key, m) * d, q);
      const sig = taprootScheme.encodeSignature(K, s);
      assert.ok(schnorr.verify(sig, m, key.verificationKey));
      assert.ok(verifySchnorrSignature(taprootScheme, key, m, sig));
      sig[63] = (sig[63] as number) ^ 1;
      assert.ok(!verifySchnorrSignature(taprootScheme, key, m, sig));
    }
  });
});

describe('EdDSA with a raw-scalar key', () => {
  test('s = k + e·x over SHA-512(enc(K) ‖ enc(A) ‖ M) verifies with noble ed25519 (strict and ZIP-215)', () => {
    const ed = getCurve('ed25519');
    const rng = testRng('eddsa keys');
    for (let i = 0; i < 16; i++) {
      const x = 1n + randomBelow(rng, ed.order - 1n);
      const key = eddsaScheme.signingKey(ed.multiply(ed.generator, x));
      const M = utf8ToBytes(`eddsa message ${i} `.repeat(i + 1));
      const k = 1n + randomBelow(rng, ed.order - 1n);
      const K = ed.multiply(ed.generator, k);
      const s = mod(k + eddsaScheme.challenge(K, key, M) * x, ed.order);
      const sig = eddsaScheme.encodeSignature(K, s);
      assert.ok(ed25519.verify(sig, M, key.verificationKey));
      assert.ok(verifySchnorrSignature(eddsaScheme, key, M, sig));
      assert.ok(!verifySchnorrSignature(eddsaScheme, key, utf8ToBytes('another message'), sig));
    }
  });
});

describe('the signed message per hash scheme', () => {
  const message = utf8ToBytes('pay 1 BTC');
  test('Taproot sha256 signs SHA-256(message); prehashed signs 32 bytes as is; EdDSA sha512 signs the message', () => {
    assert.deepEqual(schnorrSignedMessage(taprootScheme, HASH_SCHEME_IDS.SHA256, message), sha256(message));
    const digest = sha256(message);
    assert.deepEqual(schnorrSignedMessage(taprootScheme, HASH_SCHEME_IDS.PREHASHED, digest), digest);
    assert.deepEqual(schnorrSignedMessage(eddsaScheme, HASH_SCHEME_IDS.SHA512, message), message);
  });

  test('bad inputs are refused with typed errors', () => {
    const bad: [string, () => unknown, string][] = [
      ['ecdsa is not Schnorr', () => schnorrScheme('ecdsa'), SchnorrErrorCodes.SCHNORR_UNSUPPORTED_ALGORITHM],
      ['an unknown algorithm', () => schnorrScheme('rsa'), SchnorrErrorCodes.SCHNORR_UNSUPPORTED_ALGORITHM],
      [
        'keccak for Taproot',
        () => schnorrSignedMessage(taprootScheme, HASH_SCHEME_IDS.KECCAK256, message),
        SchnorrErrorCodes.SCHNORR_UNSUPPORTED_HASH_SCHEME,
      ],
      [
        'sha256 for EdDSA',
        () => schnorrSignedMessage(eddsaScheme, HASH_SCHEME_IDS.SHA256, message),
        SchnorrErrorCodes.SCHNORR_UNSUPPORTED_HASH_SCHEME,
      ],
      [
        'sha512 for Taproot',
        () => schnorrSignedMessage(taprootScheme, HASH_SCHEME_IDS.SHA512, message),
        SchnorrErrorCodes.SCHNORR_UNSUPPORTED_HASH_SCHEME,
      ],
      [
        'an empty message',
        () => schnorrSignedMessage(eddsaScheme, HASH_SCHEME_IDS.SHA512, new Uint8Array(0)),
        SchnorrErrorCodes.SCHNORR_INVALID_MESSAGE,
      ],
      [
        'a prehashed message of 31 bytes',
        () => schnorrSignedMessage(taprootScheme, HASH_SCHEME_IDS.PREHASHED, new Uint8Array(31).fill(1)),
        SchnorrErrorCodes.SCHNORR_INVALID_MESSAGE,
      ],
      [
        'a message over the chain maximum',
        () => schnorrSignedMessage(eddsaScheme, HASH_SCHEME_IDS.SHA512, new Uint8Array(MAX_SIGNED_MESSAGE_BYTES + 1)),
        SchnorrErrorCodes.SCHNORR_INVALID_MESSAGE,
      ],
    ];
    for (const [what, f, code] of bad) assert.equal(codeOf(f), code, what);
    assert.equal(MAX_SIGNED_MESSAGE_BYTES, MAX_MESSAGE_LENGTH, 'the chain and the library agree on the longest message');
    assert.equal(
      schnorrSignedMessage(eddsaScheme, HASH_SCHEME_IDS.SHA512, new Uint8Array(MAX_SIGNED_MESSAGE_BYTES)).length,
      MAX_SIGNED_MESSAGE_BYTES,
    );
  });

  test('signatures of the wrong length never verify', () => {
    const key = taprootScheme.signingKey(k1.multiply(G, 7n));
    assert.equal(verifySchnorrSignature(taprootScheme, key, new Uint8Array(32), new Uint8Array(65)), false);
    assert.equal(
      verifySchnorrSignature(eddsaScheme, eddsaScheme.signingKey(getCurve('ed25519').generator), new Uint8Array(1), new Uint8Array(63)),
      false,
    );
  });
});
