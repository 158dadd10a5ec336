/// The dWallet coordinator: one shared object through which dApps request dWallets, presigns and
/// signatures, and through which the validator network writes back certified results.
///
/// Design choices:
/// - Every request opens a session whose 32-byte id is derived from the sender and a preimage the
///   user chose before the transaction (`session_identifier`), so the user's protocol message can
///   bind it; an id is registered at most once, ever.
/// - Fees are paid in SUI: the whole `Coin` given (at least the fee of the request kind) is
///   escrowed in the session and paid to whoever submits the certified result, success or
///   rejection, so relayers are reimbursed for the work they prove. Overpayment is a tip.
/// - Results arrive only in certified, strictly sequenced result batches
///   (`process_result_batch`); several relayers may race, the loser aborts with
///   `EOutOfSequence` and changes nothing.
/// - A dWallet signs with one signature algorithm, fixed at its creation with its curve: ECDSA on
///   secp256k1 or P-256, Taproot (BIP-340 Schnorr under the BIP-86 tweaked key) on secp256k1, EdDSA
///   on ed25519 (`is_valid_signing_scheme`). Presigns, hash schemes, signature lengths and fees are
///   per algorithm. Future sign stays ECDSA-only (`EFutureSignNeedsEcdsa`).
/// - Presigns for dWallets created by DKG come from a global pool per (network key, curve,
///   algorithm), filled
///   by anyone who pays `request_presign`. `claim_presign` binds one pooled presign to a
///   `PresignCap`; the claimer pays the presign fee to the account that paid for the presign, so
///   draining the pool costs as much as filling it. Imported-key ECDSA dWallets use presigns bound
///   to them (`request_imported_key_presign`): an ECDSA presign depends on the key's encryption. A
///   Schnorr presign does not (two encrypted nonce shares), so imported-key Taproot and EdDSA
///   dWallets take theirs from the global pool. A presign is consumed exactly once: its cap is
///   destroyed (or wrapped in a partial signature) and its state becomes `PRESIGN_CONSUMED`.
/// - `MessageApproval` has `drop` but not `store`: an approval is worth exactly the `DWalletCap`
///   presented in the same transaction, so a contract that only briefly holds (or borrows) a cap
///   cannot keep approvals for later. Signing later is what `request_future_sign` is for: the
///   user's partial signature is stored on chain and completed by a later approval.
/// - A requester whose session is still pending `session_timeout_ms` after its request may cancel
///   it (`cancel_session`): the escrowed fee goes back to the requester, the session becomes
///   CANCELLED and its target REJECTED, as a rejection would leave it. A presign consumed by a sign
///   or future sign stays consumed: the validators may already have used it for this message, and
///   a presign used for two messages reveals the key. A certified result that lands later for a
///   cancelled session is skipped (nothing changes, nobody is paid), so the batch it is in still
///   lands. Request times are Sui's `Clock` (0x6) timestamps, the consensus time of the
///   transaction's checkpoint, not epochs: the network's epochs change only on reconfiguration.
/// - The `AdminCap` sets fees and starts the network's own sessions, which pay no fee: a network
///   key's DKG (`request_network_key_dkg`: the key is REQUESTED until a certified
///   `NetworkKeyGenerated` makes it ACTIVE) and the epoch change (`request_reconfiguration`: the
///   next committee waits in `pending_committee` until a `Reconfigured` result certified by the
///   current committee installs it as epoch + 1). The direct paths stay for the first committee,
///   tests and single-operator development: `set_committee`, and `register_network_key`, which
///   makes an ACTIVE key whose first version carries the all-zero threshold-key digest
///   (`UNATTESTED_THRESHOLD_KEY_DIGEST`: the administrator vouches for the key, no committee did).
/// - A network key has one version per epoch since it became ACTIVE: the digest of the threshold
///   public key (pk, verification keys, share bound) of that epoch's committee. The full keys live
///   with the validators, which can prove them against the digest.
/// - A shared dWallet (PROTOCOL.md §7, public user share) has its user share x_A recorded on chain
///   (`public_user_share`, a 32-byte big-endian scalar): from its DKG (`request_shared_dwallet_dkg`)
///   or by converting an ACTIVE zero-trust dWallet (`request_make_dwallet_shared`). Move has no
///   secp256k1/P-256 scalar multiplication, so the validators check x_A·G = X_A (against the DKG
///   message, or the dWallet's output) and reject the request otherwise; a conversion completes
///   with a certified `DWalletShared` result, and its rejection leaves the dWallet ACTIVE and
///   zero-trust. The network then completes a whole signature on an approval alone
///   (`request_sign_shared`), deriving the user's part deterministically from the session, with no
///   user process. The trust of a shared dWallet is therefore the network's threshold plus the
///   rules of whoever holds its `DWalletCap` (e.g. a policy contract): x_A is public, so the key is
///   exactly as safe as x_B. A zero-trust dWallet is never signed without its user: `request_sign`
///   needs the user's message and `request_sign_shared` refuses it (`EDWalletNotShared`).
/// - The user's share x_A may be kept on chain encrypted (PROTOCOL.md §7, encrypted backup), under
///   a class-group key the user registers per (address, curve) with a proof of knowledge of its
///   secret (`request_register_encryption_key`). A backup encrypts x_A under the owner's own key,
///   a transfer under the recipient's; either carries an EncDL proof that the ciphertext holds the
///   x_A of the dWallet's X_A, which the validators verify (Move has no class-group arithmetic)
///   before a certified result records the encrypted share as VERIFIED. A transfer escrows the
///   `DWalletCap` in the encrypted share: the recipient takes it with `accept_share_transfer`, the
///   sender takes it back with `withdraw_share_transfer` while it is not accepted, and a rejected
///   or cancelled transfer returns it to the sender. The cap stays the authority: a recipient who
///   decrypts a withdrawn transfer's x_A cannot approve a message without it.
///
/// Abort codes of this module are listed, with names, in `chain/abort-codes.ts`; a parity test
/// checks the table against this file.
module dwallet::coordinator;

use dwallet::committee::{Self, Committee, MemberList};
use dwallet::events;
use dwallet::result_batch::{Self, SessionResult};
use dwallet::session_identifier;
use std::string::String;
use sui::balance::{Self, Balance};
use sui::bcs;
use sui::clock::Clock;
use sui::coin::{Self, Coin};
use sui::object_table::{Self, ObjectTable};
use sui::sui::SUI;
use sui::table::{Self, Table};
use sui::table_vec::{Self, TableVec};

// === Abort codes ===

const EInvalidSessionPreimage: u64 = 1;
const ESessionIdReused: u64 = 2;
const EInsufficientFee: u64 = 3;
const EUnsupportedCurve: u64 = 4;
const EUnsupportedHashScheme: u64 = 5;
const ENetworkKeyNotFound: u64 = 6;
const ECurveNotSupportedByKey: u64 = 7;
const EEmptyUserMessage: u64 = 8;
const EEmptyMessage: u64 = 9;
const EDWalletNotFound: u64 = 10;
const EWrongDWalletCap: u64 = 11;
const EDWalletNotActive: u64 = 12;
const ENotImportedKeyDWallet: u64 = 13;
const EImportedKeyDWalletNeedsBoundPresign: u64 = 14;
const EPresignNotFound: u64 = 15;
const EPresignAlreadyConsumed: u64 = 16;
const EPresignNotCompleted: u64 = 17;
const EWrongPresignCap: u64 = 18;
const EPresignMismatch: u64 = 19;
const EPresignBoundToOtherDWallet: u64 = 20;
const EPresignPoolEmpty: u64 = 21;
const EPresignPoolFull: u64 = 22;
const EPartialSignatureNotFound: u64 = 23;
const EWrongPartialSignatureCap: u64 = 24;
const EPartialSignatureNotVerified: u64 = 25;
const EApprovalMismatch: u64 = 26;
const EWrongEpoch: u64 = 27;
const EOutOfSequence: u64 = 28;
const ESessionNotFound: u64 = 29;
const ESessionNotPending: u64 = 30;
const EResultKindMismatch: u64 = 31;
const EEmptyOutput: u64 = 32;
const EInvalidSignature: u64 = 33;
const EInvalidBlamedValidator: u64 = 34;
const EEpochNotIncreasing: u64 = 35;
const EInvalidRequestKind: u64 = 36;
const EInvalidKeyCommitment: u64 = 37;
const EEmptyCurveList: u64 = 38;
const EDuplicateCurve: u64 = 39;
const EEmptyGlobalKeyParts: u64 = 40;
const EInvalidPrehashedMessage: u64 = 41;
const EUserMessageTooLong: u64 = 42;
const EMessageTooLong: u64 = 43;
const EGlobalKeyPartsTooLong: u64 = 44;
const ENetworkKeyNotActive: u64 = 45;
const EReconfigurationPending: u64 = 46;
const EInvalidThresholdKeyDigest: u64 = 47;
const ETrailingOutputBytes: u64 = 48;
const ENetworkKeyVersionsMismatch: u64 = 49;
const ENoCommittee: u64 = 50;
const ENetworkKeyGenerationPending: u64 = 51;
const ENotRequester: u64 = 52;
const ESessionTimeoutNotReached: u64 = 53;
const ESessionNotCancellable: u64 = 54;
const EInvalidSessionTimeout: u64 = 55;
const EDWalletNotShared: u64 = 56;
const EDWalletAlreadyShared: u64 = 57;
const EInvalidPublicUserShare: u64 = 58;
const EUnsupportedSignatureAlgorithm: u64 = 59;
const EPresignAlgorithmMismatch: u64 = 60;
const EFutureSignNeedsEcdsa: u64 = 61;
const EImportedKeyPresignNeedsEcdsa: u64 = 62;
const EEncryptionKeyAlreadyRegistered: u64 = 63;
const EEncryptionKeyNotFound: u64 = 64;
const EEncryptionKeyNotActive: u64 = 65;
const EInvalidEncryptionKey: u64 = 66;
const EInvalidTransferRecipient: u64 = 67;
const EEncryptedShareNotFound: u64 = 68;
const ENotTransferRecipient: u64 = 69;
const ENotTransferSender: u64 = 70;
const EShareTransferNotVerified: u64 = 71;
const ENotAShareTransfer: u64 = 72;

// === Curves, signature algorithms and hash schemes ===

const CURVE_SECP256K1: u32 = 0;
const CURVE_P256: u32 = 1;
const CURVE_ED25519: u32 = 2;

const ALGORITHM_ECDSA: u32 = 0;
/// BIP-340 Schnorr under the BIP-86 tweaked key (BIP-341 key-path spending).
const ALGORITHM_TAPROOT: u32 = 1;
/// Ed25519 (RFC 8032 verification; the key is a raw scalar).
const ALGORITHM_EDDSA: u32 = 2;
/// The number of signature algorithms: the fee table has one entry per (request kind, algorithm).
const ALGORITHM_COUNT: u64 = 3;

const HASH_KECCAK256: u32 = 0;
const HASH_SHA256: u32 = 1;
const HASH_DOUBLE_SHA256: u32 = 2;
/// The message is the 32-byte digest itself (computed by the dApp, e.g. a Bitcoin sighash): the
/// approval then commits to the digest, not to a readable message.
const HASH_PREHASHED: u32 = 3;
/// EdDSA signs the message itself; SHA-512 is the hash inside its challenge SHA-512(R ‖ A ‖ M)
/// (RFC 8032 §5.1.6), so the approval commits to the readable message.
const HASH_SHA512: u32 = 4;
const DIGEST_LENGTH: u64 = 32;

// === Request kinds (kind of a session; the fee-paying ones have a slot in the fee table) ===

const REQUEST_DWALLET_DKG: u8 = 0;
const REQUEST_IMPORTED_KEY: u8 = 1;
const REQUEST_PRESIGN: u8 = 2;
const REQUEST_SIGN: u8 = 3;
const REQUEST_FUTURE_SIGN: u8 = 4;
const REQUEST_FUTURE_SIGN_COMPLETION: u8 = 5;
/// The network's own sessions, opened with the `AdminCap`; they pay no fee and have none in the table.
const REQUEST_NETWORK_KEY_DKG: u8 = 6;
const REQUEST_RECONFIGURATION: u8 = 7;
/// Publishing a dWallet's user share (fee-paying, numbered after the network's kinds: `fee_slot`).
const REQUEST_MAKE_DWALLET_SHARED: u8 = 8;
/// Registering a user's encryption key, recording a backup of x_A under the owner's key, and a
/// transfer of x_A to another address's key (fee-paying: `fee_slot`).
const REQUEST_REGISTER_ENCRYPTION_KEY: u8 = 9;
const REQUEST_SHARE_BACKUP: u8 = 10;
const REQUEST_SHARE_TRANSFER: u8 = 11;
/// The number of fee-paying request kinds; the fee table has `REQUEST_KIND_COUNT * ALGORITHM_COUNT`
/// entries (`fee_index`).
const REQUEST_KIND_COUNT: u64 = 10;
/// The fee slot of `REQUEST_MAKE_DWALLET_SHARED` (kinds 0–5 are their own slot).
const FEE_SLOT_MAKE_DWALLET_SHARED: u64 = 6;
const FEE_SLOT_REGISTER_ENCRYPTION_KEY: u64 = 7;
const FEE_SLOT_SHARE_BACKUP: u64 = 8;
const FEE_SLOT_SHARE_TRANSFER: u64 = 9;

