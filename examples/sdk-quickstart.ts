/**
 * The client SDK in one file: connect to a running network, create a dWallet, sign a message and
 * an Ethereum transaction. Start a local network in another terminal first:
 *
 *   npx dwallet devnet            # writes .data/devnet/network.json, keeps running until Ctrl-C
 *   npx tsx examples/sdk-quickstart.ts
 *
 * The user's Sui key and secret shares live in .data/example-wallet (created on first run).
 */

import { requestSuiFromFaucetV2 } from '@mysten/sui/faucet';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { parseEther, parseGwei } from 'viem';
import { openWallet } from '../client/cli/wallet.ts';
import { DWalletClient } from '../client/dwallet-client.ts';
import { ethereumAddress } from '../client/ethereum/address.ts';
import { FileSecretShareStore } from '../client/file-secret-store.ts';
import { loadNetworkDescription } from '../client/network.ts';
import { signEthereumTransaction } from '../client/sign-transactions.ts';

const network = loadNetworkDescription('.data/devnet/network.json');
const wallet = openWallet('.data/example-wallet');
// The devnet's network.json names its faucet (Sui's faucet protocol; on Sui testnet it would be
// https://faucet.testnet.sui.io). On mainnet the address must hold SUI already.
if (network.faucet !== undefined) await requestSuiFromFaucetV2({ host: network.faucet, recipient: wallet.keypair.toSuiAddress() });

const client = await DWalletClient.connect({
  network,
  signer: wallet.keypair,
  secrets: new FileSecretShareStore(wallet.sharesDir),
  onProgress: (line) => console.log(`  … ${line}`),
});

// The user's DKG message is computed here; the secret share is saved before the request is sent.
const dwallet = await client.createDWallet({ curve: 'secp256k1' });
console.log(`dWallet ${dwallet.id}, Ethereum address ${ethereumAddress(dwallet.publicKey)}`);

// A message: the chain records the approval, the network and the user sign keccak256(message).
const message = new TextEncoder().encode('hello, dWallet');
const { signature } = await client.sign({ dwalletId: dwallet.id, message, hashScheme: 'keccak256' });
console.log('signature verifies:', secp256k1.verify(signature.subarray(0, 64), keccak_256(message), dwallet.publicKey, { prehash: false }));

// An EIP-1559 transaction, returned signed and ready for eth_sendRawTransaction.
const tx = await signEthereumTransaction(client, dwallet.id, {
  chainId: 11_155_111,
  nonce: 0,
  to: '0x000000000000000000000000000000000000dEaD',
  value: parseEther('0.001'),
  gas: 21_000n,
  maxFeePerGas: parseGwei('30'),
  maxPriorityFeePerGas: parseGwei('1'),
});
console.log(`signed transaction from ${tx.from}: ${tx.serialized}`);
