/**
 * The `dwallet` tool's passphrase for the wallet's encrypted shares, without a running network
 * (the network description points at a closed port: a command that gets past the wallet reports
 * the network as down, which shows the store opened):
 *
 * - a wallet whose first share was written with DWALLET_PASSPHRASE (as `dwallet create` does
 *   before its request) is refused by every command without it — exit 1, before the network, with
 *   how to give it — and opened with it;
 * - `dwallet wallet encrypt` encrypts a plaintext wallet in place, refuses a wrong passphrase, and
 *   `--passphrase-file` (its trailing newline dropped) wins over DWALLET_PASSPHRASE;
 * - a passphrase for a plaintext wallet is refused with how to encrypt it;
 * - an empty or unreadable passphrase is a wrong command line (exit 2);
 * - the passphrase never appears in what the tool prints, with or without --json;
 * - the installed executable reads DWALLET_PASSPHRASE from its environment.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { openShares } from '../../client/cli/context.ts';
import { globalsOf } from '../../client/cli/globals.ts';
import { openWallet } from '../../client/cli/wallet.ts';
import { EncryptedFileSecretShareStore, openSecretShareStore } from '../../client/encrypted-secret-store.ts';
import { FileSecretShareStore } from '../../client/file-secret-store.ts';
import { SECRET_STORE_HEADER_FILE, type SecretShareRecord } from '../../client/secret-store.ts';
import { closedPort, writeNetworkFile } from '../../devnet/load/network-file.ts';
import { type CliRun, runCliCaptured } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'dwallet-cli-passphrase-'));
const BIN = join(process.cwd(), 'bin', 'dwallet.mjs');
const PASSPHRASE = 'tr0ub4dor&3 but longer';
const ID = (byte: string) => `0x${byte.repeat(32)}`;

function record(dwalletId: string): SecretShareRecord {
  return {
    dwalletId,
    capId: ID('bb'),
    sessionId: 'ab'.repeat(32),
    curve: 'secp256k1',
    algorithm: 'ecdsa',
    networkKeyId: ID('cc'),
    imported: false,
    state: 'active',
    secretShare: bytesToNumberBE(secp256k1.utils.randomSecretKey()),
    output: new Uint8Array([1, 2, 3]),
    publicKey: secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true),
    createdAt: new Date(0).toISOString(),
  };
}

/** Runs the tool in process with DWALLET_PASSPHRASE set to `passphrase` (unset when undefined). */
async function run(passphrase: string | undefined, ...argv: string[]): Promise<CliRun> {
  const saved = process.env.DWALLET_PASSPHRASE;
  if (passphrase === undefined) delete process.env.DWALLET_PASSPHRASE;
  else process.env.DWALLET_PASSPHRASE = passphrase;
  try {
    const result = await runCliCaptured(argv);
    assert.ok(!`${result.stdout}${result.stderr}`.includes(PASSPHRASE), 'the passphrase is never printed');
    return result;
  } finally {
    if (saved === undefined) delete process.env.DWALLET_PASSPHRASE;
    else process.env.DWALLET_PASSPHRASE = saved;
  }
}

function passphraseFile(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
  return path;
}

/** A wallet (key and shares folder) whose shares are plaintext, as the tool leaves it without a passphrase. */
async function plaintextWallet(name: string, ids: string[]): Promise<string> {
  const wallet = join(dir, name);
  const { sharesDir } = openWallet(wallet);
  const store = new FileSecretShareStore(sharesDir);
  for (const id of ids) await store.put(id, record(id));
  return wallet;
}

let down: string;
before(async () => {
  down = writeNetworkFile(join(dir, 'down.json'), `http://127.0.0.1:${await closedPort()}`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('dwallet: a wallet created with a passphrase', () => {
  let wallet: string;
  before(async () => {
    wallet = join(dir, 'created');
    // What `dwallet create` does before it sends its request: a new key, the wallet's store opened
    // with the passphrase, the share written.
    const globals = globalsOf({ wallet, network: down }, { DWALLET_PASSPHRASE: PASSPHRASE });
    const store = await openShares(openWallet(wallet), globals, 'send');
    assert.ok(store instanceof EncryptedFileSecretShareStore);
    await store.put(ID('aa'), record(ID('aa')));
  });

  for (const command of [['list'], ['show', ID('aa')], ['sign', ID('aa'), '--message', 'hi'], ['create'], ['share', ID('aa')]]) {
    test(`${command[0]} without the passphrase: exit 1 before the network, saying how to give it`, async () => {
      const { status, stderr } = await run(undefined, ...command, '--network', down, '--wallet', wallet);
      assert.equal(status, 1, stderr);
      assert.match(stderr, /SECRET_STORE_PASSPHRASE_REQUIRED.*is encrypted.*--passphrase-file <path> or DWALLET_PASSPHRASE/);
    });
  }

  test('--json: the error as one JSON object with its code', async () => {
    const { status, stderr } = await run(undefined, 'list', '--json', '--network', down, '--wallet', wallet);
    assert.equal(status, 1);
    assert.equal((JSON.parse(stderr) as { error: { code: string } }).error.code, 'SECRET_STORE_PASSPHRASE_REQUIRED');
  });

  test('with the passphrase the wallet opens, and the command goes on to the network', async () => {
    const { status, stderr } = await run(PASSPHRASE, 'list', '--network', down, '--wallet', wallet);
    assert.equal(status, 1);
    assert.match(stderr, /CLI_NETWORK_UNREACHABLE/);
  });
});

describe('dwallet wallet encrypt', () => {
  test('encrypts a plaintext wallet in place; a wrong passphrase is refused; --passphrase-file wins over DWALLET_PASSPHRASE', async () => {
    const ids = [ID('aa'), ID('ab')];
    const wallet = await plaintextWallet('plain', ids);
    const shares = join(wallet, 'shares');
    const file = passphraseFile('passphrase.txt', `${PASSPHRASE}\n`);

    let result = await run(undefined, 'wallet', 'encrypt', '--wallet', wallet);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /CLI_USAGE.*needs the passphrase: --passphrase-file <path> or DWALLET_PASSPHRASE/);
    assert.ok(!readdirSync(shares).includes(SECRET_STORE_HEADER_FILE), 'nothing changed');

    result = await run(undefined, 'wallet', 'encrypt', '--json', '--passphrase-file', file, '--wallet', wallet);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { shares: string; encrypted: string[]; alreadyEncrypted: string[] };
    assert.deepEqual(report, { wallet, shares, encrypted: ids, alreadyEncrypted: [] });
    for (const name of readdirSync(shares)) assert.ok(!readFileSync(join(shares, name), 'utf8').includes('secretShare'), name);
    // The file's trailing newline is not part of the passphrase.
    assert.equal((await (await openSecretShareStore(shares, { passphrase: PASSPHRASE })).get(ID('aa')))?.dwalletId, ID('aa'));

    result = await run('not the passphrase', 'wallet', 'encrypt', '--json', '--wallet', wallet);
    assert.equal(result.status, 1);
    assert.equal((JSON.parse(result.stderr) as { error: { code: string } }).error.code, 'SECRET_STORE_WRONG_PASSPHRASE');

    result = await run('not the passphrase', 'wallet', 'encrypt', '--json', '--passphrase-file', file, '--wallet', wallet);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as { alreadyEncrypted: string[] }).alreadyEncrypted, ids);
  });

  test('no wallet at --wallet: CLI_WALLET_INVALID, nothing created', async () => {
    const wallet = join(dir, 'nowhere');
    const { status, stderr } = await run(PASSPHRASE, 'wallet', 'encrypt', '--wallet', wallet);
    assert.equal(status, 1);
    assert.match(stderr, /CLI_WALLET_INVALID.*no wallet at .*sui-key\.json/);
  });
});

