/**
 * The client SDK end to end on one real devnet (separate processes: the local chain, 4 validators
 * with threshold 3, the indexer, a relayer; a network key on secp256k1 and ed25519, with ECDSA,
 * Taproot and EdDSA presign pools), shared by the suites of sdk-e2e/: a devnet's start (its
 * processes, the network key's DKG, the pools filling) costs as much as a suite's tests, so they
 * use one, each as its own user (Sui key, secret store, dWallets):
 *
 * - sdk-e2e/ecdsa.ts: an ECDSA dWallet, keccak256 and prehashed signatures, a held presign, a
 *   rejected request and a Move abort as typed errors;
 * - sdk-e2e/shared-dwallet.ts: shared dWallets through the `dwallet` tool and the SDK;
 * - sdk-e2e/schnorr.ts: Taproot and EdDSA dWallets signing Bitcoin and Solana transactions;
 * - sdk-e2e/user-share.ts: share backup on chain, recovery on an empty store, transfer to another user;
 * - sdk-e2e/browser-worker.ts: the browser SDK (BrowserDWalletClient ↔ WorkerHost over a
 *   MessageChannel, a KeypairWallet, fake-indexeddb): create, sign, reopen, wallet refusals.
 */

import { sharedByFile } from '../support/shared-by-file.ts';
import { browserWorkerSuite } from './sdk-e2e/browser-worker.ts';
import { ecdsaSuite } from './sdk-e2e/ecdsa.ts';
import { schnorrSuite } from './sdk-e2e/schnorr.ts';
import { sharedDWalletSuite } from './sdk-e2e/shared-dwallet.ts';
import { userShareSuite } from './sdk-e2e/user-share.ts';
import { startSdkDevnet } from './support/sdk-devnet.ts';

const devnet = sharedByFile('the devnet', () =>
  startSdkDevnet('sdk-e2e', {
    indexer: true,
    curves: ['secp256k1', 'ed25519'],
    poolAlgorithms: ['ecdsa', 'taproot', 'eddsa'],
    poolTarget: 1,
  }),
);

ecdsaSuite(devnet);
sharedDWalletSuite(devnet);
schnorrSuite(devnet);
userShareSuite(devnet);
browserWorkerSuite(devnet);
