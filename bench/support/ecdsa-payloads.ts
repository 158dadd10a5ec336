/**
 * What users and the network put on chain for ECDSA on secp256k1, real in format and size, for
 * benches that fill a chain with requests and results without running the protocols for each:
 * one user DKG message, one imported-key message, one presign and one user sign message are
 * computed once with a dealt network key (mpc/testing/ecdsa-fixture.ts) and their bytes reused for
 * every request; each dWallet gets an output of its own (its session id, and a public key of its
 * own, X_A + X_B with X_A stepped by G from dWallet to dWallet), so that readers which decode the
 * output's head (the indexer's public key and addresses) see distinct keys. Nothing here is a
 * secret worth keeping: the dealer knows every share.
 * @module
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { ClassGroupSetup } from '../../mpc/classgroups/setup.ts';
import type { CurvePoint } from '../../mpc/curves/curve.ts';
import { createImportedKeyMessage } from '../../mpc/ecdsa/dkg/imported-key.ts';
import type { DWalletOutput } from '../../mpc/ecdsa/dkg/output.ts';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HashSchemes } from '../../mpc/ecdsa/hash-schemes.ts';
import {
  encodeDWalletOutput,
  encodeImportedKeyMessage,
  encodePresign,
  encodeUserDkgMessage,
  encodeUserSignMessage,
} from '../../mpc/ecdsa/messages.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { createUserSignMessage } from '../../mpc/ecdsa/sign/user.ts';
import { Drbg } from '../../mpc/numbers/drbg.ts';
import { dealerPresign, ecdsaFixture } from '../../mpc/testing/ecdsa-fixture.ts';

export class EcdsaPayloads {
  readonly #setup: ClassGroupSetup;
  readonly #universal: DWalletOutput;
  /** X_A of the next dWallet's output. */
  #userShare: CurvePoint;

  private constructor(
    /** A user's DKG message (`request_dwallet_dkg`). */
    readonly userDkgMessage: Uint8Array,
    /** A user's imported-key message (`request_imported_key_dwallet`). */
    readonly userImportMessage: Uint8Array,
    /** A completed presign (the `Presign` result's output). */
    readonly presign: Uint8Array,
    /** A user's sign message (`request_sign`). */
    readonly userSignMessage: Uint8Array,
    setup: ClassGroupSetup,
    universal: DWalletOutput,
  ) {
    this.#setup = setup;
    this.#universal = universal;
    this.#userShare = universal.userPublicShare;
  }

  /** Computes the payloads (a few seconds: the dealt key, a DKG, an import, a presign and a sign message). */
  static create(): EcdsaPayloads {
    const { key, setup } = ecdsaFixture('secp256k1');
    const rng = new Drbg('dwallet/bench/ecdsa-payloads', utf8ToBytes('payloads'));
    const dkg = createUserDkgMessage(key, rng.bytes(32), { rng });
    const imported = createImportedKeyMessage(key, rng.bytes(32), 0x5eed_1234n, { rng });
    const presign = dealerPresign(key, 'bench payloads');
    const digest = digestMessage(key.curve, HashSchemes.KECCAK256, utf8ToBytes('bench payloads'));
    const sign = createUserSignMessage({
      key,
      dwallet: dkg.output,
      presign,
      digest,
      secretShare: dkg.secretShare,
      ledger: new InMemoryPresignLedger(),
      rng,
    });
    return new EcdsaPayloads(
      encodeUserDkgMessage(key.curve, dkg.message),
      encodeImportedKeyMessage(key, imported.message),
      encodePresign(presign, setup),
      encodeUserSignMessage(key, sign),
      setup,
      dkg.output,
    );
  }

  /** The output of the next dWallet, created by `sessionId`: universal (DKG) or imported. */
  dwalletOutput(sessionId: Uint8Array, kind: 'universal' | 'imported'): Uint8Array {
    const curve = this.#universal.curve;
    this.#userShare = this.#userShare.add(curve.generator);
    const output: DWalletOutput = {
      ...this.#universal,
      kind,
      sessionId,
      userPublicShare: this.#userShare,
      publicKey: this.#userShare.add(this.#universal.networkPublicShare),
      randomizers: kind === 'universal' ? this.#universal.randomizers : undefined,
    };
    return encodeDWalletOutput(output, this.#setup);
  }
}
