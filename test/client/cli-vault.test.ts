/**
 * `dwallet vault …` without a network: every kind of wrong command line — ids, addresses of
 * either chain, amounts, durations, thresholds, proposal ids, missing or conflicting options —
 * exits 2 with its code before anything is sent (the network description given does not even
 * exist: had the tool gone on, it would exit 1 with CLI_NETWORK_NOT_FOUND); valid command lines
 * go on to look for the network; the group's help lists its subcommands; argument errors load no
 * SDK; how `vault show` reads a vault and its proposals. What the vault refuses on chain (an unknown proposal, a rule broken) is exercised on a
 * devnet in vault-demo.heavy.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { Address, OutScript, p2wpkh } from '@scure/btc-signer';
import type { ProposalValue, VaultValue } from '../../chain/schemas/vault.ts';
import { parseDuration } from '../../client/cli/args.ts';
import { proposalRecord, vaultRecord } from '../../client/cli/commands/vault/shared.ts';
import { proposalInfo, vaultInfo } from '../../client/vault/vault-info.ts';
import { type CliRun, runCliCaptured } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'dwallet-cli-vault-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const missingNetwork = ['--network', join(dir, 'nowhere.json'), '--wallet', join(dir, 'wallet')];

function run(...argv: string[]): Promise<CliRun> {
  return runCliCaptured([...argv, ...missingNetwork]);
}

const VAULT = `0x${'cc'.repeat(32)}`;
const DWALLET = `0x${'dd'.repeat(32)}`;
const A = `0x${'a1'.repeat(32)}`;
const B = `0x${'b2'.repeat(32)}`;
const ETH = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const TXID = 'ab'.repeat(32);
const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef };
const RECIPIENT = p2wpkh(secp256k1.getPublicKey(new Uint8Array(32).fill(9)), REGTEST).address as string;

const create = (...extra: string[]) => [
  'vault',
  'create',
  DWALLET,
  '--approver',
  A,
  '--approver',
  B,
  '--threshold',
  '2',
  '--eth-chain-id',
  '1',
  ...extra,
];
const limit = (...extra: string[]) => [
  'vault',
  'limit',
  VAULT,
  '--chain',
  'eth',
  '--per',
  '24h',
  '--limit',
  '1eth',
  '--large',
  '0.1eth',
  ...extra,
];
const proposeEth = (...extra: string[]) => ['vault', 'propose-eth', VAULT, '--to', ETH, '--value', '0.01eth', ...extra];
const proposeBtc = (...extra: string[]) => ['vault', 'propose-btc', VAULT, '--bitcoin-network', 'regtest', ...extra];
const spend = ['--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:40000`, '--fee', '1000'];

/** Replaces the value after `option` in `argv`. */
function withValue(argv: string[], option: string, value: string): string[] {
  return argv.map((a, i) => (argv[i - 1] === option ? value : a));
}

