/// The validator committee of one epoch and the verification of its quorum certificates.
///
/// Each member has a BLS12-381 public key in the min-pk setting (48-byte compressed G1 point;
/// signatures are 96-byte G2 points, hashed to G2 with Sui's standard DST
/// `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_`), a weight, the Sui address it acts from and the
/// network address its peers reach it at, and its share-encryption key: a 33-byte compressed
/// secp256k1 point under which the network encrypts the member's key shares when a network key
/// is generated or reshared. The chain checks its shape (length, prefix 0x02 or 0x03); validators
/// check that it is a point of the curve when they use it.
///
/// A certificate is one aggregate signature plus a signer bitmap (bit `i` of byte `i / 8`, least
/// significant bit first, marks member `i`). It is valid when the bitmap has exactly
/// `ceil(n / 8)` bytes with no bit set beyond member `n - 1`, the signers' weight reaches the
/// threshold, and the signature verifies under the sum of the signers' public keys.
///
/// Summing public keys is only safe against rogue keys when every key proved possession of its
/// secret: `add_members` checks a proof of possession per member, a signature over
/// `INTENT_PROOF_OF_POSSESSION ‖ public_key ‖ bcs(sui_address)`.
///
/// A member's key is stored as a validated group element (`Element<G1>`, made by `g1_from_bytes`
/// once, when the member is admitted), so a certificate adds the signers' elements with `g1_add`
/// and checks nothing about the keys again. An `Element<G1>` is stored as its 48 compressed bytes
/// (`struct Element<G1> { bytes: vector<u8> }`), the same BCS as the bytes themselves.
module dwallet::committee;

use std::string::String;
use sui::bls12381::{Self, G1};
use sui::group_ops::{Self, Element};

const EEmptyCommittee: u64 = 1;
const ECommitteeTooLarge: u64 = 2;
const ELengthMismatch: u64 = 3;
const EInvalidPublicKeyLength: u64 = 4;
const EDuplicatePublicKey: u64 = 5;
const EZeroWeight: u64 = 6;
const EWeightTooLarge: u64 = 7;
const EInvalidProofOfPossession: u64 = 8;
const EInvalidThreshold: u64 = 9;
const EInvalidBitmap: u64 = 10;
const EInsufficientWeight: u64 = 11;
const EInvalidSignatureLength: u64 = 12;
const EInvalidSignature: u64 = 13;
const ENetworkAddressTooLong: u64 = 14;
const EInvalidShareEncryptionKey: u64 = 15;
const ETotalWeightTooLarge: u64 = 16;

const PUBLIC_KEY_LENGTH: u64 = 48;
const SIGNATURE_LENGTH: u64 = 96;
/// Bounds the committee: every member has weight at least 1, so `MAX_TOTAL_WEIGHT` members at
/// most. A committee is stored whole in the coordinator (and, while a reconfiguration is pending,
/// the next one too); a member takes 124 bytes plus its network address, so a full committee with
/// short (URL-sized) addresses fits Sui's 250 KiB object limit and one with very long addresses does
/// not: the chain refuses that transaction (`MoveObjectTooBig`) and changes nothing.
const MAX_MEMBERS: u64 = 1024;
/// Bounds one member's weight so that the total weight cannot overflow a u64.
const MAX_WEIGHT: u64 = 1_000_000;
/// Bounds the total weight: each unit of weight is one virtual party of the network key's
/// threshold sharing, whose shares grow with log2(W!) (MAX_VIRTUAL_PARTIES in
/// mpc/threshold/access-structure.ts, which refuses a larger committee, so the chain refuses it
/// first instead of letting the validators fail the network key's DKG or resharing).
const MAX_TOTAL_WEIGHT: u64 = 1024;
/// Bounds a member's network address (a URL) so that a full committee stays far below Sui's
/// object size limit.
const MAX_NETWORK_ADDRESS_LENGTH: u64 = 256;
/// A compressed secp256k1 point: prefix 0x02 or 0x03, then the 32-byte x coordinate.
const SHARE_ENCRYPTION_KEY_LENGTH: u64 = 33;
/// Intent of a proof of possession: scope 101, version 0, app id 0.
const INTENT_PROOF_OF_POSSESSION: vector<u8> = x"650000";

