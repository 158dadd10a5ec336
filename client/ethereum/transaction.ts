/**
 * EIP-1559 (type 2) Ethereum transactions signed by a dWallet.
 *
 *   prepareEip1559Transaction(fields, { from })  validates every field and serialises the unsigned
 *       transaction with viem: 0x02 ‖ rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas,
 *       gas, to, value, data, accessList]) (EIP-1559). That byte string is the message the chain
 *       approves under hash scheme KECCAK256 (0): the network signs keccak256(message), which is
 *       exactly the EIP-1559 signing hash.
 *   attachEthereumSignature(prepared, signature)  puts the network's r ‖ s ‖ v into the
 *       transaction (yParity = v), serialises it with viem, and checks that the signed
 *       transaction's RLP list is the unsigned one's followed by exactly that signature, and that
 *       viem recovers the dWallet's address from it.
 *
 * Nonces go up to 2^64 − 1 (EIP-2681), beyond JavaScript's safe integers: a nonce may be given as
 * a bigint, and is kept as one. (viem serialises bigint nonces exactly, but its parser reads the
 * nonce as a number and refuses larger ones, so the checks here work on the RLP list itself.)
 *
 * Nothing here talks to a network: nonce, fees and gas come from the caller.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import {
  type AccessList,
  type Address,
  fromRlp,
  type Hex,
  hexToBytes,
  keccak256,
  numberToHex,
  recoverAddress,
  serializeTransaction,
  type TransactionSerializableEIP1559,
  type TransactionSerializedEIP1559,
} from 'viem';
import { HashScheme } from '../../chain/constants.ts';
import { ChainHelperError, ChainHelperErrorCodes } from '../chains/errors.ts';
import { decodeNetworkSignature } from '../chains/signature.ts';
import { ethereumAddress, parseEthereumAddress } from './address.ts';

/** The fields of an EIP-1559 transaction a dWallet signs. `value` defaults to 0, `data` to 0x. */
export interface Eip1559TransactionFields {
  chainId: number;
  /** 0 to 2^64 − 1 (EIP-2681); a number must be a safe integer, larger nonces are bigints. */
  nonce: number | bigint;
  /** Gas limit (≥ 21000). */
  gas: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  /** Recipient; contract creation is not offered. */
  to: Address;
  value?: bigint;
  data?: Hex;
  accessList?: AccessList;
}

/** The normalised transaction: every field present, the nonce a bigint, addresses checksummed, data lowercase. */
export type Eip1559Transaction = Required<Omit<Eip1559TransactionFields, 'accessList' | 'nonce'>> & {
  nonce: bigint;
  accessList: AccessList;
  type: 'eip1559';
};

export interface PrepareEip1559Options {
  /** The dWallet's address (or its public key), checked against the signer by attachEthereumSignature. */
  from?: Address | Uint8Array;
}

export interface PreparedEip1559Transaction {
  readonly transaction: Readonly<Eip1559Transaction>;
  /** The serialised unsigned transaction, 0x02 ‖ rlp(…). */
  readonly unsigned: TransactionSerializedEIP1559;
  /** The same bytes: the message to approve and sign. */
  readonly message: Uint8Array;
  /** KECCAK256: the network signs keccak256(message). */
  readonly hashScheme: typeof HashScheme.KECCAK256;
  /** keccak256(message), the EIP-1559 signing hash (what a PREHASHED approval would carry). */
  readonly digest: Uint8Array;
  /** The expected signer, when given to prepare. */
  readonly from?: Address;
}

export interface SignedEthereumTransaction {
  /** The signed transaction, ready for eth_sendRawTransaction. */
  readonly serialized: TransactionSerializedEIP1559;
  /** Its transaction hash, keccak256(serialized). */
  readonly hash: Hex;
  /** The address viem recovers from the signed transaction (equal to the dWallet's). */
  readonly from: Address;
}

const MIN_GAS = 21_000n;
const UINT256_LIMIT = 1n << 256n;
const UINT64_LIMIT = 1n << 64n;
const KNOWN_FIELDS = new Set([
  'chainId',
  'nonce',
  'gas',
  'maxFeePerGas',
  'maxPriorityFeePerGas',
  'to',
  'value',
  'data',
  'accessList',
  'type',
]);

