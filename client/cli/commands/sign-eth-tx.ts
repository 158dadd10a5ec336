/** `dwallet sign-eth-tx <dwallet id>`: an EIP-1559 transaction from the dWallet's Ethereum address, signed and ready to broadcast. */
import type { Address, Hex } from 'viem';
import { signEthereumTransaction } from '../../sign-transactions.ts';
import { parseAmount, parseHexBytes, parseIntegerIn, parseObjectId, positionalArguments, requiredOption, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { connect } from '../context.ts';
import { invalidArgument } from '../errors.ts';

const ETH_UNITS = { eth: 18, gwei: 9, wei: 0 } as const;

function address(option: string, value: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value))
    throw invalidArgument(option, 'expected a 20-byte Ethereum address (0x and 40 hex digits)', value);
  return value as Address;
}

export const signEthTxCommand: Command = {
  name: 'sign-eth-tx',
  summary: "sign an EIP-1559 transaction from the dWallet's Ethereum address",
  usage: `dwallet sign-eth-tx <dwallet id> --to 0x… --chain-id <id> --nonce <n> [--value 0.01eth] [--gas 21000]
                     [--max-fee-per-gas 30gwei] [--max-priority-fee-per-gas 1gwei] [--data 0x…]

  amounts are wei, or decimals with a unit: eth, gwei (e.g. 0.01eth, 30gwei)
  prints the signed transaction (for eth_sendRawTransaction), its hash and the sender`,
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
  async run({ values, positionals }, globals) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseObjectId('<dwallet id>', id as string);
    const to = address('--to', requiredOption(values, 'to'));
    const chainId = parseIntegerIn('--chain-id', requiredOption(values, 'chain-id'), 1, Number.MAX_SAFE_INTEGER);
    const nonce = parseIntegerIn('--nonce', requiredOption(values, 'nonce'), 0, Number.MAX_SAFE_INTEGER);
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
    const { client, globals: g } = await connect(globals);
    g.output.progress('signing the Ethereum transaction through the network');
    const signed = await signEthereumTransaction(client, dwalletId, {
      chainId,
      nonce,
      to,
      value,
      gas,
      maxFeePerGas,
      maxPriorityFeePerGas,
      data,
    });
    g.output.result({ from: signed.from, hash: signed.hash, signId: signed.signId, serialized: signed.serialized });
    return 0;
  },
};
