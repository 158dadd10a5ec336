/**
 * Configuring a fresh local chain for the devnet, as its administrator (the `AdminCap` owner):
 * funds every account that pays for transactions (admin, validators — they request presigns for
 * the pool —, relayers), installs the committee of epoch 1 (BLS keys with proofs of possession,
 * weight 1 each, the threshold, each validator's peer URL as network address and its share-encryption
 * key), and registers the
 * dealt network key. Returns the network key's id.
 * @module
 */

import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { TransactionResult } from '../chain/chain.ts';
import { CoordinatorClient } from '../chain/coordinator-client.ts';
import type { LocalChainHttpClient } from '../chain/local/http-client.ts';
import { type DWalletEvent, decodeEvent } from '../chain/schemas/events.ts';
import { signAndExecute } from '../chain/transaction-signer.ts';
import { ECDSA_CURVE_IDS, type EcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import { DevnetError, DevnetErrorCodes, type DevnetManifest } from './layout.ts';

/** MIST given to each paying account (the local chain's largest faucet amount is far above). */
export const DEVNET_FUNDS = 10_000n * 1_000_000_000n;

function succeeded(result: TransactionResult, what: string): TransactionResult {
  if (!result.status.success) {
    throw new DevnetError(
      DevnetErrorCodes.DEVNET_PROCESS_FAILED,
      `${what} failed on the local chain: ${JSON.stringify(result.status.error)}`,
    );
  }
  return result;
}

export async function configureChain(chain: LocalChainHttpClient, admin: Ed25519Keypair, manifest: DevnetManifest): Promise<string> {
  const deployment = await chain.deployment();
  const client = new CoordinatorClient(deployment);
  for (const address of [
    manifest.admin.address,
    ...manifest.validators.map((v) => v.suiAddress),
    ...manifest.relayers.map((r) => r.address),
  ]) {
    await chain.faucet(address, DEVNET_FUNDS);
  }
  const caps = await chain.listOwnedObjects(admin.toSuiAddress(), { type: `${deployment.packageId}::coordinator::AdminCap` });
  const capObject = caps.objects[0];
  if (capObject === undefined) throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, 'the admin account holds no AdminCap');
  const committee = new Transaction();
  client.setCommittee(committee, {
    adminCap: { objectId: capObject.objectId, version: capObject.version, digest: capObject.digest },
    epoch: 1n,
    members: manifest.validators.map((v) => ({
      publicKey: hexToBytes(v.blsPublicKey),
      proofOfPossession: hexToBytes(v.proofOfPossession),
      weight: 1n,
      suiAddress: v.suiAddress,
      networkAddress: `http://${manifest.host}:${v.port}`,
      shareEncryptionKey: hexToBytes(v.shareEncryptionKey),
    })),
    threshold: BigInt(manifest.threshold),
  });
  succeeded(await signAndExecute(chain, committee, admin), 'set_committee');
  const refreshed = await chain.getObject(capObject.objectId);
  if (refreshed === null) throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, 'the AdminCap disappeared');
  const register = new Transaction();
  client.registerNetworkKey(register, {
    adminCap: { objectId: refreshed.objectId, version: refreshed.version, digest: refreshed.digest },
    curves: manifest.curves.map((c) => ECDSA_CURVE_IDS[c as EcdsaCurveName] as 0 | 1),
    keyCommitment: hexToBytes(manifest.networkKey.keyCommitment),
    globalKeyParts: hexToBytes(manifest.networkKey.globalKeyParts),
  });
  const result = succeeded(await signAndExecute(chain, register, admin), 'register_network_key');
  const event = result.events
    .map((e) => decodeEvent(deployment.packageId, e.type, e.bcs))
    .find((e): e is Extract<DWalletEvent, { name: 'NetworkKeyRegistered' }> => e.name === 'NetworkKeyRegistered');
  if (event === undefined) throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, 'no NetworkKeyRegistered event');
  return event.value.network_key_id;
}