describe('dwallet vault: bad command lines exit 2 with the reason, before anything is sent', () => {
  const cases: [string, string[], RegExp][] = [
    // the group
    ['an unknown subcommand', ['vault', 'drain', VAULT], /CLI_USAGE.*unknown command "vault drain"; vault commands: create, show/],
    ['an unknown approver subcommand', ['vault', 'approver', 'promote', VAULT, A], /CLI_USAGE.*unknown command "vault approver promote"/],
    ['an option of another subcommand', ['vault', 'show', VAULT, '--to', ETH], /CLI_USAGE.*--to/],
    // ids
    ['a malformed vault id', ['vault', 'show', '0x12'], /CLI_INVALID_ARGUMENT.*<vault id>: expected 32 bytes as 64 hex digits/],
    ['a vault id that is not hex', ['vault', 'approve', 'my-vault', '0'], /CLI_INVALID_ARGUMENT.*<vault id>/],
    ['a missing vault id', ['vault', 'show'], /CLI_USAGE.*missing argument <vault id>/],
    ['a missing proposal id', ['vault', 'approve', VAULT], /CLI_USAGE.*missing argument <proposal id>/],
    ['an extra argument', ['vault', 'cancel', VAULT, '1', '2'], /CLI_USAGE.*unexpected argument "2"/],
    ['a negative proposal id', ['vault', 'execute', VAULT, '-1'], /CLI_USAGE|CLI_INVALID_ARGUMENT/],
    [
      'a proposal id that is not a number',
      ['vault', 'approve', VAULT, 'first'],
      /CLI_INVALID_ARGUMENT.*<proposal id>: expected a non-negative whole number/,
    ],
    [
      'a proposal id above u64',
      ['vault', 'cancel', VAULT, (1n << 64n).toString()],
      /CLI_INVALID_ARGUMENT.*<proposal id>: expected a whole number from 0 to/,
    ],
    ['a fractional proposal id', ['vault', 'execute', VAULT, '1.5'], /CLI_INVALID_ARGUMENT.*<proposal id>/],
    // freeze (irreversible: --yes or nothing)
    ['freeze: without --yes', ['vault', 'freeze', VAULT], /CLI_USAGE.*cannot be undone.*--yes/],
    ['freeze: a malformed vault id', ['vault', 'freeze', '0x12', '--yes'], /CLI_INVALID_ARGUMENT.*<vault id>/],
    ['freeze: a malformed --admin-cap', ['vault', 'freeze', VAULT, '--yes', '--admin-cap', 'cap'], /CLI_INVALID_ARGUMENT.*--admin-cap/],
    ['freeze: an extra argument', ['vault', 'freeze', VAULT, 'now', '--yes'], /CLI_USAGE.*unexpected argument "now"/],
    // create
    [
      'create: a malformed dWallet id',
      withValue(create(), 'create', 'x').map((a) => (a === DWALLET ? '0xdd' : a)),
      /CLI_INVALID_ARGUMENT.*<dwallet id>/,
    ],
    ['create: no approver', ['vault', 'create', DWALLET, '--threshold', '1', '--eth-chain-id', '1'], /CLI_USAGE.*at least one --approver/],
    ['create: a short approver address', withValue(create(), '--approver', '0x1'), /CLI_INVALID_ARGUMENT.*--approver/],
    [
      'create: an approver twice',
      [
        'vault',
        'create',
        DWALLET,
        '--approver',
        A,
        '--approver',
        A.toUpperCase().replace('0X', '0x'),
        '--threshold',
        '1',
        '--eth-chain-id',
        '1',
      ],
      /CLI_USAGE.*given twice/,
    ],
    [
      'create: no threshold',
      create().filter((a, i, all) => a !== '--threshold' && all[i - 1] !== '--threshold'),
      /CLI_USAGE.*missing option --threshold/,
    ],
    [
      'create: a threshold of 0',
      withValue(create(), '--threshold', '0'),
      /CLI_INVALID_ARGUMENT.*--threshold: expected a whole number from 1 to 2/,
    ],
    [
      'create: a threshold above the approvers',
      withValue(create(), '--threshold', '3'),
      /CLI_INVALID_ARGUMENT.*--threshold: expected a whole number from 1 to 2/,
    ],
    ['create: chain id 0', withValue(create(), '--eth-chain-id', '0'), /CLI_INVALID_ARGUMENT.*--eth-chain-id: a chain id is at least 1/],
    ['create: a chain id above u64', withValue(create(), '--eth-chain-id', (1n << 64n).toString()), /CLI_INVALID_ARGUMENT.*--eth-chain-id/],
    [
      'create: a timelock without a unit',
      create('--timelock', '600'),
      /CLI_INVALID_ARGUMENT.*--timelock: expected a whole number with a unit/,
    ],
    ['create: a timelock above 365 days', create('--timelock', '366d'), /CLI_INVALID_ARGUMENT.*--timelock: at most 31536000000 ms/],
    ['create: a bad admin cap recipient', create('--admin-cap-recipient', 'me'), /CLI_INVALID_ARGUMENT.*--admin-cap-recipient/],
    ['create: an unknown Bitcoin network', create('--bitcoin-network', 'signet'), /CLI_INVALID_ARGUMENT.*--bitcoin-network/],
    // rules
    ['approver add: a short address', ['vault', 'approver', 'add', VAULT, '0x1'], /CLI_INVALID_ARGUMENT.*<address>/],
    ['approver remove: no address', ['vault', 'approver', 'remove', VAULT], /CLI_USAGE.*missing argument <address>/],
    ['threshold 0', ['vault', 'threshold', VAULT, '0'], /CLI_INVALID_ARGUMENT.*<k>: at least 1 approval/],
    ['threshold not a number', ['vault', 'threshold', VAULT, 'two'], /CLI_INVALID_ARGUMENT.*<k>/],
    ['allow: no recipient', ['vault', 'allow', VAULT], /CLI_USAGE.*exactly one of --eth, --btc, --btc-script/],
    ['allow: two recipients', ['vault', 'allow', VAULT, '--eth', ETH, '--btc', RECIPIENT], /CLI_USAGE.*exactly one of/],
    ['allow: a short Ethereum address', ['vault', 'allow', VAULT, '--eth', '0x1234'], /ETH_INVALID_ADDRESS.*--eth/],
    ['allow: a wrong EIP-55 checksum', ['vault', 'allow', VAULT, '--eth', ETH.replace('C51', 'c51')], /ETH_INVALID_ADDRESS.*checksum/],
    [
      'allow: a Bitcoin address of another network',
      ['vault', 'allow', VAULT, '--btc', RECIPIENT],
      /BTC_INVALID_ADDRESS.*--btc.*not a valid mainnet address/,
    ],
    [
      'allow: a Bitcoin address that does not decode',
      ['vault', 'allow', VAULT, '--btc', 'bcrt1qxyz', '--bitcoin-network', 'regtest'],
      /BTC_INVALID_ADDRESS/,
    ],
    [
      'allow: a script that is not hex',
      ['vault', 'allow', VAULT, '--btc-script', '0x6a0'],
      /CLI_INVALID_ARGUMENT.*--btc-script: expected hex bytes/,
    ],
    [
      'allow: an empty script',
      ['vault', 'allow', VAULT, '--btc-script', '0x'],
      /CLI_INVALID_ARGUMENT.*--btc-script: a scriptPubKey is 1 to 83 bytes, got 0/,
    ],
    [
      'allow: an 84-byte script',
      ['vault', 'allow', VAULT, '--btc-script', '6a'.repeat(84)],
      /CLI_INVALID_ARGUMENT.*--btc-script: a scriptPubKey is 1 to 83 bytes, got 84/,
    ],
    ['disallow: a short Ethereum address', ['vault', 'disallow', VAULT, '--eth', '0xdead'], /ETH_INVALID_ADDRESS/],
    ['limit: an unknown chain', withValue(limit(), '--chain', 'sol'), /CLI_INVALID_ARGUMENT.*--chain: expected one of eth, btc/],
    ['limit: no chain', ['vault', 'limit', VAULT, '--per', '24h', '--limit', '1', '--large', '1'], /CLI_USAGE.*missing option --chain/],
    ['limit: a period of 0', withValue(limit(), '--per', '0'), /CLI_INVALID_ARGUMENT.*--per: a period is at least 1ms/],
    ['limit: a period above 365 days', withValue(limit(), '--per', '400d'), /CLI_INVALID_ARGUMENT.*--per: at most/],
    ['limit: a period in weeks', withValue(limit(), '--per', '1w'), /CLI_INVALID_ARGUMENT.*--per: expected a whole number with a unit/],
    [
      'limit: a negative limit',
      ['vault', 'limit', VAULT, '--chain', 'eth', '--per', '24h', '--limit=-1', '--large', '1'],
      /CLI_INVALID_ARGUMENT.*--limit/,
    ],
    [
      'limit: Bitcoin amounts in ether',
      withValue(withValue(limit(), '--chain', 'btc'), '--limit', '1eth'),
      /CLI_INVALID_ARGUMENT.*--limit: expected .*\(btc, sat\)/,
    ],
    [
      'limit: too many decimals',
      withValue(limit(), '--large', '0.0000000000000000001eth'),
      /CLI_INVALID_ARGUMENT.*--large: at most 18 decimals/,
    ],
    [
      'limit: a large amount above u256',
      withValue(limit(), '--large', (1n << 256n).toString()),
      /CLI_INVALID_ARGUMENT.*--large: at most 2\^256/,
    ],
    ['timelock without a unit', ['vault', 'timelock', VAULT, '10'], /CLI_INVALID_ARGUMENT.*<duration>/],
    ['timelock above 365 days', ['vault', 'timelock', VAULT, '9000h'], /CLI_INVALID_ARGUMENT.*<duration>: at most/],
    ['nonce above 2^64 − 1', ['vault', 'nonce', VAULT, (1n << 64n).toString()], /CLI_INVALID_ARGUMENT.*<nonce>/],
    // proposals
    ['propose-eth: no recipient', ['vault', 'propose-eth', VAULT, '--value', '1'], /CLI_USAGE.*missing option --to/],
    ['propose-eth: no value', ['vault', 'propose-eth', VAULT, '--to', ETH], /CLI_USAGE.*missing option --value/],
    ['propose-eth: a short recipient', withValue(proposeEth(), '--to', '0x12'), /ETH_INVALID_ADDRESS.*to/],
    ['propose-eth: a wrong checksum', withValue(proposeEth(), '--to', ETH.replace('C51', 'c51')), /ETH_INVALID_ADDRESS.*checksum/],
    ['propose-eth: a value with an unknown unit', withValue(proposeEth(), '--value', '1btc'), /CLI_INVALID_ARGUMENT.*--value/],
    ['propose-eth: a value of 2^256 wei', withValue(proposeEth(), '--value', (1n << 256n).toString()), /ETH_INVALID_FIELD.*value/],
    ['propose-eth: gas below 21000', proposeEth('--gas', '20999'), /ETH_INVALID_FIELD.*gas/],
    [
      'propose-eth: a tip above the fee cap',
      proposeEth('--max-fee-per-gas', '1gwei', '--max-priority-fee-per-gas', '2gwei'),
      /ETH_INVALID_FIELD.*maxPriorityFeePerGas/,
    ],
    ['propose-btc: no input', proposeBtc('--output', `${RECIPIENT}:40000`, '--fee', '1000'), /CLI_USAGE.*at least one --input/],
    ['propose-btc: no output', proposeBtc('--input', `${TXID}:0:100000`, '--fee', '1000'), /CLI_USAGE.*at least one --output/],
    ['propose-btc: no fee', proposeBtc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:40000`), /CLI_USAGE.*--fee/],
    [
      'propose-btc: a malformed input',
      proposeBtc('--input', 'abc:0:1', '--output', `${RECIPIENT}:40000`, '--fee', '1000'),
      /CLI_INVALID_ARGUMENT.*--input/,
    ],
    [
      'propose-btc: a vout above u32',
      proposeBtc('--input', `${TXID}:4294967296:100000`, '--output', `${RECIPIENT}:40000`, '--fee', '1000'),
      /CLI_INVALID_ARGUMENT.*--input: vout/,
    ],
    [
      'propose-btc: an output without an amount',
      proposeBtc('--input', `${TXID}:0:100000`, '--output', RECIPIENT, '--fee', '1000'),
      /CLI_INVALID_ARGUMENT.*--output/,
    ],
    ['propose-btc: an address of another network', withValue(proposeBtc(...spend), '--bitcoin-network', 'mainnet'), /BTC_INVALID_ADDRESS/],
    [
      'propose-btc: a dust output',
      proposeBtc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:100`, '--fee', '1000'),
      /BTC_DUST_OUTPUT/,
    ],
    [
      'propose-btc: change below dust',
      proposeBtc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:40000`, '--fee', '59900'),
      /BTC_DUST_OUTPUT.*change/,
    ],
    [
      'propose-btc: insufficient funds',
      proposeBtc('--input', `${TXID}:0:1000`, '--output', `${RECIPIENT}:40000`, '--fee', '1000'),
      /BTC_INSUFFICIENT_FUNDS/,
    ],
    [
      'propose-btc: a fee below 1 sat/vB',
      proposeBtc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:40000`, '--fee', '10'),
      /BTC_FEE_TOO_LOW/,
    ],
    [
      'propose-btc: the same input twice',
      proposeBtc('--input', `${TXID}:0:60000`, '--input', `${TXID}:0:60000`, '--output', `${RECIPIENT}:40000`, '--fee', '1000'),
      /BTC_DUPLICATE_INPUT/,
    ],
    [
      'propose-btc: an amount over 21M BTC',
      proposeBtc('--input', `${TXID}:0:21000001btc`, '--output', `${RECIPIENT}:40000`, '--fee', '1000'),
      /BTC_INVALID_AMOUNT/,
    ],
    ['propose-btc: a lock time above u32', proposeBtc(...spend, '--lock-time', '4294967296'), /CLI_INVALID_ARGUMENT.*--lock-time/],
    [
      'execute: an unknown Bitcoin network',
      ['vault', 'execute', VAULT, '0', '--bitcoin-network', 'signet'],
      /CLI_INVALID_ARGUMENT.*--bitcoin-network/,
    ],
  ];
  for (const [name, argv, expected] of cases) {
    test(name, async () => {
      const { status, stderr } = await run(...argv);
      assert.equal(status, 2, stderr);
      assert.match(stderr, expected);
      assert.doesNotMatch(stderr, /NETWORK_NOT_FOUND/);
    });
  }
});