// === States ===

const SESSION_PENDING: u8 = 0;
const SESSION_COMPLETED: u8 = 1;
const SESSION_REJECTED: u8 = 2;
const SESSION_CANCELLED: u8 = 3;

const DWALLET_AWAITING_NETWORK: u8 = 0;
const DWALLET_ACTIVE: u8 = 1;
const DWALLET_REJECTED: u8 = 2;

const PRESIGN_REQUESTED: u8 = 0;
const PRESIGN_COMPLETED: u8 = 1;
const PRESIGN_REJECTED: u8 = 2;
const PRESIGN_CONSUMED: u8 = 3;

const PARTIAL_AWAITING_VERIFICATION: u8 = 0;
const PARTIAL_VERIFIED: u8 = 1;
const PARTIAL_REJECTED: u8 = 2;
const PARTIAL_USED: u8 = 3;

const SIGN_REQUESTED: u8 = 0;
const SIGN_COMPLETED: u8 = 1;
const SIGN_REJECTED: u8 = 2;

const NETWORK_KEY_REQUESTED: u8 = 0;
const NETWORK_KEY_ACTIVE: u8 = 1;
const NETWORK_KEY_REJECTED: u8 = 2;

const ENCRYPTION_KEY_AWAITING_NETWORK: u8 = 0;
const ENCRYPTION_KEY_ACTIVE: u8 = 1;
const ENCRYPTION_KEY_REJECTED: u8 = 2;
/// What `encryption_key_state` answers for an (address, curve) that never registered a key.
const NO_ENCRYPTION_KEY: u8 = 255;

const ENCRYPTED_SHARE_AWAITING_NETWORK: u8 = 0;
const ENCRYPTED_SHARE_VERIFIED: u8 = 1;
const ENCRYPTED_SHARE_REJECTED: u8 = 2;
/// A transfer whose recipient took the cap.
const ENCRYPTED_SHARE_ACCEPTED: u8 = 3;
/// A transfer whose sender took the cap back before the recipient accepted it.
const ENCRYPTED_SHARE_WITHDRAWN: u8 = 4;

// === Limits and domain separation ===

const KEY_COMMITMENT_LENGTH: u64 = 32;
const THRESHOLD_KEY_DIGEST_LENGTH: u64 = 32;
/// The threshold-key digest of a key the administrator registered (no committee attested it).
const UNATTESTED_THRESHOLD_KEY_DIGEST: vector<u8> = x"0000000000000000000000000000000000000000000000000000000000000000";
/// A published user share x_A: a 32-byte big-endian scalar (its range, 0 < x_A < q, and
/// x_A·G = X_A are checked by the validators).
const PUBLIC_USER_SHARE_LENGTH: u64 = 32;
/// An ECDSA signature: r ‖ s ‖ recovery id.
const SIGNATURE_LENGTH_ECDSA: u64 = 65;
const MAX_RECOVERY_ID: u8 = 3;
/// A Schnorr signature: x(R) ‖ s (BIP-340) or R ‖ S (RFC 8032).
const SIGNATURE_LENGTH_SCHNORR: u64 = 64;
/// Requested plus available presigns of one pool: bounds what the network precomputes for one
/// (network key, curve, algorithm) ahead of demand.
const MAX_POOL_PRESIGNS: u64 = 1000;
/// Bounds a user's protocol message (DKG, imported key, sign). The largest, a sign message, is
/// about 5.5 KB at 112-bit and 7.5 KB at 128-bit security; the bound leaves room for the protocol
/// to grow and keeps every event and object carrying user bytes far below Sui's 250 KiB limits.
const MAX_USER_MESSAGE_LENGTH: u64 = 65536;
/// Bounds a message to sign: an unsigned Ethereum transaction carrying the largest init code
/// Ethereum accepts (EIP-3860: 49,152 bytes) fits.
const MAX_MESSAGE_LENGTH: u64 = 65536;
/// Bounds a user's encryption key: a class-group public key of the network key's setup is a
/// few hundred bytes at 112-bit and 128-bit security (mpc/cl/encoding.ts); the bound leaves room
/// for larger discriminants and keeps a pure argument (16 KiB on Sui) far away.
const MAX_ENCRYPTION_KEY_LENGTH: u64 = 4096;
/// Bounds a network key's public global key parts (about 1.3 KB per curve at 112-bit security).
const MAX_GLOBAL_KEY_PARTS_LENGTH: u64 = 65536;
/// How long a session stays pending before its requester may cancel it, until the administrator
/// sets another timeout: long enough for the network to finish any session (seconds to minutes,
/// including an epoch change), short enough that a stuck request does not hold the fee for days.
const DEFAULT_SESSION_TIMEOUT_MS: u64 = 3_600_000;
/// The longest timeout (30 days): a request time plus the timeout stays far below `u64::MAX`.
const MAX_SESSION_TIMEOUT_MS: u64 = 2_592_000_000;
/// Intent of a result batch certificate: scope 100, version 0, app id 0.
const INTENT_RESULT_BATCH: vector<u8> = x"640100";

// === Objects ===

/// Sets fees, starts network-key DKGs and epoch changes, and registers committees and network
/// keys directly (the dealer/dev path).
public struct AdminCap has key, store {
    id: UID,
}

/// A committee being assembled by the administrator, for `set_committee` or
/// `request_reconfiguration`, which consume it. A committee of a few hundred members does not fit
/// in one call's arguments (Sui bounds a pure argument to 16 KiB and a transaction to 128 KiB), so
/// its members are added in batches (`add_committee_members`), in as many calls and transactions
/// as they take; each member is checked as it is added, and the builder is an owned object, so
/// only its owner (who held the `AdminCap` to make it) can fill or use it.
public struct CommitteeBuilder has key, store {
    id: UID,
    members: MemberList,
}

public struct Coordinator has key {
    id: UID,
    epoch: u64,
    committee: Committee,
    /// The next committee, from `request_reconfiguration` until its result.
    pending_committee: Option<Committee>,
    network_keys: ObjectTable<ID, NetworkKey>,
    /// The ACTIVE network keys in the order they became ACTIVE (the order of their
    /// `NetworkKeyRegistered` events): the order of a `Reconfigured` output's versions.
    active_network_keys: vector<ID>,
    /// Network-key DKGs requested and not yet completed or rejected. An epoch change waits for
    /// them (a key generated by the old committee during a resharing would have no shares in the
    /// new one), and a DKG waits for the epoch change; so the keys a resharing covers are fixed
    /// from its request to its result.
    keys_in_generation: u64,
    /// Fee in MIST per (request kind, signature algorithm), at `fee_index`.
    fees: vector<u64>,
    /// How long after its request a pending session may be cancelled by its requester.
    session_timeout_ms: u64,
    /// Keyed by session id; sessions are kept after completion so an id is never reused.
    sessions: ObjectTable<vector<u8>, Session>,
    dwallets: ObjectTable<ID, DWallet>,
    presigns: ObjectTable<ID, Presign>,
    /// One pool per (network key, curve, algorithm) a presign was ever requested for: as many as
    /// the administrator's network keys times four signing schemes, so a vector; what grows with
    /// use, the pools' presigns, is in each pool's `TableVec`.
    presign_pools: vector<PresignPool>,
    partial_signatures: ObjectTable<ID, PartialUserSignature>,
    signs: ObjectTable<ID, Sign>,
    /// Users' encryption keys by id (a registration's session names its key by id, so a result
    /// finds it in one lookup, as every result finds its target).
    encryption_keys: ObjectTable<ID, UserEncryptionKey>,
    /// The key of each (address, curve): at most one, kept for good (a REJECTED key is replaced in place).
    encryption_key_ids: Table<EncryptionKeySlot, ID>,
    encrypted_shares: ObjectTable<ID, EncryptedUserShare>,
    /// The newest encrypted share of each (dWallet, owner), whatever its state; each share links
    /// the one it followed (`previous_share_id`). Recovery reads the chain alone: from a dWallet
    /// whose cap an address holds to that address's latest verified share, walking back past
    /// pending or rejected ones. Written by the request, so a result loads no more children.
    encrypted_share_ids: Table<EncryptedShareSlot, ID>,
    next_session_sequence: u64,
    next_result_sequence: u64,
}

public struct NetworkKey has key, store {
    id: UID,
    curves: vector<u32>,
    /// Commitment to (pk, X_B⁰, X_B¹, ct_key⁰, ct_key¹), bound into every dWallet and presign;
    /// empty until the key is ACTIVE.
    key_commitment: vector<u8>,
    /// Opaque encoding of the public global key parts, produced by `mpc/`; empty until ACTIVE.
    global_key_parts: vector<u8>,
    /// The epoch the key became ACTIVE (for a REQUESTED or REJECTED key: the epoch of its request).
    registered_at_epoch: u64,
    state: u8,
    /// The session of its DKG; empty for a key the administrator registered.
    session_id: vector<u8>,
    /// One per epoch since the key became ACTIVE, oldest first.
    versions: vector<NetworkKeyVersion>,
}

/// The key's threshold public key in one epoch, as a 32-byte digest.
public struct NetworkKeyVersion has copy, drop, store {
    epoch: u64,
    threshold_key_digest: vector<u8>,
}

/// Completed presigns not yet claimed (`available`) and requested ones (`pending`) of one
/// (network key, curve, algorithm).
///
/// `available` holds up to `MAX_POOL_PRESIGNS` ids in dynamic fields, one per id, instead of a
/// vector inside the shared coordinator: every transaction on the coordinator reads and writes the
/// coordinator whole (Sui charges both by size, and an object is at most 250 KiB), while a
/// completion or a claim touches one 32-byte entry here. A claim takes the most recently completed
/// presign, so the pool is a stack: the framework's `TableVec` is exactly that (a `Table<u64, ID>`
/// indexed 0..length, pushed and popped at the end), so it is used rather than a hand-made table
/// with counters.
public struct PresignPool has store {
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    pending: u64,
    available: TableVec<ID>,
}

public struct Session has key, store {
    id: UID,
    session_id: vector<u8>,
    sequence: u64,
    request_kind: u8,
    /// The dWallet, presign, partial signature or sign this session produces.
    target_id: ID,
    requester: address,
    created_at_epoch: u64,
    /// The `Clock` time of the request (ms).
    created_at_ms: u64,
    status: u8,
    fee: Balance<SUI>,
    reason_code: u32,
    reason: vector<u8>,
    blamed: vector<u32>,
}

public struct DWallet has key, store {
    id: UID,
    cap_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    imported: bool,
    session_id: vector<u8>,
    state: u8,
    output: vector<u8>,
    /// x_A of a shared dWallet (32-byte big-endian scalar); none for a zero-trust dWallet.
    public_user_share: Option<vector<u8>>,
}

/// The authority to approve messages for one dWallet. `store` lets another contract keep it.
public struct DWalletCap has key, store {
    id: UID,
    dwallet_id: ID,
}

public struct Presign has key, store {
    id: UID,
    session_id: vector<u8>,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    /// Set for a presign bound to an imported-key ECDSA dWallet.
    dwallet_id: Option<ID>,
    requester: address,
    /// The one cap that may consume this presign, once claimed or bound.
    cap_id: Option<ID>,
    state: u8,
    output: vector<u8>,
}

public struct PresignCap has key, store {
    id: UID,
    presign_id: ID,
}

public struct MessageApproval has drop {
    dwallet_id: ID,
    hash_scheme: u32,
    message: vector<u8>,
}

public struct PartialUserSignature has key, store {
    id: UID,
    session_id: vector<u8>,
    dwallet_id: ID,
    presign_id: ID,
    /// The presign's cap, held here until the partial signature is completed.
    presign_cap: Option<PresignCap>,
    hash_scheme: u32,
    message: vector<u8>,
    user_sign_message: vector<u8>,
    cap_id: ID,
    state: u8,
}

public struct PartialSignatureCap has key, store {
    id: UID,
    partial_signature_id: ID,
}

