/** Runs the `dwallet` CLI in process (client/cli/main.ts runCli) and collects what it prints. */
import { runCli } from '../../../client/cli/main.ts';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCliCaptured(argv: readonly string[], signal = new AbortController().signal): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await runCli([...argv], signal, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { status, stdout, stderr };
}
