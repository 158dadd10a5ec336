/**
 * The vectors of `move/tests/vault_tests.move` recomputed from the inputs written in that file:
 * the unsigned EIP-1559 transaction and its digest with viem (`serializeTransaction`,
 * `keccak256`), the BIP-143 sighash of each input of the Bitcoin spend with @scure/btc-signer
 * (`preimageWitnessV0`, with the vault's version 2 and nSequence 0xfffffffd) and the preimages with
 * the local chain's mirror (whose double SHA-256 must be scure's sighash), and the change script
 * as scure's P2WPKH script of the vault's key hash. A vector edited by hand, or a constant of the
 * vault changed without its vectors, fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { OutScript, SigHash, Transaction } from '@scure/btc-signer';
import { type Hex, keccak256, serializeTransaction } from 'viem';
import { new_input, new_output, p2wpkh_sighash_preimage } from '../../chain/local/move/bip143.ts';
import { BITCOIN_SEQUENCE, BITCOIN_TX_VERSION } from '../../chain/vault-constants.ts';
import { type MoveModule, moveParser, readModule } from './support/move-syntax.ts';

const file = fileURLToPath(new URL('../../move/tests/vault_tests.move', import.meta.url));

/** Reads the constants of a parsed `vault_tests.move`. */
function constants(module: MoveModule) {
  const text = (name: string): string => {
    const found = module.constants.find((c) => c.name === name);
    assert.ok(found, `vault_tests::${name} exists`);
    return found.value.trim();
  };
  return {
    bytes(name: string): Uint8Array {
      const value = text(name);
      assert.match(value, /^x"[0-9a-f]*"$/, `${name} is a hex literal`);
      return Uint8Array.from(Buffer.from(value.slice(2, -1), 'hex'));
    },
    int: (name: string): bigint => BigInt(text(name).replace(/_/g, '')),
  };
}

const hex = (value: Uint8Array): Hex => `0x${bytesToHex(value)}`;

/** The Ethereum vectors are viem's transaction and digest. */
function checkEthereum(module: MoveModule): void {
  const { bytes, int } = constants(module);
  const serialized = serializeTransaction({
    type: 'eip1559',
    chainId: Number(int('ETH_CHAIN_ID')),
    nonce: Number(int('ETH_NONCE')),
    maxPriorityFeePerGas: int('ETH_MAX_PRIORITY_FEE_PER_GAS'),
    maxFeePerGas: int('ETH_MAX_FEE_PER_GAS'),
    gas: int('ETH_GAS_LIMIT'),
    to: hex(bytes('ETH_TO')),
    value: int('ETH_VALUE'),
  });
  assert.equal(hex(bytes('ETH_UNSIGNED')), serialized);
  assert.equal(hex(bytes('ETH_DIGEST')), keccak256(serialized));
}

/** Each Bitcoin input's preimage is the mirror's and hashes to scure's BIP-143 sighash. */
function checkBitcoin(module: MoveModule): void {
  const { bytes, int } = constants(module);
  const pubkeyHash = bytes('BTC_PUBKEY_HASH');
  const change = OutScript.encode({ type: 'wpkh', hash: pubkeyHash });
  assert.deepEqual(bytes('BTC_CHANGE_SCRIPT'), change);
  const inputs = [0, 1].map((i) => ({ txid: bytes(`BTC_TXID_${i}`), vout: Number(int(`BTC_VOUT_${i}`)), value: int(`BTC_VALUE_${i}`) }));
  const outputs = [
    { script: bytes('BTC_PAYEE'), amount: int('BTC_PAYMENT') },
    { script: change, amount: int('BTC_CHANGE') },
  ];
  const lockTime = Number(int('BTC_LOCK_TIME'));
  const tx = new Transaction({ version: Number(BITCOIN_TX_VERSION), lockTime, allowUnknownOutputs: true });
  for (const input of inputs) {
    tx.addInput({
      txid: input.txid.slice().reverse(),
      index: input.vout,
      sequence: Number(BITCOIN_SEQUENCE),
      witnessUtxo: { script: change, amount: input.value },
    });
  }
  for (const output of outputs) tx.addOutput(output);
  const mirrorInputs = inputs.map((input) => new_input(input.txid, input.vout, input.value, Number(BITCOIN_SEQUENCE)));
  const mirrorOutputs = outputs.map((output) => new_output(output.amount, output.script));
  for (const index of [0, 1]) {
    const value = (inputs[index] as { value: bigint }).value;
    const sighash = tx.preimageWitnessV0(index, OutScript.encode({ type: 'pkh', hash: pubkeyHash }), SigHash.ALL, value);
    assert.deepEqual(bytes(`BTC_SIGHASH_${index}`), sighash, `BTC_SIGHASH_${index}`);
    const preimage = bytes(`BTC_PREIMAGE_${index}`);
    assert.deepEqual(sha256(sha256(preimage)), sighash, `BTC_PREIMAGE_${index} hashes to scure's sighash`);
    assert.deepEqual(
      preimage,
      p2wpkh_sighash_preimage(Number(BITCOIN_TX_VERSION), mirrorInputs, BigInt(index), pubkeyHash, mirrorOutputs, lockTime),
    );
  }
}

describe('vault_tests.move vectors', () => {
  const source = readFileSync(file, 'utf8');
  const parse = async (text: string) => readModule(await moveParser(), 'vault_tests.move', text);

  it('the Ethereum transfer is viem’s transaction and digest', async () => {
    checkEthereum(await parse(source));
  });

  it('each Bitcoin input’s preimage hashes to scure’s BIP-143 sighash', async () => {
    checkBitcoin(await parse(source));
  });

  it('detects an edited vector or input', async () => {
    const edits: Array<[RegExp, string, (module: MoveModule) => void]> = [
      [/const ETH_DIGEST: vector<u8> = x"1b/, 'const ETH_DIGEST: vector<u8> = x"1c', checkEthereum],
      [/const ETH_NONCE: u64 = 7;/, 'const ETH_NONCE: u64 = 8;', checkEthereum],
      [/const BTC_LOCK_TIME: u32 = 850000;/, 'const BTC_LOCK_TIME: u32 = 850001;', checkBitcoin],
      [/const BTC_SIGHASH_1: vector<u8> = x"a4/, 'const BTC_SIGHASH_1: vector<u8> = x"a5', checkBitcoin],
    ];
    for (const [pattern, replacement, check] of edits) {
      const edited = source.replace(pattern, replacement);
      assert.notEqual(edited, source, `${pattern} applies`);
      const module = await parse(edited);
      assert.throws(() => check(module), assert.AssertionError, String(pattern));
    }
  });
});