public struct Sign has key, store {
    id: UID,
    session_id: vector<u8>,
    dwallet_id: ID,
    presign_id: ID,
    algorithm: u32,
    hash_scheme: u32,
    message: vector<u8>,
    partial_signature_id: Option<ID>,
    state: u8,
    signature: vector<u8>,
}

/// A user's class-group encryption key for one curve (the curve's network-key setup): the key an
/// encrypted user share is encrypted under. ACTIVE once the validators verified the proof of
/// knowledge of its secret that came with it.
public struct UserEncryptionKey has key, store {
    id: UID,
    owner: address,
    curve: u32,
    /// CL public key bytes (mpc/user-share encoding), opaque here.
    encryption_key: vector<u8>,
    /// The session of its (latest) registration.
    session_id: vector<u8>,
    state: u8,
}

/// Whose key for which curve: the key of `encryption_key_ids`.
public struct EncryptionKeySlot has copy, drop, store {
    owner: address,
    curve: u32,
}

/// Which dWallet's share encrypted to whom: the key of `encrypted_share_ids`.
public struct EncryptedShareSlot has copy, drop, store {
    dwallet_id: ID,
    owner: address,
}

/// A dWallet's user share x_A encrypted under `owner`'s registered key, with the EncDL proof that
/// it is the x_A of the dWallet's X_A: a backup (`owner` is `sender`) or a transfer (`owner` is
/// the recipient, the cap escrowed here until the recipient accepts it or the sender takes it back).
public struct EncryptedUserShare has key, store {
    id: UID,
    dwallet_id: ID,
    /// Whose registered key encrypts it: the sender for a backup, the recipient for a transfer.
    owner: address,
    /// The requester.
    sender: address,
    encryption_key_id: ID,
    /// Ciphertext and EncDL proof (mpc/user-share encoding), opaque here.
    encrypted_share: vector<u8>,
    session_id: vector<u8>,
    transfer: bool,
    state: u8,
    /// A transfer's cap until it is accepted, withdrawn, or returned (rejection, cancellation).
    escrowed_cap: Option<DWalletCap>,
    /// The share of the same (dWallet, owner) requested before this one, if any.
    previous_share_id: Option<ID>,
}

// === Initialisation ===

fun init(ctx: &mut TxContext) {
    transfer::share_object(new_coordinator(ctx));
    transfer::transfer(AdminCap { id: object::new(ctx) }, ctx.sender());
}

fun new_coordinator(ctx: &mut TxContext): Coordinator {
    Coordinator {
        id: object::new(ctx),
        epoch: 0,
        committee: committee::empty(),
        pending_committee: option::none(),
        network_keys: object_table::new(ctx),
        active_network_keys: vector[],
        keys_in_generation: 0,
        fees: zero_fees(),
        session_timeout_ms: DEFAULT_SESSION_TIMEOUT_MS,
        sessions: object_table::new(ctx),
        dwallets: object_table::new(ctx),
        presigns: object_table::new(ctx),
        presign_pools: vector[],
        partial_signatures: object_table::new(ctx),
        signs: object_table::new(ctx),
        encryption_keys: object_table::new(ctx),
        encryption_key_ids: table::new(ctx),
        encrypted_shares: object_table::new(ctx),
        encrypted_share_ids: table::new(ctx),
        next_session_sequence: 0,
        next_result_sequence: 0,
    }
}

// === Administration ===

/// Starts a committee for `set_committee` or `request_reconfiguration`.
public fun new_committee_builder(_: &AdminCap, ctx: &mut TxContext): CommitteeBuilder {
    CommitteeBuilder { id: object::new(ctx), members: committee::new_member_list() }
}

/// Adds members to a committee being built (`committee::add_members`: every check of a member).
public fun add_committee_members(
    builder: &mut CommitteeBuilder,
    public_keys: vector<vector<u8>>,
    proofs_of_possession: vector<vector<u8>>,
    weights: vector<u64>,
    sui_addresses: vector<address>,
    network_addresses: vector<String>,
    share_encryption_keys: vector<vector<u8>>,
) {
    builder
        .members
        .add_members(
            public_keys,
            proofs_of_possession,
            weights,
            sui_addresses,
            network_addresses,
            share_encryption_keys,
        );
}

/// Installs the committee of a new epoch (the first committee, tests), the builder's members with
/// `threshold`; the builder is consumed. Sessions still pending are completed by it. Refused while
/// a reconfiguration is pending: its committee is the next one.
public fun set_committee(
    self: &mut Coordinator,
    _: &AdminCap,
    epoch: u64,
    builder: CommitteeBuilder,
    threshold: u64,
) {
    assert!(epoch > self.epoch, EEpochNotIncreasing);
    assert!(self.pending_committee.is_none(), EReconfigurationPending);
    let committee = finish_committee(builder, threshold);
    self.install_committee(epoch, committee);
}

/// The committee of a builder's members (`committee::finish`: not empty, total weight, threshold).
fun finish_committee(builder: CommitteeBuilder, threshold: u64): Committee {
    let CommitteeBuilder { id, members } = builder;
    id.delete();
    members.finish(threshold)
}

public fun register_network_key(
    self: &mut Coordinator,
    _: &AdminCap,
    curves: vector<u32>,
    key_commitment: vector<u8>,
    global_key_parts: vector<u8>,
    ctx: &mut TxContext,
): ID {
    self.add_network_key(curves, key_commitment, global_key_parts, ctx)
}

/// Asks the committee to generate a network key for `curves` (distributed key generation, no
/// dealer). The key exists at once, REQUESTED; a certified `NetworkKeyGenerated` makes it ACTIVE,
/// a rejection REJECTED. The session pays no fee.
public fun request_network_key_dkg(
    self: &mut Coordinator,
    _: &AdminCap,
    curves: vector<u32>,
    session_preimage: vector<u8>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    assert_curves_valid(&curves);
    assert!(self.pending_committee.is_none(), EReconfigurationPending);
    let key_uid = object::new(ctx);
    let network_key_id = key_uid.to_inner();
    let (session_id, session_sequence, _) = self.open_admin_session(
        REQUEST_NETWORK_KEY_DKG,
        network_key_id,
        session_preimage,
        clock,
        ctx,
    );
    self.keys_in_generation = self.keys_in_generation + 1;
    events::network_key_dkg_requested(session_id, session_sequence, self.epoch, ctx.sender(), network_key_id, curves);
    self.network_keys.add(network_key_id, NetworkKey {
        id: key_uid,
        curves,
        key_commitment: vector[],
        global_key_parts: vector[],
        registered_at_epoch: self.epoch,
        state: NETWORK_KEY_REQUESTED,
        session_id,
        versions: vector[],
    });
    network_key_id
}

/// Asks the current committee to hand over to the committee of the builder's members (consumed)
/// with `threshold`, as the committee of epoch + 1: it reshares every ACTIVE network key to it.
/// The next committee waits in `pending_committee` (one at a time) until a certified
/// `Reconfigured` installs it, or a rejection drops it. The session pays no fee.
public fun request_reconfiguration(
    self: &mut Coordinator,
    _: &AdminCap,
    builder: CommitteeBuilder,
    threshold: u64,
    session_preimage: vector<u8>,
    clock: &Clock,
    ctx: &mut TxContext,
) {
    assert!(!self.committee.is_empty(), ENoCommittee);
    assert!(self.pending_committee.is_none(), EReconfigurationPending);
    assert!(self.keys_in_generation == 0, ENetworkKeyGenerationPending);
    let committee = finish_committee(builder, threshold);
    let coordinator_id = object::id(self);
    let (session_id, session_sequence, _) = self.open_admin_session(
        REQUEST_RECONFIGURATION,
        coordinator_id,
        session_preimage,
        clock,
        ctx,
    );
    events::reconfiguration_requested(
        session_id,
        session_sequence,
        self.epoch,
        ctx.sender(),
        coordinator_id,
        self.epoch + 1,
        *committee.members(),
        committee.total_weight(),
        committee.threshold(),
    );
    self.pending_committee.fill(committee);
}

/// Sets the fee of a request kind for dWallets of one signature algorithm (their MPC work differs).
public fun set_fee(self: &mut Coordinator, _: &AdminCap, request_kind: u8, algorithm: u32, amount: u64) {
    let index = fee_index(request_kind, algorithm);
    *self.fees.borrow_mut(index) = amount;
    events::fee_set(request_kind, algorithm, amount);
}

/// Sets how long a session stays pending before its requester may cancel it (1 ms to 30 days); it
/// applies to the sessions already pending too.
public fun set_session_timeout(self: &mut Coordinator, _: &AdminCap, timeout_ms: u64) {
    assert!(timeout_ms > 0 && timeout_ms <= MAX_SESSION_TIMEOUT_MS, EInvalidSessionTimeout);
    self.session_timeout_ms = timeout_ms;
    events::session_timeout_set(timeout_ms);
}

/// Installs the committee of `epoch` (by `set_committee` or a certified reconfiguration).
fun install_committee(self: &mut Coordinator, epoch: u64, committee: Committee) {
    self.epoch = epoch;
    self.committee = committee;
    events::committee_set(epoch, *committee.members(), committee.total_weight(), committee.threshold());
}

/// An ACTIVE key registered by the administrator: its one version carries the unattested digest.
fun add_network_key(
    self: &mut Coordinator,
    curves: vector<u32>,
    key_commitment: vector<u8>,
    global_key_parts: vector<u8>,
    ctx: &mut TxContext,
): ID {
    assert_curves_valid(&curves);
    assert_key_material_valid(&key_commitment, &global_key_parts);
    let epoch = self.epoch;
    let key = NetworkKey {
        id: object::new(ctx),
        curves,
        key_commitment,
        global_key_parts,
        registered_at_epoch: epoch,
        state: NETWORK_KEY_ACTIVE,
        session_id: vector[],
        versions: vector[NetworkKeyVersion { epoch, threshold_key_digest: UNATTESTED_THRESHOLD_KEY_DIGEST }],
    };
    let network_key_id = object::id(&key);
    events::network_key_registered(network_key_id, curves, key_commitment, global_key_parts, epoch);
    self.network_keys.add(network_key_id, key);
    self.active_network_keys.push_back(network_key_id);
    network_key_id
}

/// A network key's curve list: not empty, every curve supported, none twice.
fun assert_curves_valid(curves: &vector<u32>) {
    assert!(!curves.is_empty(), EEmptyCurveList);
    let mut i = 0;
    while (i < curves.length()) {
        assert!(is_supported_curve(curves[i]), EUnsupportedCurve);
        let mut j = 0;
        while (j < i) {
            assert!(curves[j] != curves[i], EDuplicateCurve);
            j = j + 1;
        };
        i = i + 1;
    };
}

fun assert_key_material_valid(key_commitment: &vector<u8>, global_key_parts: &vector<u8>) {
    assert!(key_commitment.length() == KEY_COMMITMENT_LENGTH, EInvalidKeyCommitment);
    assert!(!global_key_parts.is_empty(), EEmptyGlobalKeyParts);
    assert!(global_key_parts.length() <= MAX_GLOBAL_KEY_PARTS_LENGTH, EGlobalKeyPartsTooLong);
}

// === dWallet creation ===

/// Requests a dWallet by DKG that signs with `algorithm` on `curve` (a valid signing scheme).
/// `user_dkg_message` is the user's DKG message (opaque here).
public fun request_dwallet_dkg(
    self: &mut Coordinator,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    session_preimage: vector<u8>,
    user_dkg_message: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): DWalletCap {
    self.create_dwallet(network_key_id, curve, algorithm, false, session_preimage, user_dkg_message, option::none(), payment, clock, ctx)
}

/// Requests a dWallet for a key the user already has; the network verifies the user's import
/// message (X_A, X_B, proofs, Enc(x_B)).
public fun request_imported_key_dwallet(
    self: &mut Coordinator,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    session_preimage: vector<u8>,
    user_import_message: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): DWalletCap {
    self.create_dwallet(
        network_key_id,
        curve,
        algorithm,
        true,
        session_preimage,
        user_import_message,
        option::none(),
        payment,
        clock,
        ctx,
    )
}

/// Requests a shared dWallet by DKG: like `request_dwallet_dkg` (same request kind and fee), with
/// the user's share x_A published at once (`public_user_share`, 32 bytes). The validators verify
/// the DKG message and x_A·G = X_A, and reject the request otherwise.
public fun request_shared_dwallet_dkg(
    self: &mut Coordinator,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    session_preimage: vector<u8>,
    user_dkg_message: vector<u8>,
    public_user_share: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): DWalletCap {
    self.create_dwallet(
        network_key_id,
        curve,
        algorithm,
        false,
        session_preimage,
        user_dkg_message,
        option::some(public_user_share),
        payment,
        clock,
        ctx,
    )
}

