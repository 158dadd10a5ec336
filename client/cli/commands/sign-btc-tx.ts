/**
 * `dwallet sign-btc-tx <dwallet id>`: a segwit transaction spending outputs paid to the dWallet's
 * P2WPKH address (an ECDSA dWallet), or with `--taproot` a Taproot key-path spend of its P2TR
 * address (a Taproot dWallet: BIP-341 sighash, BIP-340 signature under the BIP-86 output key),
 * one network signature per input, ready for `sendrawtransaction`. The whole transaction is
 * checked by the Bitcoin helper before anything is sent (addresses of the network, amounts up to
 * 21M BTC, duplicate inputs, dust, funds, the fee): a wrong one exits 2 with the helper's code.
 */
import { parseChoice, parseId, positionalArguments, stringOption } from '../args.ts';
import { parseSpendOptions } from '../bitcoin-spend-options.ts';
import { BITCOIN_NETWORK_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';

export const signBtcTxCommand = defineCommand({
  name: 'sign-btc-tx',
  summary: "sign a Bitcoin transaction spending the dWallet's P2WPKH outputs (segwit) or, --taproot, its P2TR outputs",
  usage: `dwallet sign-btc-tx <dwallet id> --input <txid>:<vout>:<amount> … --output <address>:<amount> … --fee <amount>
                      [--change <address>] [--taproot] [--bitcoin-network mainnet|testnet|regtest]

  --input    an output paying the dWallet's P2WPKH address, or its P2TR address with --taproot (repeatable)
  --taproot  a Taproot key-path spend (BIP-341/BIP-86) by a Taproot dWallet (dwallet create --algorithm taproot)
  --output   where the coins go (repeatable)
  --fee      the fee, explicit; without --change, inputs − outputs must equal it
  amounts are satoshis, or decimals with a unit: btc (e.g. 0.001btc)
  prints the signed transaction (rawTransaction, for sendrawtransaction), its txid and size`,
  options: {
    input: { type: 'string', multiple: true },
    output: { type: 'string', multiple: true },
    fee: { type: 'string' },
    change: { type: 'string' },
    taproot: { type: 'boolean' },
    'bitcoin-network': { type: 'string' },
  },
  async parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseId('<dwallet id>', id as string);
    const { inputs, outputs, fee } = parseSpendOptions(values);
    const network = parseChoice('--bitcoin-network', stringOption(values, 'bitcoin-network') ?? 'mainnet', BITCOIN_NETWORK_CHOICES);
    const change = stringOption(values, 'change');
    const request = { network, inputs, outputs, fee, ...(change === undefined ? {} : { change: { address: change } }) };
    const taproot = values.taproot === true;
    // The helper's own checks (with the exact size of the spend's inputs, for the fee), before anything is sent.
    const { validateP2wpkhRequest } = await import('../../bitcoin/transaction.ts');
    const { validateTaprootRequest } = await import('../../bitcoin/taproot.ts');
    const { equalBytes } = await import('@noble/curves/utils.js');
    const validated = taproot ? validateTaprootRequest(request) : validateP2wpkhRequest(request);
    const changeOutput = validated.change === undefined ? undefined : validated.outputs[validated.change.index];
    const changeIsRecipient =
      changeOutput !== undefined &&
      validated.outputs.some((output, i) => i !== validated.change?.index && equalBytes(output.script, changeOutput.script));
    return { dwalletId, request, taproot, changeIsRecipient };
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
    const { signBitcoinTransaction, signTaprootTransaction } = await import('../../sign-transactions.ts');
    const { dwalletSigner } = await import('../dwallet-signer.ts');
    const count = plan.request.inputs.length;
    globals.output.progress(
      `signing the Bitcoin ${plan.taproot ? 'Taproot' : 'segwit'} transaction through the network (${count} input${count === 1 ? '' : 's'}, one signature each)`,
    );
    const signer = dwalletSigner(client);
    const signed = plan.taproot
      ? await signTaprootTransaction(signer, plan.dwalletId, plan.request)
      : await signBitcoinTransaction(signer, plan.dwalletId, plan.request);
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
