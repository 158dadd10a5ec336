/// Every event of the package. Request events carry every field a validator needs to run the
/// session (validators never read objects to start one); result events carry what clients and
/// indexers need to learn the outcome. Sui only lets a module emit its own types, hence the
/// package-internal emit functions.
///
/// The TypeScript BCS schemas of these structs are in `chain/schemas/events.ts`; a parity test
/// checks names, field names, types and order against this file.
module dwallet::events;

use dwallet::committee::Member;
use sui::event;

// === Configuration ===

public struct CommitteeSet has copy, drop {
    epoch: u64,
    members: vector<Member>,
    total_weight: u64,
    threshold: u64,
}

public struct NetworkKeyRegistered has copy, drop {
    network_key_id: ID,
    curves: vector<u32>,
    key_commitment: vector<u8>,
    global_key_parts: vector<u8>,
    epoch: u64,
}

/// The fee of `request_kind` for dWallets of signature algorithm `algorithm`.
public struct FeeSet has copy, drop {
    request_kind: u8,
    algorithm: u32,
    amount: u64,
}

/// How long a session stays pending before its requester may cancel it.
public struct SessionTimeoutSet has copy, drop {
    timeout_ms: u64,
}

// === Requests ===

public struct DWalletDkgRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    dwallet_id: ID,
    dwallet_cap_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    user_dkg_message: vector<u8>,
    fee: u64,
    /// x_A of a shared dWallet (`request_shared_dwallet_dkg`); the validators check x_A·G = X_A.
    public_user_share: Option<vector<u8>>,
}

public struct ImportedKeyDWalletRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    dwallet_id: ID,
    dwallet_cap_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    user_import_message: vector<u8>,
    fee: u64,
}

/// The holder of `dwallet_id`'s cap published its user share x_A: the validators check
/// x_A·G = X_A against `dwallet_output` and certify a `DWalletShared` result.
public struct MakeDWalletSharedRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_output: vector<u8>,
    public_user_share: vector<u8>,
    fee: u64,
}

/// `dwallet_id` is set (and `dwallet_output` non-empty) for a presign bound to an imported-key
/// ECDSA dWallet; a global presign joins the pool of its network key, curve and algorithm.
public struct PresignRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    presign_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_id: Option<ID>,
    dwallet_output: vector<u8>,
    fee: u64,
}

public struct PresignClaimed has copy, drop {
    presign_id: ID,
    presign_cap_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    claimer: address,
    requester: address,
    fee: u64,
}

/// `partial_signature_id` is set when the sign completes a future sign; `user_sign_message` is
/// then the one stored with the partial signature. `public_user_share` is set for a shared sign
/// (`request_sign_shared`): `user_sign_message` is then empty, and the validators derive the
/// user's part from the share and the session.
public struct SignRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    sign_id: ID,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    hash_scheme: u32,
    message: vector<u8>,
    presign_id: ID,
    presign: vector<u8>,
    dwallet_output: vector<u8>,
    user_sign_message: vector<u8>,
    partial_signature_id: Option<ID>,
    fee: u64,
    public_user_share: Option<vector<u8>>,
}

public struct FutureSignRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    partial_signature_id: ID,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    hash_scheme: u32,
    message: vector<u8>,
    presign_id: ID,
    presign: vector<u8>,
    dwallet_output: vector<u8>,
    user_sign_message: vector<u8>,
    fee: u64,
}

/// `owner` (the requester) registers `encryption_key` for `curve` with `proof`, a proof of
/// knowledge of its secret bound to the session, which the validators verify.
public struct EncryptionKeyRegistrationRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    encryption_key_id: ID,
    owner: address,
    curve: u32,
    encryption_key: vector<u8>,
    proof: vector<u8>,
    fee: u64,
}

/// The holder of `dwallet_id`'s cap (`requester`) records x_A encrypted under its own registered
/// key (`owner` = `requester`, `encryption_key`): the validators verify the EncDL proof in
/// `encrypted_share` against X_A in `dwallet_output`.
public struct ShareBackupRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    encrypted_share_id: ID,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_output: vector<u8>,
    owner: address,
    encryption_key: vector<u8>,
    encrypted_share: vector<u8>,
    fee: u64,
}

/// As `ShareBackupRequested`, under the recipient's key (`owner`); the requester's cap is escrowed.
public struct ShareTransferRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    encrypted_share_id: ID,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_output: vector<u8>,
    owner: address,
    encryption_key: vector<u8>,
    encrypted_share: vector<u8>,
    fee: u64,
}

/// The administrator asked the committee to generate a network key for `curves` (distributed key
/// generation, no dealer); the key exists on chain in state REQUESTED until the result.
public struct NetworkKeyDkgRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    network_key_id: ID,
    curves: vector<u32>,
}