describe('dwallet vault: good command lines go on to the network', () => {
  for (const argv of [
    create('--timelock', '10s', '--bitcoin-network', 'regtest'),
    ['vault', 'show', VAULT],
    ['vault', 'approver', 'add', VAULT, A],
    ['vault', 'approver', 'remove', VAULT, B, '--admin-cap', A],
    ['vault', 'threshold', VAULT, '2'],
    ['vault', 'allow', VAULT, '--eth', ETH],
    ['vault', 'allow', VAULT, '--btc', RECIPIENT, '--bitcoin-network', 'regtest'],
    ['vault', 'disallow', VAULT, '--btc-script', '6a0401020304'],
    limit(),
    withValue(withValue(withValue(limit(), '--chain', 'btc'), '--limit', '0.01btc'), '--large', '50000'),
    ['vault', 'timelock', VAULT, '0'],
    ['vault', 'nonce', VAULT, ((1n << 64n) - 1n).toString()],
    proposeEth('--gas', '30000', '--max-fee-per-gas', '2gwei', '--max-priority-fee-per-gas', '1gwei'),
    proposeBtc(...spend),
    ['vault', 'approve', VAULT, '0'],
    ['vault', 'cancel', VAULT, ((1n << 64n) - 1n).toString()],
    ['vault', 'execute', VAULT, '3', '--bitcoin-network', 'regtest'],
    ['vault', 'execute', VAULT, '3', '--gas-budget', '100000000'],
  ]) {
    test(argv.slice(0, 3).join(' '), async () => {
      const { status, stderr } = await run(...argv);
      assert.equal(status, 1, stderr);
      assert.match(stderr, /CLI_NETWORK_NOT_FOUND/);
    });
  }
});

