/**
 * `dwallet devnet reconfigure`'s command line, without a network: every wrong change (a bad index,
 * a bad weight syntax, removing every validator, a threshold out of range, …) exits 2 with the
 * option and the reason, before anything starts — checked against the data folder's manifest when
 * there is one (here written by hand: a devnet whose validator 1 was removed and 4 added), against
 * the network `--validators` would create otherwise. The change itself runs end to end in
 * test/network/epoch-change.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { MANIFEST_VERSION, writeManifest } from '../../devnet/layout.ts';
import { type CliRun, runCliCaptured } from './support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'dwallet-cli-reconfigure-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(...argv: string[]): Promise<CliRun> {
  return runCliCaptured(argv);
}

/** A folder with no network yet: the change is checked against the one the command would create. */
const empty = join(dir, 'empty');
/** A folder whose devnet was reconfigured once: validators 0, 2, 3, 4 in the committee, 1 removed. */
const reconfigured = join(dir, 'reconfigured');
const entry = (index: number, place: object) => ({
  index,
  port: 1,
  suiAddress: `0x${'00'.repeat(32)}`,
  blsPublicKey: '',
  proofOfPossession: '',
  shareEncryptionKey: '',
  dir: join(reconfigured, 'validators', String(index)),
  keyFile: join(reconfigured, 'validators', String(index), 'key.json'),
  ...place,
});
mkdirSync(reconfigured, { recursive: true });
writeManifest(reconfigured, {
  version: MANIFEST_VERSION,
  host: '127.0.0.1',
  threshold: 3,
  curves: ['secp256k1'],
  chain: { port: 1, db: join(reconfigured, 'chain', 'chain.sqlite') },
  admin: { address: `0x${'00'.repeat(32)}`, keyFile: join(reconfigured, 'admin.key.json') },
  validators: [
    entry(0, { status: 'member', committeeIndex: 0 }),
    entry(1, { status: 'removed', committeeIndex: null }),
    entry(2, { status: 'member', committeeIndex: 1 }),
    entry(3, { status: 'member', committeeIndex: 2 }),
    entry(4, { status: 'member', committeeIndex: 3 }),
  ],
  relayers: [],
  chainConfigured: true,
  networkKeyId: `0x${'11'.repeat(32)}`,
  epoch: 2,
});

describe('dwallet devnet reconfigure: bad changes exit 2 with the option and the reason, before anything starts', () => {
  const cases: [string, string, string[], RegExp][] = [
    [
      'removing every validator',
      empty,
      ['--remove', '0,1,2,3'],
      /CLI_INVALID_ARGUMENT.*--remove: the change removes every validator and adds none/,
    ],
    ['an unknown index', empty, ['--remove', '4'], /--remove: no validator 4 \(the devnet's validators are numbered 0 to 3\)/],
    ['an index that is not a number', empty, ['--remove', '1,x'], /--remove: expected validator indices separated by commas, e.g. 1,3/],
    ['an empty index', empty, ['--remove', '1,'], /--remove: expected validator indices separated by commas/],
    ['an index twice', empty, ['--remove', '2,2'], /--remove: validator 2 is named twice/],
    ['a validator removed already', reconfigured, ['--remove', '1'], /--remove: validator 1 is not in the committee \(removed already\)/],
    [
      "an index past the folder's validators",
      reconfigured,
      ['--remove', '5'],
      /--remove: no validator 5 \(the devnet's validators are numbered 0 to 4\)/,
    ],
    ['a weight without its index', empty, ['--weight', '2'], /--weight: expected index=weight pairs separated by commas, e.g. 0=2,4=1/],
    ['a weight with a colon', empty, ['--weight', '0:2'], /--weight: expected index=weight pairs/],
    ['a weight of 0', empty, ['--weight', '0=0'], /--weight: expected a whole number from 1 to 1000000/],
    ['a negative weight', empty, ['--weight', '0=-1'], /--weight: expected index=weight pairs/],
    ['two weights for one validator', empty, ['--weight', '0=2,0=3'], /--weight: validator 0 is given two weights/],
    [
      'a weight of a removed validator',
      reconfigured,
      ['--weight', '1=2'],
      /--weight: validator 1 is not in the new committee \(its members: 0, 2, 3, 4\)/,
    ],
    [
      'a weight of a validator not added',
      empty,
      ['--add', '1', '--weight', '5=2'],
      /--weight: validator 5 is not in the new committee .*or 4 for the added ones/,
    ],
    ['too many new validators', empty, ['--add', '65'], /--add: expected a whole number from 0 to 64/],
    ['a committee above 64', empty, ['--add', '61'], /--add: the new committee would have 65 members; at most 64/],
    [
      'a threshold at 2/3',
      empty,
      ['--add', '2', '--threshold', '4'],
      /--threshold: 4 is out of range: it must be above 2\/3 of the new total weight 6 and at most 6/,
    ],
    [
      'a threshold above the total weight',
      empty,
      ['--weight', '0=2', '--threshold', '6'],
      /--threshold: 6 is out of range: .*total weight 5/,
    ],
    ['a threshold of 0', empty, ['--threshold', '0'], /--threshold: expected a whole number from 1 to/],
  ];
  for (const [name, dataDir, argv, expected] of cases) {
    test(name, async () => {
      const { status, stdout, stderr } = await run('devnet', 'reconfigure', '--data-dir', dataDir, ...argv);
      assert.equal(status, 2, stderr);
      assert.match(stderr, expected);
      assert.equal(stdout, '');
    });
  }

  test('an unknown action, a change without reconfigure, an extra argument: usage errors', async () => {
    for (const [argv, expected] of [
      [['devnet', 'reshuffle'], /CLI_USAGE.*unexpected argument "reshuffle" \(the devnet's only action is reconfigure\)/],
      [['devnet', '--add', '1'], /CLI_USAGE.*--add changes the committee: dwallet devnet reconfigure --add/],
      [['devnet', '--remove', '1'], /CLI_USAGE.*--remove changes the committee/],
      [['devnet', 'reconfigure', 'now'], /CLI_USAGE.*unexpected argument "now"/],
    ] as const) {
      const { status, stderr } = await run(...argv, '--data-dir', empty);
      assert.equal(status, 2, stderr);
      assert.match(stderr, expected);
    }
  });

  test('--json: the error as JSON with its code and option', async () => {
    const { status, stderr } = await run('devnet', 'reconfigure', '--data-dir', empty, '--remove', '9', '--json');
    assert.equal(status, 2);
    const { error } = JSON.parse(stderr) as { error: { code: string; message: string; details: { option: string } } };
    assert.equal(error.code, 'CLI_INVALID_ARGUMENT');
    assert.equal(error.details.option, '--remove');
  });

  test('nothing was started or created', () => {
    assert.equal(existsSync(empty), false, 'no data folder made for a refused change');
  });

  test('--help shows the reconfigure usage', async () => {
    const { status, stdout } = await run('devnet', '--help');
    assert.equal(status, 0);
    assert.match(
      stdout,
      /dwallet devnet reconfigure \[--data-dir .*\] \[--add n\] \[--remove i,j\] \[--weight i=w,\.\.\.\] \[--threshold t\]/,
    );
  });
});