describe('dwallet: passphrase inputs', () => {
  test('a passphrase for a plaintext wallet: SECRET_STORE_NOT_ENCRYPTED, with how to encrypt it', async () => {
    const wallet = await plaintextWallet('plain-refused', [ID('aa')]);
    const { status, stderr } = await run(PASSPHRASE, 'list', '--network', down, '--wallet', wallet);
    assert.equal(status, 1);
    assert.match(stderr, /SECRET_STORE_NOT_ENCRYPTED.*dwallet wallet encrypt/);
  });

  const bad: [string, string | undefined, () => string[], RegExp][] = [
    ['an empty DWALLET_PASSPHRASE', '', () => [], /CLI_INVALID_ARGUMENT.*DWALLET_PASSPHRASE: the passphrase is empty/],
    [
      'a passphrase file that does not exist',
      undefined,
      () => ['--passphrase-file', join(dir, 'missing')],
      /--passphrase-file: cannot read .*ENOENT/,
    ],
    [
      'an empty passphrase file',
      undefined,
      () => ['--passphrase-file', passphraseFile('empty', '')],
      /--passphrase-file: .* holds an empty passphrase/,
    ],
    [
      'a passphrase file of one newline',
      undefined,
      () => ['--passphrase-file', passphraseFile('newline', '\n')],
      /holds an empty passphrase/,
    ],
    ['a folder as the passphrase file', undefined, () => ['--passphrase-file', dir], /--passphrase-file: cannot read/],
    [
      'a passphrase file larger than a passphrase',
      undefined,
      () => ['--passphrase-file', passphraseFile('large', 'x'.repeat(5000))],
      /--passphrase-file: cannot read .*larger than 4096 bytes/,
    ],
  ];
  for (const [name, env, args, expected] of bad) {
    test(`${name}: a wrong command line (exit 2)`, async () => {
      const { status, stderr } = await run(env, 'list', ...args(), '--network', down, '--wallet', join(dir, 'no-wallet'));
      assert.equal(status, 2, stderr);
      assert.match(stderr, expected);
    });
  }

  test('a passphrase file readable by others: a warning, and the command goes on', async () => {
    const file = passphraseFile('loose', PASSPHRASE, 0o644);
    const { status, stderr } = await run(
      undefined,
      'list',
      '--passphrase-file',
      file,
      '--network',
      down,
      '--wallet',
      join(dir, 'no-wallet'),
    );
    assert.equal(status, 1);
    assert.match(stderr, /warning \[CLI_PASSPHRASE_FILE_READABLE\]: .* readable by others/);
    assert.match(stderr, /CLI_NETWORK_UNREACHABLE/);
  });
});

describe('dwallet: the installed executable reads DWALLET_PASSPHRASE', () => {
  test('encrypt with it in the environment, then a command without it is refused', async () => {
    const wallet = await plaintextWallet('spawned', [ID('aa')]);
    const spawn = (env: NodeJS.ProcessEnv, ...argv: string[]) => {
      const { DWALLET_PASSPHRASE: _, ...rest } = process.env;
      const result = spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', env: { ...rest, ...env } });
      assert.ok(!`${result.stdout}${result.stderr}`.includes(PASSPHRASE), 'the passphrase is never printed');
      return result;
    };
    let result = spawn({ DWALLET_PASSPHRASE: PASSPHRASE }, 'wallet', 'encrypt', '--wallet', wallet);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /encrypted +0x(aa){32}/);
    result = spawn({}, 'list', '--network', down, '--wallet', wallet);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /SECRET_STORE_PASSPHRASE_REQUIRED/);
  });
});
