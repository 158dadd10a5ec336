/**
 * The demo `npm start` runs on a fresh local network: three dWallets, one per signature family,
 * sign four transactions through the network, each checked with an independent library before it
 * is printed:
 *
 *  - an ECDSA secp256k1 dWallet signs an Ethereum (EIP-1559) transaction — viem recovers the
 *    sender from the signed serialisation, and it is the dWallet's address — and a Bitcoin segwit
 *    (P2WPKH) transaction — @scure/btc-signer parses it and recomputes each input's BIP-143
 *    sighash; the witness's key is the dWallet's and its DER signature verifies with @noble/curves;
 *  - a Taproot dWallet (secp256k1, BIP-340) signs a P2TR key-path spend (BIP-341, BIP-86 tweak) —
 *    @scure/btc-signer recomputes the BIP-341 sighash and @noble/curves' `schnorr.verify` checks
 *    the witness signature under the output key x(Q) of the dWallet's address;
 *  - an EdDSA dWallet (Ed25519) signs a Solana SOL transfer — @solana/kit decodes the wire
 *    transaction and verifies its fee payer's (the dWallet's) signature over the message.
 *
 * Every key was made by the network and the user together in a DKG — nobody holds its private key.
 * No transaction is broadcast (no Ethereum, Bitcoin or Solana node here): the Bitcoin inputs spend
 * made-up outpoints of the dWallets' addresses and the Solana transfer names a made-up recent
 * blockhash. Each is valid as a signed transaction, which is what the network is responsible for.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { getBase58Decoder } from '@solana/kit';
import { type Address, parseEther, parseGwei, type TransactionSerializedEIP1559 } from 'viem';
import { bitcoinP2trAddress, bitcoinP2wpkhAddress, bitcoinP2wpkhPayment } from './bitcoin/address.ts';
import type { DWalletClient, DWalletRecord } from './dwallet-client.ts';
import { ethereumAddress } from './ethereum/address.ts';
import { signBitcoinTransaction, signEthereumTransaction, signSolanaTransfer, signTaprootTransaction } from './sign-transactions.ts';
import { solanaAddress } from './solana/address.ts';
import {
  verifyBitcoinTransaction,
  verifyEthereumTransaction,
  verifySolanaTransaction,
  verifyTaprootTransaction,
} from './verify-transactions.ts';

export {
  verifyBitcoinTransaction,
  verifyEthereumTransaction,
  verifySolanaTransaction,
  verifyTaprootTransaction,
} from './verify-transactions.ts';

/** Where the demo sends: fixed, so the printed transactions are easy to read. */
const ETH_RECIPIENT: Address = '0x000000000000000000000000000000000000dEaD';
/** Sepolia: the demo's transaction could only ever be replayed on a test network. */
const ETH_CHAIN_ID = 11_155_111;
const BTC_NETWORK = 'regtest';
const BTC_FUNDING = { vout: 0, amount: 100_000n };
const BTC_PAYMENT = 40_000n;
const BTC_FEE = 1_000n;
/** 0.01 SOL. */
const SOL_LAMPORTS = 10_000_000n;

export interface DemoResult {
  readonly dwallets: { readonly ecdsa: DWalletRecord; readonly taproot: DWalletRecord; readonly eddsa: DWalletRecord };
  readonly ethereum: { readonly address: Address; readonly hash: string; readonly serialized: TransactionSerializedEIP1559 };
  readonly bitcoin: { readonly address: string; readonly txid: string; readonly hex: string; readonly vsize: number };
  readonly taproot: { readonly address: string; readonly txid: string; readonly hex: string; readonly vsize: number };
  readonly solana: { readonly from: string; readonly to: string; readonly signature: string; readonly wireTransaction: string };
}

/** A made-up txid (no Bitcoin node here to fund the dWallet's address for real). */
function madeUpTxid(label: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(`dwallet demo funding ${label}`)));
}