public struct Member has copy, drop, store {
    public_key: Element<G1>,
    weight: u64,
    sui_address: address,
    network_address: String,
    share_encryption_key: vector<u8>,
}

/// Members admitted so far to a committee being assembled (`add_members`), with their total weight.
public struct MemberList has drop, store {
    members: vector<Member>,
    total_weight: u64,
}

public struct Committee has copy, drop, store {
    members: vector<Member>,
    total_weight: u64,
    threshold: u64,
}

/// The committee of a coordinator that has not been given one yet; it certifies nothing.
public fun empty(): Committee {
    Committee { members: vector[], total_weight: 0, threshold: 0 }
}

/// A committee from parallel vectors (one entry per member): `new_member_list`, one
/// `add_members`, `finish`. The threshold must exceed two thirds of the total weight, so that two
/// certificates of one epoch always share an honest signer when fewer than a third of the weight
/// is faulty.
public fun new(
    public_keys: vector<vector<u8>>,
    proofs_of_possession: vector<vector<u8>>,
    weights: vector<u64>,
    sui_addresses: vector<address>,
    network_addresses: vector<String>,
    share_encryption_keys: vector<vector<u8>>,
    threshold: u64,
): Committee {
    let mut list = new_member_list();
    list.add_members(
        public_keys,
        proofs_of_possession,
        weights,
        sui_addresses,
        network_addresses,
        share_encryption_keys,
    );
    list.finish(threshold)
}

/// An empty list of members, to be filled by `add_members` and made a committee by `finish`.
public fun new_member_list(): MemberList {
    MemberList { members: vector[], total_weight: 0 }
}

/// Adds members given as parallel vectors (one entry per member; empty vectors add nothing),
/// checking each as it is admitted, against the members already listed too: no key twice, at
/// most `MAX_MEMBERS` members in all. `finish` checks the total weight and the threshold. A
/// committee passed in several batches thus meets the same checks, with the same aborts, as one
/// passed at once.
public fun add_members(
    self: &mut MemberList,
    public_keys: vector<vector<u8>>,
    proofs_of_possession: vector<vector<u8>>,
    weights: vector<u64>,
    sui_addresses: vector<address>,
    network_addresses: vector<String>,
    share_encryption_keys: vector<vector<u8>>,
) {
    let n = public_keys.length();
    assert!(self.members.length() + n <= MAX_MEMBERS, ECommitteeTooLarge);
    assert!(
        proofs_of_possession.length() == n
            && weights.length() == n
            && sui_addresses.length() == n
            && network_addresses.length() == n
            && share_encryption_keys.length() == n,
        ELengthMismatch,
    );
    let mut i = 0;
    while (i < n) {
        let public_key = public_keys[i];
        assert!(public_key.length() == PUBLIC_KEY_LENGTH, EInvalidPublicKeyLength);
        let mut j = 0;
        while (j < self.members.length()) {
            assert!(*group_ops::bytes(&self.members[j].public_key) != public_key, EDuplicatePublicKey);
            j = j + 1;
        };
        let weight = weights[i];
        assert!(weight > 0, EZeroWeight);
        assert!(weight <= MAX_WEIGHT, EWeightTooLarge);
        let sui_address = sui_addresses[i];
        assert!(network_addresses[i].length() <= MAX_NETWORK_ADDRESS_LENGTH, ENetworkAddressTooLong);
        let share_encryption_key = share_encryption_keys[i];
        assert!(is_share_encryption_key_shaped(&share_encryption_key), EInvalidShareEncryptionKey);
        assert!(
            bls12381::bls12381_min_pk_verify(
                &proofs_of_possession[i],
                &public_key,
                &proof_of_possession_message(&public_key, sui_address),
            ),
            EInvalidProofOfPossession,
        );
        // At most MAX_MEMBERS * MAX_WEIGHT: no overflow; `finish` bounds it.
        self.total_weight = self.total_weight + weight;
        self.members.push_back(Member {
            // Cannot abort: the proof of possession verified under this key, which is therefore a
            // valid G1 point.
            public_key: bls12381::g1_from_bytes(&public_key),
            weight,
            sui_address,
            network_address: network_addresses[i],
            share_encryption_key,
        });
        i = i + 1;
    };
}