/// Converts an ACTIVE zero-trust dWallet (DKG or imported key) into a shared one by publishing its
/// user share x_A. The proof is the share itself: the validators check x_A·G = X_A against the
/// dWallet's output and certify a `DWalletShared` result, which records the share; a rejection
/// (or a cancellation) leaves the dWallet ACTIVE and zero-trust.
public fun request_make_dwallet_shared(
    self: &mut Coordinator,
    dwallet_cap: &DWalletCap,
    public_user_share: vector<u8>,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
) {
    let dwallet = self.borrow_active_dwallet(dwallet_cap);
    assert!(dwallet.public_user_share.is_none(), EDWalletAlreadyShared);
    assert_public_user_share_valid(&public_user_share);
    let network_key_id = dwallet.network_key_id;
    let curve = dwallet.curve;
    let algorithm = dwallet.algorithm;
    let dwallet_output = dwallet.output;
    let dwallet_id = dwallet_cap.dwallet_id;
    let (session_id, session_sequence, fee) = self.open_session(
        REQUEST_MAKE_DWALLET_SHARED,
        algorithm,
        dwallet_id,
        session_preimage,
        payment,
        clock,
        ctx,
    );
    events::make_dwallet_shared_requested(
        session_id,
        session_sequence,
        self.epoch,
        ctx.sender(),
        dwallet_id,
        network_key_id,
        curve,
        algorithm,
        dwallet_output,
        public_user_share,
        fee,
    );
}

fun create_dwallet(
    self: &mut Coordinator,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    imported: bool,
    session_preimage: vector<u8>,
    user_message: vector<u8>,
    public_user_share: Option<vector<u8>>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): DWalletCap {
    self.assert_key_supports(network_key_id, curve, algorithm);
    assert_user_message_valid(&user_message);
    if (public_user_share.is_some()) assert_public_user_share_valid(public_user_share.borrow());
    let dwallet_uid = object::new(ctx);
    let dwallet_id = dwallet_uid.to_inner();
    let cap = DWalletCap { id: object::new(ctx), dwallet_id };
    let cap_id = object::id(&cap);
    let request_kind = if (imported) REQUEST_IMPORTED_KEY else REQUEST_DWALLET_DKG;
    let (session_id, session_sequence, fee) = self.open_session(
        request_kind,
        algorithm,
        dwallet_id,
        session_preimage,
        payment,
        clock,
        ctx,
    );
    if (imported) {
        events::imported_key_dwallet_requested(
            session_id,
            session_sequence,
            self.epoch,
            ctx.sender(),
            dwallet_id,
            cap_id,
            network_key_id,
            curve,
            algorithm,
            user_message,
            fee,
        );
    } else {
        events::dwallet_dkg_requested(
            session_id,
            session_sequence,
            self.epoch,
            ctx.sender(),
            dwallet_id,
            cap_id,
            network_key_id,
            curve,
            algorithm,
            user_message,
            fee,
            public_user_share,
        );
    };
    self.dwallets.add(dwallet_id, DWallet {
        id: dwallet_uid,
        cap_id,
        network_key_id,
        curve,
        algorithm,
        imported,
        session_id,
        state: DWALLET_AWAITING_NETWORK,
        output: vector[],
        public_user_share,
    });
    cap
}

// === Presigns ===

/// Pays for one presign of the global pool of (`network_key_id`, `curve`, `algorithm`); returns its id.
public fun request_presign(
    self: &mut Coordinator,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    self.assert_key_supports(network_key_id, curve, algorithm);
    let pool_index = self.pool_index_or_create(network_key_id, curve, algorithm, ctx);
    let pool = self.presign_pools.borrow_mut(pool_index);
    assert!(pool.pending + pool.available.length() < MAX_POOL_PRESIGNS, EPresignPoolFull);
    pool.pending = pool.pending + 1;
    let presign_uid = object::new(ctx);
    let presign_id = presign_uid.to_inner();
    let (session_id, session_sequence, fee) = self.open_session(
        REQUEST_PRESIGN,
        algorithm,
        presign_id,
        session_preimage,
        payment,
        clock,
        ctx,
    );
    events::presign_requested(
        session_id,
        session_sequence,
        self.epoch,
        ctx.sender(),
        presign_id,
        network_key_id,
        curve,
        algorithm,
        option::none(),
        vector[],
        fee,
    );
    self.presigns.add(presign_id, Presign {
        id: presign_uid,
        session_id,
        network_key_id,
        curve,
        algorithm,
        dwallet_id: option::none(),
        requester: ctx.sender(),
        cap_id: option::none(),
        state: PRESIGN_REQUESTED,
        output: vector[],
    });
    presign_id
}

/// Requests a presign bound to an imported-key ECDSA dWallet (such a dWallet's key share is its
/// own encryption, and an ECDSA presign depends on it, so its presigns are made for it alone). A
/// Schnorr presign does not depend on the key: imported-key Taproot and EdDSA dWallets claim from
/// the global pool, and their bound presign is refused (`EImportedKeyPresignNeedsEcdsa`). The cap
/// is returned at once; it can sign once the presign is completed.
public fun request_imported_key_presign(
    self: &mut Coordinator,
    dwallet_cap: &DWalletCap,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): PresignCap {
    let dwallet = self.borrow_active_dwallet(dwallet_cap);
    assert!(dwallet.imported, ENotImportedKeyDWallet);
    assert!(dwallet.algorithm == ALGORITHM_ECDSA, EImportedKeyPresignNeedsEcdsa);
    let network_key_id = dwallet.network_key_id;
    let curve = dwallet.curve;
    let algorithm = dwallet.algorithm;
    let dwallet_output = dwallet.output;
    let dwallet_id = dwallet_cap.dwallet_id;
    let presign_uid = object::new(ctx);
    let presign_id = presign_uid.to_inner();
    let cap = PresignCap { id: object::new(ctx), presign_id };
    let (session_id, session_sequence, fee) = self.open_session(
        REQUEST_PRESIGN,
        algorithm,
        presign_id,
        session_preimage,
        payment,
        clock,
        ctx,
    );
    events::presign_requested(
        session_id,
        session_sequence,
        self.epoch,
        ctx.sender(),
        presign_id,
        network_key_id,
        curve,
        algorithm,
        option::some(dwallet_id),
        dwallet_output,
        fee,
    );
    self.presigns.add(presign_id, Presign {
        id: presign_uid,
        session_id,
        network_key_id,
        curve,
        algorithm,
        dwallet_id: option::some(dwallet_id),
        requester: ctx.sender(),
        cap_id: option::some(object::id(&cap)),
        state: PRESIGN_REQUESTED,
        output: vector[],
    });
    cap
}

/// Takes the most recently completed presign of the pool of (`network_key_id`, `curve`,
/// `algorithm`). The payment (at least the algorithm's presign fee) goes to the account that paid
/// for that presign. A pool exists only for a valid signing scheme (`request_presign` made it),
/// so the fee index is read once the pool is found.
public fun claim_presign(
    self: &mut Coordinator,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    payment: Coin<SUI>,
    ctx: &mut TxContext,
): PresignCap {
    let mut pool_index = self.pool_index(network_key_id, curve, algorithm);
    assert!(pool_index.is_some(), EPresignPoolEmpty);
    let required_fee = self.fees[fee_index(REQUEST_PRESIGN, algorithm)];
    let pool = self.presign_pools.borrow_mut(pool_index.extract());
    assert!(!pool.available.is_empty(), EPresignPoolEmpty);
    let fee = payment.value();
    assert!(fee >= required_fee, EInsufficientFee);
    let presign_id = pool.available.pop_back();
    let cap = PresignCap { id: object::new(ctx), presign_id };
    let cap_id = object::id(&cap);
    let presign = self.presigns.borrow_mut(presign_id);
    presign.cap_id = option::some(cap_id);
    let requester = presign.requester;
    transfer::public_transfer(payment, requester);
    events::presign_claimed(presign_id, cap_id, network_key_id, curve, algorithm, ctx.sender(), requester, fee);
    cap
}

// === Signing ===

/// Approves `message` for signing with the dWallet of `dwallet_cap` under `hash_scheme`.
public fun approve_message(
    self: &Coordinator,
    dwallet_cap: &DWalletCap,
    hash_scheme: u32,
    message: vector<u8>,
): MessageApproval {
    let dwallet = self.borrow_active_dwallet(dwallet_cap);
    assert!(is_valid_hash_scheme(dwallet.curve, dwallet.algorithm, hash_scheme), EUnsupportedHashScheme);
    assert_message_valid(hash_scheme, &message);
    MessageApproval { dwallet_id: dwallet_cap.dwallet_id, hash_scheme, message }
}

/// Requests the network's half of a signature of an approved message; consumes the presign.
public fun request_sign(
    self: &mut Coordinator,
    approval: MessageApproval,
    presign_cap: PresignCap,
    session_preimage: vector<u8>,
    user_sign_message: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    let MessageApproval { dwallet_id, hash_scheme, message } = approval;
    assert_user_message_valid(&user_sign_message);
    self.assert_presign_usable(&presign_cap, dwallet_id);
    let PresignCap { id: presign_cap_uid, presign_id } = presign_cap;
    presign_cap_uid.delete();
    let presign = self.consume_presign(presign_id);
    self.open_sign(
        dwallet_id,
        hash_scheme,
        message,
        presign_id,
        presign,
        user_sign_message,
        option::none(),
        option::none(),
        REQUEST_SIGN,
        session_preimage,
        payment,
        clock,
        ctx,
    )
}

/// Requests a whole signature of an approved message for a shared dWallet: no user message, the
/// network derives the user's part from the published share and the session
/// (`SignRequested.public_user_share` is set). Consumes the presign. A zero-trust dWallet aborts
/// with `EDWalletNotShared`.
public fun request_sign_shared(
    self: &mut Coordinator,
    approval: MessageApproval,
    presign_cap: PresignCap,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    let MessageApproval { dwallet_id, hash_scheme, message } = approval;
    let public_user_share = self.dwallets.borrow(dwallet_id).public_user_share;
    assert!(public_user_share.is_some(), EDWalletNotShared);
    self.assert_presign_usable(&presign_cap, dwallet_id);
    let PresignCap { id: presign_cap_uid, presign_id } = presign_cap;
    presign_cap_uid.delete();
    let presign = self.consume_presign(presign_id);
    self.open_sign(
        dwallet_id,
        hash_scheme,
        message,
        presign_id,
        presign,
        vector[],
        option::none(),
        public_user_share,
        REQUEST_SIGN,
        session_preimage,
        payment,
        clock,
        ctx,
    )
}

/// Stores the user's sign message for `message` (a partial user signature) for the network to
/// verify now and complete later with a matching approval. It needs no `DWalletCap`: the user's
/// message, which only the holder of the user share can produce, is the user's consent; the
/// approval at completion is the cap holder's. ECDSA only: a Schnorr user message commits to the
/// nonce and challenge of one signature, and no partial-signature protocol is defined for it here
/// (`EFutureSignNeedsEcdsa`).
public fun request_future_sign(
    self: &mut Coordinator,
    dwallet_id: ID,
    presign_cap: PresignCap,
    hash_scheme: u32,
    message: vector<u8>,
    session_preimage: vector<u8>,
    user_sign_message: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): PartialSignatureCap {
    assert!(self.dwallets.contains(dwallet_id), EDWalletNotFound);
    let dwallet = self.dwallets.borrow(dwallet_id);
    assert!(dwallet.state == DWALLET_ACTIVE, EDWalletNotActive);
    assert!(dwallet.algorithm == ALGORITHM_ECDSA, EFutureSignNeedsEcdsa);
    assert!(is_valid_hash_scheme(dwallet.curve, dwallet.algorithm, hash_scheme), EUnsupportedHashScheme);
    let network_key_id = dwallet.network_key_id;
    let curve = dwallet.curve;
    let algorithm = dwallet.algorithm;
    let dwallet_output = dwallet.output;
    assert_message_valid(hash_scheme, &message);
    assert_user_message_valid(&user_sign_message);
    self.assert_presign_usable(&presign_cap, dwallet_id);
    let presign_id = presign_cap.presign_id;
    let presign = self.consume_presign(presign_id);
    let partial_uid = object::new(ctx);
    let partial_signature_id = partial_uid.to_inner();
    let cap = PartialSignatureCap { id: object::new(ctx), partial_signature_id };
    let (session_id, session_sequence, fee) = self.open_session(
        REQUEST_FUTURE_SIGN,
        algorithm,
        partial_signature_id,
        session_preimage,
        payment,
        clock,
        ctx,
    );
    events::future_sign_requested(
        session_id,
        session_sequence,
        self.epoch,
        ctx.sender(),
        partial_signature_id,
        dwallet_id,
        network_key_id,
        curve,
        algorithm,
        hash_scheme,
        message,
        presign_id,
        presign,
        dwallet_output,
        user_sign_message,
        fee,
    );
    self.partial_signatures.add(partial_signature_id, PartialUserSignature {
        id: partial_uid,
        session_id,
        dwallet_id,
        presign_id,
        presign_cap: option::some(presign_cap),
        hash_scheme,
        message,
        user_sign_message,
        cap_id: object::id(&cap),
        state: PARTIAL_AWAITING_VERIFICATION,
    });
    cap
}

