/**
 * The devnet's key material, made when it is created (and for each validator a reconfiguration adds): each validator's BLS key, Sui account,
 * peer key and share-encryption key (secp256k1); the relayers' and the admin's Sui accounts. No
 * network key is dealt here: the validators generate it by DKG once the network runs
 * (chain-setup.ts `generateNetworkKey`), so no process ever holds the network's decryption key
 * (mpc/ecdsa/network-key/dealer.ts remains a helper of tests only).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { blsPublicKey, proofOfPossession } from '../chain/certificate.ts';
import { relayerKeyFileText } from '../relayer/key-file.ts';
import { writePrivateFile } from '../runtime/private-file.ts';
import { keyFileText, shareEncryptionPublicKey } from '../validator/key-file.ts';

/** A validator's public key material, as the chain's committee takes it. */
export interface ValidatorKeys {
  readonly suiAddress: string;
  readonly blsPublicKey: Uint8Array;
  readonly proofOfPossession: Uint8Array;
  /** 33-byte compressed secp256k1 point: the committee member's `share_encryption_key`. */
  readonly shareEncryptionKey: Uint8Array;
}

export interface DevnetKeys {
  readonly validators: readonly ValidatorKeys[];
  readonly relayerAddresses: readonly string[];
  readonly adminAddress: string;
}

/** Makes one validator's keys: writes `<dir>/key.json` (mode 0600) and returns the public part. */
export function makeValidatorKeys(dir: string): ValidatorKeys {
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
      networkKeys: [],
    }),
  );
  const suiAddress = suiKeypair.toSuiAddress();
  return {
    suiAddress,
    blsPublicKey: blsPublicKey(blsSecretKey),
    proofOfPossession: proofOfPossession(blsSecretKey, suiAddress),
    shareEncryptionKey: shareEncryptionPublicKey(shareEncryptionSecretKey),
  };
}

/** Writes every key file; returns the public material needed to configure the chain. */
export function makeKeys(options: { validatorDirs: readonly string[]; relayerDirs: readonly string[]; adminKeyFile: string }): DevnetKeys {
  const validators = options.validatorDirs.map(makeValidatorKeys);
  const relayerAddresses = options.relayerDirs.map((dir) => {
    mkdirSync(dir, { recursive: true });
    const keypair = Ed25519Keypair.generate();
    writePrivateFile(join(dir, 'key.json'), relayerKeyFileText(keypair));
    return keypair.toSuiAddress();
  });
  const admin = Ed25519Keypair.generate();
  writePrivateFile(options.adminKeyFile, relayerKeyFileText(admin));
  return {
    validators,
    relayerAddresses,
    adminAddress: admin.toSuiAddress(),
  };
}
