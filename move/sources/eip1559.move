/// Unsigned Ethereum EIP-1559 (type 2) transactions and their signing digest.
///
/// EIP-2718 makes a typed transaction `TransactionType ‖ TransactionPayload`; EIP-1559 fixes type
/// 0x02 and the payload `rlp([chain_id, nonce, max_priority_fee_per_gas, max_fee_per_gas,
/// gas_limit, destination, amount, data, access_list])` (RLP of Yellow Paper Appendix B, in
/// `dwallet::rlp`). The signature covers `keccak256(0x02 ‖ rlp([...]))`, the same bytes without
/// the signature fields. Here the access list is always empty (`0xc0`): a contract signs plain
/// transfers and calls it builds itself.
///
/// Checks, in this order: a chain id (EIP-155 chain ids are positive; 0 names no network, so a
/// signature over it could only be a mistake), EIP-1559's own validity rule
/// `max_fee_per_gas >= max_priority_fee_per_gas`, and a destination of 20 bytes (an address) or
/// none (contract creation). Abort codes are listed in `chain/abort-codes.ts`; the TypeScript
/// mirror is `chain/local/move/eip1559.ts`.
module dwallet::eip1559;

use dwallet::rlp;
use sui::hash;

const EInvalidChainId: u64 = 1;
const ETipAboveFeeCap: u64 = 2;
const EInvalidRecipientLength: u64 = 3;
const ENotEip1559Transaction: u64 = 4;

/// The EIP-2718 transaction type of EIP-1559 transactions.
const TRANSACTION_TYPE: u8 = 0x02;
/// Length of an Ethereum address.
const ADDRESS_LENGTH: u64 = 20;

/// `0x02 ‖ rlp([chain_id, nonce, max_priority_fee_per_gas, max_fee_per_gas, gas_limit, to, value,
/// data, []])`: the bytes an EIP-1559 signature is computed over (before hashing). `to` is a
/// 20-byte address, or empty to create a contract.
public fun unsigned_transaction(
    chain_id: u64,
    nonce: u64,
    max_priority_fee_per_gas: u256,
    max_fee_per_gas: u256,
    gas_limit: u64,
    to: vector<u8>,
    value: u256,
    data: vector<u8>,
): vector<u8> {
    assert!(chain_id != 0, EInvalidChainId);
    assert!(max_priority_fee_per_gas <= max_fee_per_gas, ETipAboveFeeCap);
    assert!(to.is_empty() || to.length() == ADDRESS_LENGTH, EInvalidRecipientLength);
    let fields = vector[
        rlp::encode_u64(chain_id),
        rlp::encode_u64(nonce),
        rlp::encode_u256(max_priority_fee_per_gas),
        rlp::encode_u256(max_fee_per_gas),
        rlp::encode_u64(gas_limit),
        rlp::encode_bytes(&to),
        rlp::encode_u256(value),
        rlp::encode_bytes(&data),
        rlp::encode_list(&vector[]),
    ];
    let mut out = vector[TRANSACTION_TYPE];
    out.append(rlp::encode_list(&fields));
    out
}

/// The digest an EIP-1559 signature signs: `keccak256(unsigned_transaction)`. Refuses bytes that
/// are not a type-2 transaction (empty, or another type byte).
public fun signing_digest(unsigned_transaction: &vector<u8>): vector<u8> {
    assert!(!unsigned_transaction.is_empty() && unsigned_transaction[0] == TRANSACTION_TYPE, ENotEip1559Transaction);
    hash::keccak256(unsigned_transaction)
}
