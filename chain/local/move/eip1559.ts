/**
 * Mirror of `move/sources/eip1559.move`: the unsigned EIP-1559 (EIP-2718 type 0x02) transaction
 * `0x02 ‖ rlp([chain_id, nonce, max_priority_fee_per_gas, max_fee_per_gas, gas_limit, to, value,
 * data, []])` and its signing digest `keccak256(...)`, with the same checks in the same order and
 * the same aborts. Keccak-256 is `@noble/hashes`' (Sui's native `sui::hash::keccak256`).
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { check } from './abort.ts';
import { checkUint } from './integers.ts';
import { encode_bytes, encode_list, encode_u64, encode_u256 } from './rlp.ts';

/** The EIP-2718 transaction type of EIP-1559 transactions. */
export const TRANSACTION_TYPE = 0x02;
/** Length of an Ethereum address. */
const ADDRESS_LENGTH = 20;

/**
 * `0x02 ‖ rlp([chain_id, nonce, max_priority_fee_per_gas, max_fee_per_gas, gas_limit, to, value,
 * data, []])`; `to` is a 20-byte address, or empty to create a contract.
 */
export function unsigned_transaction(
  chain_id: bigint,
  nonce: bigint,
  max_priority_fee_per_gas: bigint,
  max_fee_per_gas: bigint,
  gas_limit: bigint,
  to: Uint8Array,
  value: bigint,
  data: Uint8Array,
): Uint8Array {
  checkUint(chain_id, 64, 'chain_id');
  checkUint(nonce, 64, 'nonce');
  checkUint(max_priority_fee_per_gas, 256, 'max_priority_fee_per_gas');
  checkUint(max_fee_per_gas, 256, 'max_fee_per_gas');
  checkUint(gas_limit, 64, 'gas_limit');
  checkUint(value, 256, 'value');
  check(chain_id !== 0n, 'eip1559', 'EInvalidChainId');
  check(max_priority_fee_per_gas <= max_fee_per_gas, 'eip1559', 'ETipAboveFeeCap');
  check(to.length === 0 || to.length === ADDRESS_LENGTH, 'eip1559', 'EInvalidRecipientLength');
  const fields = [
    encode_u64(chain_id),
    encode_u64(nonce),
    encode_u256(max_priority_fee_per_gas),
    encode_u256(max_fee_per_gas),
    encode_u64(gas_limit),
    encode_bytes(to),
    encode_u256(value),
    encode_bytes(data),
    encode_list([]),
  ];
  return concatBytes(Uint8Array.of(TRANSACTION_TYPE), encode_list(fields));
}

/** `keccak256(unsigned_transaction)`; refuses bytes that are not a type-2 transaction. */
export function signing_digest(unsigned_transaction: Uint8Array): Uint8Array {
  check(unsigned_transaction.length > 0 && unsigned_transaction[0] === TRANSACTION_TYPE, 'eip1559', 'ENotEip1559Transaction');
  return keccak_256(unsigned_transaction);
}