/// The administrator asked the committee of `epoch` to hand over to `members` as the committee
/// of `next_epoch` (resharing every active network key to them). `coordinator_id` is the object
/// the session is about (its `target_id`).
public struct ReconfigurationRequested has copy, drop {
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    coordinator_id: ID,
    next_epoch: u64,
    members: vector<Member>,
    total_weight: u64,
    threshold: u64,
}

// === Results ===

public struct DWalletDkgCompleted has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    dwallet_id: ID,
    output: vector<u8>,
    fee: u64,
}

public struct ImportedKeyDWalletVerified has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    dwallet_id: ID,
    output: vector<u8>,
    fee: u64,
}

/// A dWallet became shared: its user share x_A is public (it stays ACTIVE).
public struct DWalletMadeShared has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    dwallet_id: ID,
    public_user_share: vector<u8>,
    fee: u64,
}

public struct PresignCompleted has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    presign_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_id: Option<ID>,
    output: vector<u8>,
    fee: u64,
}

public struct SignCompleted has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    sign_id: ID,
    dwallet_id: ID,
    signature: vector<u8>,
    partial_signature_id: Option<ID>,
    fee: u64,
}

public struct FutureSignVerified has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    partial_signature_id: ID,
    dwallet_id: ID,
    fee: u64,
}

/// `owner`'s encryption key for `curve` is ACTIVE.
public struct EncryptionKeyRegistered has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    encryption_key_id: ID,
    owner: address,
    curve: u32,
    encryption_key: vector<u8>,
    fee: u64,
}

/// A backup of `dwallet_id`'s user share under `owner`'s key is VERIFIED.
public struct ShareBackupVerified has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    encrypted_share_id: ID,
    dwallet_id: ID,
    owner: address,
    fee: u64,
}

/// A transfer of `dwallet_id`'s user share from `sender` to `recipient` is VERIFIED: the
/// recipient may accept it (the cap stays escrowed until then).
public struct ShareTransferVerified has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    encrypted_share_id: ID,
    dwallet_id: ID,
    sender: address,
    recipient: address,
    fee: u64,
}

/// The recipient took the escrowed cap `cap_id` of a verified transfer.
public struct ShareTransferAccepted has copy, drop {
    encrypted_share_id: ID,
    dwallet_id: ID,
    sender: address,
    recipient: address,
    cap_id: ID,
}

/// The sender took back the escrowed cap `cap_id` of a verified transfer the recipient had not accepted.
public struct ShareTransferWithdrawn has copy, drop {
    encrypted_share_id: ID,
    dwallet_id: ID,
    sender: address,
    cap_id: ID,
}

public struct SessionRejected has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    request_kind: u8,
    target_id: ID,
    reason_code: u32,
    reason: vector<u8>,
    blamed: vector<u32>,
    fee: u64,
}

/// The requester cancelled a session still pending after the timeout: its fee (`refund`) went back
/// to the requester and its target is rejected; a result for it that lands later is skipped.
public struct SessionCancelled has copy, drop {
    session_id: vector<u8>,
    request_kind: u8,
    target_id: ID,
    requester: address,
    refund: u64,
}

/// A network key's DKG completed: the key is ACTIVE (a `NetworkKeyRegistered` is emitted with it).
public struct NetworkKeyDkgCompleted has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    network_key_id: ID,
    key_commitment: vector<u8>,
    threshold_key_digest: vector<u8>,
}

/// The committee of `epoch` (the new epoch) is installed (a `CommitteeSet` is emitted with it)
/// and every active network key has a version for it.
public struct ReconfigurationCompleted has copy, drop {
    session_id: vector<u8>,
    result_sequence: u64,
    epoch: u64,
}

public struct ResultBatchProcessed has copy, drop {
    epoch: u64,
    sequence: u64,
    result_count: u64,
    signer_weight: u64,
    submitter: address,
    fees_paid: u64,
}

// === Emitters ===

public(package) fun committee_set(epoch: u64, members: vector<Member>, total_weight: u64, threshold: u64) {
    event::emit(CommitteeSet { epoch, members, total_weight, threshold });
}

public(package) fun network_key_registered(
    network_key_id: ID,
    curves: vector<u32>,
    key_commitment: vector<u8>,
    global_key_parts: vector<u8>,
    epoch: u64,
) {
    event::emit(NetworkKeyRegistered { network_key_id, curves, key_commitment, global_key_parts, epoch });
}

public(package) fun fee_set(request_kind: u8, algorithm: u32, amount: u64) {
    event::emit(FeeSet { request_kind, algorithm, amount });
}

public(package) fun session_timeout_set(timeout_ms: u64) {
    event::emit(SessionTimeoutSet { timeout_ms });
}