describe('dwallet vault: help', () => {
  test('dwallet vault lists the subcommands (exit 2 without one, 0 with --help); the tool lists the group', async () => {
    const bare = await run('vault');
    assert.equal(bare.status, 2);
    assert.match(bare.stderr, /usage: dwallet vault <command>/);
    const help = await run('vault', '--help');
    assert.equal(help.status, 0);
    for (const name of [
      'create',
      'show',
      'approver',
      'threshold',
      'allow',
      'disallow',
      'limit',
      'timelock',
      'propose-eth',
      'propose-btc',
      'approve',
      'cancel',
      'execute',
    ]) {
      assert.match(help.stdout, new RegExp(`\\n  ${name}\\s+\\S`), name);
    }
    assert.match(help.stdout, /the network completes its\s+signatures alone/);
    assert.match((await run('--help')).stdout, /\n {2}vault\s+policy vaults/);
    const approver = await run('vault', 'approver', '--help');
    assert.equal(approver.status, 0);
    assert.match(approver.stdout, /add\s+add an approver\n\s+remove\s+remove an approver/);
  });

  test('a subcommand prints its usage', async () => {
    const { status, stdout } = await run('vault', 'execute', '--help');
    assert.equal(status, 0);
    assert.match(stdout, /usage: dwallet vault execute <vault id> <proposal id>/);
    assert.match(stdout, /no user share is involved/);
    assert.match((await run('vault', 'approver', 'add', '--help')).stdout, /usage: dwallet vault approver add <vault id> <address>/);
  });

  test('durations take a unit', () => {
    assert.equal(parseDuration('--x', '0'), 0n);
    assert.equal(parseDuration('--x', '250ms'), 250n);
    assert.equal(parseDuration('--x', '30s'), 30_000n);
    assert.equal(parseDuration('--x', '10m'), 600_000n);
    assert.equal(parseDuration('--x', '24h'), 86_400_000n);
    assert.equal(parseDuration('--x', '7d'), 604_800_000n);
    for (const bad of ['', '10', '1.5h', '-1s', '1w', 'h', '1 h']) {
      assert.throws(() => parseDuration('--x', bad), { code: 'CLI_INVALID_ARGUMENT' }, bad);
    }
    assert.throws(() => parseDuration('--x', '2s', 1_000n), /at most 1000 ms/);
  });
});

