/**
 * The network key shares this validator made itself, by a network-key DKG or a resharing (the
 * dealt shares of a development network stay in the key file, key-file.ts). One private file per
 * network key, `<dataDir>/network-keys/<network key id>.json`, mode 0600, written atomically
 * (runtime/private-file.ts) before the session's result is certified, so a share the chain counts
 * on is never lost to a crash:
 *
 * ```json
 * { "version": 1,
 *   "networkKeyId": "0x…",
 *   "versions": [ { "epoch": "3",                 the committee's epoch the shares are for
 *                   "curves": [ { "curve": "secp256k1",
 *                                 "thresholdKey": "<hex>",       encodeThresholdKey
 *                                 "keyShare": "<hex>" | null } ] } ] }   encodeKeyShare; null when
 *                                                                this validator holds no valid share
 * ```
 *
 * Reading refuses a file that group or others may read, a file for another key, and any entry that
 * does not decode or whose share does not match its verification keys. Nothing read here is ever
 * logged: errors name the file and the field, never a value.
 * @module
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { ClassGroupSetup } from '../mpc/classgroups/setup.ts';
import type { Curve } from '../mpc/curves/curve.ts';
import { getCurve, isCurveName } from '../mpc/curves/curve.ts';
import { decodeKeyShare, decodeThresholdKey, encodeKeyShare, encodeThresholdKey } from '../mpc/ecdsa/network-key/encoding.ts';
import { DWalletError } from '../mpc/errors.ts';
import type { ThresholdPublicKey } from '../mpc/threshold/keys.ts';
import type { PartyKeyShare } from '../mpc/threshold/secret-share.ts';
import { writePrivateFile } from '../runtime/private-file.ts';
import { ValidatorError, ValidatorErrorCodes } from './errors.ts';
import { assertPrivateFile } from './key-file.ts';

export const KEY_SHARES_VERSION = 1;

export interface StoredCurveShare {
  readonly curve: Curve;
  readonly thresholdKey: ThresholdPublicKey;
  /** Null when this validator holds no valid share of the key (it cannot take part in decryption). */
  readonly keyShare: PartyKeyShare | null;
}

export interface StoredKeyVersion {
  readonly epoch: bigint;
  readonly curves: readonly StoredCurveShare[];
}

const NETWORK_KEY_ID = /^0x[0-9a-f]{64}$/;

function invalid(path: string, field: string, problem: string): never {
  throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_KEY_FILE_INVALID, `key share file ${path}: ${field} ${problem}`, { path, field });
}

function record(path: string, value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) invalid(path, field, 'must be an object');
  return value as Record<string, unknown>;
}

function list(path: string, value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) invalid(path, field, 'must be a list');
  return value;
}

function hex(path: string, value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !/^([0-9a-f]{2})+$/.test(value)) invalid(path, field, 'must be lowercase hex');
  return hexToBytes(value);
}

export class KeyShareStore {
  constructor(
    readonly dir: string,
    private readonly setupFor: (curve: Curve) => ClassGroupSetup,
  ) {}

  path(networkKeyId: string): string {
    if (!NETWORK_KEY_ID.test(networkKeyId)) {
      throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN, 'a network key id is 0x and 64 lowercase hex digits', {
        networkKeyId,
      });
    }
    return join(this.dir, `${networkKeyId}.json`);
  }

  /** Every stored version of the key's shares, by increasing epoch; empty when none is stored. */
  load(networkKeyId: string): StoredKeyVersion[] {
    const path = this.path(networkKeyId);
    if (!existsSync(path)) return [];
    assertPrivateFile(path);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      invalid(path, 'the file', 'is not JSON');
    }
    const file = record(path, parsed, 'the file');
    if (file.version !== KEY_SHARES_VERSION) invalid(path, 'version', `must be ${KEY_SHARES_VERSION}`);
    if (file.networkKeyId !== networkKeyId) invalid(path, 'networkKeyId', 'names another network key');
    const versions = list(path, file.versions, 'versions').map((entry, i) => this.#version(path, entry, `versions[${i}]`));
    versions.forEach((version, i) => {
      if (i > 0 && version.epoch <= (versions[i - 1] as StoredKeyVersion).epoch) invalid(path, 'versions', 'must increase by epoch');
    });
    return versions;
  }

  /** The shares of the newest version at or before `epoch`, or undefined. */
  at(networkKeyId: string, epoch: bigint): StoredKeyVersion | undefined {
    return this.load(networkKeyId)
      .filter((version) => version.epoch <= epoch)
      .at(-1);
  }

  /** Adds (or replaces) the version of `epoch`, keeping the others. */
  save(networkKeyId: string, version: StoredKeyVersion): void {
    const path = this.path(networkKeyId);
    const others = this.load(networkKeyId).filter((v) => v.epoch !== version.epoch);
    const versions = [...others, version].sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0));
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writePrivateFile(
      path,
      `${JSON.stringify(
        {
          version: KEY_SHARES_VERSION,
          networkKeyId,
          versions: versions.map((v) => ({
            epoch: v.epoch.toString(),
            curves: v.curves.map((c) => ({
              curve: c.curve.name,
              thresholdKey: bytesToHex(encodeThresholdKey(c.curve, c.thresholdKey)),
              keyShare: c.keyShare === null ? null : bytesToHex(encodeKeyShare(c.curve, c.thresholdKey, c.keyShare)),
            })),
          })),
        },
        null,
        2,
      )}\n`,
    );
  }

  #version(path: string, value: unknown, field: string): StoredKeyVersion {
    const entry = record(path, value, field);
    if (typeof entry.epoch !== 'string' || !/^(0|[1-9][0-9]{0,19})$/.test(entry.epoch))
      invalid(path, `${field}.epoch`, 'must be a decimal string');
    const seen = new Set<string>();
    const curves = list(path, entry.curves, `${field}.curves`).map((raw, i) => {
      const at = `${field}.curves[${i}]`;
      const curveEntry = record(path, raw, at);
      if (!isCurveName(curveEntry.curve)) invalid(path, `${at}.curve`, 'must be secp256k1, p256 or ed25519');
      if (seen.has(curveEntry.curve)) invalid(path, `${at}.curve`, 'appears twice');
      seen.add(curveEntry.curve);
      const curve = getCurve(curveEntry.curve);
      try {
        const thresholdKey = decodeThresholdKey(curve, this.setupFor(curve), hex(path, curveEntry.thresholdKey, `${at}.thresholdKey`));
        const keyShare =
          curveEntry.keyShare === null ? null : decodeKeyShare(curve, thresholdKey, hex(path, curveEntry.keyShare, `${at}.keyShare`));
        return { curve, thresholdKey, keyShare };
      } catch (error) {
        if (!(error instanceof DWalletError) || error instanceof ValidatorError) throw error;
        return invalid(path, at, `does not decode or does not match its verification keys (${error.code})`);
      }
    });
    return { epoch: BigInt(entry.epoch), curves };
  }
}
