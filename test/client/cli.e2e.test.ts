/**
 * The dApp developer's path end to end, on a real devnet (separate processes: the local chain, 4
 * validators with threshold 3, the indexer, a relayer): the demo `npm start` runs, then the
 * `dwallet` commands a user types — create, list, show, sign (message and digest), sign-eth-tx,
 * sign-btc-tx, status — with `--json`, against the network description the devnet wrote.
 *
 * Every signature is checked here with independent libraries: @noble/curves verifies it under the
 * dWallet's key, viem recovers the dWallet's Ethereum address (computed by viem from the public
 * key, not by our helper), @scure/btc-signer parses the Bitcoin transaction, recomputes the
 * sighash and its P2WPKH script for the key.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { NETWORK, p2wpkh, Transaction } from '@scure/btc-signer';
import { type Hex, recoverTransactionAddress, type TransactionSerializedEIP1559 } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { connect, globalsOf } from '../../client/cli/context.ts';
import { runCli } from '../../client/cli/main.ts';
import { runDemo, verifyBitcoinTransaction } from '../../client/demo.ts';
import { type Devnet, startDevnet } from '../../devnet/devnet.ts';
import { tempDir } from '../validator/support.ts';

const dataDir = tempDir('cli-e2e');
let devnet: Devnet;
let common: string[];

before(async () => {
  devnet = await startDevnet({
    dataDir,
    logLevel: 'warn',
    validatorConfig: () => ({ presignPoolTarget: 3, presignPoolIntervalMs: 500, pollIntervalMs: 100 }),
  });
  common = ['--network', join(dataDir, 'network.json'), '--wallet', join(dataDir, 'wallet'), '--json', '--timeout', '240'];
});

after(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function dwallet(...argv: string[]): Promise<Record<string, unknown>> {
  let stdout = '';
  let stderr = '';
  const status = await runCli([...argv, ...common], new AbortController().signal, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  assert.equal(status, 0, `dwallet ${argv.join(' ')} failed: ${stderr}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}

function uncompressed(publicKey: string): Hex {
  return `0x${secp256k1.Point.fromBytes(hexToBytes(publicKey.slice(2))).toHex(false)}` as Hex;
}

describe('end to end: the demo and the dwallet commands on a devnet', () => {
  test('the demo creates a dWallet and signs an Ethereum and a Bitcoin transaction that verify independently', async () => {
    const { client } = await connect(globalsOf({ network: common[1], wallet: join(dataDir, 'demo-wallet') }));
    const demo = await runDemo(client, () => {});
    const expected = publicKeyToAddress(uncompressed(`0x${Buffer.from(demo.dwallet.publicKey).toString('hex')}`));
    assert.equal(await recoverTransactionAddress({ serializedTransaction: demo.ethereum.serialized }), expected);
    const tx = Transaction.fromRaw(hexToBytes(demo.bitcoin.hex));
    assert.equal(tx.id, demo.bitcoin.txid);
    assert.equal(p2wpkh(demo.dwallet.publicKey, NETWORK).script.length, 22);
    verifyBitcoinTransaction(demo.bitcoin.hex, demo.dwallet.publicKey, [100_000n]);
  });

  test('create, list, show, sign, sign-eth-tx, sign-btc-tx and status, as a user types them', async () => {
    const created = await dwallet('create', '--bitcoin-network', 'regtest');
    const id = created.id as string;
    const publicKey = created.publicKey as string;
    assert.equal(created.curve, 'secp256k1');
    assert.equal(created.ethereumAddress, publicKeyToAddress(uncompressed(publicKey)));
    assert.equal(created.bitcoinAddress, p2wpkh(hexToBytes(publicKey.slice(2)), { ...NETWORK, bech32: 'bcrt' }).address);

    const listed = (await dwallet('list')).dwallets as Record<string, unknown>[];
    assert.ok(
      listed.some((d) => d.id === id && d.state === 'active'),
      'list shows the new dWallet',
    );
    const shown = await dwallet('show', id);
    assert.equal(shown.publicKey, publicKey);

    const message = 'hello from the dwallet CLI';
    const signed = await dwallet('sign', id, '--message', message, '--hash', 'keccak256');
    const digest = keccak_256(new TextEncoder().encode(message));
    const signature = hexToBytes((signed.signature as string).slice(2));
    assert.ok(secp256k1.verify(signature.subarray(0, 64), digest, hexToBytes(publicKey.slice(2)), { prehash: false }));

    const raw = new Uint8Array(32).fill(0x42);
    const digestSigned = await dwallet('sign', id, '--digest', Buffer.from(raw).toString('hex'));
    const rawSignature = hexToBytes((digestSigned.signature as string).slice(2));
    assert.ok(secp256k1.verify(rawSignature.subarray(0, 64), raw, hexToBytes(publicKey.slice(2)), { prehash: false }));

    const eth = await dwallet(
      'sign-eth-tx',
      id,
      '--to',
      `0x${'11'.repeat(20)}`,
      '--chain-id',
      '11155111',
      '--nonce',
      '3',
      '--value',
      '0.5eth',
    );
    const from = await recoverTransactionAddress({ serializedTransaction: eth.serialized as TransactionSerializedEIP1559 });
    assert.equal(from, created.ethereumAddress);

    const recipient = p2wpkh(secp256k1.getPublicKey(new Uint8Array(32).fill(9)), { ...NETWORK, bech32: 'bcrt' }).address as string;
    const btc = await dwallet(
      'sign-btc-tx',
      id,
      '--bitcoin-network',
      'regtest',
      '--input',
      `${'cd'.repeat(32)}:1:0.001btc`,
      '--output',
      `${recipient}:50000`,
      '--fee',
      '1000',
      '--change',
      created.bitcoinAddress as string,
    );
    verifyBitcoinTransaction(btc.hex as string, hexToBytes(publicKey.slice(2)), [100_000n]);

    const status = await dwallet('status');
    assert.match(status.committee as string, /4 validators, threshold 3/);
    assert.match(status.indexer as string, /: ok$/);
    const session = await dwallet('status', signed.sessionId as string);
    assert.equal(session.status, 'completed');
  });
});