public(package) fun dwallet_dkg_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    dwallet_id: ID,
    dwallet_cap_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    user_dkg_message: vector<u8>,
    fee: u64,
    public_user_share: Option<vector<u8>>,
) {
    event::emit(DWalletDkgRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
        dwallet_id,
        dwallet_cap_id,
        network_key_id,
        curve,
        algorithm,
        user_dkg_message,
        fee,
        public_user_share,
    });
}

public(package) fun imported_key_dwallet_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    dwallet_id: ID,
    dwallet_cap_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    user_import_message: vector<u8>,
    fee: u64,
) {
    event::emit(ImportedKeyDWalletRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
        dwallet_id,
        dwallet_cap_id,
        network_key_id,
        curve,
        algorithm,
        user_import_message,
        fee,
    });
}

public(package) fun make_dwallet_shared_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_output: vector<u8>,
    public_user_share: vector<u8>,
    fee: u64,
) {
    event::emit(MakeDWalletSharedRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
        dwallet_id,
        network_key_id,
        curve,
        algorithm,
        dwallet_output,
        public_user_share,
        fee,
    });
}

public(package) fun presign_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    presign_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_id: Option<ID>,
    dwallet_output: vector<u8>,
    fee: u64,
) {
    event::emit(PresignRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
        presign_id,
        network_key_id,
        curve,
        algorithm,
        dwallet_id,
        dwallet_output,
        fee,
    });
}

public(package) fun presign_claimed(
    presign_id: ID,
    presign_cap_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    claimer: address,
    requester: address,
    fee: u64,
) {
    event::emit(PresignClaimed { presign_id, presign_cap_id, network_key_id, curve, algorithm, claimer, requester, fee });
}

public(package) fun sign_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    sign_id: ID,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    hash_scheme: u32,
    message: vector<u8>,
    presign_id: ID,
    presign: vector<u8>,
    dwallet_output: vector<u8>,
    user_sign_message: vector<u8>,
    partial_signature_id: Option<ID>,
    fee: u64,
    public_user_share: Option<vector<u8>>,
) {
    event::emit(SignRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
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
    });
}

public(package) fun future_sign_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    partial_signature_id: ID,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    hash_scheme: u32,
    message: vector<u8>,
    presign_id: ID,
    presign: vector<u8>,
    dwallet_output: vector<u8>,
    user_sign_message: vector<u8>,
    fee: u64,
) {
    event::emit(FutureSignRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
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
    });
}

public(package) fun encryption_key_registration_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    encryption_key_id: ID,
    owner: address,
    curve: u32,
    encryption_key: vector<u8>,
    proof: vector<u8>,
    fee: u64,
) {
    event::emit(EncryptionKeyRegistrationRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
        encryption_key_id,
        owner,
        curve,
        encryption_key,
        proof,
        fee,
    });
}

public(package) fun share_backup_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    encrypted_share_id: ID,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_output: vector<u8>,
    owner: address,
    encryption_key: vector<u8>,
    encrypted_share: vector<u8>,
    fee: u64,
) {
    event::emit(ShareBackupRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
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
    });
}

public(package) fun share_transfer_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    encrypted_share_id: ID,
    dwallet_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_output: vector<u8>,
    owner: address,
    encryption_key: vector<u8>,
    encrypted_share: vector<u8>,
    fee: u64,
) {
    event::emit(ShareTransferRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
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
    });
}

public(package) fun network_key_dkg_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    network_key_id: ID,
    curves: vector<u32>,
) {
    event::emit(NetworkKeyDkgRequested { session_id, session_sequence, epoch, requester, network_key_id, curves });
}

public(package) fun reconfiguration_requested(
    session_id: vector<u8>,
    session_sequence: u64,
    epoch: u64,
    requester: address,
    coordinator_id: ID,
    next_epoch: u64,
    members: vector<Member>,
    total_weight: u64,
    threshold: u64,
) {
    event::emit(ReconfigurationRequested {
        session_id,
        session_sequence,
        epoch,
        requester,
        coordinator_id,
        next_epoch,
        members,
        total_weight,
        threshold,
    });
}

public(package) fun dwallet_dkg_completed(
    session_id: vector<u8>,
    result_sequence: u64,
    dwallet_id: ID,
    output: vector<u8>,
    fee: u64,
) {
    event::emit(DWalletDkgCompleted { session_id, result_sequence, dwallet_id, output, fee });
}

public(package) fun imported_key_dwallet_verified(
    session_id: vector<u8>,
    result_sequence: u64,
    dwallet_id: ID,
    output: vector<u8>,
    fee: u64,
) {
    event::emit(ImportedKeyDWalletVerified { session_id, result_sequence, dwallet_id, output, fee });
}

