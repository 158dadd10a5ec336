/**
 * One service process of the devnet (the local chain, a validator, a relayer): started as
 * `node --import tsx <script> <args>` from the repository root, ready when it prints its first
 * JSON line on stdout (`{ "url": … }`), its stderr (structured log lines) appended to a log file.
 * `stop` sends SIGTERM and waits for the graceful exit (SIGKILL after a deadline); `kill` is the
 * crash the fault tests need. An exit we did not cause is reported (`onExit`), as expected when its
 * code is one the service ends with by design (`expectedExitCodes`: a validator stopping by itself
 * at an epoch change, 75 to be restarted or 0 having left), as a crash otherwise. A process
 * still running when the process that started it exits (a test or script that failed before
 * stopping the devnet) is killed with it, never left behind;
 * and when that process is killed outright (SIGKILL, no exit handler runs), each service sees its
 * stdin — a pipe from it — end, and stops by itself (runtime/service.ts `onParentExit`).
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sleep } from '../chain/retry.ts';
import { PARENT_PIPE_ENV } from '../runtime/service.ts';
import { DevnetError, DevnetErrorCodes } from './layout.ts';

export const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ProcessSpec {
  readonly name: string;
  /** Path of the entry point, relative to the repository root. */
  readonly script: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the ready line. */
  readonly startTimeoutMs?: number;
  /** Each line the process writes on stderr (besides the log file). */
  readonly onLog?: (line: string) => void;
  /** Exit codes with which the service ends by itself by design (not a crash). */
  readonly expectedExitCodes?: readonly number[];
  /**
   * Called when the process ends by itself once ready (not stopped nor killed by us): `expected`
   * when its code is one of `expectedExitCodes`, a crash otherwise. `tail`: its last log lines.
   */
  readonly onExit?: (code: number | null, expected: boolean, tail: string) => void;
}

/**
 * `DWALLET_CPU_PROFILE_DIR=<dir>`: every service process (and its worker threads) writes a V8 CPU
 * profile into `<dir>/<process name>/` when it exits — for finding where a devnet's time goes
 * (Node refuses `--cpu-prof` in NODE_OPTIONS, so it is passed here).
 */
function profilingArgs(name: string): string[] {
  const dir = process.env.DWALLET_CPU_PROFILE_DIR;
  return dir === undefined || dir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${join(dir, name)}`];
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class ServiceProcess {
  #child: ChildProcess | undefined;
  #exited: Promise<number | null> | undefined;
  #url: string | undefined;
  #ready: Record<string, unknown> = {};
  /** Set by `stop` and `kill`: the exit that follows is ours. */
  #ending = false;
  #exitCode: number | null = null;

  constructor(readonly spec: ProcessSpec) {}

  /** The exit code of the last run (null while running, never started, or ended by a signal). */
  get exitCode(): number | null {
    return this.#exitCode;
  }

  /** Resolves with the exit code once the current run has ended (at once when it is not running). */
  async exited(): Promise<number | null> {
    if (this.#exited === undefined) return null;
    return this.#exited;
  }

  get url(): string {
    if (this.#url === undefined) throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, `${this.spec.name} is not running`);
    return this.#url;
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** The JSON the process printed when it became ready. */
  get ready(): Record<string, unknown> {
    return this.#ready;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const { spec } = this;
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const log = createWriteStream(spec.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [...profilingArgs(spec.name), '--import', 'tsx', spec.script, ...spec.args], {
      cwd: REPOSITORY_ROOT,
      // stdin: a pipe we never write to, whose end tells the service that we are gone.
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...spec.env, [PARENT_PIPE_ENV]: '1' },
    });
    this.#child = child;
    this.#ending = false;
    this.#exitCode = null;
    running.add(child);
    let tail = '';
    let started = false;
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        running.delete(child);
        log.end();
        this.#exitCode = code;
        if (started && !this.#ending) spec.onExit?.(code, code !== null && (spec.expectedExitCodes ?? []).includes(code), tail);
        resolve(code);
      }),
    );
    createInterface({ input: child.stderr as NonNullable<ChildProcess['stderr']> }).on('line', (line) => {
      log.write(`${line}\n`);
      tail = `${tail}${line}\n`.slice(-4000);
      spec.onLog?.(line);
    });
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
    const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
      lines.once('line', (line) => {
        try {
          resolve(JSON.parse(line) as Record<string, unknown>);
        } catch {
          reject(
            new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, `${spec.name} printed something else than its ready line: ${line}`),
          );
        }
      });
    });
    const timeoutMs = spec.startTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const failed = Promise.race([
      (this.#exited as Promise<number | null>).then((code) => {
        throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, `${spec.name} exited with ${code} before it was ready:\n${tail}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, `${spec.name} was not ready after ${timeoutMs} ms:\n${tail}`)),
          timeoutMs,
        );
      }),
    ]);
    try {
      this.#ready = await Promise.race([ready, failed]);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (typeof this.#ready.url !== 'string') {
      child.kill('SIGKILL');
      throw new DevnetError(DevnetErrorCodes.DEVNET_PROCESS_FAILED, `${spec.name} did not report its URL`);
    }
    this.#url = this.#ready.url;
    started = true;
  }

  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code. */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    const child = this.#child;
    if (child === undefined || !this.running) return child?.exitCode ?? null;
    this.#ending = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await this.#exited;
    clearTimeout(timer);
    return code ?? null;
  }

  /** Ends the process at once, as a crash would. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    this.#ending = true;
    child.kill('SIGKILL');
    await this.#exited;
  }
}

/** Polls `url/health` until it answers 200 with `ok: true` (and `check` holds, if given). */
export async function waitHealthy(
  name: string,
  url: string,
  options: { timeoutMs?: number; check?: (health: Record<string, unknown>) => boolean } = {},
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5000) });
      const health = (await response.json()) as Record<string, unknown>;
      if (response.ok && health.ok === true && (options.check?.(health) ?? true)) return health;
      last = JSON.stringify(health);
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new DevnetError(DevnetErrorCodes.DEVNET_UNHEALTHY, `${name} at ${url} is not healthy: ${last}`);
}