/// The committee of the listed members with `threshold`.
public fun finish(self: MemberList, threshold: u64): Committee {
    let MemberList { members, total_weight } = self;
    assert!(!members.is_empty(), EEmptyCommittee);
    assert!(total_weight <= MAX_TOTAL_WEIGHT, ETotalWeightTooLarge);
    assert!(
        threshold <= total_weight && (threshold as u128) * 3 > (total_weight as u128) * 2,
        EInvalidThreshold,
    );
    Committee { members, total_weight, threshold }
}

public fun member_count(self: &MemberList): u64 {
    self.members.length()
}

/// Whether `key` has the shape of a compressed secp256k1 point (33 bytes, prefix 0x02 or 0x03).
fun is_share_encryption_key_shaped(key: &vector<u8>): bool {
    key.length() == SHARE_ENCRYPTION_KEY_LENGTH && (key[0] == 2 || key[0] == 3)
}

/// The bytes a member signs to prove possession of its BLS secret key.
public fun proof_of_possession_message(public_key: &vector<u8>, sui_address: address): vector<u8> {
    let mut message = INTENT_PROOF_OF_POSSESSION;
    message.append(*public_key);
    message.append(std::bcs::to_bytes(&sui_address));
    message
}

/// Verifies a quorum certificate over `message` and returns the signers' total weight.
/// The order of the checks fixes which abort a bad certificate gets: bitmap shape, then weight,
/// then signature.
public fun verify_certificate(
    self: &Committee,
    signature: &vector<u8>,
    signers_bitmap: &vector<u8>,
    message: &vector<u8>,
): u64 {
    let n = self.members.length();
    assert!(n > 0, EEmptyCommittee);
    assert!(signers_bitmap.length() == (n + 7) / 8, EInvalidBitmap);
    let mut weight = 0;
    let mut aggregate = bls12381::g1_identity();
    let mut i = 0;
    while (i < signers_bitmap.length() * 8) {
        if (((signers_bitmap[i / 8] >> ((i % 8) as u8)) & 1) == 1) {
            assert!(i < n, EInvalidBitmap);
            let member = &self.members[i];
            weight = weight + member.weight;
            aggregate = bls12381::g1_add(&aggregate, &member.public_key);
        };
        i = i + 1;
    };
    assert!(weight >= self.threshold, EInsufficientWeight);
    assert!(signature.length() == SIGNATURE_LENGTH, EInvalidSignatureLength);
    assert!(
        bls12381::bls12381_min_pk_verify(signature, group_ops::bytes(&aggregate), message),
        EInvalidSignature,
    );
    weight
}

public fun size(self: &Committee): u64 {
    self.members.length()
}

public fun is_empty(self: &Committee): bool {
    self.members.is_empty()
}

public fun threshold(self: &Committee): u64 {
    self.threshold
}

public fun total_weight(self: &Committee): u64 {
    self.total_weight
}

public fun members(self: &Committee): &vector<Member> {
    &self.members
}

/// The member's compressed public key (48 bytes).
public fun public_key(self: &Member): &vector<u8> {
    group_ops::bytes(&self.public_key)
}

public fun weight(self: &Member): u64 {
    self.weight
}

public fun sui_address(self: &Member): address {
    self.sui_address
}

public fun network_address(self: &Member): &String {
    &self.network_address
}

public fun share_encryption_key(self: &Member): &vector<u8> {
    &self.share_encryption_key
}
