/**
 * `dwallet sign-btc-tx <dwallet id>`: a segwit transaction spending outputs paid to the dWallet's
 * P2WPKH address, one network signature per input, ready for `sendrawtransaction`. The whole
 * transaction is checked by the Bitcoin helper before anything is sent (addresses of the network,
 * amounts up to 21M BTC, duplicate inputs, dust, funds, the fee): a wrong one exits 2 with the
 * helper's code.
 */
import { listOption, parseAmount, parseChoice, parseId, positionalArguments, stringOption } from '../args.ts';
import { BITCOIN_NETWORK_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';
import { invalidArgument, usageError } from '../errors.ts';

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

export const signBtcTxCommand = defineCommand({
  name: 'sign-btc-tx',
  summary: "sign a Bitcoin segwit transaction spending the dWallet's P2WPKH outputs",
  usage: `dwallet sign-btc-tx <dwallet id> --input <txid>:<vout>:<amount> … --output <address>:<amount> … --fee <amount>
                      [--change <address>] [--bitcoin-network mainnet|testnet|regtest]

  --input    an output paying the dWallet's P2WPKH address (repeatable)
  --output   where the coins go (repeatable)
  --fee      the fee, explicit; without --change, inputs − outputs must equal it
  amounts are satoshis, or decimals with a unit: btc (e.g. 0.001btc)
  prints the signed transaction (rawTransaction, for sendrawtransaction), its txid and size`,
  options: {
    input: { type: 'string', multiple: true },
    output: { type: 'string', multiple: true },
    fee: { type: 'string' },
    change: { type: 'string' },
    'bitcoin-network': { type: 'string' },
  },
  async parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseId('<dwallet id>', id as string);
    const inputs = listOption(values, 'input').map(parseInput);
    const outputs = listOption(values, 'output').map(parseOutput);
    if (inputs.length === 0) throw usageError('give at least one --input');
    if (outputs.length === 0) throw usageError('give at least one --output');
    const feeOption = stringOption(values, 'fee');
    if (feeOption === undefined) throw usageError('missing option --fee (the fee is always explicit)');
    const fee = parseAmount('--fee', feeOption, BTC_UNITS);
    const network = parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES);
    const change = stringOption(values, 'change');
    const request = { network, inputs, outputs, fee, ...(change === undefined ? {} : { change: { address: change } }) };
    // The helper's own checks, before anything is sent.
    const { validateP2wpkhRequest } = await import('../../bitcoin/transaction.ts');
    const { equalBytes } = await import('@noble/curves/utils.js');
    const validated = validateP2wpkhRequest(request);
    const changeOutput = validated.change === undefined ? undefined : validated.outputs[validated.change.index];
    const changeIsRecipient =
      changeOutput !== undefined &&
      validated.outputs.some((output, i) => i !== validated.change?.index && equalBytes(output.script, changeOutput.script));
    return { dwalletId, request, changeIsRecipient };
  },
  async run(plan, { globals, signal, sent }) {
    if (plan.changeIsRecipient) {
      globals.output.warning(
        'CLI_CHANGE_IS_RECIPIENT',
        `--change ${plan.request.change?.address} is also a recipient (--output): the change goes to that recipient too; is that meant?`,
      );
    }
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    const { signBitcoinTransaction } = await import('../../sign-transactions.ts');
    const { dwalletSigner } = await import('../dwallet-signer.ts');
    const count = plan.request.inputs.length;
    globals.output.progress(
      `signing the Bitcoin transaction through the network (${count} input${count === 1 ? '' : 's'}, one signature each)`,
    );
    const signed = await signBitcoinTransaction(dwalletSigner(client), plan.dwalletId, plan.request);
    globals.output.result({
      txid: signed.txid,
      vsize: signed.vsize,
      fee: signed.fee,
      signIds: [...signed.signIds],
      rawTransaction: signed.hex,
    });
    return 0;
  },
});
