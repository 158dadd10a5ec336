/**
 * The `dwallet` tool's handling of bad input and of a missing network, without a running network:
 *
 * - every kind of wrong command line — including every input error the Ethereum and Bitcoin
 *   helpers find — gets a clear message with its code and exit status 2, before anything is sent
 *   (the network description given does not even exist: had the tool gone on, it would exit 1);
 * - ids follow one rule everywhere (32 bytes, 64 hex digits, never zero-padded);
 * - a missing network description, a network that does not answer, an unusable wallet key file
 *   exit 1 with their codes; read-only commands never create a wallet key;
 * - help and argument errors load no SDK (checked on the real executable with a loader hook that
 *   records every module the process loads).
 *
 * The network commands themselves, interrupts and a second devnet are exercised end to end in
 * cli-e2e.ts (run on test/network/network.test.ts's devnet) and cli-devnet.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { p2wpkh } from '@scure/btc-signer';
import { getBase58Decoder } from '@solana/kit';
import { parseAmount, parseHexBytes, parseId, parseUnsigned } from '../../client/cli/args.ts';
import { poolProgress } from '../../client/cli/commands/devnet.ts';
import { closedPort, writeNetworkFile } from '../../devnet/load/network-file.ts';
import { type CliRun, runCliCaptured } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'dwallet-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]): Promise<CliRun> {
  return runCliCaptured(argv);
}

const BIN = join(process.cwd(), 'bin', 'dwallet.mjs');
const DWALLET = `0x${'ab'.repeat(32)}`;
const missingNetwork = ['--network', join(dir, 'nowhere.json'), '--wallet', join(dir, 'wallet')];
const TO = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const eth = (...extra: string[]) => ['sign-eth-tx', DWALLET, '--to', TO, '--chain-id', '1', '--nonce', '0', ...extra];
const TXID = 'cd'.repeat(32);
const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };
const RECIPIENT = p2wpkh(secp256k1.getPublicKey(new Uint8Array(32).fill(9)), REGTEST).address as string;
const CHANGE = p2wpkh(secp256k1.getPublicKey(new Uint8Array(32).fill(7)), REGTEST).address as string;
const btc = (...extra: string[]) => ['sign-btc-tx', DWALLET, '--bitcoin-network', 'regtest', ...extra];
const SOL_TO = getBase58Decoder().decode(ed25519.getPublicKey(new Uint8Array(32).fill(5)));
const BLOCKHASH = getBase58Decoder().decode(new Uint8Array(32).fill(3));
const SHORT_BLOCKHASH = getBase58Decoder().decode(new Uint8Array(31).fill(3));
const sol = (...extra: string[]) => ['sign-sol-tx', DWALLET, '--to', SOL_TO, '--amount', '0.01sol', '--blockhash', BLOCKHASH, ...extra];

describe('dwallet: bad command lines exit 2 with the reason', () => {
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /usage: dwallet <command>/],
    ['an unknown command', ['frobnicate'], /CLI_USAGE.*unknown command "frobnicate"/],
    ['an unknown option', ['create', '--colour', 'red'], /CLI_USAGE.*--colour/],
    ['an option without its value', ['sign', DWALLET, '--message'], /CLI_USAGE.*--message/],
    ['a missing argument', ['show'], /CLI_USAGE.*missing argument <dwallet id>/],
    ['an extra argument', ['show', DWALLET, 'extra'], /CLI_USAGE.*unexpected argument "extra"/],
    ['a malformed object id', ['show', '0xnothex'], /CLI_INVALID_ARGUMENT.*<dwallet id>: expected 32 bytes as 64 hex digits/],
    ['an unknown curve', ['create', '--curve', 'ed448'], /CLI_INVALID_ARGUMENT.*--curve: expected one of secp256k1, p256, ed25519/],
    [
      'an unknown algorithm',
      ['create', '--algorithm', 'schnorr'],
      /CLI_INVALID_ARGUMENT.*--algorithm: expected one of ecdsa, taproot, eddsa/,
    ],
    [
      'Taproot on P-256',
      ['create', '--curve', 'p256', '--algorithm', 'taproot'],
      /--algorithm: p256 dWallets sign with ecdsa, not taproot/,
    ],
    [
      'ECDSA on ed25519',
      ['create', '--curve', 'ed25519', '--algorithm', 'ecdsa'],
      /--algorithm: ed25519 dWallets sign with eddsa, not ecdsa/,
    ],
    ['EdDSA on secp256k1', ['create', '--algorithm', 'eddsa'], /--algorithm: secp256k1 dWallets sign with ecdsa or taproot, not eddsa/],
    ['--taproot with a value', ['sign-btc-tx', DWALLET, '--taproot=yes'], /CLI_USAGE.*--taproot/],
    ['a Solana transfer without a recipient', ['sign-sol-tx', DWALLET, '--amount', '1', '--blockhash', 'x'], /CLI_USAGE.*--to/],
    [
      'a Solana amount in an unknown unit',
      ['sign-sol-tx', DWALLET, '--to', 'x', '--amount', '1eth', '--blockhash', 'x'],
      /--amount: .*sol, lamports/,
    ],
    [
      'a Solana amount with more decimals than SOL has',
      ['sign-sol-tx', DWALLET, '--to', 'x', '--amount', '0.0000000001sol', '--blockhash', 'x'],
      /--amount/,
    ],
    ['two messages at once', ['sign', DWALLET, '--message', 'a', '--digest', '00'.repeat(32)], /exactly one of --message/],
    ['a digest of the wrong length', ['sign', DWALLET, '--digest', 'abcd'], /--digest: expected exactly 32 bytes, got 2/],
    ['a digest with a hash scheme', ['sign', DWALLET, '--digest', '00'.repeat(32), '--hash', 'sha256'], /--hash does not apply/],
    ['an unknown hash scheme', ['sign', DWALLET, '--message', 'hi', '--hash', 'md5'], /--hash: expected one of keccak256/],
    ['odd hex', ['sign', DWALLET, '--message-hex', 'abc'], /--message-hex: expected hex bytes/],
    ['an empty message', ['sign', DWALLET, '--message', ''], /the message is empty/],
    ['a timeout out of range', ['list', '--timeout', '0'], /--timeout: expected a whole number from 1 to 3600/],
    ['too many validators', ['devnet', '--validators', '99'], /--validators: expected a whole number from 1 to 16/],
    ['an unknown devnet curve', ['devnet', '--curves', 'secp256k1,ed448'], /--curves: expected one of secp256k1, p256, ed25519/],
    ['a devnet curve twice', ['devnet', '--curves', 'p256,p256'], /--curves: a curve is named twice/],
    ['a short Ethereum recipient', eth().map((a) => (a === TO ? '0x12' : a)), /ETH_INVALID_ADDRESS.*to:/],
    ['a bad Ether amount', eth('--value', '1.5'), /--value/],
    ['a malformed Bitcoin input', ['sign-btc-tx', DWALLET, '--input', 'nothing', '--output', 'x:1'], /--input/],
    ['a Bitcoin transaction without outputs', ['sign-btc-tx', DWALLET, '--input', `${'aa'.repeat(32)}:0:1000`], /--output/],
    ['a share without a dWallet id', ['share'], /CLI_USAGE.*missing argument <dwallet id>/],
    ['a share of a malformed id', ['share', '0x12'], /CLI_INVALID_ARGUMENT.*<dwallet id>: expected 32 bytes as 64 hex digits/],
    ['a share of two dWallets', ['share', DWALLET, DWALLET], /CLI_USAGE.*unexpected argument/],
    ['--shared with a value', ['create', '--shared=yes'], /CLI_USAGE.*--shared/],
    ['a wait without an id', ['wait'], /CLI_USAGE.*missing argument <id>/],
    ['a cancel without a session id', ['cancel'], /CLI_USAGE.*missing argument <session id>/],
    ['a cancel of a malformed session id', ['cancel', '0x1234'], /CLI_INVALID_ARGUMENT.*<session id>: expected 32 bytes as 64 hex digits/],
    ['a backup without a dWallet id', ['backup'], /CLI_USAGE.*missing argument <dwallet id>/],
    ['a backup of a malformed id', ['backup', '0x12'], /CLI_INVALID_ARGUMENT.*<dwallet id>: expected 32 bytes/],
    ['a recovery of a malformed id', ['recover', 'abc'], /CLI_INVALID_ARGUMENT.*<dwallet id>: expected 32 bytes/],
    ['a transfer without a recipient', ['transfer', DWALLET], /CLI_USAGE.*--to/],
    ['a transfer to a malformed address', ['transfer', DWALLET, '--to', '0x1234'], /CLI_INVALID_ARGUMENT.*--to: expected 32 bytes/],
    ['a transfer without a dWallet', ['transfer', '--to', DWALLET], /CLI_USAGE.*missing argument <dwallet id>/],
    ['an accept without an id', ['accept'], /CLI_USAGE.*missing argument/],
    ['a withdraw of a malformed id', ['withdraw', '0xzz'], /CLI_INVALID_ARGUMENT.*<encrypted share id>/],
    [
      'an encryption key on an unknown curve',
      ['encryption-key', 'register', '--curve', 'ed448'],
      /--curve: expected one of secp256k1, p256, ed25519/,
    ],
    ['an encryption key of a malformed address', ['encryption-key', 'show', '0x12'], /CLI_INVALID_ARGUMENT.*<address>/],
    ['a backup of a shared dWallet at creation', ['create', '--shared', '--backup'], /--backup: a shared dWallet publishes its user share/],
    [
      'a backup with the cap sent elsewhere',
      ['create', '--backup', '--cap-recipient', DWALLET],
      /--backup: a backup needs the DWalletCap to stay/,
    ],
  ];
  for (const [name, argv, expected] of cases) {
    test(name, async () => {
      const { status, stderr } = await run(...argv, ...missingNetwork);
      assert.equal(status, 2, stderr);
      assert.match(stderr, expected);
    });
  }

  test('cancel --help says who may cancel, when, and what comes back', async () => {
    const { status, stdout } = await run('cancel', '--help');
    assert.equal(status, 0);
    assert.match(stdout, /dwallet cancel <session id>/);
    assert.match(stdout, /only the account that made the request/);
    assert.match(stdout, /session timeout/);
    assert.match((await run('--help')).stdout, /cancel\s+cancel a request of the wallet still pending/);
  });

  test('--help prints the usage of a command and exits 0', async () => {
    const { status, stdout } = await run('sign', '--help');
    assert.equal(status, 0);
    assert.match(stdout, /usage: dwallet sign <dwallet id>/);
  });
});

describe('dwallet: what the Ethereum, Bitcoin and Solana helpers refuse exits 2, before anything is sent', () => {
  const cases: [string, string[], string][] = [
    ['a wrong EIP-55 checksum', eth().map((a) => (a === TO ? '0x70997970c51812dc3A010C7d01b50e0d17dc79C8' : a)), 'ETH_INVALID_ADDRESS'],
    ['gas 0', eth('--gas', '0'), 'ETH_INVALID_FIELD'],
    ['gas below 21000', eth('--gas', '20999'), 'ETH_INVALID_FIELD'],
    ['a priority fee above the max fee', eth('--max-fee-per-gas', '1gwei', '--max-priority-fee-per-gas', '2gwei'), 'ETH_INVALID_FIELD'],
    ['a value of 2^256 wei', eth('--value', (1n << 256n).toString()), 'ETH_INVALID_FIELD'],
    ['a nonce of 2^64', eth().map((a, i, all) => (all[i - 1] === '--nonce' ? (1n << 64n).toString() : a)), 'CLI_INVALID_ARGUMENT'],
    [
      'an address of another network',
      btc(
        '--input',
        `${TXID}:0:100000`,
        '--output',
        `bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4:50000`,
        '--fee',
        '1000',
        '--change',
        CHANGE,
      ),
      'BTC_INVALID_ADDRESS',
    ],
    [
      'a dust output',
      btc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:100`, '--fee', '1000', '--change', CHANGE),
      'BTC_DUST_OUTPUT',
    ],
    ['insufficient funds', btc('--input', `${TXID}:0:1000`, '--output', `${RECIPIENT}:50000`, '--fee', '1000'), 'BTC_INSUFFICIENT_FUNDS'],
    [
      'a fee that does not match without change',
      btc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:50000`, '--fee', '1000'),
      'BTC_FEE_MISMATCH',
    ],
    [
      'the same input twice',
      btc(
        '--input',
        `${TXID}:0:60000`,
        '--input',
        `${TXID}:0:60000`,
        '--output',
        `${RECIPIENT}:50000`,
        '--fee',
        '1000',
        '--change',
        CHANGE,
      ),
      'BTC_DUPLICATE_INPUT',
    ],
    [
      'a Taproot spend with insufficient funds',
      btc('--taproot', '--input', `${TXID}:0:1000`, '--output', `${RECIPIENT}:50000`, '--fee', '1000'),
      'BTC_INSUFFICIENT_FUNDS',
    ],
    [
      'a Taproot spend whose fee does not match without change',
      btc('--taproot', '--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:50000`, '--fee', '1000'),
      'BTC_FEE_MISMATCH',
    ],
    [
      'a Taproot spend to an address of another network',
      btc('--taproot', '--input', `${TXID}:0:100000`, '--output', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4:50000', '--fee', '1000'),
      'BTC_INVALID_ADDRESS',
    ],
    [
      'an amount over 21M BTC',
      btc('--input', `${TXID}:0:21000001btc`, '--output', `${RECIPIENT}:50000`, '--fee', '1000', '--change', CHANGE),
      'BTC_INVALID_AMOUNT',
    ],
    ['a Solana recipient that is not base58 of 32 bytes', sol().map((a) => (a === SOL_TO ? 'not-an-address' : a)), 'SOL_INVALID_ADDRESS'],
    ['a Solana transfer of 0 lamports', sol().map((a) => (a === '0.01sol' ? '0' : a)), 'SOL_INVALID_AMOUNT'],
    ['a Solana transfer of 2^64 lamports', sol().map((a) => (a === '0.01sol' ? (1n << 64n).toString() : a)), 'SOL_INVALID_AMOUNT'],
    ['a blockhash of 31 bytes', sol().map((a) => (a === BLOCKHASH ? SHORT_BLOCKHASH : a)), 'SOL_INVALID_BLOCKHASH'],
    ['a balance that does not cover amount and fee', sol('--balance', '0.01sol'), 'SOL_INSUFFICIENT_FUNDS'],
  ];
  for (const [name, argv, code] of cases) {
    test(name, async () => {
      const { status, stderr } = await run(...argv, ...missingNetwork);
      assert.equal(status, 2, stderr);
      assert.match(stderr, new RegExp(`error \\[${code}\\]`));
      assert.doesNotMatch(stderr, /signing|NETWORK_NOT_FOUND/);
    });
  }

  test('a nonce of 2^64 − 1 (EIP-2681) passes the checks (and the tool goes on to look for the network)', async () => {
    const { status, stderr } = await run(
      ...eth().map((a, i, all) => (all[i - 1] === '--nonce' ? ((1n << 64n) - 1n).toString() : a)),
      ...missingNetwork,
    );
    assert.equal(status, 1, stderr);
    assert.match(stderr, /CLI_NETWORK_NOT_FOUND/);
  });

  test('--change equal to a recipient is a warning, also with --json', async () => {
    const argv = btc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:50000`, '--fee', '1000', '--change', RECIPIENT);
    const human = await run(...argv, ...missingNetwork);
    assert.match(human.stderr, /warning \[CLI_CHANGE_IS_RECIPIENT\]: --change bcrt1\w+ is also a recipient/);
    assert.match(human.stderr, /CLI_NETWORK_NOT_FOUND/, 'a warning, not an error: the tool went on');
    const json = await run(...argv, ...missingNetwork, '--json');
    const warning = JSON.parse(json.stderr.split('\n')[0] as string) as { warning: { code: string } };
    assert.equal(warning.warning.code, 'CLI_CHANGE_IS_RECIPIENT');
    const other = await run(
      ...btc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:50000`, '--fee', '1000', '--change', CHANGE),
      ...missingNetwork,
    );
    assert.doesNotMatch(other.stderr, /warning/);
  });
});

describe('dwallet: one rule for ids — 32 bytes, 64 hex digits, never padded', () => {
  const short = '0x1234';
  for (const argv of [
    ['show', short],
    ['status', short],
    ['wait', short],
    ['sign', short, '--message', 'hi'],
    ['list', '--owner', '0x2'],
    ['create', '--cap-recipient', '0x2'],
  ]) {
    test(argv.join(' '), async () => {
      const { status, stderr } = await run(...argv, ...missingNetwork);
      assert.equal(status, 2, stderr);
      assert.match(stderr, /CLI_INVALID_ARGUMENT.*expected 32 bytes as 64 hex digits \(0x optional\), got [0-9]+ digits/);
    });
  }

  test('the same id with or without 0x, in any case, is the same id', () => {
    const hex = 'AB'.repeat(32);
    assert.equal(parseId('<id>', hex), `0x${'ab'.repeat(32)}`);
    assert.equal(parseId('<id>', `0x${hex}`), `0x${'ab'.repeat(32)}`);
    assert.throws(() => parseId('<id>', `0x${'ab'.repeat(33)}`), { code: 'CLI_INVALID_ARGUMENT' });
    assert.throws(() => parseId('<id>', `0x${'zz'.repeat(32)}`), { code: 'CLI_INVALID_ARGUMENT' });
  });
});

function writeNetwork(name: string, chainUrl: string): string {
  return writeNetworkFile(join(dir, name), chainUrl);
}

describe('dwallet: without a network', () => {
  let down: string;
  let silent: Server;
  let silentNetwork: string;
  const sockets: Socket[] = [];
  before(async () => {
    down = writeNetwork('down.json', `http://127.0.0.1:${await closedPort()}`);
    // Accepts connections and never answers.
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentNetwork = writeNetwork('silent.json', `http://127.0.0.1:${(silent.address() as { port: number }).port}`);
  });
  after(() => {
    for (const socket of sockets) socket.destroy();
    silent.close();
  });

  test('recover on a wallet folder without a Sui key exits 1 and creates none', async () => {
    const empty = join(tmpdir(), `dwallet-recover-${process.pid}-${Date.now()}`);
    const { status, stderr } = await run('recover', '--network', down, '--wallet', empty);
    assert.equal(status, 1, stderr);
    assert.match(stderr, /CLI_WALLET_INVALID.*recovery needs the key that holds the dWallets' caps/);
    assert.ok(!existsSync(empty), 'no wallet folder was created');
  });

  test('no network description: says how to get one', async () => {
    const { status, stderr } = await run('list', ...missingNetwork);
    assert.equal(status, 1);
    assert.match(stderr, /CLI_NETWORK_NOT_FOUND.*npx dwallet devnet/);
  });

  test('a network description that is not one: the field that is wrong', async () => {
    const path = join(dir, 'bad-network.json');
    writeFileSync(path, JSON.stringify({ version: 1, chain: { kind: 'sui', url: 'not a url' } }));
    const { status, stderr } = await run('list', '--network', path, '--wallet', join(dir, 'wallet'));
    assert.equal(status, 1);
    assert.match(stderr, /NETWORK_DESCRIPTION_INVALID/);
  });

  for (const command of [['list'], ['status'], ['show', DWALLET], ['wait', DWALLET], ['sign', DWALLET, '--message', 'hi'], ['create']]) {
    test(`${command[0]}: the network does not answer, and how to start one; no wallet key is created`, async () => {
      const wallet = join(dir, `fresh-${command[0]}`);
      const { status, stderr } = await run(...command, '--network', down, '--wallet', wallet);
      assert.equal(status, 1, stderr);
      assert.match(stderr, /CLI_NETWORK_UNREACHABLE.*does not answer: its chain at http:\/\/127\.0\.0\.1:[0-9]+ refuses connections/);
      assert.match(stderr, /npx dwallet devnet/);
      assert.ok(!existsSync(wallet), 'nothing was created in the wallet folder');
    });
  }

  test('a chain that accepts connections and never answers: reported after the probe timeout', async () => {
    const { status, stderr } = await run('status', '--network', silentNetwork, '--wallet', join(dir, 'fresh'));
    assert.equal(status, 1, stderr);
    assert.match(stderr, /CLI_NETWORK_UNREACHABLE.*did not answer within 1\.5 s/);
  });

  test('a wallet key file readable by others, or not a key file, is refused before any request', async () => {
    const wallet = join(dir, 'shared-wallet');
    mkdirSync(wallet, { recursive: true });
    const keyFile = join(wallet, 'sui-key.json');
    writeFileSync(keyFile, '{"version":1,"scheme":"ed25519","secretKey":"suiprivkey1nope"}');
    chmodSync(keyFile, 0o644);
    let result = await run('list', '--network', down, '--wallet', wallet);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /CLI_WALLET_INVALID.*readable by others/);
    chmodSync(keyFile, 0o600);
    result = await run('list', '--network', down, '--wallet', wallet);
    assert.match(result.stderr, /CLI_WALLET_INVALID.*not a Sui Ed25519 private key/);
    writeFileSync(keyFile, 'garbage');
    result = await run('sign', DWALLET, '--message', 'hi', '--network', down, '--wallet', wallet);
    assert.match(result.stderr, /CLI_WALLET_INVALID.*not JSON/);
    assert.equal(readFileSync(keyFile, 'utf8'), 'garbage', 'the bad key file is left as it was');
  });

  test('--json reports the error as one JSON object with its code', async () => {
    const { status, stderr } = await run('list', '--json', '--network', down, '--wallet', join(dir, 'fresh'));
    assert.equal(status, 1);
    const parsed = JSON.parse(stderr) as { error: { code: string; message: string; details: { url: string } } };
    assert.equal(parsed.error.code, 'CLI_NETWORK_UNREACHABLE');
    assert.match(parsed.error.details.url, /^http:\/\/127\.0\.0\.1:/);
  });
});

describe('dwallet: the installed executable', () => {
  test('exits with the same statuses', () => {
    const usage = spawnSync(process.execPath, [BIN, 'show'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /error \[CLI_USAGE\]: missing argument <dwallet id>/);
    const failure = spawnSync(process.execPath, [BIN, 'list', ...missingNetwork], { encoding: 'utf8' });
    assert.equal(failure.status, 1);
    assert.match(failure.stderr, /CLI_NETWORK_NOT_FOUND/);
  });

  /** The modules `argv` makes the executable load. */
  function modulesLoaded(name: string, argv: string[]): { status: number | null; modules: string[] } {
    const log = join(dir, `${name}.modules`);
    const hook = join(process.cwd(), 'test', 'client', 'support', 'module-log.mjs');
    const result = spawnSync(process.execPath, ['--import', hook, BIN, ...argv], {
      encoding: 'utf8',
      env: { ...process.env, DWALLET_MODULE_LOG: log },
    });
    return { status: result.status, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  }

  // The SDK (its client and actions), @mysten/sui, and the cryptography it loads (ECDSA, class groups).
  const SDK = /\/client\/dwallet-client\.ts$|\/client\/actions\/|\/node_modules\/@mysten\/|\/mpc\/ecdsa\/|\/mpc\/classgroups\//;

  test('help and argument errors load no SDK (nor @mysten/sui, nor the ECDSA and class-group code)', () => {
    const loaded: Record<string, string[]> = {};
    for (const [name, argv, status] of [
      ['help', ['--help'], 0],
      ['bad-id', ['sign', '0x12', '--message', 'hi'], 2],
      ['helper-error', eth('--gas', '0'), 2],
    ] as const) {
      const { status: exit, modules } = modulesLoaded(name, [...argv]);
      assert.equal(exit, status, name);
      assert.ok(
        modules.some((url) => url.endsWith('/client/cli/main.ts')),
        `${name}: the log records the tool's own modules`,
      );
      assert.deepEqual(
        modules.filter((url) => SDK.test(url)),
        [],
        `${name} loaded the SDK`,
      );
      loaded[name] = modules;
    }
    // The Ethereum helper's check needs viem, and the log shows it: the hook does see packages.
    assert.ok((loaded['helper-error'] ?? []).some((url) => url.includes('/node_modules/viem/')));
  });
});

describe('dwallet: value parsers and displays', () => {
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

  test('hex and bounded whole numbers', () => {
    assert.deepEqual(parseHexBytes('--x', '0x0102'), Uint8Array.of(1, 2));
    assert.deepEqual(parseHexBytes('--x', '0102'), Uint8Array.of(1, 2));
    assert.throws(() => parseHexBytes('--x', '0x0g'), { code: 'CLI_INVALID_ARGUMENT' });
    assert.equal(parseUnsigned('--nonce', '18446744073709551615', (1n << 64n) - 1n), (1n << 64n) - 1n);
    assert.throws(() => parseUnsigned('--nonce', '18446744073709551616', (1n << 64n) - 1n), { code: 'CLI_INVALID_ARGUMENT' });
    assert.throws(() => parseUnsigned('--nonce', '-1'), { code: 'CLI_INVALID_ARGUMENT' });
  });

  test('the presign pool display never shows more than its target', () => {
    assert.equal(poolProgress(0, 2), '[....................] 0/2');
    assert.equal(poolProgress(1, 2), '[##########..........] 1/2');
    assert.equal(poolProgress(3, 2), '[####################] 2/2');
    assert.equal(poolProgress(5, 0), '[####################] 0/0');
  });
});
