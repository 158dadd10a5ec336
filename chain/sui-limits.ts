/**
 * Sui's protocol limits that bound what one transaction can make a chain do. The local chain
 * enforces each of them, with the same outcome as Sui (a transaction refused before it runs, or
 * failed with gas charged), so that whatever passes here passes on Sui and nothing that Sui
 * refuses can stall the local chain.
 *
 * Source of every number: `crates/sui-protocol-config/src/lib.rs` in MystenLabs/sui, the value in
 * force since the protocol version named (none has changed since, as of protocol version 134).
 * @module
 */

/** `max_tx_gas` (v72): the largest gas budget, 50,000 SUI in MIST. */
export const MAX_GAS_BUDGET = 50_000_000_000_000n;
/** `max_tx_size_bytes` (v1): the BCS size of a transaction's data. */
export const MAX_TRANSACTION_SIZE = 128 * 1024;
/** `max_pure_argument_size` (v1): one pure input. */
export const MAX_PURE_ARGUMENT_SIZE = 16 * 1024;
/** `max_programmable_tx_commands` (v1): commands of one programmable transaction. */
export const MAX_PROGRAMMABLE_TX_COMMANDS = 1024;
/** `max_arguments` (v1): arguments of one command (a call's arguments, the coins of a split or merge, the objects of a transfer). */
export const MAX_COMMAND_ARGUMENTS = 512;
/** `max_input_objects` (v1): object inputs of one transaction, gas coins included. */
export const MAX_INPUT_OBJECTS = 2048;
/** `max_gas_payment_objects` (v1): coins paying for gas. */
export const MAX_GAS_PAYMENT_OBJECTS = 256;
/**
 * `max_move_vector_len` (v1): elements of one Move vector, so a `vector<u8>` is at most 256 KiB
 * however it is assembled (`0x1::vector::append` of the same input again and again). It is the
 * tighter of the two bounds on such a value: `max_ptb_value_size` (v80) allows 1 MiB.
 */
export const MAX_MOVE_VECTOR_LENGTH = 256 * 1024;
/** `max_move_object_size` (v1): the BCS size of one object. */
export const MAX_MOVE_OBJECT_SIZE = 250 * 1024;
/** `max_event_emit_size` (v1): the BCS size of one event. */
export const MAX_EVENT_SIZE = 250 * 1024;
/** `max_num_event_emit` (v19): events one transaction emits. */
export const MAX_EVENTS_PER_TRANSACTION = 1024;
/** `max_event_emit_size_total` (v19): their total size (256 events of the largest size). */
export const MAX_EVENTS_TOTAL_SIZE = 256 * MAX_EVENT_SIZE;
/**
 * `object_runtime_max_num_cached_objects` (v1): dynamic-field children one transaction loads,
 * found or not (sui-move-natives object_runtime/object_store.rs, `MEMORY_LIMIT_EXCEEDED`
 * "Object runtime cached objects limit"). An `ObjectTable` entry is two: its field and the object
 * the field holds; the cache lasts the whole transaction, across commands.
 */
export const MAX_CACHED_CHILD_OBJECTS = 1000;
/**
 * `object_runtime_max_num_store_entries` (v1): dynamic-field children one transaction borrows or
 * adds ("Object runtime store limit").
 */
export const MAX_CHILD_OBJECT_STORE_ENTRIES = 1000;