function missing(field: string): ChainHelperError {
  return new ChainHelperError(ChainHelperErrorCodes.ETH_MISSING_FIELD, `${field} is required`, { field });
}

function invalid(field: string, message: string, details: Record<string, unknown> = {}): ChainHelperError {
  return new ChainHelperError(ChainHelperErrorCodes.ETH_INVALID_FIELD, `${field}: ${message}`, { field, ...details });
}

function quantity(fields: Record<string, unknown>, field: string, limit: bigint, fallback?: bigint): bigint {
  const value = fields[field];
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw missing(field);
  }
  if (typeof value !== 'bigint') throw invalid(field, 'must be a bigint (wei / gas units)', { type: typeof value });
  if (value < 0n) throw invalid(field, 'must not be negative');
  if (value >= limit) throw invalid(field, `must be below 2^${limit.toString(2).length - 1}`);
  return value;
}

/** A nonce: a safe integer or a bigint, in [0, 2^64 − 1] (EIP-2681). */
function nonceOf(fields: Record<string, unknown>): bigint {
  const value = fields['nonce'];
  if (value === undefined || value === null) throw missing('nonce');
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw invalid('nonce', 'must be a whole number (a safe integer, or a bigint above 2^53 − 1)', { type: typeof value });
  }
  if (typeof value !== 'number' && typeof value !== 'bigint')
    throw invalid('nonce', 'must be a number or a bigint', { type: typeof value });
  const nonce = BigInt(value);
  if (nonce < 0n) throw invalid('nonce', 'must not be negative');
  if (nonce >= UINT64_LIMIT) throw invalid('nonce', 'must be below 2^64 (EIP-2681)');
  return nonce;
}

function integer(fields: Record<string, unknown>, field: string, min: number): number {
  const value = fields[field];
  if (value === undefined || value === null) throw missing(field);
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    throw invalid(field, 'must be a safe integer (a number)', { type: typeof value });
  if (value < min) throw invalid(field, `must be at least ${min}`);
  return value;
}

function hexData(value: unknown, field: string, bytes?: number): Hex {
  if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value)) throw invalid(field, 'must be 0x-prefixed hex of whole bytes');
  if (bytes !== undefined && value.length !== 2 + 2 * bytes) throw invalid(field, `must be ${bytes} bytes`);
  return value.toLowerCase() as Hex;
}

function accessList(value: unknown): AccessList {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('accessList', 'must be an array of { address, storageKeys }');
  return value.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null || !Array.isArray((item as { storageKeys?: unknown }).storageKeys)) {
      throw invalid('accessList', 'each entry is { address, storageKeys: Hex[] }', { index });
    }
    const entry = item as { address?: unknown; storageKeys: unknown[] };
    return {
      address: parseEthereumAddress(entry.address, `accessList[${index}].address`),
      storageKeys: entry.storageKeys.map((key) => hexData(key, `accessList[${index}].storageKeys`, 32)),
    };
  });
}

/** Validates and normalises the fields (throws ETH_MISSING_FIELD / ETH_INVALID_FIELD / ETH_UNSUPPORTED_FIELD / ETH_INVALID_ADDRESS). */
export function validateEip1559Transaction(fields: unknown): Eip1559Transaction {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw invalid('transaction', 'must be an object of EIP-1559 fields');
  }
  const record = fields as Record<string, unknown>;
  for (const [field, value] of Object.entries(record)) {
    if (value !== undefined && !KNOWN_FIELDS.has(field)) {
      throw new ChainHelperError(
        ChainHelperErrorCodes.ETH_UNSUPPORTED_FIELD,
        `${field} is not a field of the EIP-1559 transactions prepared here (chainId, nonce, gas, maxFeePerGas, maxPriorityFeePerGas, to, value, data, accessList)`,
        { field },
      );
    }
  }
  if (record['type'] !== undefined && record['type'] !== 'eip1559') {
    throw new ChainHelperError(ChainHelperErrorCodes.ETH_UNSUPPORTED_FIELD, 'type: only EIP-1559 transactions are prepared here', {
      field: 'type',
      type: String(record['type']),
    });
  }
  const chainId = integer(record, 'chainId', 1);
  const nonce = nonceOf(record);
  const payment = paymentOf(record);
  const data = record['data'] === undefined || record['data'] === null ? '0x' : hexData(record['data'], 'data');
  return {
    type: 'eip1559',
    chainId,
    nonce,
    ...payment,
    data,
    accessList: accessList(record['accessList']),
  };
}

