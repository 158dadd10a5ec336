/**
 * `npm start`: the local network and a demo that signs.
 *
 * Starts (or resumes) the devnet in `.data/devnet` — the local chain, 4 validators (threshold 3),
 * the indexer and the relayer as separate processes, with a network key on secp256k1 and ed25519 —
 * waits for the presign pools (ECDSA, Taproot, EdDSA), then, as a user with the wallet in
 * `.data/wallet`, creates an ECDSA, a Taproot and an EdDSA dWallet and signs four transactions
 * through the network: Ethereum (EIP-1559), Bitcoin segwit (P2WPKH), Bitcoin Taproot (P2TR key
 * path) and Solana (a SOL transfer); verifies each with viem, @scure/btc-signer + @noble/curves
 * and @solana/kit, prints them and stops the network. `npm start -- --keep` leaves the network running until Ctrl-C (as
 * `npx dwallet devnet` does), for trying the CLI against it.
 */
import { resolve } from 'node:path';
import { DEFAULT_POOL_TARGET } from '../client/cli/commands/devnet.ts';
import { connect } from '../client/cli/context.ts';
import { DEFAULT_DATA_DIR, DEFAULT_WALLET_DIR, globalsOf } from '../client/cli/globals.ts';
import { runDemo } from '../client/demo.ts';
import { runOnDevnet } from './devnet-demo.ts';

const dataDir = resolve(DEFAULT_DATA_DIR);

await runOnDevnet({ dataDir, poolTarget: DEFAULT_POOL_TARGET }, async ({ output, signal }) => {
  const globals = globalsOf({ network: resolve(dataDir, 'network.json'), wallet: resolve(DEFAULT_WALLET_DIR) });
  const { client } = await connect(globals, { mode: 'send', signal });
  const started = Date.now();
  const demo = await runDemo(client, (line) => output.progress(line));
  console.log('\nEthereum (EIP-1559, Sepolia), signed by the dWallet and verified with viem:');
  output.result({ from: demo.ethereum.address, hash: demo.ethereum.hash, rawTransaction: demo.ethereum.serialized });
  console.log('\nBitcoin (segwit P2WPKH, regtest), signed by the dWallet and verified with @scure/btc-signer:');
  output.result({ from: demo.bitcoin.address, txid: demo.bitcoin.txid, vsize: demo.bitcoin.vsize, rawTransaction: demo.bitcoin.hex });
  console.log(
    '\nBitcoin (Taproot P2TR key path, regtest), signed by the Taproot dWallet and verified with @scure/btc-signer + noble schnorr:',
  );
  output.result({ from: demo.taproot.address, txid: demo.taproot.txid, vsize: demo.taproot.vsize, rawTransaction: demo.taproot.hex });
  console.log('\nSolana (SOL transfer), signed by the EdDSA dWallet and verified with @solana/kit:');
  output.result({
    from: demo.solana.from,
    to: demo.solana.to,
    signature: demo.solana.signature,
    wireTransaction: demo.solana.wireTransaction,
  });
  console.log(
    `\ndemo done in ${((Date.now() - started) / 1000).toFixed(1)} s: three dWallets (ECDSA, Taproot, EdDSA), four transactions, all verified.`,
  );
  return 'try `npx dwallet status` or `npx dwallet list`';
});
