/**
 * The `dwallet` tool's handling of bad input, without a network: every kind of wrong command line
 * gets a clear message with its code and exit status 2 (nothing attempted); a missing network
 * description or an unusable wallet key file exit 1 with their own codes; `--json` turns errors
 * into one JSON object. One test runs the real executable (bin/dwallet.mjs) to check what a shell
 * sees. The network commands themselves are exercised end to end in cli.e2e.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseAmount, parseHexBytes, parseObjectId } from '../../client/cli/args.ts';
import { runCli } from '../../client/cli/main.ts';

const dir = mkdtempSync(join(tmpdir(), 'dwallet-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, new AbortController().signal, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { status, stdout, stderr };
}

const DWALLET = `0x${'ab'.repeat(32)}`;
const missingNetwork = ['--network', join(dir, 'nowhere.json'), '--wallet', join(dir, 'wallet')];

describe('dwallet: bad command lines exit 2 with the reason', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /usage: dwallet <command>/],
    ['an unknown command', ['frobnicate'], /CLI_USAGE.*unknown command "frobnicate"/],
    ['an unknown option', ['create', '--colour', 'red'], /CLI_USAGE.*--colour/],
    ['an option without its value', ['sign', DWALLET, '--message'], /CLI_USAGE.*--message/],
    ['a missing argument', ['show'], /CLI_USAGE.*missing argument <dwallet id>/],
    ['an extra argument', ['show', DWALLET, 'extra'], /CLI_USAGE.*unexpected argument "extra"/],
    ['a malformed object id', ['show', '0xnothex'], /CLI_INVALID_ARGUMENT.*<dwallet id>: expected a Sui object id/],
    ['an unknown curve', ['create', '--curve', 'ed448'], /CLI_INVALID_ARGUMENT.*--curve: expected one of secp256k1, p256/],
    ['two messages at once', ['sign', DWALLET, '--message', 'a', '--digest', '00'.repeat(32)], /exactly one of --message/],
    ['a digest of the wrong length', ['sign', DWALLET, '--digest', 'abcd'], /--digest: expected exactly 32 bytes, got 2/],
    ['a digest with a hash scheme', ['sign', DWALLET, '--digest', '00'.repeat(32), '--hash', 'sha256'], /--hash does not apply/],
    ['an unknown hash scheme', ['sign', DWALLET, '--message', 'hi', '--hash', 'md5'], /--hash: expected one of keccak256/],
    ['odd hex', ['sign', DWALLET, '--message-hex', 'abc'], /--message-hex: expected hex bytes/],
    ['an empty message', ['sign', DWALLET, '--message', ''], /the message is empty/],
    ['a timeout out of range', ['list', '--timeout', '0'], /--timeout: expected a whole number from 1 to 3600/],
    ['too many validators', ['devnet', '--validators', '99'], /--validators: expected a whole number from 1 to 16/],
    ['a bad Ethereum recipient', ['sign-eth-tx', DWALLET, '--to', '0x12', '--chain-id', '1', '--nonce', '0'], /--to/],
    [
      'a bad Ether amount',
      ['sign-eth-tx', DWALLET, '--to', `0x${'11'.repeat(20)}`, '--chain-id', '1', '--nonce', '0', '--value', '1.5'],
      /--value/,
    ],
    ['a malformed Bitcoin input', ['sign-btc-tx', DWALLET, '--input', 'nothing', '--output', 'x:1'], /--input/],
    ['a Bitcoin transaction without outputs', ['sign-btc-tx', DWALLET, '--input', `${'aa'.repeat(32)}:0:1000`], /--output/],
  ];
  for (const [name, argv, expected] of cases) {
    test(name, async () => {
      const { status, stderr } = await run(...argv, ...missingNetwork);
      assert.equal(status, 2, stderr);
      assert.match(stderr, expected);
    });
  }

  test('--help prints the usage of a command and exits 0', async () => {
    const { status, stdout } = await run('sign', '--help');
    assert.equal(status, 0);
    assert.match(stdout, /usage: dwallet sign <dwallet id>/);
  });
});

describe('dwallet: a missing network or an unusable wallet exit 1 with their codes', () => {
  test('no network description: says how to get one', async () => {
    const { status, stderr } = await run('list', ...missingNetwork);
    assert.equal(status, 1);
    assert.match(stderr, /CLI_NETWORK_NOT_FOUND.*npx dwallet devnet/);
  });

  test('a network description that is not one: the field that is wrong', async () => {
    const path = join(dir, 'bad-network.json');
    writeFileSync(path, JSON.stringify({ version: 1, chain: { kind: 'local', url: 'not a url' } }));
    const { status, stderr } = await run('list', '--network', path, '--wallet', join(dir, 'wallet'));
    assert.equal(status, 1);
    assert.match(stderr, /NETWORK_DESCRIPTION_INVALID/);
  });

  test('a wallet key file readable by others, or not a key file, is refused before any request', async () => {
    const network = join(dir, 'network.json');
    writeFileSync(
      network,
      JSON.stringify({
        version: 1,
        chain: { kind: 'local', url: 'http://127.0.0.1:9' },
        indexer: 'http://127.0.0.1:9',
        packageId: `0x${'01'.repeat(32)}`,
        coordinatorId: `0x${'02'.repeat(32)}`,
        networkKeyId: `0x${'03'.repeat(32)}`,
        curves: ['secp256k1'],
      }),
    );
    const wallet = join(dir, 'shared-wallet');
    mkdirSync(wallet, { recursive: true });
    const keyFile = join(wallet, 'sui-key.json');
    writeFileSync(keyFile, '{"version":1,"scheme":"ed25519","secretKey":"suiprivkey1nope"}');
    chmodSync(keyFile, 0o644);
    let result = await run('list', '--network', network, '--wallet', wallet);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /CLI_WALLET_INVALID.*readable by others/);
    chmodSync(keyFile, 0o600);
    result = await run('list', '--network', network, '--wallet', wallet);
    assert.match(result.stderr, /CLI_WALLET_INVALID.*not a Sui Ed25519 private key/);
    writeFileSync(keyFile, 'garbage');
    result = await run('list', '--network', network, '--wallet', wallet);
    assert.match(result.stderr, /CLI_WALLET_INVALID.*not JSON/);
  });

  test('--json reports the error as one JSON object with its code', async () => {
    const { status, stderr } = await run('list', '--json', ...missingNetwork);
    assert.equal(status, 1);
    const parsed = JSON.parse(stderr) as { error: { code: string; message: string } };
    assert.equal(parsed.error.code, 'CLI_NETWORK_NOT_FOUND');
  });

  test('the installed executable exits with the same statuses', () => {
    const bin = join(process.cwd(), 'bin', 'dwallet.mjs');
    const usage = spawnSync(process.execPath, [bin, 'show'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /error \[CLI_USAGE\]: missing argument <dwallet id>/);
    const failure = spawnSync(process.execPath, [bin, 'list', ...missingNetwork], { encoding: 'utf8' });
    assert.equal(failure.status, 1);
    assert.match(failure.stderr, /CLI_NETWORK_NOT_FOUND/);
  });
});

describe('dwallet: value parsers', () => {
  test('amounts: whole smallest units, or decimals with a unit, never more decimals than the unit has', () => {
    const units = { eth: 18, gwei: 9 };
    assert.equal(parseAmount('--value', '12', units), 12n);
    assert.equal(parseAmount('--value', '0.01eth', units), 10_000_000_000_000_000n);
    assert.equal(parseAmount('--value', '30gwei', units), 30_000_000_000n);
    assert.equal(parseAmount('--value', '1.5GWEI', units), 1_500_000_000n);
    for (const bad of ['1.5', '-1', '1e18', '0.0000000001gwei', '3 btc', '', 'eth']) {
      assert.throws(() => parseAmount('--value', bad, units), { code: 'CLI_INVALID_ARGUMENT' }, bad);
    }
  });

  test('hex and object ids', () => {
    assert.deepEqual(parseHexBytes('--x', '0x0102'), Uint8Array.of(1, 2));
    assert.deepEqual(parseHexBytes('--x', '0102'), Uint8Array.of(1, 2));
    assert.throws(() => parseHexBytes('--x', '0x0g'), { code: 'CLI_INVALID_ARGUMENT' });
    assert.equal(parseObjectId('--id', '0x2'), `0x${'0'.repeat(63)}2`);
    assert.throws(() => parseObjectId('--id', '2'), { code: 'CLI_INVALID_ARGUMENT' });
    assert.throws(() => parseObjectId('--id', `0x${'1'.repeat(65)}`), { code: 'CLI_INVALID_ARGUMENT' });
  });
});
