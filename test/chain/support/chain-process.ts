/** Starts `chain/local/main.ts` as a separate process and stops it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChainProcess {
  url: string;
  child: ChildProcess;
  /** What the process wrote on stderr so far (its JSON log lines). */
  stderr(): string;
  stop(): Promise<number | null>;
}

export function startChainProcess(args: string[]): Promise<ChainProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'chain/local/main.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
    lines.once('line', (line) => {
      try {
        const { url } = JSON.parse(line) as { url: string };
        resolve({
          url,
          child,
          stderr: () => stderr,
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      } catch (error) {
        reject(error);
      }
    });
    void exited.then((code) => reject(new Error(`local chain exited with ${code}: ${stderr}`)));
  });
}

/** Runs `main.ts` to completion (for argument errors); resolves with its exit code and stderr. */
export function runChainProcess(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'chain/local/main.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}