/// Completes a verified partial user signature with an approval of the same dWallet, hash
/// scheme and message.
public fun request_sign_with_partial_signature(
    self: &mut Coordinator,
    partial_signature_cap: PartialSignatureCap,
    approval: MessageApproval,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    let PartialSignatureCap { id: partial_cap_uid, partial_signature_id } = partial_signature_cap;
    assert!(self.partial_signatures.contains(partial_signature_id), EPartialSignatureNotFound);
    let partial = self.partial_signatures.borrow_mut(partial_signature_id);
    assert!(partial.cap_id == partial_cap_uid.to_inner(), EWrongPartialSignatureCap);
    assert!(partial.state == PARTIAL_VERIFIED, EPartialSignatureNotVerified);
    let MessageApproval { dwallet_id, hash_scheme, message } = approval;
    assert!(
        dwallet_id == partial.dwallet_id && hash_scheme == partial.hash_scheme && message == partial.message,
        EApprovalMismatch,
    );
    partial.state = PARTIAL_USED;
    let PresignCap { id: presign_cap_uid, presign_id } = partial.presign_cap.extract();
    let user_sign_message = partial.user_sign_message;
    presign_cap_uid.delete();
    partial_cap_uid.delete();
    let presign = self.presigns.borrow(presign_id).output;
    self.open_sign(
        dwallet_id,
        hash_scheme,
        message,
        presign_id,
        presign,
        user_sign_message,
        option::some(partial_signature_id),
        option::none(),
        REQUEST_FUTURE_SIGN_COMPLETION,
        session_preimage,
        payment,
        clock,
        ctx,
    )
}

fun open_sign(
    self: &mut Coordinator,
    dwallet_id: ID,
    hash_scheme: u32,
    message: vector<u8>,
    presign_id: ID,
    presign: vector<u8>,
    user_sign_message: vector<u8>,
    partial_signature_id: Option<ID>,
    public_user_share: Option<vector<u8>>,
    request_kind: u8,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    let dwallet = self.dwallets.borrow(dwallet_id);
    let network_key_id = dwallet.network_key_id;
    let curve = dwallet.curve;
    let algorithm = dwallet.algorithm;
    let dwallet_output = dwallet.output;
    let sign_uid = object::new(ctx);
    let sign_id = sign_uid.to_inner();
    let (session_id, session_sequence, fee) = self.open_session(
        request_kind,
        algorithm,
        sign_id,
        session_preimage,
        payment,
        clock,
        ctx,
    );
    events::sign_requested(
        session_id,
        session_sequence,
        self.epoch,
        ctx.sender(),
        sign_id,
        dwallet_id,
        network_key_id,
        curve,
        algorithm,
        hash_scheme,
        message,
        presign_id,
        presign,
        dwallet_output,
        user_sign_message,
        partial_signature_id,
        fee,
        public_user_share,
    );
    self.signs.add(sign_id, Sign {
        id: sign_uid,
        session_id,
        dwallet_id,
        presign_id,
        algorithm,
        hash_scheme,
        message,
        partial_signature_id,
        state: SIGN_REQUESTED,
        signature: vector[],
    });
    sign_id
}

// === The user's share: encryption keys, backups and transfers ===

/// Registers the sender's encryption key for `curve`: a class-group public key of the curve's
/// network-key setup (opaque here, 1 to `MAX_ENCRYPTION_KEY_LENGTH` bytes), with `proof`, a proof
/// of knowledge of its secret bound to this session. The validators verify the proof and certify
/// an `EncryptionKeyVerified` result, which makes the key ACTIVE; a rejection makes it REJECTED.
/// One key per (address, curve): one AWAITING the network or ACTIVE stays
/// (`EEncryptionKeyAlreadyRegistered`); a REJECTED one is replaced in place (same object and id,
/// new key and session), so an id an encrypted share names never changes contents. The fee is that
/// of the curve's default algorithm (`default_algorithm`). Returns the key's id.
public fun request_register_encryption_key(
    self: &mut Coordinator,
    curve: u32,
    encryption_key: vector<u8>,
    proof: vector<u8>,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    assert!(is_supported_curve(curve), EUnsupportedCurve);
    assert!(!encryption_key.is_empty() && encryption_key.length() <= MAX_ENCRYPTION_KEY_LENGTH, EInvalidEncryptionKey);
    assert_user_message_valid(&proof);
    let owner = ctx.sender();
    let slot = EncryptionKeySlot { owner, curve };
    let algorithm = default_algorithm(curve);
    let (encryption_key_id, session_id, session_sequence, fee) = if (self.encryption_key_ids.contains(slot)) {
        let encryption_key_id = *self.encryption_key_ids.borrow(slot);
        assert!(self.encryption_keys.borrow(encryption_key_id).state == ENCRYPTION_KEY_REJECTED, EEncryptionKeyAlreadyRegistered);
        let (session_id, session_sequence, fee) = self.open_session(
            REQUEST_REGISTER_ENCRYPTION_KEY,
            algorithm,
            encryption_key_id,
            session_preimage,
            payment,
            clock,
            ctx,
        );
        let key = self.encryption_keys.borrow_mut(encryption_key_id);
        key.encryption_key = encryption_key;
        key.session_id = session_id;
        key.state = ENCRYPTION_KEY_AWAITING_NETWORK;
        (encryption_key_id, session_id, session_sequence, fee)
    } else {
        let key_uid = object::new(ctx);
        let encryption_key_id = key_uid.to_inner();
        let (session_id, session_sequence, fee) = self.open_session(
            REQUEST_REGISTER_ENCRYPTION_KEY,
            algorithm,
            encryption_key_id,
            session_preimage,
            payment,
            clock,
            ctx,
        );
        self.encryption_keys.add(encryption_key_id, UserEncryptionKey {
            id: key_uid,
            owner,
            curve,
            encryption_key,
            session_id,
            state: ENCRYPTION_KEY_AWAITING_NETWORK,
        });
        self.encryption_key_ids.add(slot, encryption_key_id);
        (encryption_key_id, session_id, session_sequence, fee)
    };
    events::encryption_key_registration_requested(
        session_id,
        session_sequence,
        self.epoch,
        owner,
        encryption_key_id,
        owner,
        curve,
        encryption_key,
        proof,
        fee,
    );
    encryption_key_id
}

/// Records the cap's ACTIVE dWallet's user share x_A encrypted under the sender's own ACTIVE key
/// for the dWallet's curve (`encrypted_share`: ciphertext and EncDL proof, opaque here). The
/// validators verify the proof against the dWallet's X_A and certify a `ShareBackupVerified`
/// result (VERIFIED); a rejection makes it REJECTED. Returns the encrypted share's id.
public fun request_share_backup(
    self: &mut Coordinator,
    dwallet_cap: &DWalletCap,
    encrypted_share: vector<u8>,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    let owner = ctx.sender();
    let share = self.open_share_encryption(dwallet_cap, owner, false, encrypted_share, session_preimage, payment, clock, ctx);
    let encrypted_share_id = object::id(&share);
    self.encrypted_shares.add(encrypted_share_id, share);
    encrypted_share_id
}

/// As `request_share_backup`, under `recipient`'s ACTIVE key (never the sender's own:
/// `EInvalidTransferRecipient`), with the cap moved into the encrypted share: once the validators
/// certify `ShareTransferVerified`, the recipient takes it (`accept_share_transfer`) or the sender
/// takes it back (`withdraw_share_transfer`); a rejection or a cancellation returns it to the
/// sender. Returns the encrypted share's id.
public fun request_share_transfer(
    self: &mut Coordinator,
    dwallet_cap: DWalletCap,
    recipient: address,
    encrypted_share: vector<u8>,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): ID {
    let mut share = self.open_share_encryption(&dwallet_cap, recipient, true, encrypted_share, session_preimage, payment, clock, ctx);
    share.escrowed_cap.fill(dwallet_cap);
    let encrypted_share_id = object::id(&share);
    self.encrypted_shares.add(encrypted_share_id, share);
    encrypted_share_id
}

/// The recipient of a VERIFIED transfer takes its cap; the transfer becomes ACCEPTED.
public fun accept_share_transfer(self: &mut Coordinator, encrypted_share_id: ID, ctx: &mut TxContext): DWalletCap {
    assert!(self.encrypted_shares.contains(encrypted_share_id), EEncryptedShareNotFound);
    let share = self.encrypted_shares.borrow_mut(encrypted_share_id);
    assert!(share.owner == ctx.sender(), ENotTransferRecipient);
    assert!(share.transfer, ENotAShareTransfer);
    assert!(share.state == ENCRYPTED_SHARE_VERIFIED, EShareTransferNotVerified);
    share.state = ENCRYPTED_SHARE_ACCEPTED;
    let cap = share.escrowed_cap.extract();
    events::share_transfer_accepted(encrypted_share_id, share.dwallet_id, share.sender, share.owner, object::id(&cap));
    cap
}

/// The sender of a VERIFIED transfer the recipient has not accepted takes its cap back; the
/// transfer becomes WITHDRAWN. (Before the result, the sender cancels the session instead.)
public fun withdraw_share_transfer(self: &mut Coordinator, encrypted_share_id: ID, ctx: &mut TxContext): DWalletCap {
    assert!(self.encrypted_shares.contains(encrypted_share_id), EEncryptedShareNotFound);
    let share = self.encrypted_shares.borrow_mut(encrypted_share_id);
    assert!(share.sender == ctx.sender(), ENotTransferSender);
    assert!(share.transfer, ENotAShareTransfer);
    assert!(share.state == ENCRYPTED_SHARE_VERIFIED, EShareTransferNotVerified);
    share.state = ENCRYPTED_SHARE_WITHDRAWN;
    let cap = share.escrowed_cap.extract();
    events::share_transfer_withdrawn(encrypted_share_id, share.dwallet_id, share.sender, object::id(&cap));
    cap
}

/// The checks and session of a backup (`owner` is the sender) or a transfer (`owner` is the
/// recipient), in this order: the cap's dWallet is ACTIVE, a transfer names another address, the
/// owner's key for the dWallet's curve exists and is ACTIVE, the encrypted share is not empty nor
/// too long; then the session (preimage, reuse, fee at the dWallet's algorithm). Returns the
/// encrypted share, for the caller to store.
fun open_share_encryption(
    self: &mut Coordinator,
    dwallet_cap: &DWalletCap,
    owner: address,
    is_transfer: bool,
    encrypted_share: vector<u8>,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): EncryptedUserShare {
    let dwallet = self.borrow_active_dwallet(dwallet_cap);
    let network_key_id = dwallet.network_key_id;
    let curve = dwallet.curve;
    let algorithm = dwallet.algorithm;
    let dwallet_output = dwallet.output;
    let sender = ctx.sender();
    assert!(!is_transfer || owner != sender, EInvalidTransferRecipient);
    let slot = EncryptionKeySlot { owner, curve };
    assert!(self.encryption_key_ids.contains(slot), EEncryptionKeyNotFound);
    let encryption_key_id = *self.encryption_key_ids.borrow(slot);
    let key = self.encryption_keys.borrow(encryption_key_id);
    assert!(key.state == ENCRYPTION_KEY_ACTIVE, EEncryptionKeyNotActive);
    let encryption_key = key.encryption_key;
    assert_user_message_valid(&encrypted_share);
    let dwallet_id = dwallet_cap.dwallet_id;
    let share_uid = object::new(ctx);
    let encrypted_share_id = share_uid.to_inner();
    let request_kind = if (is_transfer) REQUEST_SHARE_TRANSFER else REQUEST_SHARE_BACKUP;
    let share_slot = EncryptedShareSlot { dwallet_id, owner };
    let previous_share_id = if (self.encrypted_share_ids.contains(share_slot)) {
        let newest = self.encrypted_share_ids.borrow_mut(share_slot);
        let previous = *newest;
        *newest = encrypted_share_id;
        option::some(previous)
    } else {
        self.encrypted_share_ids.add(share_slot, encrypted_share_id);
        option::none()
    };
    let (session_id, session_sequence, fee) = self.open_session(
        request_kind,
        algorithm,
        encrypted_share_id,
        session_preimage,
        payment,
        clock,
        ctx,
    );
    if (is_transfer) {
        events::share_transfer_requested(
            session_id,
            session_sequence,
            self.epoch,
            sender,
            encrypted_share_id,
            dwallet_id,
            network_key_id,
            curve,
            algorithm,
            dwallet_output,
            owner,
            encryption_key,
            encrypted_share,
            fee,
        );
    } else {
        events::share_backup_requested(
            session_id,
            session_sequence,
            self.epoch,
            sender,
            encrypted_share_id,
            dwallet_id,
            network_key_id,
            curve,
            algorithm,
            dwallet_output,
            owner,
            encryption_key,
            encrypted_share,
            fee,
        );
    };
    EncryptedUserShare {
        id: share_uid,
        dwallet_id,
        owner,
        sender,
        encryption_key_id,
        encrypted_share,
        session_id,
        transfer: is_transfer,
        state: ENCRYPTED_SHARE_AWAITING_NETWORK,
        escrowed_cap: option::none(),
        previous_share_id,
    }
}

