/**
 * How fast the `dwallet` tool answers what needs no network, as a user meets it (the real
 * executable, a new process each time, wall time from spawn to exit):
 *
 * - `dwallet --help`, and an argument error (`show 0x12`, exit 2): neither loads the SDK;
 * - a network that does not answer (`list` with a network description whose chain refuses
 *   connections, exit 1): the probe answers before the SDK is loaded. Target: within 2 s.
 *
 * Baselines, measured in the same run: loading the SDK module (client/dwallet-client.ts) through
 * the same TypeScript loader, which every command paid before the tool loaded it lazily, and a
 * bare `node -e 0` (the floor no command can beat).
 *
 * Run: npm run bench -- cli   (option: --runs 7)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { closedPort, writeNetworkFile } from '../devnet/load/network-file.ts';
import { BenchReport, type Measurement, measure } from './support/harness.ts';

function timeProcess(args: string[], expectedStatus: number, runs: number): Measurement {
  return measure(
    () => {
      const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (result.status !== expectedStatus) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    },
    { iterations: runs, warmup: 1 },
  );
}

export async function run(argv: string[] = []): Promise<BenchReport> {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string', default: '7' } } });
  const runs = Number(values.runs);
  const report = new BenchReport('cli (wall time of a new process)');
  const dir = mkdtempSync(join(tmpdir(), 'dwallet-bench-cli-'));
  try {
    const network = writeNetworkFile(join(dir, 'network.json'), `http://127.0.0.1:${await closedPort()}`);
    const bin = join('bin', 'dwallet.mjs');
    const sdk = {
      name: 'loading the SDK',
      measurement: timeProcess(['--import', 'tsx', '-e', "await import('./client/dwallet-client.ts')"], 0, runs),
    };
    const floor = timeProcess(['-e', '0'], 0, runs);
    report.add({ name: 'node -e 0 (floor)', measurement: floor });
    report.add({ name: 'dwallet --help', measurement: timeProcess([bin, '--help'], 0, runs), baseline: sdk });
    report.add({ name: 'dwallet show 0x12 (argument error)', measurement: timeProcess([bin, 'show', '0x12'], 2, runs), baseline: sdk });
    report.add({
      name: 'dwallet list, network down',
      measurement: timeProcess([bin, 'list', '--network', network, '--wallet', join(dir, 'wallet')], 1, runs),
      baseline: sdk,
      targetMs: 2_000,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}
