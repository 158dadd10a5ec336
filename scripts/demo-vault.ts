/**
 * `npm run demo:vault`: a policy vault in Move signing Ethereum and Bitcoin transfers of a shared
 * dWallet under its rules (client/vault-demo.ts says what happens).
 *
 * Starts a fresh devnet in `.data/vault-demo/devnet` — the local chain, 4 validators (threshold
 * 3), the indexer and the relayer as separate processes — waits for the presign pool, then runs
 * the demo as three users (Alice, Bob, Carol: wallets in `.data/vault-demo/<name>`, funded from
 * the local faucet), prints the signed transactions and what the vault refused, and stops the
 * network. `npm run demo:vault -- --keep` leaves it running until Ctrl-C, for trying
 * `npx dwallet vault show <vault id> --network .data/vault-demo/devnet/network.json`.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect } from '../client/cli/context.ts';
import { globalsOf } from '../client/cli/globals.ts';
import { runVaultDemo } from '../client/vault-demo.ts';
import { runOnDevnet } from './devnet-demo.ts';

const root = resolve('.data/vault-demo');
const dataDir = join(root, 'devnet');

// A fresh network each time: the demo's story starts from nothing.
rmSync(root, { recursive: true, force: true });
const started = Date.now();
await runOnDevnet({ dataDir, poolTarget: 4 }, async ({ output, signal }) => {
  const network = join(dataDir, 'network.json');
  const participant = async (name: string) =>
    (await connect(globalsOf({ network, wallet: join(root, name) }), { mode: 'send', signal })).client;
  const [alice, bob, carol] = [await participant('alice'), await participant('bob'), await participant('carol')];
  const networkReady = Date.now();
  const demo = await runVaultDemo({ alice, bob, carol }, (line) => output.progress(line));
  console.log('\nEthereum (EIP-1559, Sepolia) under the limit, built by the vault in Move, signed by the network, verified with viem:');
  output.result({ from: demo.small.from, nonce: demo.small.nonce, hash: demo.small.hash, rawTransaction: demo.small.serialized });
  console.log('\nBitcoin (segwit P2WPKH, regtest), sighash computed by the vault in Move, verified with @scure/btc-signer:');
  output.result({ from: demo.bitcoinAddress, txid: demo.bitcoin.txid, vsize: demo.bitcoin.vsize, rawTransaction: demo.bitcoin.hex });
  console.log('\nEthereum above the large amount: refused on chain, then executed with 2 approvals after the timelock:');
  for (const refusal of demo.refusals) {
    console.log(`  ${refusal.step}: ${refusal.module}::${refusal.name} (abort code ${refusal.code}), transaction ${refusal.digest}`);
  }
  output.result({ from: demo.large.from, nonce: demo.large.nonce, hash: demo.large.hash, rawTransaction: demo.large.serialized });
  console.log(`\nvault ${demo.vaultId}, shared dWallet ${demo.dwallet.id}`);
  console.log('steps:');
  for (const { step, ms } of demo.timings) console.log(`  ${step.padEnd(36)} ${(ms / 1000).toFixed(1)} s`);
  console.log(
    `\ndemo done in ${((Date.now() - networkReady) / 1000).toFixed(1)} s (${((Date.now() - started) / 1000).toFixed(1)} s with the network's start): three transactions verified, ${demo.refusals.length} refusals by the vault, no user share in any process.`,
  );
  return `try \`npx dwallet vault show ${demo.vaultId} --network ${network}\``;
});
