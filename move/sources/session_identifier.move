/// Derivation of 32-byte session ids.
///
/// The user picks a random 32-byte `session_preimage` before building the request transaction and
/// binds the derived id into its protocol message, so the id must be computable off chain:
/// `session_id = blake2b256(SESSION_ID_DOMAIN ‖ sender ‖ preimage)`. BLAKE2b-256 is chosen because
/// it is native in `sui::hash` and in `@noble/hashes`; the sender is hashed in so that nobody can
/// front-run a user's preimage to burn the id the user's message is bound to.
/// The TypeScript mirror is `deriveSessionId` in `chain/session-id.ts`.
module dwallet::session_identifier;

use sui::hash;

/// Length of the user-chosen preimage and of the derived id.
const SESSION_ID_LENGTH: u64 = 32;
/// Domain tag that separates session ids from every other hash of the project.
const SESSION_ID_DOMAIN: vector<u8> = b"dwallet-network/session-id/v1";

/// The id of the session opened by `sender` with `preimage`.
public fun derive(sender: address, preimage: &vector<u8>): vector<u8> {
    let mut data = SESSION_ID_DOMAIN;
    data.append(sui::address::to_bytes(sender));
    data.append(*preimage);
    hash::blake2b256(&data)
}

/// The length every preimage and session id has.
public fun length(): u64 {
    SESSION_ID_LENGTH
}