export async function runDemo(client: DWalletClient, progress: (line: string) => void): Promise<DemoResult> {
  progress('1/7 creating an ECDSA dWallet on secp256k1 (the user DKG message here, the network half by the validators)');
  const ecdsa = await client.createDWallet({ curve: 'secp256k1' });
  const address = ethereumAddress(ecdsa.publicKey);
  progress(`    dWallet ${ecdsa.id}: Ethereum ${address}, Bitcoin (regtest) ${bitcoinP2wpkhAddress(ecdsa.publicKey, BTC_NETWORK)}`);

  progress('2/7 signing an Ethereum EIP-1559 transaction (0.01 ETH on Sepolia)');
  const eth = await signEthereumTransaction(client, ecdsa.id, {
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

  progress('3/7 signing a Bitcoin segwit transaction (P2WPKH, regtest)');
  const payment = bitcoinP2wpkhPayment(ecdsa.publicKey, BTC_NETWORK);
  const recipient = bitcoinP2wpkhAddress(secp256k1.getPublicKey(sha256(new TextEncoder().encode('demo recipient'))), BTC_NETWORK);
  const btc = await signBitcoinTransaction(client, ecdsa.id, {
    network: BTC_NETWORK,
    inputs: [{ txid: madeUpTxid(ecdsa.id), vout: BTC_FUNDING.vout, amount: BTC_FUNDING.amount }],
    outputs: [{ address: recipient, amount: BTC_PAYMENT }],
    fee: BTC_FEE,
    change: { address: payment.address },
  });
  verifyBitcoinTransaction(btc.hex, payment.publicKey, [BTC_FUNDING.amount]);
  progress('    verified: @scure/btc-signer recomputes the sighash, the witness signature verifies under the dWallet key');

  progress('4/7 creating a Taproot dWallet on secp256k1 (the same DKG; it signs BIP-340 under its BIP-86 output key)');
  const taprootDWallet = await client.createDWallet({ curve: 'secp256k1', algorithm: 'taproot' });
  const taprootAddress = bitcoinP2trAddress(taprootDWallet.publicKey, BTC_NETWORK);
  progress(`    dWallet ${taprootDWallet.id}: Bitcoin P2TR (regtest) ${taprootAddress}`);

  progress('5/7 signing a Bitcoin Taproot key-path spend (P2TR, BIP-341 SIGHASH_DEFAULT, regtest)');
  const taproot = await signTaprootTransaction(client, taprootDWallet.id, {
    network: BTC_NETWORK,
    inputs: [{ txid: madeUpTxid(taprootDWallet.id), vout: BTC_FUNDING.vout, amount: BTC_FUNDING.amount }],
    outputs: [{ address: recipient, amount: BTC_PAYMENT }],
    fee: BTC_FEE,
    change: { address: taprootAddress },
  });
  verifyTaprootTransaction(taproot.hex, taprootDWallet.publicKey, [BTC_FUNDING.amount]);
  progress('    verified: @scure/btc-signer recomputes the BIP-341 sighash, noble schnorr.verify checks it under x(Q)');

  progress('6/7 creating an EdDSA dWallet on ed25519');
  const eddsa = await client.createDWallet({ curve: 'ed25519' });
  const from = solanaAddress(eddsa.publicKey);
  progress(`    dWallet ${eddsa.id}: Solana ${from}`);

  progress('7/7 signing a Solana transfer (0.01 SOL, system program)');
  // A made-up recent blockhash (no Solana node here to ask getLatestBlockhash).
  const recentBlockhash = getBase58Decoder().decode(sha256(new TextEncoder().encode(`dwallet demo blockhash ${eddsa.id}`)));
  const to = solanaAddress(ed25519.getPublicKey(sha256(new TextEncoder().encode('demo Solana recipient'))));
  const solana = await signSolanaTransfer(client, eddsa.id, { to, lamports: SOL_LAMPORTS, recentBlockhash });
  await verifySolanaTransaction(solana.wireTransaction, eddsa.publicKey);
  progress('    verified: @solana/kit decodes the transaction and verifies the dWallet’s signature over its message');
  return {
    dwallets: { ecdsa, taproot: taprootDWallet, eddsa },
    ethereum: { address, hash: eth.hash, serialized: eth.serialized },
    bitcoin: { address: payment.address, txid: btc.txid, hex: btc.hex, vsize: btc.vsize },
    taproot: { address: taprootAddress, txid: taproot.txid, hex: taproot.hex, vsize: taproot.vsize },
    solana: { from, to, signature: solana.signature, wireTransaction: solana.wireTransaction },
  };
}
