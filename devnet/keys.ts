/**
 * The devnet's key material, made once when it is created: each validator's BLS key, Sui account,
 * peer key and share-encryption key (secp256k1); the relayers' and the admin's Sui accounts; and the network key of every curve on
 * the dealer path (mpc/ecdsa network-key/dealer.ts): the threshold CL key is dealt for the
 * committee, each validator gets its share in its own key file, and the global key parts are
 * drawn by the dealer too (`dealKeyParts`, for a network run by one operator). The dealt secret
 * exists only in this process, for the time of the dealing.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { blsPublicKey, proofOfPossession } from '../chain/certificate.ts';
import { loadSetup } from '../mpc/classgroups/setups.ts';
import { curveOrder } from '../mpc/curves/curve.ts';
import { type EcdsaCurveName, ecdsaCurve } from '../mpc/ecdsa/curves.ts';
import { dealKeyParts, dealNetworkKey } from '../mpc/ecdsa/network-key/dealer.ts';
import { encodeNetworkKey, networkKeyCommitment } from '../mpc/ecdsa/network-key/encoding.ts';
import { weightedAccessStructure } from '../mpc/threshold/access-structure.ts';
import { relayerKeyFileText } from '../relayer/key-file.ts';
import { writePrivateFile } from '../runtime/private-file.ts';
import { keyFileText, shareEncryptionPublicKey } from '../validator/key-file.ts';

export interface DealtDevnet {
  /** The network key: `global_key_parts` and `key_commitment` as the chain records them. */
  readonly globalKeyParts: Uint8Array;
  readonly keyCommitment: Uint8Array;
  readonly validators: readonly {
    readonly suiAddress: string;
    readonly blsPublicKey: Uint8Array;
    readonly proofOfPossession: Uint8Array;
    /** 33-byte compressed secp256k1 point: the committee member's `share_encryption_key`. */
    readonly shareEncryptionKey: Uint8Array;
  }[];
  readonly relayerAddresses: readonly string[];
  readonly adminAddress: string;
}

/** Writes every key file; returns the public material needed to configure the chain. */
export function makeKeys(options: {
  curves: readonly EcdsaCurveName[];
  threshold: number;
  validatorDirs: readonly string[];
  relayerDirs: readonly string[];
  adminKeyFile: string;
}): DealtDevnet {
  const n = options.validatorDirs.length;
  const access = weightedAccessStructure(options.threshold, new Array<number>(n).fill(1));
  const dealt = options.curves.map((name) => {
    const curve = ecdsaCurve(name);
    const setup = loadSetup(curveOrder(name), 112);
    const { thresholdKey, keyShares } = dealNetworkKey(curve, setup, access);
    return { curve, thresholdKey, keyShares, parts: dealKeyParts(curve, thresholdKey.encryptionKey) };
  });
  const validators = options.validatorDirs.map((dir, i) => {
    mkdirSync(dir, { recursive: true });
    const blsSecretKey = bls12_381.utils.randomSecretKey();
    const shareEncryptionSecretKey = secp256k1.utils.randomSecretKey();
    const suiKeypair = Ed25519Keypair.generate();
    writePrivateFile(
      join(dir, 'key.json'),
      keyFileText({
        blsSecretKey,
        suiKeypair,
        peerSecretKey: new Uint8Array(randomBytes(32)),
        shareEncryptionSecretKey,
        networkKeys: dealt.map((d) => ({
          curve: d.curve,
          thresholdKey: d.thresholdKey,
          keyShare: d.keyShares[i] as (typeof d.keyShares)[number],
        })),
      }),
    );
    const suiAddress = suiKeypair.toSuiAddress();
    return {
      suiAddress,
      blsPublicKey: blsPublicKey(blsSecretKey),
      proofOfPossession: proofOfPossession(blsSecretKey, suiAddress),
      shareEncryptionKey: shareEncryptionPublicKey(shareEncryptionSecretKey),
    };
  });
  const relayerAddresses = options.relayerDirs.map((dir) => {
    mkdirSync(dir, { recursive: true });
    const keypair = Ed25519Keypair.generate();
    writePrivateFile(join(dir, 'key.json'), relayerKeyFileText(keypair));
    return keypair.toSuiAddress();
  });
  const admin = Ed25519Keypair.generate();
  writePrivateFile(options.adminKeyFile, relayerKeyFileText(admin));
  const parts = dealt.map((d) => d.parts);
  return {
    globalKeyParts: encodeNetworkKey(parts),
    keyCommitment: networkKeyCommitment(parts),
    validators,
    relayerAddresses,
    adminAddress: admin.toSuiAddress(),
  };
}