describe('dwallet vault: argument errors load no SDK', () => {
  const SDK = /\/client\/dwallet-client\.ts$|\/client\/actions\/|\/node_modules\/@mysten\/|\/mpc\/ecdsa\/|\/mpc\/classgroups\//;
  const BIN = join(process.cwd(), 'bin', 'dwallet.mjs');
  for (const [name, argv] of [
    ['a bad vault id', ['vault', 'show', '0x12']],
    ['a bad Ethereum recipient', ['vault', 'allow', VAULT, '--eth', '0x12']],
    ['a Bitcoin spend below dust', proposeBtc('--input', `${TXID}:0:100000`, '--output', `${RECIPIENT}:100`, '--fee', '1000')],
  ] as const) {
    test(name, () => {
      const log = join(dir, `${name.replaceAll(' ', '-')}.modules`);
      const hook = join(process.cwd(), 'test', 'client', 'support', 'module-log.mjs');
      const result = spawnSync(process.execPath, ['--import', hook, BIN, ...argv, ...missingNetwork], {
        encoding: 'utf8',
        env: { ...process.env, DWALLET_MODULE_LOG: log },
      });
      assert.equal(result.status, 2, result.stderr);
      const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      assert.ok(modules.some((url) => url.endsWith('/client/cli/commands/vault/index.ts')));
      assert.deepEqual(
        modules.filter((url) => SDK.test(url)),
        [],
      );
    });
  }
});

