/**
 * The dApp developer's path end to end, on a real devnet (separate processes: the local chain, 4
 * validators with threshold 3, the indexer, a relayer; a network key for secp256k1 and P-256;
 * test/network/network.test.ts starts it): the `dwallet` commands a user types — create, list,
 * show, sign (message and digest), sign-eth-tx, sign-btc-tx, status, wait — with `--json`, against
 * the network description the devnet wrote. Then what a user meets: Ctrl-C during `create` and
 * `sign-btc-tx` (the real executable, SIGINT: exit 130, what is on chain, `wait` picks it up),
 * `status` of every part and of an unknown id, read-only commands on a new wallet, a P-256
 * dWallet (its signature with the default hash is in cli-p256.e2e.heavy.test.ts), and the README's
 * walkthrough of share backup, recovery and transfer. The demo `npm
 * start` runs, with its Taproot and EdDSA dWallets, is in demo.e2e.heavy.test.ts; Taproot and EdDSA
 * dWallets through the tool are in sdk-e2e/schnorr.ts.
 *
 * Every signature is checked here with independent libraries: @noble/curves verifies it under the
 * dWallet's key, viem recovers the dWallet's Ethereum address (computed by viem from the public
 * key, not by our helper), @scure/btc-signer parses the Bitcoin transaction, recomputes the
 * sighash and its P2WPKH script for the key.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { NETWORK, p2wpkh } from '@scure/btc-signer';
import { type Hex, recoverTransactionAddress, type TransactionSerializedEIP1559 } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import { verifyBitcoinTransaction } from '../../client/verify-transactions.ts';
import type { Devnet } from '../../devnet/devnet.ts';
import { type CliRun, runCliCaptured } from './support/run-cli.ts';

let devnet: Devnet;
/** The tool's wallet of this suite, in the devnet's folder. */
let walletDir: string;
let common: string[];

function runTool(argv: string[]): Promise<CliRun> {
  return runCliCaptured(argv);
}