// === Cancellation ===

/// Cancels a session of the sender's that is still pending `session_timeout_ms` after its request:
/// the escrowed fee goes back to the requester (no coin when the fee was zero), the session
/// becomes CANCELLED and its target REJECTED (a universal presign leaves the pool's pending
/// count; a dWallet being made shared stays ACTIVE and zero-trust; a transfer's escrowed cap goes
/// back to its sender). The network's own sessions
/// (network-key DKG, reconfiguration) cannot be cancelled.
public fun cancel_session(self: &mut Coordinator, session_id: vector<u8>, clock: &Clock, ctx: &mut TxContext) {
    assert!(self.sessions.contains(session_id), ESessionNotFound);
    let timeout_ms = self.session_timeout_ms;
    let session = self.sessions.borrow_mut(session_id);
    assert!(session.requester == ctx.sender(), ENotRequester);
    assert!(session.status == SESSION_PENDING, ESessionNotPending);
    let request_kind = session.request_kind;
    assert!(fee_slot(request_kind).is_some(), ESessionNotCancellable);
    assert!(clock.timestamp_ms() >= session.created_at_ms + timeout_ms, ESessionTimeoutNotReached);
    session.status = SESSION_CANCELLED;
    let target_id = session.target_id;
    let requester = session.requester;
    let refund = session.fee.withdraw_all();
    let refund_value = refund.value();
    if (refund_value > 0) {
        transfer::public_transfer(coin::from_balance(refund, ctx), requester);
    } else {
        refund.destroy_zero();
    };
    self.reject_target(request_kind, target_id);
    events::session_cancelled(session_id, request_kind, target_id, requester, refund_value);
}

// === Results ===

/// Applies a certified result batch and returns the escrowed fees of its sessions to the caller.
/// A result for a cancelled session is skipped: it changes nothing and pays nothing.
/// `signature` is the validators' aggregate BLS signature over
/// `INTENT_RESULT_BATCH ‖ coordinator id ‖ batch ‖ bcs(epoch)`, `signers_bitmap` names the
/// signers. The coordinator's id binds the certificate to this deployment (chain/certificate.ts).
public fun process_result_batch(
    self: &mut Coordinator,
    epoch: u64,
    batch: vector<u8>,
    signature: vector<u8>,
    signers_bitmap: vector<u8>,
    ctx: &mut TxContext,
): Coin<SUI> {
    assert!(epoch == self.epoch, EWrongEpoch);
    let sequence = result_batch::peek_sequence(&batch);
    assert!(sequence == self.next_result_sequence, EOutOfSequence);
    let mut message = INTENT_RESULT_BATCH;
    message.append(object::uid_to_bytes(&self.id));
    message.append(batch);
    message.append(std::bcs::to_bytes(&epoch));
    let signer_weight = self.committee.verify_certificate(&signature, &signers_bitmap, &message);
    let parsed = result_batch::parse(batch);
    let results = parsed.results();
    // Blamed indices name members of the certifying committee, even after a `Reconfigured`
    // earlier in the batch installed the next one.
    let committee_size = self.committee.size();
    let mut payout = balance::zero<SUI>();
    let mut i = 0;
    while (i < results.length()) {
        payout.join(self.apply_result(&results[i], sequence, committee_size));
        i = i + 1;
    };
    self.next_result_sequence = sequence + 1;
    events::result_batch_processed(epoch, sequence, results.length(), signer_weight, ctx.sender(), payout.value());
    coin::from_balance(payout, ctx)
}

fun apply_result(self: &mut Coordinator, result: &SessionResult, result_sequence: u64, committee_size: u64): Balance<SUI> {
    let kind = result.kind();
    let payload = *result.payload();
    // A signature's length depends on its dWallet's algorithm: it is checked with the sign below.
    if (kind == result_batch::dwallet_shared()) {
        assert_public_user_share_valid(&payload);
    } else if (carries_output(kind)) {
        assert!(!payload.is_empty(), EEmptyOutput);
    };
    if (kind == result_batch::rejected()) {
        let blamed = result.blamed();
        let mut i = 0;
        while (i < blamed.length()) {
            assert!((blamed[i] as u64) < committee_size, EInvalidBlamedValidator);
            i = i + 1;
        };
    };
    let session_id = *result.session_id();
    assert!(self.sessions.contains(session_id), ESessionNotFound);
    let session = self.sessions.borrow_mut(session_id);
    // Cancelled while the network worked on it: the certified batch still lands, without this result.
    if (session.status == SESSION_CANCELLED) return balance::zero();
    assert!(session.status == SESSION_PENDING, ESessionNotPending);
    let request_kind = session.request_kind;
    assert!(result_matches_request(kind, request_kind), EResultKindMismatch);
    let target_id = session.target_id;
    let fee = session.fee.withdraw_all();
    let fee_value = fee.value();
    if (kind == result_batch::rejected()) {
        session.status = SESSION_REJECTED;
        session.reason_code = result.reason_code();
        session.reason = payload;
        session.blamed = *result.blamed();
        self.reject_target(request_kind, target_id);
        events::session_rejected(
            session_id,
            result_sequence,
            request_kind,
            target_id,
            result.reason_code(),
            payload,
            *result.blamed(),
            fee_value,
        );
        return fee
    };
    session.status = SESSION_COMPLETED;
    if (kind == result_batch::dwallet_dkg() || kind == result_batch::imported_key_verified()) {
        let dwallet = self.dwallets.borrow_mut(target_id);
        dwallet.state = DWALLET_ACTIVE;
        dwallet.output = payload;
        if (kind == result_batch::dwallet_dkg()) {
            events::dwallet_dkg_completed(session_id, result_sequence, target_id, payload, fee_value);
        } else {
            events::imported_key_dwallet_verified(session_id, result_sequence, target_id, payload, fee_value);
        };
    } else if (kind == result_batch::presign()) {
        let presign = self.presigns.borrow_mut(target_id);
        presign.state = PRESIGN_COMPLETED;
        presign.output = payload;
        let network_key_id = presign.network_key_id;
        let curve = presign.curve;
        let algorithm = presign.algorithm;
        let dwallet_id = presign.dwallet_id;
        if (dwallet_id.is_none()) {
            // Its request created the pool.
            let pool_index = self.pool_index(network_key_id, curve, algorithm).destroy_some();
            let pool = self.presign_pools.borrow_mut(pool_index);
            pool.pending = pool.pending - 1;
            pool.available.push_back(target_id);
        };
        events::presign_completed(
            session_id,
            result_sequence,
            target_id,
            network_key_id,
            curve,
            algorithm,
            dwallet_id,
            payload,
            fee_value,
        );
    } else if (kind == result_batch::signature()) {
        let sign = self.signs.borrow_mut(target_id);
        assert_signature_valid(sign.algorithm, &payload);
        sign.state = SIGN_COMPLETED;
        sign.signature = payload;
        events::sign_completed(session_id, result_sequence, target_id, sign.dwallet_id, payload, sign.partial_signature_id, fee_value);
    } else if (kind == result_batch::future_sign_verified()) {
        let partial = self.partial_signatures.borrow_mut(target_id);
        partial.state = PARTIAL_VERIFIED;
        events::future_sign_verified(session_id, result_sequence, target_id, partial.dwallet_id, fee_value);
    } else if (kind == result_batch::network_key_generated()) {
        self.activate_network_key(target_id, session_id, result_sequence, payload);
    } else if (kind == result_batch::dwallet_shared()) {
        // The validators certified x_A·G = X_A, and x_A is unique, so a second conversion of the
        // same dWallet (two requests raced) records the same share again.
        self.dwallets.borrow_mut(target_id).public_user_share = option::some(payload);
        events::dwallet_made_shared(session_id, result_sequence, target_id, payload, fee_value);
    } else if (kind == result_batch::encryption_key_verified()) {
        let key = self.encryption_keys.borrow_mut(target_id);
        key.state = ENCRYPTION_KEY_ACTIVE;
        events::encryption_key_registered(session_id, result_sequence, target_id, key.owner, key.curve, key.encryption_key, fee_value);
    } else if (kind == result_batch::share_backup_verified()) {
        let share = self.encrypted_shares.borrow_mut(target_id);
        share.state = ENCRYPTED_SHARE_VERIFIED;
        events::share_backup_verified(session_id, result_sequence, target_id, share.dwallet_id, share.owner, fee_value);
    } else if (kind == result_batch::share_transfer_verified()) {
        // The cap stays escrowed until the recipient accepts or the sender withdraws.
        let share = self.encrypted_shares.borrow_mut(target_id);
        share.state = ENCRYPTED_SHARE_VERIFIED;
        events::share_transfer_verified(session_id, result_sequence, target_id, share.dwallet_id, share.sender, share.owner, fee_value);
    } else {
        self.complete_reconfiguration(session_id, result_sequence, payload);
    };
    fee
}

/// Applies a `NetworkKeyGenerated` output, the BCS of `{ key_commitment: vector<u8> (32 bytes),
/// global_key_parts: vector<u8>, threshold_key_digest: vector<u8> (32 bytes) }`.
fun activate_network_key(self: &mut Coordinator, network_key_id: ID, session_id: vector<u8>, result_sequence: u64, output: vector<u8>) {
    let mut reader = bcs::new(output);
    let key_commitment = reader.peel_vec_u8();
    let global_key_parts = reader.peel_vec_u8();
    let threshold_key_digest = reader.peel_vec_u8();
    assert!(reader.into_remainder_bytes().is_empty(), ETrailingOutputBytes);
    assert_key_material_valid(&key_commitment, &global_key_parts);
    assert!(threshold_key_digest.length() == THRESHOLD_KEY_DIGEST_LENGTH, EInvalidThresholdKeyDigest);
    let epoch = self.epoch;
    self.keys_in_generation = self.keys_in_generation - 1;
    let key = self.network_keys.borrow_mut(network_key_id);
    key.state = NETWORK_KEY_ACTIVE;
    key.key_commitment = key_commitment;
    key.global_key_parts = global_key_parts;
    key.registered_at_epoch = epoch;
    key.versions = vector[NetworkKeyVersion { epoch, threshold_key_digest }];
    let curves = key.curves;
    self.active_network_keys.push_back(network_key_id);
    events::network_key_registered(network_key_id, curves, key_commitment, global_key_parts, epoch);
    events::network_key_dkg_completed(session_id, result_sequence, network_key_id, key_commitment, threshold_key_digest);
}

/// Applies a `Reconfigured` output, the BCS of `{ versions: vector<{ network_key_id: address,
/// threshold_key_digest: vector<u8> (32 bytes) }> }`: one entry per ACTIVE key, in the order of
/// `active_network_keys`. Installs the pending committee as epoch + 1.
fun complete_reconfiguration(self: &mut Coordinator, session_id: vector<u8>, result_sequence: u64, output: vector<u8>) {
    let mut reader = bcs::new(output);
    let count = reader.peel_vec_length();
    let mut key_ids = vector[];
    let mut digests = vector[];
    let mut i = 0;
    while (i < count) {
        key_ids.push_back(object::id_from_address(reader.peel_address()));
        let digest = reader.peel_vec_u8();
        assert!(digest.length() == THRESHOLD_KEY_DIGEST_LENGTH, EInvalidThresholdKeyDigest);
        digests.push_back(digest);
        i = i + 1;
    };
    assert!(reader.into_remainder_bytes().is_empty(), ETrailingOutputBytes);
    assert!(count == self.active_network_keys.length(), ENetworkKeyVersionsMismatch);
    let next_epoch = self.epoch + 1;
    let mut i = 0;
    while (i < count) {
        assert!(key_ids[i] == self.active_network_keys[i], ENetworkKeyVersionsMismatch);
        self.network_keys.borrow_mut(key_ids[i]).versions.push_back(NetworkKeyVersion {
            epoch: next_epoch,
            threshold_key_digest: digests[i],
        });
        i = i + 1;
    };
    let committee = self.pending_committee.extract();
    self.install_committee(next_epoch, committee);
    events::reconfiguration_completed(session_id, result_sequence, next_epoch);
}