/** What an EIP-1559 transaction pays, to whom, and for its gas: the fields beside chain id, nonce, data and access list. */
export type Eip1559Payment = Pick<Eip1559Transaction, 'gas' | 'maxFeePerGas' | 'maxPriorityFeePerGas' | 'to' | 'value'>;

function paymentOf(record: Record<string, unknown>): Eip1559Payment {
  const gas = quantity(record, 'gas', UINT64_LIMIT);
  if (gas < MIN_GAS) throw invalid('gas', `must be at least ${MIN_GAS} (the intrinsic gas of a transaction)`, { gas: gas.toString() });
  const maxFeePerGas = quantity(record, 'maxFeePerGas', UINT256_LIMIT);
  const maxPriorityFeePerGas = quantity(record, 'maxPriorityFeePerGas', UINT256_LIMIT);
  if (maxPriorityFeePerGas > maxFeePerGas) throw invalid('maxPriorityFeePerGas', 'must not exceed maxFeePerGas');
  if (record['to'] === undefined || record['to'] === null) throw missing('to');
  const to = parseEthereumAddress(record['to'], 'to');
  const value = quantity(record, 'value', UINT256_LIMIT, 0n);
  return { gas, maxFeePerGas, maxPriorityFeePerGas, to, value };
}

/**
 * The checks {@link validateEip1559Transaction} makes of gas, fees, recipient and value, for a
 * transaction whose chain id and nonce are filled in elsewhere (a vault's transfer: the vault
 * sets both when it builds the transaction). Throws ETH_MISSING_FIELD / ETH_INVALID_FIELD /
 * ETH_INVALID_ADDRESS.
 */
export function validateEip1559Payment(fields: {
  readonly gas: unknown;
  readonly maxFeePerGas: unknown;
  readonly maxPriorityFeePerGas: unknown;
  readonly to: unknown;
  readonly value?: unknown;
}): Eip1559Payment {
  return paymentOf(fields);
}

function serializable(transaction: Eip1559Transaction): TransactionSerializableEIP1559 {
  return {
    ...transaction,
    // viem types the nonce as a number; its serialiser (numberToHex) writes a bigint exactly.
    nonce: transaction.nonce as unknown as number,
    accessList: transaction.accessList.map((entry) => ({ ...entry, storageKeys: [...entry.storageKeys] })),
  };
}

/** An RLP integer (minimal big-endian hex, `0x` for zero) as a bigint. */
function rlpInteger(value: unknown): bigint | undefined {
  return typeof value === 'string' && /^0x([0-9a-f]{2})*$/.test(value) ? (value === '0x' ? 0n : BigInt(value)) : undefined;
}

function parseSigner(signer: Address | Uint8Array, field: string): Address {
  return signer instanceof Uint8Array ? ethereumAddress(signer) : parseEthereumAddress(signer, field);
}

/**
 * What the network must sign for an EIP-1559 transaction: the unsigned serialisation as the
 * message, under KECCAK256.
 */
