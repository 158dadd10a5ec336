/**
 * What the tool prints. Results go to stdout: with `--json` one JSON object per command (bigints as
 * decimal strings, bytes as 0x-hex), otherwise aligned `label  value` lines for people. Progress
 * goes to stderr so that stdout stays parseable. Errors go to stderr: `error [CODE]: message`, or
 * with `--json` `{"error":{"code","message","details"}}`; warnings likewise (`warning [CODE]: …`,
 * `{"warning":{"code","message"}}`), in both modes.
 * @module
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { DWalletError } from '../../mpc/errors.ts';

/** Where the tool writes (the process's stdout and stderr, or a test's buffers). */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export type Printable =
  | string
  | number
  | bigint
  | boolean
  | null
  | Uint8Array
  | readonly Printable[]
  | { readonly [key: string]: Printable };

/** JSON with bigints as decimal strings and bytes as 0x-hex. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_, v) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Uint8Array) return `0x${bytesToHex(v)}`;
    return v;
  });
}

function human(value: Printable): string {
  if (value instanceof Uint8Array) return `0x${bytesToHex(value)}`;
  if (value === null) return '-';
  if (Array.isArray(value)) return value.map((v) => human(v)).join(', ');
  if (typeof value === 'object') return toJson(value);
  return String(value);
}

export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: (text: string) => void = (text) => process.stdout.write(text),
    private readonly stderr: (text: string) => void = (text) => process.stderr.write(text),
  ) {}

  /** The command's result: a record of labelled values. */
  result(record: Readonly<Record<string, Printable>>): void {
    if (this.json) {
      this.stdout(`${toJson(record)}\n`);
      return;
    }
    const width = Math.max(0, ...Object.keys(record).map((k) => k.length));
    for (const [key, value] of Object.entries(record)) this.stdout(`${key.padEnd(width)}  ${human(value)}\n`);
  }

  /** A list of records: a JSON array under `key`, or one block per record for people. */
  list(key: string, records: readonly Readonly<Record<string, Printable>>[]): void {
    if (this.json) {
      this.stdout(`${toJson({ [key]: records })}\n`);
      return;
    }
    if (records.length === 0) this.stdout(`no ${key}\n`);
    records.forEach((record, i) => {
      if (i > 0) this.stdout('\n');
      this.result(record);
    });
  }

  /** A progress line for people (stderr; silent with --json). */
  progress(line: string): void {
    if (!this.json) this.stderr(`${line}\n`);
  }

  /** Something the user should know although the command goes on (stderr, also with --json). */
  warning(code: string, message: string): void {
    this.stderr(this.json ? `${toJson({ warning: { code, message } })}\n` : `warning [${code}]: ${message}\n`);
  }

  error(error: unknown): void {
    const known = error instanceof DWalletError;
    const code = known ? error.code : 'INTERNAL_ERROR';
    const message = error instanceof Error ? error.message : String(error);
    if (this.json) {
      this.stderr(`${toJson({ error: { code, message, details: known ? error.details : {} } })}\n`);
      return;
    }
    this.stderr(`error [${code}]: ${message}\n`);
  }
}
