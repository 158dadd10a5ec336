/**
 * `dwallet sign-eth-tx <dwallet id>`: an EIP-1559 transaction from the dWallet's Ethereum address,
 * signed and ready to broadcast. Every field is checked by the Ethereum helper before anything is
 * sent (EIP-55 checksum, gas, fees, value, nonce up to 2^64 − 1 as EIP-2681 allows): a wrong one
 * exits 2 with the helper's code.
 */
import type { Address, Hex } from 'viem';
import {
  parseAmount,
  parseHexBytes,
  parseId,
  parseIntegerIn,
  parseUnsigned,
  positionalArguments,
  requiredOption,
  stringOption,
} from '../args.ts';
import { defineCommand } from '../command.ts';

export const ETH_UNITS = { eth: 18, gwei: 9, wei: 0 } as const;
/** EIP-2681: an account nonce is at most 2^64 − 1. */
const MAX_NONCE = (1n << 64n) - 1n;

export const signEthTxCommand = defineCommand({
  name: 'sign-eth-tx',
  summary: "sign an EIP-1559 transaction from the dWallet's Ethereum address",
  usage: `dwallet sign-eth-tx <dwallet id> --to 0x… --chain-id <id> --nonce <n> [--value 0.01eth] [--gas 21000]
                     [--max-fee-per-gas 30gwei] [--max-priority-fee-per-gas 1gwei] [--data 0x…]

  amounts are wei, or decimals with a unit: eth, gwei (e.g. 0.01eth, 30gwei)
  prints the signed transaction (rawTransaction, for eth_sendRawTransaction), its hash and the sender`,
  options: {
    to: { type: 'string' },
    'chain-id': { type: 'string' },
    nonce: { type: 'string' },
    value: { type: 'string' },
    gas: { type: 'string' },
    'max-fee-per-gas': { type: 'string' },
    'max-priority-fee-per-gas': { type: 'string' },
    data: { type: 'string' },
  },
  async parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseId('<dwallet id>', id as string);
    const to = requiredOption(values, 'to') as Address;
    const chainId = parseIntegerIn('--chain-id', requiredOption(values, 'chain-id'), 1, Number.MAX_SAFE_INTEGER);
    const nonce = parseUnsigned('--nonce', requiredOption(values, 'nonce'), MAX_NONCE);
    const value = parseAmount('--value', stringOption(values, 'value') ?? '0', ETH_UNITS);
    const gas = parseAmount('--gas', stringOption(values, 'gas') ?? '21000', {});
    const maxFeePerGas = parseAmount('--max-fee-per-gas', stringOption(values, 'max-fee-per-gas') ?? '30gwei', ETH_UNITS);
    const maxPriorityFeePerGas = parseAmount(
      '--max-priority-fee-per-gas',
      stringOption(values, 'max-priority-fee-per-gas') ?? '1gwei',
      ETH_UNITS,
    );
    const dataOption = stringOption(values, 'data');
    if (dataOption !== undefined) parseHexBytes('--data', dataOption);
    const data = (dataOption === undefined ? '0x' : dataOption.startsWith('0x') ? dataOption : `0x${dataOption}`) as Hex;
    // The helper's own checks (checksum, gas ≥ 21000, priority fee ≤ max fee, value < 2^256 …), before anything is sent.
    const { validateEip1559Transaction } = await import('../../ethereum/transaction.ts');
    const fields = validateEip1559Transaction({ chainId, nonce, to, value, gas, maxFeePerGas, maxPriorityFeePerGas, data });
    return { dwalletId, fields };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    const { signEthereumTransaction } = await import('../../sign-transactions.ts');
    const { dwalletSigner } = await import('../dwallet-signer.ts');
    globals.output.progress('signing the Ethereum transaction through the network');
    const signed = await signEthereumTransaction(dwalletSigner(client), plan.dwalletId, plan.fields);
    globals.output.result({ from: signed.from, hash: signed.hash, signId: signed.signId, rawTransaction: signed.serialized });
    return 0;
  },
});
