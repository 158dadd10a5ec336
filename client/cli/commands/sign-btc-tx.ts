/**
 * `dwallet sign-btc-tx <dwallet id>`: a segwit transaction spending outputs paid to the dWallet's
 * P2WPKH address, one network signature per input, ready for `sendrawtransaction`.
 */
import { signBitcoinTransaction } from '../../sign-transactions.ts';
import { listOption, parseAmount, parseChoice, parseObjectId, positionalArguments, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { connect } from '../context.ts';
import { invalidArgument, usageError } from '../errors.ts';
import { BITCOIN_NETWORKS } from './describe.ts';

const BTC_UNITS = { btc: 8, sat: 0 } as const;

/** `<txid>:<vout>:<amount>` — an output of an earlier transaction paying the dWallet. */
function parseInput(value: string): { txid: string; vout: number; amount: bigint } {
  const match = /^([0-9a-fA-F]{64}):([0-9]{1,10}):(.+)$/.exec(value);
  if (match === null) throw invalidArgument('--input', 'expected <txid (64 hex)>:<vout>:<amount (sats, or e.g. 0.001btc)>', value);
  const vout = Number(match[2]);
  if (vout > 0xffffffff) throw invalidArgument('--input', 'vout is at most 4294967295', value);
  return { txid: (match[1] as string).toLowerCase(), vout, amount: parseAmount('--input', match[3] as string, BTC_UNITS) };
}

/** `<address>:<amount>`. */
function parseOutput(value: string): { address: string; amount: bigint } {
  const at = value.lastIndexOf(':');
  if (at <= 0) throw invalidArgument('--output', 'expected <address>:<amount (sats, or e.g. 0.001btc)>', value);
  return { address: value.slice(0, at), amount: parseAmount('--output', value.slice(at + 1), BTC_UNITS) };
}

export const signBtcTxCommand: Command = {
  name: 'sign-btc-tx',
  summary: "sign a Bitcoin segwit transaction spending the dWallet's P2WPKH outputs",
  usage: `dwallet sign-btc-tx <dwallet id> --input <txid>:<vout>:<amount> … --output <address>:<amount> … --fee <amount>
                      [--change <address>] [--bitcoin-network mainnet|testnet|regtest]

  --input    an output paying the dWallet's P2WPKH address (repeatable)
  --output   where the coins go (repeatable)
  --fee      the fee, explicit; without --change, inputs − outputs must equal it
  amounts are satoshis, or decimals with a unit: btc (e.g. 0.001btc)`,
  options: {
    input: { type: 'string', multiple: true },
    output: { type: 'string', multiple: true },
    fee: { type: 'string' },
    change: { type: 'string' },
    'bitcoin-network': { type: 'string' },
  },
  async run({ values, positionals }, globals) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseObjectId('<dwallet id>', id as string);
    const inputs = listOption(values, 'input').map(parseInput);
    const outputs = listOption(values, 'output').map(parseOutput);
    if (inputs.length === 0) throw usageError('give at least one --input');
    if (outputs.length === 0) throw usageError('give at least one --output');
    const feeOption = stringOption(values, 'fee');
    if (feeOption === undefined) throw usageError('missing option --fee (the fee is always explicit)');
    const fee = parseAmount('--fee', feeOption, BTC_UNITS);
    const network = parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORKS);
    const change = stringOption(values, 'change');
    const { client, globals: g } = await connect(globals);
    g.output.progress(
      `signing the Bitcoin transaction through the network (${inputs.length} input${inputs.length === 1 ? '' : 's'}, one signature each)`,
    );
    const signed = await signBitcoinTransaction(client, dwalletId, {
      network,
      inputs,
      outputs,
      fee,
      ...(change === undefined ? {} : { change: { address: change } }),
    });
    g.output.result({ txid: signed.txid, vsize: signed.vsize, fee: signed.fee, signIds: [...signed.signIds], hex: signed.hex });
    return 0;
  },
};