export function prepareEip1559Transaction(
  fields: Eip1559TransactionFields,
  options: PrepareEip1559Options = {},
): PreparedEip1559Transaction {
  const transaction = validateEip1559Transaction(fields);
  const from = options.from === undefined ? undefined : parseSigner(options.from, 'from');
  const unsigned = serializeTransaction(serializable(transaction)) as TransactionSerializedEIP1559;
  const message = hexToBytes(unsigned);
  const prepared: PreparedEip1559Transaction = {
    transaction: Object.freeze(transaction),
    unsigned,
    message,
    hashScheme: HashScheme.KECCAK256,
    digest: keccak_256(message),
    ...(from === undefined ? {} : { from }),
  };
  return Object.freeze(prepared);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** The prepared object is re-derived from its fields, so a stale or edited one is refused. */
function checkPrepared(prepared: PreparedEip1559Transaction): Eip1559Transaction {
  if (typeof prepared !== 'object' || prepared === null) {
    throw new ChainHelperError(ChainHelperErrorCodes.ETH_PREPARED_MISMATCH, 'not a prepared transaction');
  }
  const transaction = validateEip1559Transaction(prepared.transaction);
  const unsigned = serializeTransaction(serializable(transaction));
  const message = hexToBytes(unsigned);
  if (
    prepared.unsigned !== unsigned ||
    !(prepared.message instanceof Uint8Array) ||
    !bytesEqual(prepared.message, message) ||
    !(prepared.digest instanceof Uint8Array) ||
    !bytesEqual(prepared.digest, keccak_256(message)) ||
    prepared.hashScheme !== HashScheme.KECCAK256
  ) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.ETH_PREPARED_MISMATCH,
      'the prepared transaction is inconsistent: its unsigned bytes, message, digest or hash scheme do not follow from its fields',
    );
  }
  return transaction;
}

/**
 * The broadcastable transaction from the network's 65-byte r ‖ s ‖ v signature over
 * `prepared.message`. The signer viem recovers must equal `expectedSigner` (an address or the
 * dWallet's public key), or else `prepared.from`; one of them is required.
 */
export async function attachEthereumSignature(
  prepared: PreparedEip1559Transaction,
  signature: Uint8Array,
  expectedSigner?: Address | Uint8Array,
): Promise<SignedEthereumTransaction> {
  const transaction = checkPrepared(prepared);
  const expected =
    expectedSigner !== undefined
      ? parseSigner(expectedSigner, 'expectedSigner')
      : prepared.from !== undefined
        ? parseSigner(prepared.from, 'from')
        : undefined;
  if (expected === undefined) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.ETH_SIGNER_UNKNOWN,
      'the expected signer (the dWallet address or public key) is needed to check the signature: pass it to prepare ({ from }) or to attach',
    );
  }
  const { r, s, recoveryId } = decodeNetworkSignature(signature);
  if (recoveryId > 1) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.ETH_UNSUPPORTED_RECOVERY_ID,
      `recovery id ${recoveryId} (R.x ≥ n) cannot be carried by an Ethereum transaction, whose yParity is 0 or 1`,
      { recoveryId },
    );
  }
  const serialized = serializeTransaction(serializable(transaction), {
    r: numberToHex(r, { size: 32 }),
    s: numberToHex(s, { size: 32 }),
    yParity: recoveryId,
  }) as TransactionSerializedEIP1559;

  // The signed list must be the unsigned one followed by exactly this signature (EIP-1559:
  // 0x02 ‖ rlp([...9 fields, yParity, r, s])).
  const unsignedList = fromRlp(`0x${prepared.unsigned.slice(4)}`, 'hex');
  const signedList = fromRlp(`0x${serialized.slice(4)}`, 'hex');
  if (
    serialized.slice(0, 4) !== '0x02' ||
    signedList.length !== 12 ||
    JSON.stringify(signedList.slice(0, 9)) !== JSON.stringify(unsignedList) ||
    rlpInteger(signedList[9]) !== BigInt(recoveryId) ||
    rlpInteger(signedList[10]) !== r ||
    rlpInteger(signedList[11]) !== s
  ) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.ETH_PREPARED_MISMATCH,
      'the signed transaction is not the prepared transaction followed by its signature',
    );
  }
  const from = await recoverAddress({
    hash: keccak256(prepared.unsigned),
    signature: { r: numberToHex(r, { size: 32 }), s: numberToHex(s, { size: 32 }), yParity: recoveryId },
  });
  if (from !== expected) {
    throw new ChainHelperError(
      ChainHelperErrorCodes.ETH_SIGNER_MISMATCH,
      `the signature recovers to ${from}, not to the dWallet's address ${expected}`,
      {
        recovered: from,
        expected,
      },
    );
  }
  return Object.freeze({ serialized, hash: keccak256(serialized), from });
}