describe('dwallet vault show: how a vault and its proposals read', () => {
  const hash = new Uint8Array(20).fill(7);
  const own = OutScript.encode({ type: 'wpkh', hash });
  const recipientScript = OutScript.encode(Address(REGTEST).decode(RECIPIENT));
  const limit = (large: bigint) => ({
    period_ms: 86_400_000n,
    limit_per_period: 1_000_000n,
    large_amount: large,
    period_start_ms: 1_700_000_000_000n,
    spent_in_period: 41_000n,
  });
  const vault = {
    id: VAULT,
    dwallet_cap: { id: `0x${'01'.repeat(32)}`, dwallet_id: DWALLET },
    dwallet_id: DWALLET,
    approvers: [A, B],
    required_approvals: 2n,
    ethereum_recipients: [hexToBytes(ETH.slice(2))],
    bitcoin_recipients: [recipientScript],
    ethereum: { chain_id: 11_155_111n, nonce: 3n, spending_limit: limit(100n) },
    bitcoin: { pubkey_hash: hash, spending_limit: limit(500_000n) },
    timelock_ms: 20_000n,
    proposals: { id: `0x${'02'.repeat(32)}`, size: 2n },
    next_proposal_id: 2n,
  } as unknown as VaultValue;
  const txid = `${'ab'.repeat(31)}01`;
  const bitcoin = {
    proposer: B,
    chain: 1,
    amount: 41_000n,
    created_at_ms: 1_700_000_100_000n,
    approvals: [A, `0x${'ee'.repeat(32)}`],
    status: 1,
    ethereum: null,
    bitcoin: {
      inputs: [{ txid: hexToBytes(txid).reverse(), vout: 1, value: 100_000n, sequence: 0xfffffffd }],
      outputs: [
        { value: 40_000n, script_pubkey: recipientScript },
        { value: 59_000n, script_pubkey: own },
      ],
      lock_time: 0,
      sign_ids: [`0x${'05'.repeat(32)}`],
    },
  } as unknown as ProposalValue;
  const ethereum = {
    proposer: A,
    chain: 0,
    amount: 500n,
    created_at_ms: 1_700_000_200_000n,
    approvals: [],
    status: 0,
    ethereum: {
      to: hexToBytes(ETH.slice(2)),
      value: 80n,
      max_priority_fee_per_gas: 1n,
      max_fee_per_gas: 2n,
      gas_limit: 210n,
      nonce: null,
      sign_id: null,
    },
    bitcoin: null,
  } as unknown as ProposalValue;

  test('the vault: addresses on the network asked for, limits in words, the dWallet said to be shared', () => {
    const info = vaultInfo(vault, 5n, secp256k1.getPublicKey(new Uint8Array(32).fill(3), true), 'regtest');
    assert.equal(info.bitcoin.own.address, Address(REGTEST).encode({ type: 'wpkh', hash }));
    assert.deepEqual(info.ethereum.recipients, [ETH]);
    assert.equal(info.bitcoin.recipients[0]?.address, RECIPIENT);
    const record = vaultRecord(info, false);
    assert.equal(record.requiredApprovals, '2 of 2');
    assert.match(String(record.dwallet), /shared: the network completes its signatures/);
    assert.equal(record.ethereumLimitPerPeriod, '1000000 wei per 86400000 ms');
    assert.equal(record.bitcoinSpentInPeriod, '41000 sat since 2023-11-14T22:13:20.000Z');
    assert.deepEqual(record.bitcoinRecipients, [RECIPIENT]);
  });

  test('proposals: txids as displayed, change marked, only current approvers counted, large amounts with their unlock time', () => {
    const btc = proposalInfo(vault, 1n, bitcoin, 'regtest');
    assert.equal(btc.state, 'executed');
    assert.equal(btc.bitcoin?.inputs[0]?.txid, txid);
    assert.deepEqual(
      btc.bitcoin?.outputs.map((o) => [o.address, o.value, o.change]),
      [
        [RECIPIENT, 40_000n, false],
        [Address(REGTEST).encode({ type: 'wpkh', hash }), 59_000n, true],
      ],
    );
    assert.equal(btc.bitcoin?.fee, 1_000n);
    assert.equal(btc.countedApprovals, 1, 'an approval by someone no longer an approver does not count');
    assert.equal(btc.large, false);
    const record = proposalRecord(btc, false);
    assert.deepEqual(record.inputs, [`${txid}:1:100000`]);
    assert.deepEqual(record.outputs, [`${RECIPIENT}:40000`, `${Address(REGTEST).encode({ type: 'wpkh', hash })}:59000 (change)`]);
    assert.deepEqual(record.signIds, [`0x${'05'.repeat(32)}`]);

    const eth = proposalInfo(vault, 0n, ethereum, 'regtest');
    assert.equal(eth.state, 'open');
    assert.equal(eth.large, true);
    assert.equal(eth.unlocksAtMs, 1_700_000_220_000n);
    assert.equal(eth.ethereum?.to, ETH);
    const ethRecord = proposalRecord(eth, false);
    assert.equal(ethRecord.amount, '500 wei (large)');
    assert.equal(ethRecord.unlocksAt, '2023-11-14T22:17:00.000Z');
    assert.equal(ethRecord.approvals, 'none');
    assert.equal(ethRecord.nonce, undefined);
  });
});
