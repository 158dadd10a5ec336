/**
 * The options a Bitcoin spend is given by on the command line (`sign-btc-tx`, `vault propose-btc`):
 * `--input <txid>:<vout>:<amount>` and `--output <address>:<amount>`, each repeatable and needed
 * at least once, and the explicit `--fee`; amounts in satoshis or with a unit (`0.001btc`).
 * @module
 */
import { listOption, type ParsedCommandLine, parseAmount, stringOption } from './args.ts';
import { invalidArgument, usageError } from './errors.ts';

export const BTC_UNITS = { btc: 8, sat: 0 } as const;

/** `<txid>:<vout>:<amount>` — an output of an earlier transaction paying the dWallet. */
export function parseInput(value: string): { txid: string; vout: number; amount: bigint } {
  const match = /^([0-9a-fA-F]{64}):([0-9]{1,10}):(.+)$/.exec(value);
  if (match === null) throw invalidArgument('--input', 'expected <txid (64 hex)>:<vout>:<amount (sats, or e.g. 0.001btc)>', value);
  const vout = Number(match[2]);
  if (vout > 0xffffffff) throw invalidArgument('--input', 'vout is at most 4294967295', value);
  return { txid: (match[1] as string).toLowerCase(), vout, amount: parseAmount('--input', match[3] as string, BTC_UNITS) };
}

/** `<address>:<amount>`. */
export function parseOutput(value: string): { address: string; amount: bigint } {
  const at = value.lastIndexOf(':');
  if (at <= 0) throw invalidArgument('--output', 'expected <address>:<amount (sats, or e.g. 0.001btc)>', value);
  return { address: value.slice(0, at), amount: parseAmount('--output', value.slice(at + 1), BTC_UNITS) };
}

/** The `--input`, `--output` and `--fee` options of a spend, each checked. */
export function parseSpendOptions(values: ParsedCommandLine['values']): {
  inputs: { txid: string; vout: number; amount: bigint }[];
  outputs: { address: string; amount: bigint }[];
  fee: bigint;
} {
  const inputs = listOption(values, 'input').map(parseInput);
  const outputs = listOption(values, 'output').map(parseOutput);
  if (inputs.length === 0) throw usageError('give at least one --input');
  if (outputs.length === 0) throw usageError('give at least one --output');
  const feeOption = stringOption(values, 'fee');
  if (feeOption === undefined) throw usageError('missing option --fee (the fee is always explicit)');
  const fee = parseAmount('--fee', feeOption, BTC_UNITS);
  return { inputs, outputs, fee };
}
