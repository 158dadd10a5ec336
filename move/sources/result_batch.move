/// Parsing of a certified result batch, the only way results of MPC sessions reach the chain.
///
/// Validators sign, and relayers submit, the BCS encoding of this value (the schema is defined
/// once, in TypeScript, in `chain/schemas/result-batch.ts`):
///
/// ```
/// struct ResultBatch { sequence: u64, results: vector<SessionResult> }
/// enum SessionResult {
///     DWalletDkg { session_id: vector<u8>, output: vector<u8> },               // tag 0
///     ImportedKeyVerified { session_id: vector<u8>, output: vector<u8> },      // tag 1
///     Presign { session_id: vector<u8>, output: vector<u8> },                  // tag 2
///     Signature { session_id: vector<u8>, signature: vector<u8> },             // tag 3
///     FutureSignVerified { session_id: vector<u8> },                           // tag 4
///     Rejected { session_id: vector<u8>, reason_code: u32, reason: vector<u8>, blamed: vector<u32> }, // tag 5
///     NetworkKeyGenerated { session_id: vector<u8>, output: vector<u8> },      // tag 6
///     Reconfigured { session_id: vector<u8>, output: vector<u8> },             // tag 7
///     DWalletShared { session_id: vector<u8>, public_user_share: vector<u8> }, // tag 8
///     EncryptionKeyVerified { session_id: vector<u8> },                        // tag 9
///     ShareBackupVerified { session_id: vector<u8> },                          // tag 10
///     ShareTransferVerified { session_id: vector<u8> },                        // tag 11
/// }
/// ```
///
/// Move has no generic BCS decoder for enums, so the bytes are peeled with `sui::bcs`. The
/// parsed form is a struct with a `kind` tag rather than a Move enum because enum variants can
/// only be matched inside their own module and the coordinator must read them.
///
/// The batch is parsed only after its certificate verified, so malformed bytes can only come from
/// a quorum that signed them; `sui::bcs` then aborts with its own codes (module `bcs` of `0x2`).
module dwallet::result_batch;

use sui::bcs::{Self, BCS};

const EMalformedBatch: u64 = 1;
const EUnknownResultKind: u64 = 2;
const ETrailingBytes: u64 = 3;
const EInvalidSessionIdLength: u64 = 4;

const RESULT_DWALLET_DKG: u8 = 0;
const RESULT_IMPORTED_KEY_VERIFIED: u8 = 1;
const RESULT_PRESIGN: u8 = 2;
const RESULT_SIGNATURE: u8 = 3;
const RESULT_FUTURE_SIGN_VERIFIED: u8 = 4;
const RESULT_REJECTED: u8 = 5;
const RESULT_NETWORK_KEY_GENERATED: u8 = 6;
const RESULT_RECONFIGURED: u8 = 7;
const RESULT_DWALLET_SHARED: u8 = 8;
const RESULT_ENCRYPTION_KEY_VERIFIED: u8 = 9;
const RESULT_SHARE_BACKUP_VERIFIED: u8 = 10;
const RESULT_SHARE_TRANSFER_VERIFIED: u8 = 11;

const SESSION_ID_LENGTH: u64 = 32;
const SEQUENCE_LENGTH: u64 = 8;

/// One result. `payload` is the output (DKG, imported key, presign, network key, reconfiguration),
/// the 65-byte signature, the published user share (DWalletShared), or the rejection reason; it is
/// empty for the verdicts that carry no data (FutureSignVerified, EncryptionKeyVerified,
/// ShareBackupVerified, ShareTransferVerified). `reason_code` and `blamed` are set only for rejections.
public struct SessionResult has copy, drop {
    kind: u8,
    session_id: vector<u8>,
    payload: vector<u8>,
    reason_code: u32,
    blamed: vector<u32>,
}

public struct ResultBatch has copy, drop {
    sequence: u64,
    results: vector<SessionResult>,
}