fun reject_target(self: &mut Coordinator, request_kind: u8, target_id: ID) {
    if (request_kind == REQUEST_DWALLET_DKG || request_kind == REQUEST_IMPORTED_KEY) {
        self.dwallets.borrow_mut(target_id).state = DWALLET_REJECTED;
    } else if (request_kind == REQUEST_PRESIGN) {
        let presign = self.presigns.borrow_mut(target_id);
        presign.state = PRESIGN_REJECTED;
        let network_key_id = presign.network_key_id;
        let curve = presign.curve;
        let algorithm = presign.algorithm;
        if (presign.dwallet_id.is_none()) {
            // Its request created the pool.
            let pool_index = self.pool_index(network_key_id, curve, algorithm).destroy_some();
            let pool = self.presign_pools.borrow_mut(pool_index);
            pool.pending = pool.pending - 1;
        };
    } else if (request_kind == REQUEST_FUTURE_SIGN) {
        self.partial_signatures.borrow_mut(target_id).state = PARTIAL_REJECTED;
    } else if (request_kind == REQUEST_NETWORK_KEY_DKG) {
        self.network_keys.borrow_mut(target_id).state = NETWORK_KEY_REJECTED;
        self.keys_in_generation = self.keys_in_generation - 1;
    } else if (request_kind == REQUEST_RECONFIGURATION) {
        self.pending_committee = option::none();
    } else if (request_kind == REQUEST_MAKE_DWALLET_SHARED) {
        // The dWallet stays ACTIVE and zero-trust: only its conversion was refused.
    } else if (request_kind == REQUEST_REGISTER_ENCRYPTION_KEY) {
        self.encryption_keys.borrow_mut(target_id).state = ENCRYPTION_KEY_REJECTED;
    } else if (request_kind == REQUEST_SHARE_BACKUP) {
        self.encrypted_shares.borrow_mut(target_id).state = ENCRYPTED_SHARE_REJECTED;
    } else if (request_kind == REQUEST_SHARE_TRANSFER) {
        // The escrowed cap goes back to the sender, who held it.
        let share = self.encrypted_shares.borrow_mut(target_id);
        share.state = ENCRYPTED_SHARE_REJECTED;
        let sender = share.sender;
        let cap = share.escrowed_cap.extract();
        transfer::public_transfer(cap, sender);
    } else {
        self.signs.borrow_mut(target_id).state = SIGN_REJECTED;
    };
}

/// Whether a result of `kind` carries a non-empty output (DKG, imported key, presign, network key,
/// reconfiguration). A signature's and a published share's length are checked on their own; a
/// rejection carries its reason; the verdicts (future sign, encryption key, encrypted share)
/// carry nothing.
fun carries_output(kind: u8): bool {
    kind == result_batch::dwallet_dkg() || kind == result_batch::imported_key_verified() || kind == result_batch::presign()
        || kind == result_batch::network_key_generated() || kind == result_batch::reconfigured()
}

fun result_matches_request(kind: u8, request_kind: u8): bool {
    if (kind == result_batch::rejected()) {
        true
    } else if (kind == result_batch::dwallet_dkg()) {
        request_kind == REQUEST_DWALLET_DKG
    } else if (kind == result_batch::imported_key_verified()) {
        request_kind == REQUEST_IMPORTED_KEY
    } else if (kind == result_batch::presign()) {
        request_kind == REQUEST_PRESIGN
    } else if (kind == result_batch::signature()) {
        (request_kind == REQUEST_SIGN || request_kind == REQUEST_FUTURE_SIGN_COMPLETION)
    } else if (kind == result_batch::future_sign_verified()) {
        request_kind == REQUEST_FUTURE_SIGN
    } else if (kind == result_batch::network_key_generated()) {
        request_kind == REQUEST_NETWORK_KEY_DKG
    } else if (kind == result_batch::dwallet_shared()) {
        request_kind == REQUEST_MAKE_DWALLET_SHARED
    } else if (kind == result_batch::encryption_key_verified()) {
        request_kind == REQUEST_REGISTER_ENCRYPTION_KEY
    } else if (kind == result_batch::share_backup_verified()) {
        request_kind == REQUEST_SHARE_BACKUP
    } else if (kind == result_batch::share_transfer_verified()) {
        request_kind == REQUEST_SHARE_TRANSFER
    } else {
        request_kind == REQUEST_RECONFIGURATION
    }
}

// === Internal helpers ===

/// Registers a new session paid by `payment` (at least the kind's fee for the algorithm).
fun open_session(
    self: &mut Coordinator,
    request_kind: u8,
    algorithm: u32,
    target_id: ID,
    session_preimage: vector<u8>,
    payment: Coin<SUI>,
    clock: &Clock,
    ctx: &mut TxContext,
): (vector<u8>, u64, u64) {
    let required_fee = self.fees[fee_index(request_kind, algorithm)];
    self.register_session(request_kind, target_id, session_preimage, payment.into_balance(), required_fee, clock, ctx)
}

/// Registers a session of the network's own (opened with the `AdminCap`): no fee.
fun open_admin_session(
    self: &mut Coordinator,
    request_kind: u8,
    target_id: ID,
    session_preimage: vector<u8>,
    clock: &Clock,
    ctx: &mut TxContext,
): (vector<u8>, u64, u64) {
    self.register_session(request_kind, target_id, session_preimage, balance::zero(), 0, clock, ctx)
}

/// The order of the checks (preimage, reuse, fee) fixes a request's aborts.
fun register_session(
    self: &mut Coordinator,
    request_kind: u8,
    target_id: ID,
    session_preimage: vector<u8>,
    payment: Balance<SUI>,
    required_fee: u64,
    clock: &Clock,
    ctx: &mut TxContext,
): (vector<u8>, u64, u64) {
    assert!(session_preimage.length() == session_identifier::length(), EInvalidSessionPreimage);
    let session_id = session_identifier::derive(ctx.sender(), &session_preimage);
    assert!(!self.sessions.contains(session_id), ESessionIdReused);
    let fee = payment.value();
    assert!(fee >= required_fee, EInsufficientFee);
    let sequence = self.next_session_sequence;
    self.next_session_sequence = sequence + 1;
    self.sessions.add(session_id, Session {
        id: object::new(ctx),
        session_id,
        sequence,
        request_kind,
        target_id,
        requester: ctx.sender(),
        created_at_epoch: self.epoch,
        created_at_ms: clock.timestamp_ms(),
        status: SESSION_PENDING,
        fee: payment,
        reason_code: 0,
        reason: vector[],
        blamed: vector[],
    });
    (session_id, sequence, fee)
}

/// The signing scheme (`curve`, `algorithm`) exists and the ACTIVE key `network_key_id` has `curve`.
fun assert_key_supports(self: &Coordinator, network_key_id: ID, curve: u32, algorithm: u32) {
    assert!(is_supported_curve(curve), EUnsupportedCurve);
    assert!(is_valid_signing_scheme(curve, algorithm), EUnsupportedSignatureAlgorithm);
    assert!(self.network_keys.contains(network_key_id), ENetworkKeyNotFound);
    let key = self.network_keys.borrow(network_key_id);
    assert!(key.state == NETWORK_KEY_ACTIVE, ENetworkKeyNotActive);
    assert!(key.curves.contains(&curve), ECurveNotSupportedByKey);
}

fun borrow_active_dwallet(self: &Coordinator, dwallet_cap: &DWalletCap): &DWallet {
    assert!(self.dwallets.contains(dwallet_cap.dwallet_id), EDWalletNotFound);
    let dwallet = self.dwallets.borrow(dwallet_cap.dwallet_id);
    assert!(dwallet.cap_id == object::id(dwallet_cap), EWrongDWalletCap);
    assert!(dwallet.state == DWALLET_ACTIVE, EDWalletNotActive);
    dwallet
}

/// Checks that `presign_cap` may sign for `dwallet_id` now.
fun assert_presign_usable(self: &Coordinator, presign_cap: &PresignCap, dwallet_id: ID) {
    assert!(self.presigns.contains(presign_cap.presign_id), EPresignNotFound);
    let presign = self.presigns.borrow(presign_cap.presign_id);
    assert!(presign.state != PRESIGN_CONSUMED, EPresignAlreadyConsumed);
    assert!(presign.state == PRESIGN_COMPLETED, EPresignNotCompleted);
    assert!(presign.cap_id == option::some(object::id(presign_cap)), EWrongPresignCap);
    let dwallet = self.dwallets.borrow(dwallet_id);
    assert!(dwallet.state == DWALLET_ACTIVE, EDWalletNotActive);
    assert!(presign.network_key_id == dwallet.network_key_id && presign.curve == dwallet.curve, EPresignMismatch);
    assert!(presign.algorithm == dwallet.algorithm, EPresignAlgorithmMismatch);
    if (presign.dwallet_id.is_some()) {
        assert!(*presign.dwallet_id.borrow() == dwallet_id, EPresignBoundToOtherDWallet);
    } else {
        // Only an ECDSA presign depends on the key's encryption (a Schnorr presign is universal).
        assert!(!dwallet.imported || dwallet.algorithm != ALGORITHM_ECDSA, EImportedKeyDWalletNeedsBoundPresign);
    };
}

/// Marks a presign consumed and returns its output.
fun consume_presign(self: &mut Coordinator, presign_id: ID): vector<u8> {
    let presign = self.presigns.borrow_mut(presign_id);
    presign.state = PRESIGN_CONSUMED;
    presign.output
}

fun pool_index(self: &Coordinator, network_key_id: ID, curve: u32, algorithm: u32): Option<u64> {
    let mut i = 0;
    while (i < self.presign_pools.length()) {
        let pool = &self.presign_pools[i];
        if (pool.network_key_id == network_key_id && pool.curve == curve && pool.algorithm == algorithm) return option::some(i);
        i = i + 1;
    };
    option::none()
}

fun pool_index_or_create(self: &mut Coordinator, network_key_id: ID, curve: u32, algorithm: u32, ctx: &mut TxContext): u64 {
    let mut index = self.pool_index(network_key_id, curve, algorithm);
    if (index.is_some()) return index.extract();
    self.presign_pools.push_back(PresignPool {
        network_key_id,
        curve,
        algorithm,
        pending: 0,
        available: table_vec::empty(ctx),
    });
    self.presign_pools.length() - 1
}

/// The fee-table slot of a request kind, none for the network's own kinds (no fee, no slot). Kinds
/// 0–5 are their own slot; the kinds numbered after the network's (8–11) have slots 6–9.
fun fee_slot(request_kind: u8): Option<u64> {
    if (request_kind <= REQUEST_FUTURE_SIGN_COMPLETION) {
        option::some(request_kind as u64)
    } else if (request_kind == REQUEST_MAKE_DWALLET_SHARED) {
        option::some(FEE_SLOT_MAKE_DWALLET_SHARED)
    } else if (request_kind == REQUEST_REGISTER_ENCRYPTION_KEY) {
        option::some(FEE_SLOT_REGISTER_ENCRYPTION_KEY)
    } else if (request_kind == REQUEST_SHARE_BACKUP) {
        option::some(FEE_SLOT_SHARE_BACKUP)
    } else if (request_kind == REQUEST_SHARE_TRANSFER) {
        option::some(FEE_SLOT_SHARE_TRANSFER)
    } else {
        option::none()
    }
}

/// The algorithm whose fee an encryption-key registration for `curve` pays (a key serves every
/// dWallet of the curve, whatever its algorithm): ECDSA on secp256k1 and P-256, EdDSA on ed25519.
fun default_algorithm(curve: u32): u32 {
    if (curve == CURVE_ED25519) ALGORITHM_EDDSA else ALGORITHM_ECDSA
}

/// The index in the fee table of a fee-paying request kind's fee for `algorithm`:
/// `fee_slot * ALGORITHM_COUNT + algorithm`.
fun fee_index(request_kind: u8, algorithm: u32): u64 {
    let mut slot = fee_slot(request_kind);
    assert!(slot.is_some(), EInvalidRequestKind);
    assert!((algorithm as u64) < ALGORITHM_COUNT, EUnsupportedSignatureAlgorithm);
    slot.extract() * ALGORITHM_COUNT + (algorithm as u64)
}

