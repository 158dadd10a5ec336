/**
 * The life of a demo script (`npm start`, `npm run demo:vault`): start the devnet in `dataDir`
 * and print its endpoints, wait until every presign pool (one per signing scheme of the network key's
 * curves) holds 2 presigns, run the demo,
 * then stop the network — or, with `--keep` on the command line, leave it running until Ctrl-C
 * (SIGINT/SIGTERM), printing the demo's hint of what to try against it. Exits the process with 0,
 * or 1 after printing the error that ended the demo.
 * @module
 */
import { endpointRecord, startLocalNetwork, watchPool } from '../client/cli/commands/devnet.ts';
import { Output } from '../client/cli/output.ts';

export interface DemoRun {
  readonly output: Output;
  /** Aborted by Ctrl-C (SIGINT) or SIGTERM. */
  readonly signal: AbortSignal;
}

/** Runs `demo` on a devnet; `demo` returns the line printed when the network is kept running. */
export async function runOnDevnet(
  options: { dataDir: string; poolTarget: number },
  demo: (run: DemoRun) => Promise<string>,
): Promise<never> {
  const keep = process.argv.includes('--keep');
  const output = new Output(false);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());

  const devnet = await startLocalNetwork({ dataDir: options.dataDir, poolTarget: options.poolTarget, output });
  let status = 0;
  try {
    output.result(endpointRecord(devnet, options.dataDir));
    await watchPool(devnet, 2, output, controller.signal);
    const keepHint = await demo({ output, signal: controller.signal });
    if (keep) {
      output.progress(`the network keeps running (--keep); ${keepHint}; Ctrl-C stops it`);
      await new Promise<void>((done) => controller.signal.addEventListener('abort', () => done(), { once: true }));
    }
  } catch (error) {
    output.error(error);
    status = 1;
  } finally {
    output.progress('stopping the network');
    await devnet.stop();
  }
  process.exit(status);
}