public(package) fun dwallet_made_shared(
    session_id: vector<u8>,
    result_sequence: u64,
    dwallet_id: ID,
    public_user_share: vector<u8>,
    fee: u64,
) {
    event::emit(DWalletMadeShared { session_id, result_sequence, dwallet_id, public_user_share, fee });
}

public(package) fun presign_completed(
    session_id: vector<u8>,
    result_sequence: u64,
    presign_id: ID,
    network_key_id: ID,
    curve: u32,
    algorithm: u32,
    dwallet_id: Option<ID>,
    output: vector<u8>,
    fee: u64,
) {
    event::emit(PresignCompleted {
        session_id,
        result_sequence,
        presign_id,
        network_key_id,
        curve,
        algorithm,
        dwallet_id,
        output,
        fee,
    });
}

public(package) fun sign_completed(
    session_id: vector<u8>,
    result_sequence: u64,
    sign_id: ID,
    dwallet_id: ID,
    signature: vector<u8>,
    partial_signature_id: Option<ID>,
    fee: u64,
) {
    event::emit(SignCompleted { session_id, result_sequence, sign_id, dwallet_id, signature, partial_signature_id, fee });
}

public(package) fun future_sign_verified(
    session_id: vector<u8>,
    result_sequence: u64,
    partial_signature_id: ID,
    dwallet_id: ID,
    fee: u64,
) {
    event::emit(FutureSignVerified { session_id, result_sequence, partial_signature_id, dwallet_id, fee });
}

public(package) fun encryption_key_registered(
    session_id: vector<u8>,
    result_sequence: u64,
    encryption_key_id: ID,
    owner: address,
    curve: u32,
    encryption_key: vector<u8>,
    fee: u64,
) {
    event::emit(EncryptionKeyRegistered { session_id, result_sequence, encryption_key_id, owner, curve, encryption_key, fee });
}

public(package) fun share_backup_verified(
    session_id: vector<u8>,
    result_sequence: u64,
    encrypted_share_id: ID,
    dwallet_id: ID,
    owner: address,
    fee: u64,
) {
    event::emit(ShareBackupVerified { session_id, result_sequence, encrypted_share_id, dwallet_id, owner, fee });
}

public(package) fun share_transfer_verified(
    session_id: vector<u8>,
    result_sequence: u64,
    encrypted_share_id: ID,
    dwallet_id: ID,
    sender: address,
    recipient: address,
    fee: u64,
) {
    event::emit(ShareTransferVerified { session_id, result_sequence, encrypted_share_id, dwallet_id, sender, recipient, fee });
}

public(package) fun share_transfer_accepted(encrypted_share_id: ID, dwallet_id: ID, sender: address, recipient: address, cap_id: ID) {
    event::emit(ShareTransferAccepted { encrypted_share_id, dwallet_id, sender, recipient, cap_id });
}

public(package) fun share_transfer_withdrawn(encrypted_share_id: ID, dwallet_id: ID, sender: address, cap_id: ID) {
    event::emit(ShareTransferWithdrawn { encrypted_share_id, dwallet_id, sender, cap_id });
}

public(package) fun session_rejected(
    session_id: vector<u8>,
    result_sequence: u64,
    request_kind: u8,
    target_id: ID,
    reason_code: u32,
    reason: vector<u8>,
    blamed: vector<u32>,
    fee: u64,
) {
    event::emit(SessionRejected {
        session_id,
        result_sequence,
        request_kind,
        target_id,
        reason_code,
        reason,
        blamed,
        fee,
    });
}

public(package) fun session_cancelled(
    session_id: vector<u8>,
    request_kind: u8,
    target_id: ID,
    requester: address,
    refund: u64,
) {
    event::emit(SessionCancelled { session_id, request_kind, target_id, requester, refund });
}

public(package) fun network_key_dkg_completed(
    session_id: vector<u8>,
    result_sequence: u64,
    network_key_id: ID,
    key_commitment: vector<u8>,
    threshold_key_digest: vector<u8>,
) {
    event::emit(NetworkKeyDkgCompleted { session_id, result_sequence, network_key_id, key_commitment, threshold_key_digest });
}

public(package) fun reconfiguration_completed(session_id: vector<u8>, result_sequence: u64, epoch: u64) {
    event::emit(ReconfigurationCompleted { session_id, result_sequence, epoch });
}

public(package) fun result_batch_processed(
    epoch: u64,
    sequence: u64,
    result_count: u64,
    signer_weight: u64,
    submitter: address,
    fees_paid: u64,
) {
    event::emit(ResultBatchProcessed { epoch, sequence, result_count, signer_weight, submitter, fees_paid });
}