/// The sequence number of an encoded batch, read without parsing the rest, so that a relayer
/// that lost a race is turned away before the certificate is checked.
public fun peek_sequence(batch: &vector<u8>): u64 {
    assert!(batch.length() >= SEQUENCE_LENGTH, EMalformedBatch);
    let mut sequence = 0u64;
    let mut i = 0;
    while (i < SEQUENCE_LENGTH) {
        sequence = sequence | ((batch[i] as u64) << ((8 * i) as u8));
        i = i + 1;
    };
    sequence
}

/// Parses a whole encoded batch; any byte left over aborts.
public fun parse(batch: vector<u8>): ResultBatch {
    let mut reader = bcs::new(batch);
    let sequence = reader.peel_u64();
    let count = reader.peel_vec_length();
    let mut results = vector[];
    let mut i = 0;
    while (i < count) {
        results.push_back(peel_result(&mut reader));
        i = i + 1;
    };
    assert!(reader.into_remainder_bytes().is_empty(), ETrailingBytes);
    ResultBatch { sequence, results }
}

fun peel_result(reader: &mut BCS): SessionResult {
    let tag = reader.peel_enum_tag();
    assert!(tag <= (RESULT_SHARE_TRANSFER_VERIFIED as u32), EUnknownResultKind);
    let kind = tag as u8;
    let session_id = reader.peel_vec_u8();
    assert!(session_id.length() == SESSION_ID_LENGTH, EInvalidSessionIdLength);
    if (is_verdict(kind)) {
        SessionResult { kind, session_id, payload: vector[], reason_code: 0, blamed: vector[] }
    } else if (kind == RESULT_REJECTED) {
        let reason_code = reader.peel_u32();
        let payload = reader.peel_vec_u8();
        let blamed = reader.peel_vec_u32();
        SessionResult { kind, session_id, payload, reason_code, blamed }
    } else {
        SessionResult { kind, session_id, payload: reader.peel_vec_u8(), reason_code: 0, blamed: vector[] }
    }
}

/// A result that carries its session id alone: the validators accepted what the user submitted.
fun is_verdict(kind: u8): bool {
    kind == RESULT_FUTURE_SIGN_VERIFIED || kind == RESULT_ENCRYPTION_KEY_VERIFIED || kind == RESULT_SHARE_BACKUP_VERIFIED
        || kind == RESULT_SHARE_TRANSFER_VERIFIED
}

public fun sequence(self: &ResultBatch): u64 {
    self.sequence
}

public fun results(self: &ResultBatch): &vector<SessionResult> {
    &self.results
}

public fun kind(self: &SessionResult): u8 {
    self.kind
}

public fun session_id(self: &SessionResult): &vector<u8> {
    &self.session_id
}

public fun payload(self: &SessionResult): &vector<u8> {
    &self.payload
}

public fun reason_code(self: &SessionResult): u32 {
    self.reason_code
}

public fun blamed(self: &SessionResult): &vector<u32> {
    &self.blamed
}

public fun dwallet_dkg(): u8 {
    RESULT_DWALLET_DKG
}

public fun imported_key_verified(): u8 {
    RESULT_IMPORTED_KEY_VERIFIED
}

public fun presign(): u8 {
    RESULT_PRESIGN
}

public fun signature(): u8 {
    RESULT_SIGNATURE
}

public fun future_sign_verified(): u8 {
    RESULT_FUTURE_SIGN_VERIFIED
}

public fun rejected(): u8 {
    RESULT_REJECTED
}

public fun network_key_generated(): u8 {
    RESULT_NETWORK_KEY_GENERATED
}

public fun reconfigured(): u8 {
    RESULT_RECONFIGURED
}

public fun dwallet_shared(): u8 {
    RESULT_DWALLET_SHARED
}

public fun encryption_key_verified(): u8 {
    RESULT_ENCRYPTION_KEY_VERIFIED
}

public fun share_backup_verified(): u8 {
    RESULT_SHARE_BACKUP_VERIFIED
}

public fun share_transfer_verified(): u8 {
    RESULT_SHARE_TRANSFER_VERIFIED
}
