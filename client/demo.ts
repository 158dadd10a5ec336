/**
 * The demo `npm start` runs on a fresh local network: create a dWallet, sign one Ethereum
 * (EIP-1559) and one Bitcoin (segwit v0, P2WPKH) transaction through the network, and check both
 * with independent libraries before printing them:
 *
 *  - Ethereum: viem recovers the sender from the signed serialisation, and it is the dWallet's
 *    address (derived from the dWallet's public key, which the network and the user computed
 *    together in the DKG — nobody holds its private key);
 *  - Bitcoin: @scure/btc-signer parses the signed transaction and recomputes each input's BIP-143
 *    sighash; the witness's public key is the dWallet's (its hash is the spent P2WPKH program) and
 *    its DER signature verifies under that sighash with @noble/curves.
 *
 * Neither transaction is broadcast (there is no Ethereum or Bitcoin node here), and the Bitcoin
 * input spends a made-up outpoint of the dWallet's address: both are valid as signed transactions,
 * which is what the network is responsible for.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Address, parseEther, parseGwei, type TransactionSerializedEIP1559 } from 'viem';
import { bitcoinP2wpkhAddress, bitcoinP2wpkhPayment } from './bitcoin/address.ts';
import type { DWalletClient, DWalletRecord } from './dwallet-client.ts';
import { ethereumAddress } from './ethereum/address.ts';
import { signBitcoinTransaction, signEthereumTransaction } from './sign-transactions.ts';
import { verifyBitcoinTransaction, verifyEthereumTransaction } from './verify-transactions.ts';

export { verifyBitcoinTransaction, verifyEthereumTransaction } from './verify-transactions.ts';

/** Where the demo sends: fixed, so the printed transactions are easy to read. */
const ETH_RECIPIENT: Address = '0x000000000000000000000000000000000000dEaD';
/** Sepolia: the demo's transaction could only ever be replayed on a test network. */
const ETH_CHAIN_ID = 11_155_111;
const BTC_NETWORK = 'regtest';
const BTC_FUNDING = { vout: 0, amount: 100_000n };
const BTC_PAYMENT = 40_000n;
const BTC_FEE = 1_000n;

export interface DemoResult {
  readonly dwallet: DWalletRecord;
  readonly ethereum: { readonly address: Address; readonly hash: string; readonly serialized: TransactionSerializedEIP1559 };
  readonly bitcoin: { readonly address: string; readonly txid: string; readonly hex: string; readonly vsize: number };
}

export async function runDemo(client: DWalletClient, progress: (line: string) => void): Promise<DemoResult> {
  progress('1/3 creating a dWallet (the user DKG message here, the network half by the validators)');
  const dwallet = await client.createDWallet({ curve: 'secp256k1' });
  const address = ethereumAddress(dwallet.publicKey);
  progress(`    dWallet ${dwallet.id}: Ethereum ${address}, Bitcoin (regtest) ${bitcoinP2wpkhAddress(dwallet.publicKey, BTC_NETWORK)}`);

  progress('2/3 signing an Ethereum EIP-1559 transaction (0.01 ETH on Sepolia)');
  const eth = await signEthereumTransaction(client, dwallet.id, {
    chainId: ETH_CHAIN_ID,
    nonce: 0,
    to: ETH_RECIPIENT,
    value: parseEther('0.01'),
    gas: 21_000n,
    maxFeePerGas: parseGwei('30'),
    maxPriorityFeePerGas: parseGwei('1.5'),
  });
  await verifyEthereumTransaction(eth.serialized, address);
  progress(`    verified: viem recovers ${address} from the signed transaction`);

  progress('3/3 signing a Bitcoin segwit transaction (P2WPKH, regtest)');
  const payment = bitcoinP2wpkhPayment(dwallet.publicKey, BTC_NETWORK);
  // A made-up funding output of the dWallet's address (no Bitcoin node here to fund it for real).
  const fundingTxid = bytesToHex(sha256(new TextEncoder().encode(`dwallet demo funding ${dwallet.id}`)));
  const recipient = bitcoinP2wpkhAddress(secp256k1.getPublicKey(sha256(new TextEncoder().encode('demo recipient'))), BTC_NETWORK);
  const btc = await signBitcoinTransaction(client, dwallet.id, {
    network: BTC_NETWORK,
    inputs: [{ txid: fundingTxid, vout: BTC_FUNDING.vout, amount: BTC_FUNDING.amount }],
    outputs: [{ address: recipient, amount: BTC_PAYMENT }],
    fee: BTC_FEE,
    change: { address: payment.address },
  });
  verifyBitcoinTransaction(btc.hex, payment.publicKey, [BTC_FUNDING.amount]);
  progress('    verified: @scure/btc-signer recomputes the sighash, the witness signature verifies under the dWallet key');
  return {
    dwallet,
    ethereum: { address, hash: eth.hash, serialized: eth.serialized },
    bitcoin: { address: payment.address, txid: btc.txid, hex: btc.hex, vsize: btc.vsize },
  };
}