async function dwallet(...argv: string[]): Promise<Record<string, unknown>> {
  const { status, stdout, stderr } = await runTool([...argv, ...common]);
  assert.equal(status, 0, `dwallet ${argv.join(' ')} failed: ${stderr}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}

interface Interrupted {
  readonly status: number | null;
  readonly stderr: string;
  /** From SIGINT to the process's exit. */
  readonly exitMs: number;
}

/** Runs the real executable and sends it SIGINT (Ctrl-C) once its progress shows it waiting for `what`. */
async function interruptWhileWaiting(what: string, ...argv: string[]): Promise<Interrupted> {
  const args = [join('bin', 'dwallet.mjs'), ...argv, '--network', common[1] as string, '--wallet', walletDir, '--timeout', '240'];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 240_000;
  while (!stderr.includes(`waiting for the network: ${what}`)) {
    if (child.exitCode !== null) assert.fail(`dwallet ${argv.join(' ')} exited (${child.exitCode}) before it waited: ${stderr}`);
    assert.ok(Date.now() < deadline, `dwallet ${argv.join(' ')} never waited: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const interruptedAt = Date.now();
  child.kill('SIGINT');
  const status = await exited;
  return { status, stderr, exitMs: Date.now() - interruptedAt };
}

/** The session id the interrupt report tells the user to wait for. */
function waitHint(stderr: string): string {
  const match = /`dwallet wait (0x[0-9a-f]{64})`/.exec(stderr);
  assert.ok(match !== null, `the report names the session to wait for: ${stderr}`);
  return match[1] as string;
}

function uncompressed(publicKey: string): Hex {
  return `0x${secp256k1.Point.fromBytes(hexToBytes(publicKey.slice(2))).toHex(false)}` as Hex;
}

/** The suite, on the devnet `shared()` answers once started (its network key has P-256; a pool of secp256k1 ECDSA presigns). */
export function dwalletCommandsSuite(shared: () => Devnet): void {
  describe('end to end: the demo and the dwallet commands on a devnet', () => {
    before(() => {
      devnet = shared();
      walletDir = join(devnet.options.dataDir, 'cli-wallet');
      common = ['--network', join(devnet.options.dataDir, 'network.json'), '--wallet', walletDir, '--json', '--timeout', '240'];
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
      const from = await recoverTransactionAddress({ serializedTransaction: eth.rawTransaction as TransactionSerializedEIP1559 });
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
      verifyBitcoinTransaction(btc.rawTransaction as string, hexToBytes(publicKey.slice(2)), [100_000n]);

      // `status <id>` takes the session id or the sign id, and shows the signature, verified.
      for (const key of ['sessionId', 'signId']) {
        const session = await dwallet('status', signed[key] as string);
        assert.equal(session.status, 'completed');
        assert.equal(session.kind, 'sign');
        assert.equal(session.signature, signed.signature);
        assert.equal(session.hashScheme, 'keccak256');
      }
    });

    test('Ctrl-C during create and sign-btc-tx: exit 130 at once, what is on chain is named, wait picks it up', async () => {
      const create = await interruptWhileWaiting('the dWallet creation', 'create');
      assert.equal(create.status, 130, create.stderr);
      assert.ok(create.exitMs < 10_000, `exited ${create.exitMs} ms after SIGINT`);
      assert.match(
        create.stderr,
        /CLI_INTERRUPTED.*interrupted; already on chain:\n\s+create dWallet \(transaction \w+\): dkg request \(dWallet (0x[0-9a-f]{64}), session 0x[0-9a-f]{64}\)/,
      );
      const dwalletId = (/dkg request \(dWallet (0x[0-9a-f]{64})/.exec(create.stderr) as RegExpExecArray)[1] as string;
      // By the dWallet id (its creation session): waits until the network accepts it.
      const created = await dwallet('wait', dwalletId);
      assert.equal(created.kind, 'dkg');
      assert.equal(created.status, 'completed');
      const shown = await dwallet('show', dwalletId);
      assert.equal(shown.state, 'active');
      const publicKey = hexToBytes((shown.publicKey as string).slice(2));
      const address = shown.bitcoinAddress as string;

      const sign = await interruptWhileWaiting(
        'the sign request',
        'sign-btc-tx',
        dwalletId,
        '--input',
        `${'ef'.repeat(32)}:0:0.001btc`,
        '--output',
        `${address}:50000`,
        '--fee',
        '1000',
        '--change',
        address,
      );
      assert.equal(sign.status, 130, sign.stderr);
      assert.ok(sign.exitMs < 10_000, `exited ${sign.exitMs} ms after SIGINT`);
      assert.match(sign.stderr, /warning \[CLI_CHANGE_IS_RECIPIENT\]/);
      assert.match(
        sign.stderr,
        /already on chain:\n[\s\S]*claim presign \(transaction \w+\)\n\s+sign \(transaction \w+\): sign request \(sign 0x[0-9a-f]{64}, session 0x[0-9a-f]{64}\)/,
      );
      const signed = await dwallet('wait', waitHint(sign.stderr));
      assert.equal(signed.status, 'completed');
      assert.ok(
        secp256k1.verify(
          hexToBytes((signed.signature as string).slice(2, 130)),
          hexToBytes((signed.digest as string).slice(2)),
          publicKey,
          {
            prehash: false,
          },
        ),
        'the signature the interrupted sign-btc-tx asked for verifies under the dWallet key',
      );
      assert.equal(signed.hashScheme, 'double-sha256');
    });

    test('status: every part of the network, curve names; unknown ids exit 1 in both modes', async () => {
      const status = await dwallet('status');
      assert.equal(status.healthy, true);
      assert.deepEqual(status.chain, { url: devnet.endpoints().chain, kind: 'sui', health: 'ok' });
      assert.deepEqual(status.indexer, { url: devnet.endpoints().indexer, health: 'ok' });
      const validators = status.validators as { url: string; health: string }[];
      assert.deepEqual(
        validators.map((v) => v.url),
        devnet.endpoints().validators,
      );
      assert.ok(validators.every((v) => v.health === 'ok'));
      assert.deepEqual(
        status.relayers,
        devnet.endpoints().relayers.map((url) => ({ url, health: 'ok' })),
      );
      assert.deepEqual(status.committee, { validators: 4, threshold: '3', totalWeight: '4' });
      assert.deepEqual(status.networkKeys, [{ id: devnet.networkKeyId, curves: ['secp256k1', 'p256'] }]);
      assert.ok((status.presignPool as { curve: string }[]).some((p) => p.curve === 'secp256k1'));

      const unknown = `0x${'ab'.repeat(32)}`;
      for (const json of [true, false]) {
        const argv = ['status', unknown, ...common.filter((a) => json || a !== '--json')];
        const { status: exit, stdout, stderr } = await runTool(argv);
        assert.equal(exit, 1, stderr);
        assert.equal(stdout, '');
        if (json) assert.equal((JSON.parse(stderr) as { error: { code: string } }).error.code, 'NOT_FOUND');
        else assert.match(stderr, /error \[NOT_FOUND\]: no request with id 0x(ab){32}/);
      }
      const { status: exit, stderr } = await runTool(['wait', unknown, ...common]);
      assert.equal(exit, 1, stderr);
    });

    let p256DWallet: Record<string, unknown> | undefined;

    test('P-256: create --curve p256 on a network key with P-256', async () => {
      p256DWallet = await dwallet('create', '--curve', 'p256');
      assert.equal(p256DWallet.curve, 'p256');
      assert.equal(p256DWallet.state, 'active');
      assert.equal(p256DWallet.ethereumAddress, undefined, 'no Ethereum or Bitcoin address for a P-256 key');
      // A point of P-256, by @noble/curves.
      p256.Point.fromBytes(hexToBytes((p256DWallet.publicKey as string).slice(2))).assertValidity();
    });

    test('read-only commands on a new wallet create no key: list, status, show', async () => {
      const fresh = join(devnet.options.dataDir, 'fresh-wallet');
      const readOnly = ['--network', common[1] as string, '--wallet', fresh, '--json'];
      const listed = await runTool(['list', ...readOnly]);
      assert.equal(listed.status, 0, listed.stderr);
      assert.deepEqual(JSON.parse(listed.stdout), { dwallets: [] });
      const status = await runTool(['status', ...readOnly]);
      assert.equal(status.status, 0, status.stderr);
      assert.equal((JSON.parse(status.stdout) as { address: unknown }).address, null);
      const existing = p256DWallet ?? assert.fail('the P-256 dWallet of the test before');
      const shown = await runTool(['show', existing.id as string, ...readOnly]);
      assert.equal(shown.status, 0, shown.stderr);
      assert.equal((JSON.parse(shown.stdout) as { publicKey: string }).publicKey, existing.publicKey);
      assert.ok(!existsSync(fresh), 'the new wallet folder was not created');
    });

    test("the README's backup, recovery and transfer walkthrough: recover on a folder holding only the Sui key, sign; transfer, accept, sign; the old holder cannot", async () => {
      /** `dwallet … --json` in another wallet folder. */
      const inWallet = async (folder: string, ...argv: string[]) => {
        const { status, stdout, stderr } = await runTool([
          ...argv,
          '--network',
          common[1] as string,
          '--wallet',
          folder,
          '--json',
          '--timeout',
          '240',
        ]);
        return { status, stderr, json: status === 0 ? (JSON.parse(stdout) as Record<string, unknown>) : {} };
      };
      const ok = async (folder: string, ...argv: string[]) => {
        const run = await inWallet(folder, ...argv);
        assert.equal(run.status, 0, `dwallet ${argv.join(' ')} failed: ${run.stderr}`);
        return run.json;
      };
      const verifies = (signed: Record<string, unknown>, publicKey: string, message: string) =>
        secp256k1.verify(
          hexToBytes((signed.signature as string).slice(2)).subarray(0, 64),
          keccak_256(new TextEncoder().encode(message)),
          hexToBytes(publicKey.slice(2)),
          { prehash: false },
        );

      const created = await dwallet('create', '--backup');
      const id = created.id as string;
      const publicKey = created.publicKey as string;
      assert.match(created.encryptedShareId as string, /^0x[0-9a-f]{64}$/);

      const newMachine = join(devnet.options.dataDir, 'cli-wallet-new-machine');
      mkdirSync(newMachine, { recursive: true, mode: 0o700 });
      copyFileSync(join(walletDir, 'sui-key.json'), join(newMachine, 'sui-key.json'));
      const recovered = (await ok(newMachine, 'recover')).dwallets as Record<string, unknown>[];
      assert.ok(
        recovered.some((d) => d.dwalletId === id && d.status === 'recovered'),
        JSON.stringify(recovered),
      );
      const afterRecovery = await ok(newMachine, 'sign', id, '--message', 'after recovery', '--hash', 'keccak256');
      assert.ok(verifies(afterRecovery, publicKey, 'after recovery'), 'noble verifies the signature made with the recovered share');

      const bob = join(devnet.options.dataDir, 'cli-wallet-bob');
      const registered = await ok(bob, 'encryption-key', 'register');
      assert.equal(registered.state, 'active');
      const bobAddress = registered.owner as string;
      assert.equal((await ok(bob, 'encryption-key', 'show')).owner, bobAddress);
      const transfer = await ok(walletDir, 'transfer', id, '--to', bobAddress);
      assert.equal(transfer.recipient, bobAddress);
      const accepted = await ok(bob, 'accept', id);
      assert.equal(accepted.id, id);
      const bobSigned = await ok(bob, 'sign', id, '--message', 'bob signs', '--hash', 'keccak256');
      assert.ok(verifies(bobSigned, publicKey, 'bob signs'), "noble verifies the new holder's signature");

      const refused = await inWallet(walletDir, 'sign', id, '--message', 'the old holder', '--hash', 'keccak256');
      assert.equal(refused.status, 1);
      assert.match(refused.stderr, /DWALLET_CAP_NOT_OWNED/);
      const badRecipient = await inWallet(walletDir, 'transfer', id, '--to', 'not-an-address');
      assert.equal(badRecipient.status, 2, 'a malformed recipient is a command-line error');
    });
  });
}
