/**
 * A vault's Bitcoin spend as a transaction: unsigned (for its txid when proposed), and signed from
 * the network's signatures of the preimages the vault approved.
 *
 * The vault signs version 2 transactions whose every input spends its own P2WPKH output
 * (vault.move, "Bitcoin"). The signed transaction is assembled with @scure/btc-signer from the
 * proposal as the chain records it, and is only returned when
 *  - each input's BIP-143 preimage computed here (client/bitcoin/sighash.ts) is byte for byte the
 *    message the vault built in Move and the network signed,
 *  - @scure/btc-signer's sighash of each input is the hash of that preimage and each signature
 *    verifies under it and the dWallet's key (client/bitcoin/transaction.ts, attach), and
 *  - the raw transaction, parsed again by @scure/btc-signer, verifies with @noble/curves
 *    (client/verify-transactions.ts).
 * @module
 */
import { equalBytes } from '@noble/curves/utils.js';
import { Transaction } from '@scure/btc-signer';
import { HashScheme } from '../../chain/constants.ts';
import { BITCOIN_TX_VERSION } from '../../chain/vault-constants.ts';
import { bitcoinP2wpkhPayment } from '../bitcoin/address.ts';
import { estimateP2wpkhVsize } from '../bitcoin/amounts.ts';
import type { BitcoinNetwork } from '../bitcoin/network.ts';
import { bip143Preimage, p2wpkhScriptCode, sha256d } from '../bitcoin/sighash.ts';
import {
  attachBitcoinSignatures,
  type PreparedP2wpkhInput,
  preparedP2wpkhTransaction,
  type SignedBitcoinTransaction,
} from '../bitcoin/transaction.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { verifyBitcoinTransaction } from '../verify-transactions.ts';

export interface VaultBitcoinSpend {
  /** txid as displayed. */
  readonly inputs: readonly { readonly txid: string; readonly vout: number; readonly value: bigint; readonly sequence: number }[];
  readonly outputs: readonly { readonly value: bigint; readonly scriptPubKey: Uint8Array }[];
  readonly lockTime: number;
}

/** The unsigned transaction of a spend whose inputs pay `ownScript` (the vault's P2WPKH script). */
export function unsignedBitcoinTransaction(spend: VaultBitcoinSpend & { readonly ownScript: Uint8Array }): Transaction {
  const tx = new Transaction({ version: Number(BITCOIN_TX_VERSION), lockTime: spend.lockTime, allowUnknownOutputs: true });
  for (const input of spend.inputs) {
    tx.addInput({
      txid: input.txid,
      index: input.vout,
      sequence: input.sequence,
      witnessUtxo: { script: spend.ownScript, amount: input.value },
    });
  }
  for (const output of spend.outputs) tx.addOutput({ script: output.scriptPubKey, amount: output.value });
  return tx;
}

/**
 * The broadcastable transaction of a spend from the network's signatures (65-byte r ‖ s ‖ v, one
 * per input, in input order) over `signedMessages` (the preimages the vault approved, as the
 * chain's sign objects record them), checked as the module says.
 *
 * Errors: CHAIN_DATA_INVALID (a signed message that is not the preimage of its input here),
 * the Bitcoin helper's (BTC_SIGNATURE_INVALID, BTC_PREPARED_MISMATCH …), SIGNATURE_INVALID (the
 * independent verification fails).
 */
export function assembleBitcoinSpend(args: {
  readonly spend: VaultBitcoinSpend;
  /** The dWallet's public key: HASH160 of it must be the vault's P2WPKH program. */
  readonly publicKey: Uint8Array;
  readonly network: BitcoinNetwork;
  readonly signedMessages: readonly Uint8Array[];
  readonly signatures: readonly Uint8Array[];
}): SignedBitcoinTransaction {
  const { spend, publicKey, network } = args;
  const payment = bitcoinP2wpkhPayment(publicKey, network);
  const tx = unsignedBitcoinTransaction({ ...spend, ownScript: payment.script });
  const description = {
    version: Number(BITCOIN_TX_VERSION),
    inputs: spend.inputs,
    outputs: spend.outputs.map((o) => ({ script: o.scriptPubKey, amount: o.value })),
    lockTime: spend.lockTime,
  };
  const inputs = spend.inputs.map((input, index): PreparedP2wpkhInput => {
    const message = bip143Preimage(description, index, p2wpkhScriptCode(payment.hash), input.value);
    const signed = args.signedMessages[index];
    if (signed === undefined || !equalBytes(signed, message)) {
      throw new ClientError(
        ClientErrorCodes.CHAIN_DATA_INVALID,
        `input ${index}: the message the network signed is not this input's BIP-143 preimage`,
        { index },
      );
    }
    return {
      index,
      txid: input.txid,
      vout: input.vout,
      amount: input.value,
      sequence: input.sequence,
      message,
      hashScheme: HashScheme.DOUBLE_SHA256,
      digest: sha256d(message),
    };
  });
  const totalIn = spend.inputs.reduce((s, i) => s + i.value, 0n);
  const totalOut = spend.outputs.reduce((s, o) => s + o.value, 0n);
  const prepared = preparedP2wpkhTransaction({
    tx,
    payment,
    network,
    fee: totalIn - totalOut,
    estimatedVsize: estimateP2wpkhVsize(
      spend.inputs.length,
      spend.outputs.map((o) => o.scriptPubKey),
    ),
    inputs,
  });
  const signed = attachBitcoinSignatures(prepared, args.signatures);
  try {
    verifyBitcoinTransaction(
      signed.hex,
      payment.publicKey,
      spend.inputs.map((i) => i.value),
    );
  } catch (error) {
    throw new ClientError(
      ClientErrorCodes.SIGNATURE_INVALID,
      `the signed Bitcoin transaction does not verify: ${(error as Error).message}`,
      {
        txid: signed.txid,
      },
    );
  }
  return signed;
}