/// A fee table of zeros: one entry per (fee-paying request kind, algorithm).
fun zero_fees(): vector<u64> {
    let mut fees = vector[];
    let mut i = 0;
    while (i < REQUEST_KIND_COUNT * ALGORITHM_COUNT) {
        fees.push_back(0);
        i = i + 1;
    };
    fees
}

/// A published user share is exactly one 32-byte scalar encoding.
fun assert_public_user_share_valid(public_user_share: &vector<u8>) {
    assert!(public_user_share.length() == PUBLIC_USER_SHARE_LENGTH, EInvalidPublicUserShare);
}

fun is_supported_curve(curve: u32): bool {
    curve == CURVE_SECP256K1 || curve == CURVE_P256 || curve == CURVE_ED25519
}

/// The signing schemes that exist: ECDSA on secp256k1 and P-256, Taproot on secp256k1 (BIP-340
/// is defined on secp256k1 only), EdDSA on ed25519.
fun is_valid_signing_scheme(curve: u32, algorithm: u32): bool {
    if (algorithm == ALGORITHM_ECDSA) {
        curve == CURVE_SECP256K1 || curve == CURVE_P256
    } else if (algorithm == ALGORITHM_TAPROOT) {
        curve == CURVE_SECP256K1
    } else if (algorithm == ALGORITHM_EDDSA) {
        curve == CURVE_ED25519
    } else {
        false
    }
}

/// ECDSA on secp256k1 signs Keccak-256 (Ethereum), SHA-256 and double SHA-256 (Bitcoin) digests,
/// on P-256 SHA-256 digests, on both a digest computed by the caller (prehashed). Taproot signs
/// the BIP-340 message m = SHA-256(message), or m = message, a 32-byte BIP-341 sighash
/// (prehashed). EdDSA signs the message itself (SHA-512 inside its challenge).
fun is_valid_hash_scheme(curve: u32, algorithm: u32, hash_scheme: u32): bool {
    if (!is_valid_signing_scheme(curve, algorithm)) {
        false
    } else if (algorithm == ALGORITHM_ECDSA && curve == CURVE_SECP256K1) {
        hash_scheme == HASH_KECCAK256 || hash_scheme == HASH_SHA256 || hash_scheme == HASH_DOUBLE_SHA256
            || hash_scheme == HASH_PREHASHED
    } else if (algorithm == ALGORITHM_EDDSA) {
        hash_scheme == HASH_SHA512
    } else {
        hash_scheme == HASH_SHA256 || hash_scheme == HASH_PREHASHED
    }
}

/// A signature of the network for a dWallet of `algorithm`: ECDSA's r ‖ s ‖ recovery id (65
/// bytes, recovery id at most 3), a Schnorr signature's 64 bytes otherwise. The chain checks the
/// form only: Move has no secp256k1 or ed25519 arithmetic for verifying it, the validators verify
/// it before certifying it, and clients verify it again.
fun assert_signature_valid(algorithm: u32, signature: &vector<u8>) {
    if (algorithm == ALGORITHM_ECDSA) {
        assert!(signature.length() == SIGNATURE_LENGTH_ECDSA, EInvalidSignature);
        assert!(signature[SIGNATURE_LENGTH_ECDSA - 1] <= MAX_RECOVERY_ID, EInvalidSignature);
    } else {
        assert!(signature.length() == SIGNATURE_LENGTH_SCHNORR, EInvalidSignature);
    };
}

/// A message is never empty nor longer than `MAX_MESSAGE_LENGTH`, and a prehashed one is exactly one digest.
fun assert_message_valid(hash_scheme: u32, message: &vector<u8>) {
    assert!(!message.is_empty(), EEmptyMessage);
    assert!(message.length() <= MAX_MESSAGE_LENGTH, EMessageTooLong);
    assert!(hash_scheme != HASH_PREHASHED || message.length() == DIGEST_LENGTH, EInvalidPrehashedMessage);
}

/// A user's protocol message is never empty nor longer than `MAX_USER_MESSAGE_LENGTH`.
fun assert_user_message_valid(user_message: &vector<u8>) {
    assert!(!user_message.is_empty(), EEmptyUserMessage);
    assert!(user_message.length() <= MAX_USER_MESSAGE_LENGTH, EUserMessageTooLong);
}

// === Read accessors (for other contracts) ===

public fun epoch(self: &Coordinator): u64 {
    self.epoch
}

public fun fee(self: &Coordinator, request_kind: u8, algorithm: u32): u64 {
    self.fees[fee_index(request_kind, algorithm)]
}

public fun next_result_sequence(self: &Coordinator): u64 {
    self.next_result_sequence
}

public fun session_timeout_ms(self: &Coordinator): u64 {
    self.session_timeout_ms
}

public fun dwallet_cap_dwallet_id(dwallet_cap: &DWalletCap): ID {
    dwallet_cap.dwallet_id
}

public fun presign_cap_presign_id(presign_cap: &PresignCap): ID {
    presign_cap.presign_id
}

public fun partial_signature_cap_partial_signature_id(partial_signature_cap: &PartialSignatureCap): ID {
    partial_signature_cap.partial_signature_id
}

public fun is_dwallet_active(self: &Coordinator, dwallet_id: ID): bool {
    self.dwallets.contains(dwallet_id) && self.dwallets.borrow(dwallet_id).state == DWALLET_ACTIVE
}

/// The DKG output of an active dWallet, none otherwise.
public fun dwallet_output(self: &Coordinator, dwallet_id: ID): Option<vector<u8>> {
    if (!self.is_dwallet_active(dwallet_id)) return option::none();
    option::some(self.dwallets.borrow(dwallet_id).output)
}

/// Whether the dWallet is ACTIVE and shared (its user share is public); false for an unknown id.
public fun is_dwallet_shared(self: &Coordinator, dwallet_id: ID): bool {
    self.is_dwallet_active(dwallet_id) && self.dwallets.borrow(dwallet_id).public_user_share.is_some()
}

/// The published user share x_A of an active shared dWallet, none otherwise.
public fun dwallet_public_user_share(self: &Coordinator, dwallet_id: ID): Option<vector<u8>> {
    if (!self.is_dwallet_active(dwallet_id)) return option::none();
    self.dwallets.borrow(dwallet_id).public_user_share
}

/// The dWallet's curve (0 secp256k1, 1 P-256, 2 ed25519); aborts when no dWallet has this id.
public fun dwallet_curve(self: &Coordinator, dwallet_id: ID): u32 {
    assert!(self.dwallets.contains(dwallet_id), EDWalletNotFound);
    self.dwallets.borrow(dwallet_id).curve
}

/// The dWallet's signature algorithm (0 ECDSA, 1 Taproot, 2 EdDSA); aborts when no dWallet has this id.
public fun dwallet_algorithm(self: &Coordinator, dwallet_id: ID): u32 {
    assert!(self.dwallets.contains(dwallet_id), EDWalletNotFound);
    self.dwallets.borrow(dwallet_id).algorithm
}

/// The signature of a completed sign (65 bytes for ECDSA, 64 for Taproot and EdDSA), none otherwise.
public fun sign_signature(self: &Coordinator, sign_id: ID): Option<vector<u8>> {
    if (!self.signs.contains(sign_id)) return option::none();
    let sign = self.signs.borrow(sign_id);
    if (sign.state != SIGN_COMPLETED) return option::none();
    option::some(sign.signature)
}

/// 0 pending, 1 completed, 2 rejected, 3 cancelled; aborts when no session has this id.
public fun session_status(self: &Coordinator, session_id: vector<u8>): u8 {
    assert!(self.sessions.contains(session_id), ESessionNotFound);
    self.sessions.borrow(session_id).status
}

/// The dWallet's state (0 awaiting the network, 1 active, 2 rejected); aborts when no dWallet has this id.
public fun dwallet_state(self: &Coordinator, dwallet_id: ID): u8 {
    assert!(self.dwallets.contains(dwallet_id), EDWalletNotFound);
    self.dwallets.borrow(dwallet_id).state
}

/// The presign's state (0 requested, 1 completed, 2 rejected, 3 consumed); aborts when no presign
/// has this id.
public fun presign_state(self: &Coordinator, presign_id: ID): u8 {
    assert!(self.presigns.contains(presign_id), EPresignNotFound);
    self.presigns.borrow(presign_id).state
}

/// The partial user signature's state (0 awaiting verification, 1 verified, 2 rejected, 3 used);
/// aborts when none has this id.
public fun partial_signature_state(self: &Coordinator, partial_signature_id: ID): u8 {
    assert!(self.partial_signatures.contains(partial_signature_id), EPartialSignatureNotFound);
    self.partial_signatures.borrow(partial_signature_id).state
}

/// Completed presigns waiting in the pool of this network key, curve and algorithm.
public fun available_presigns(self: &Coordinator, network_key_id: ID, curve: u32, algorithm: u32): u64 {
    let mut index = self.pool_index(network_key_id, curve, algorithm);
    if (index.is_none()) return 0;
    let pool = &self.presign_pools[index.extract()];
    pool.available.length()
}

/// The state of `owner`'s encryption key for `curve` (0 awaiting the network, 1 active, 2
/// rejected), `NO_ENCRYPTION_KEY` (255) when it never registered one.
public fun encryption_key_state(self: &Coordinator, owner: address, curve: u32): u8 {
    let slot = EncryptionKeySlot { owner, curve };
    if (!self.encryption_key_ids.contains(slot)) return NO_ENCRYPTION_KEY;
    self.encryption_keys.borrow(*self.encryption_key_ids.borrow(slot)).state
}

/// `owner`'s ACTIVE encryption key for `curve` (CL public key bytes), none otherwise.
public fun user_encryption_key(self: &Coordinator, owner: address, curve: u32): Option<vector<u8>> {
    if (self.encryption_key_state(owner, curve) != ENCRYPTION_KEY_ACTIVE) return option::none();
    let key_id = *self.encryption_key_ids.borrow(EncryptionKeySlot { owner, curve });
    option::some(self.encryption_keys.borrow(key_id).encryption_key)
}

/// The encrypted share's state (0 awaiting the network, 1 verified, 2 rejected, 3 accepted, 4
/// withdrawn); aborts when none has this id.
public fun encrypted_share_state(self: &Coordinator, encrypted_share_id: ID): u8 {
    assert!(self.encrypted_shares.contains(encrypted_share_id), EEncryptedShareNotFound);
    self.encrypted_shares.borrow(encrypted_share_id).state
}

// === Test support ===

#[test_only]
public fun init_for_testing(ctx: &mut TxContext) {
    init(ctx);
}

/// Applies a batch without its certificate, for unit tests of the result handlers (the
/// certificate itself is tested with real signatures in `committee_tests`).
#[test_only]
public fun apply_result_batch_for_testing(self: &mut Coordinator, batch: vector<u8>, ctx: &mut TxContext): Coin<SUI> {
    let parsed = result_batch::parse(batch);
    assert!(parsed.sequence() == self.next_result_sequence, EOutOfSequence);
    let results = parsed.results();
    let committee_size = self.committee.size();
    let mut payout = balance::zero<SUI>();
    let mut i = 0;
    while (i < results.length()) {
        payout.join(self.apply_result(&results[i], parsed.sequence(), committee_size));
        i = i + 1;
    };
    self.next_result_sequence = parsed.sequence() + 1;
    coin::from_balance(payout, ctx)
}

/// A second cap for an existing presign, to prove that the state check, not only the object's
/// single existence, stops a presign from being used twice.
#[test_only]
public fun presign_cap_for_testing(presign_id: ID, ctx: &mut TxContext): PresignCap {
    PresignCap { id: object::new(ctx), presign_id }
}

#[test_only]
public fun network_key_state(self: &Coordinator, network_key_id: ID): u8 {
    self.network_keys.borrow(network_key_id).state
}

/// The (epoch, threshold-key digest) of each version of a network key, oldest first.
#[test_only]
public fun network_key_versions(self: &Coordinator, network_key_id: ID): (vector<u64>, vector<vector<u8>>) {
    let versions = &self.network_keys.borrow(network_key_id).versions;
    let mut epochs = vector[];
    let mut digests = vector[];
    let mut i = 0;
    while (i < versions.length()) {
        epochs.push_back(versions[i].epoch);
        digests.push_back(versions[i].threshold_key_digest);
        i = i + 1;
    };
    (epochs, digests)
}

#[test_only]
public fun has_pending_committee(self: &Coordinator): bool {
    self.pending_committee.is_some()
}

#[test_only]
public fun committee_size(self: &Coordinator): u64 {
    self.committee.size()
}
