/**
 * Amounts in satoshis, dust thresholds and the size of a P2WPKH or P2TR key-path spend.
 * @module
 */
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';
import { compactSize } from './sighash.ts';

/** 21 million BTC in satoshis (Bitcoin Core's MAX_MONEY). */
export const MAX_MONEY = 2_100_000_000_000_000n;

/** Bitcoin Core's default dust relay fee, 3 sat/vB (DUST_RELAY_TX_FEE = 3000 sat/kvB). */
export const DUST_RELAY_FEE_RATE = 3n;

/**
 * A satoshi amount: a bigint in [min, MAX_MONEY]; throws BTC_INVALID_AMOUNT. `min` is 1 for
 * inputs and outputs, 0 for a fee.
 */
export function parseSatoshis(value: unknown, field: string, min = 1n): bigint {
  if (typeof value !== 'bigint') {
    throw new ChainHelperError(ChainHelperErrorCodes.BTC_INVALID_AMOUNT, `${field}: an amount is a bigint of satoshis`, {
      field,
      type: typeof value,
    });
  }
  if (value < min || value > MAX_MONEY) {
    throw new ChainHelperError(ChainHelperErrorCodes.BTC_INVALID_AMOUNT, `${field}: ${value} sat is outside [${min}, ${MAX_MONEY}]`, {
      field,
      amount: value.toString(),
    });
  }
  return value;
}

function isWitnessProgram(script: Uint8Array): boolean {
  const version = script[0] as number;
  return (
    script.length >= 4 &&
    script.length <= 42 &&
    (version === 0x00 || (version >= 0x51 && version <= 0x60)) &&
    (script[1] as number) + 2 === script.length
  );
}

/**
 * The smallest amount an output with this script may carry to be relayed: Bitcoin Core's
 * GetDustThreshold (policy/policy.cpp) at 3 sat/vB — the size of the output plus the size of the
 * input that would spend it (148 bytes, or 67 vbytes for a witness program), times the rate.
 * P2PKH 546, P2SH 540, P2WPKH 294, P2WSH and P2TR 330.
 */
export function dustThreshold(script: Uint8Array): bigint {
  const outputSize = 8 + compactSize(script.length).length + script.length;
  const spendSize = isWitnessProgram(script) ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return BigInt(outputSize + spendSize) * DUST_RELAY_FEE_RATE;
}

/**
 * An upper bound of the virtual size of a transaction spending `inputCount` P2WPKH inputs to
 * outputs with these scripts (BIP-141 weight / 4, rounded up), with the largest low-s DER
 * signature (72 bytes with its sighash byte). The signed transaction is at most this size and at
 * most one vbyte per input smaller.
 */
export function estimateP2wpkhVsize(inputCount: number, outputScripts: readonly Uint8Array[]): number {
  const outputs = outputScripts.reduce((total, script) => total + 8 + compactSize(script.length).length + script.length, 0);
  const base = 4 + compactSize(inputCount).length + inputCount * (32 + 4 + 1 + 4) + compactSize(outputScripts.length).length + outputs + 4;
  const witness = 2 + inputCount * (1 + 1 + 72 + 1 + 33);
  return Math.ceil((4 * base + witness) / 4);
}

/**
 * The virtual size of a transaction spending `inputCount` P2TR outputs by the key path with
 * SIGHASH_DEFAULT to outputs with these scripts (BIP-141 weight / 4, rounded up). Exact: every
 * input's witness is one 64-byte BIP-340 signature (BIP-341 "Script validation rules": no
 * sighash byte for SIGHASH_DEFAULT), and its scriptSig is empty.
 */
export function estimateP2trKeySpendVsize(inputCount: number, outputScripts: readonly Uint8Array[]): number {
  const outputs = outputScripts.reduce((total, script) => total + 8 + compactSize(script.length).length + script.length, 0);
  const base = 4 + compactSize(inputCount).length + inputCount * (32 + 4 + 1 + 4) + compactSize(outputScripts.length).length + outputs + 4;
  // marker and flag, then per input: one witness item of 64 bytes with its length prefix
  const witness = 2 + inputCount * (1 + 1 + 64);
  return Math.ceil((4 * base + witness) / 4);
}
