/**
 * The network keys this validator can work with: the public key parts the chain registered
 * (`NetworkKey.global_key_parts`, one entry per curve) joined with this validator's CL key share,
 * matched by the CL encryption key: the share it made by DKG or resharing (key-shares.ts), or else
 * the dealt share of its key file (development networks and tests). A key is read from the chain the first time
 * a request names it, so a restarted validator needs no event replay to know it.
 *
 * Class-group setups are made once per process (mpc/classgroups/setups.ts).
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Chain } from '../chain/chain.ts';
import { readObject } from '../chain/object-reader.ts';
import { NetworkKey } from '../chain/schemas/objects.ts';
import type { ClassGroupSetup, SecurityLevel } from '../mpc/classgroups/setup.ts';
import { loadSetup } from '../mpc/classgroups/setups.ts';
import { type Curve, type CurveName, curveOrder } from '../mpc/curves/curve.ts';
import { decodeNetworkKey } from '../mpc/ecdsa/network-key/encoding.ts';
import type { NetworkKeyParts } from '../mpc/ecdsa/network-key/key-parts.ts';
import { DWalletError } from '../mpc/errors.ts';
import { curveIdOf } from '../mpc/signing/algorithms.ts';
import { ValidatorError, ValidatorErrorCodes } from './errors.ts';
import { type LoadedKeyShare, loadKeyShare, type NetworkKeyShareEntry } from './key-file.ts';
import type { KeyShareStore } from './key-shares.ts';

export interface CurveKey {
  readonly curve: Curve;
  readonly parts: NetworkKeyParts;
  /** This validator's share of the key; null when its key file has none for this key. */
  readonly share: LoadedKeyShare | null;
}

export class NetworkKeys {
  readonly #keys = new Map<string, Map<number, CurveKey>>();
  readonly #loading = new Map<string, Promise<Map<number, CurveKey>>>();

  constructor(
    private readonly chain: Chain,
    private readonly keyFilePath: string,
    private readonly entries: readonly NetworkKeyShareEntry[],
    private readonly keyShares?: KeyShareStore,
  ) {}

  setup(curve: Curve, level: number): ClassGroupSetup {
    return loadSetup(curveOrder(curve.name as CurveName), level as SecurityLevel);
  }

  /** A key already loaded, or undefined. */
  cached(networkKeyId: string, curve: number): CurveKey | undefined {
    return this.#keys.get(networkKeyId)?.get(curve);
  }

  /** The key of `curve` under `networkKeyId`, reading it from the chain if needed. */
  async get(networkKeyId: string, curve: number): Promise<CurveKey> {
    let curves = this.#keys.get(networkKeyId);
    if (curves === undefined) {
      let loading = this.#loading.get(networkKeyId);
      if (loading === undefined) {
        loading = this.#load(networkKeyId);
        this.#loading.set(networkKeyId, loading);
      }
      try {
        curves = await loading;
      } finally {
        this.#loading.delete(networkKeyId);
      }
      this.#keys.set(networkKeyId, curves);
    }
    const key = curves.get(curve);
    if (key === undefined) {
      throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN, `network key ${networkKeyId} has no curve ${curve}`, {
        networkKeyId,
        curve,
      });
    }
    return key;
  }

  /** Registers key parts from an event (so that requests need no chain read). */
  register(networkKeyId: string, globalKeyParts: Uint8Array): void {
    if (this.#keys.has(networkKeyId)) return;
    this.#keys.set(networkKeyId, this.#decode(networkKeyId, globalKeyParts));
  }

  async #load(networkKeyId: string): Promise<Map<number, CurveKey>> {
    const { value } = await readObject(this.chain, networkKeyId, NetworkKey);
    return this.#decode(networkKeyId, new Uint8Array(value.global_key_parts));
  }

  #decode(networkKeyId: string, bytes: Uint8Array): Map<number, CurveKey> {
    let parts: NetworkKeyParts[];
    try {
      parts = decodeNetworkKey(bytes, (curve, level) => this.setup(curve, level));
    } catch (error) {
      if (!(error instanceof DWalletError)) throw error;
      throw new ValidatorError(
        ValidatorErrorCodes.VALIDATOR_NETWORK_KEY_UNKNOWN,
        `network key ${networkKeyId}: its key parts do not decode (${error.code})`,
        { networkKeyId },
      );
    }
    // Shares this validator made (DKG, resharing) first: the newest version stored for the key.
    const made = this.keyShares?.load(networkKeyId).at(-1);
    const curves = new Map<number, CurveKey>();
    for (const part of parts) {
      const registered = part.encryptionKey.form;
      const matches = (key: LoadedKeyShare['thresholdKey']) => {
        const pk = key.encryptionKey.form;
        return pk.a === registered.a && pk.b === registered.b && pk.c === registered.c;
      };
      let share: LoadedKeyShare | null = null;
      const stored = made?.curves.find((c) => c.curve.name === part.curve.name);
      if (stored !== undefined && stored.keyShare !== null && matches(stored.thresholdKey)) {
        share = { curve: stored.curve, thresholdKey: stored.thresholdKey, keyShare: stored.keyShare };
      }
      const entry = share === null ? this.entries.find((e) => e.curve === part.curve.name) : undefined;
      if (entry !== undefined) {
        const loaded = loadKeyShare(this.keyFilePath, entry, part.encryptionKey.setup);
        if (matches(loaded.thresholdKey)) share = loaded;
      }
      curves.set(curveIdOf(part.curve), { curve: part.curve, parts: part, share });
    }
    return curves;
  }

  /** Key commitments known (for health reports). */
  known(): string[] {
    return [...this.#keys.entries()].flatMap(([id, curves]) =>
      [...curves.values()].map((k) => `${id}/${k.curve.name}/${bytesToHex(k.parts.commitment).slice(0, 16)}`),
    );
  }
}
