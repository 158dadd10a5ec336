/**
 * Parsing of command-line values: each parser takes the option's name (for the message) and the
 * raw string, and either returns the typed value or throws a `CLI_INVALID_ARGUMENT` error that
 * says what was expected. Nothing here touches the network.
 * @module
 */
import { parseArgs } from 'node:util';
import { hexToBytes } from '@noble/hashes/utils.js';
import { invalidArgument, usageError } from './errors.ts';

export type OptionSpec = Readonly<Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>>;

export interface ParsedCommandLine {
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

/** Strict parsing: unknown options and missing option values are usage errors. */
export function parseCommandLine(argv: readonly string[], options: OptionSpec): ParsedCommandLine {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    return { values: values as ParsedCommandLine['values'], positionals };
  } catch (error) {
    throw usageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** Exactly `names.length` positional arguments, named for the message. */
export function positionalArguments(positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length < names.length) throw usageError(`missing argument <${names[positionals.length]}>`);
  if (positionals.length > names.length) throw usageError(`unexpected argument ${JSON.stringify(positionals[names.length])}`);
  return [...positionals];
}

const HEX = /^(0x)?([0-9a-fA-F]{2})*$/;

/** Hex bytes, with or without 0x; `length` pins the byte count. */
export function parseHexBytes(option: string, value: string, length?: number): Uint8Array {
  if (!HEX.test(value)) throw invalidArgument(option, 'expected hex bytes (an even number of hex digits, 0x optional)', value);
  const bytes = hexToBytes(value.startsWith('0x') ? value.slice(2) : value);
  if (length !== undefined && bytes.length !== length) {
    throw invalidArgument(option, `expected exactly ${length} bytes, got ${bytes.length}`, value);
  }
  return bytes;
}

/**
 * An id of the network — a dWallet, sign, cap or session id, or a Sui address: always 32 bytes,
 * written as 64 hex digits (0x optional, any case); normalised to 0x and lowercase. A shorter
 * value is refused rather than zero-padded: a truncated id or address is a mistake, and padding
 * it would name another object (or send a cap to an address nobody holds).
 */
export function parseId(option: string, value: string): string {
  const digits = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (!/^[0-9a-fA-F]*$/.test(digits)) throw invalidArgument(option, 'expected 32 bytes as 64 hex digits (0x optional)', value);
  if (digits.length !== 64)
    throw invalidArgument(option, `expected 32 bytes as 64 hex digits (0x optional), got ${digits.length} digits`, value);
  return `0x${digits.toLowerCase()}`;
}

/** A non-negative integer (decimal) up to `max`, as a bigint. */
export function parseUnsigned(option: string, value: string, max?: bigint): bigint {
  if (!/^[0-9]+$/.test(value)) throw invalidArgument(option, 'expected a non-negative whole number', value);
  const parsed = BigInt(value);
  if (max !== undefined && parsed > max) throw invalidArgument(option, `expected a whole number from 0 to ${max}`, value);
  return parsed;
}

/** An integer in [min, max], as a number. */
export function parseIntegerIn(option: string, value: string, min: number, max: number): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw invalidArgument(option, `expected a whole number from ${min} to ${max}`, value);
  }
  return Number(value);
}

/**
 * An amount in the smallest unit, written as a whole number of that unit or as a decimal with a
 * unit suffix (`units` maps a suffix to its decimals), e.g. `0.01eth`, `30gwei`, `0.5btc`.
 */
export function parseAmount(option: string, value: string, units: Readonly<Record<string, number>>): bigint {
  const match = /^([0-9]+)(?:\.([0-9]+))?([a-z]*)$/i.exec(value.trim());
  const unit = match?.[3]?.toLowerCase() ?? '';
  if (match === null || (unit === '' && match[2] !== undefined) || (unit !== '' && units[unit] === undefined)) {
    const suffixes = Object.keys(units).join(', ');
    throw invalidArgument(option, `expected a whole number of the smallest unit, or a decimal with a unit (${suffixes})`, value);
  }
  const decimals = unit === '' ? 0 : (units[unit] as number);
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) throw invalidArgument(option, `at most ${decimals} decimals for ${unit}`, value);
  return BigInt(match[1] as string) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

const DURATION_UNITS: Readonly<Record<string, bigint>> = { ms: 1n, s: 1_000n, m: 60_000n, h: 3_600_000n, d: 86_400_000n };

/**
 * A duration with its unit — `500ms`, `30s`, `10m`, `24h`, `7d` (`0` alone is zero) — in
 * milliseconds, at most `maxMs`.
 */
export function parseDuration(option: string, value: string, maxMs?: bigint): bigint {
  const match = /^([0-9]+)(ms|s|m|h|d)$/.exec(value.trim());
  if (match === null && value.trim() !== '0') {
    throw invalidArgument(option, 'expected a whole number with a unit: ms, s, m, h or d (e.g. 30s, 24h)', value);
  }
  const ms = match === null ? 0n : BigInt(match[1] as string) * (DURATION_UNITS[match[2] as string] as bigint);
  if (maxMs !== undefined && ms > maxMs) throw invalidArgument(option, `at most ${maxMs} ms`, value);
  return ms;
}

/** One of a fixed set of words. */
export function parseChoice<const T extends string>(option: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) throw invalidArgument(option, `expected one of ${choices.join(', ')}`, value);
  return value as T;
}

/** The single string value of an option (undefined when absent). */
export function stringOption(values: ParsedCommandLine['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredOption(values: ParsedCommandLine['values'], name: string): string {
  const value = stringOption(values, name);
  if (value === undefined) throw usageError(`missing option --${name}`);
  return value;
}

export function listOption(values: ParsedCommandLine['values'], name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}
