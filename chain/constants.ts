/**
 * The numbers and byte strings the `dwallet` Move package and its clients agree on. Each value
 * mirrors a constant of `move/sources/*.move`; the Move parity test checks every one of them.
 * @module
 */
import { MAX_VIRTUAL_PARTIES } from '../mpc/threshold/access-structure.ts';

/** Curve ids (u32 on chain); mpc/signing/algorithms.ts `CURVE_IDS`. */
export const Curve = { SECP256K1: 0, P256: 1, ED25519: 2 } as const;
export type Curve = (typeof Curve)[keyof typeof Curve];

/** Signature algorithm ids (u32 on chain); mpc/signing/algorithms.ts `SIGNATURE_ALGORITHM_IDS`. */
export const SignatureAlgorithm = { ECDSA: 0, TAPROOT: 1, EDDSA: 2 } as const;
export type SignatureAlgorithm = (typeof SignatureAlgorithm)[keyof typeof SignatureAlgorithm];

/** The number of signature algorithms: the fee table has one entry per (request kind, algorithm). */
export const ALGORITHM_COUNT = 3;

/**
 * Hash schemes (u32 on chain) of the message a signature covers; mpc/signing/algorithms.ts
 * `HASH_SCHEME_IDS`. PREHASHED: the message is the 32-byte digest itself, computed by the caller
 * (e.g. a Bitcoin sighash); the approval then commits to a digest rather than to a readable
 * message. SHA512: EdDSA signs the message itself, SHA-512 being the hash of its challenge.
 */
export const HashScheme = { KECCAK256: 0, SHA256: 1, DOUBLE_SHA256: 2, PREHASHED: 3, SHA512: 4 } as const;
export type HashScheme = (typeof HashScheme)[keyof typeof HashScheme];

/** An ECDSA signature: r ‖ s ‖ recovery id. */
export const SIGNATURE_LENGTH_ECDSA = 65;
export const MAX_RECOVERY_ID = 3;
/** A Schnorr signature: x(R) ‖ s (BIP-340) or R ‖ S (RFC 8032). */
export const SIGNATURE_LENGTH_SCHNORR = 64;

/** A signing scheme the coordinator accepts, as it checks it (`is_valid_signing_scheme`, `is_valid_hash_scheme`). */
export interface ChainSigningScheme {
  readonly curve: Curve;
  readonly algorithm: SignatureAlgorithm;
  readonly hashSchemes: readonly HashScheme[];
  readonly signatureLength: number;
}

/**
 * The (curve, algorithm) pairs the coordinator accepts, with their hash schemes and signature
 * length: the Move functions' table (a test checks it equals mpc/signing/algorithms.ts
 * `SIGNING_SCHEMES`, the parity test that the Move functions agree).
 */
export const CHAIN_SIGNING_SCHEMES: readonly ChainSigningScheme[] = Object.freeze([
  {
    curve: Curve.SECP256K1,
    algorithm: SignatureAlgorithm.ECDSA,
    hashSchemes: [HashScheme.KECCAK256, HashScheme.SHA256, HashScheme.DOUBLE_SHA256, HashScheme.PREHASHED],
    signatureLength: SIGNATURE_LENGTH_ECDSA,
  },
  {
    curve: Curve.P256,
    algorithm: SignatureAlgorithm.ECDSA,
    hashSchemes: [HashScheme.SHA256, HashScheme.PREHASHED],
    signatureLength: SIGNATURE_LENGTH_ECDSA,
  },
  {
    curve: Curve.SECP256K1,
    algorithm: SignatureAlgorithm.TAPROOT,
    hashSchemes: [HashScheme.SHA256, HashScheme.PREHASHED],
    signatureLength: SIGNATURE_LENGTH_SCHNORR,
  },
  {
    curve: Curve.ED25519,
    algorithm: SignatureAlgorithm.EDDSA,
    hashSchemes: [HashScheme.SHA512],
    signatureLength: SIGNATURE_LENGTH_SCHNORR,
  },
]);

/** The ECDSA hash schemes of each ECDSA curve (secp256k1: Ethereum and Bitcoin digests; P-256: SHA-256; both: prehashed). */
export const HASH_SCHEMES_BY_CURVE: Readonly<Record<typeof Curve.SECP256K1 | typeof Curve.P256, readonly HashScheme[]>> = {
  [Curve.SECP256K1]: [HashScheme.KECCAK256, HashScheme.SHA256, HashScheme.DOUBLE_SHA256, HashScheme.PREHASHED],
  [Curve.P256]: [HashScheme.SHA256, HashScheme.PREHASHED],
};

/** The length of a prehashed message (one digest). */
export const DIGEST_LENGTH = 32;

export function isSupportedCurve(curve: number): curve is Curve {
  return curve === Curve.SECP256K1 || curve === Curve.P256 || curve === Curve.ED25519;
}

/** The accepted scheme of (curve, algorithm), undefined for a combination that does not exist. */
export function chainSigningScheme(curve: number, algorithm: number): ChainSigningScheme | undefined {
  return CHAIN_SIGNING_SCHEMES.find((scheme) => scheme.curve === curve && scheme.algorithm === algorithm);
}

/** `coordinator::is_valid_signing_scheme`. */
export function isValidSigningScheme(curve: number, algorithm: number): boolean {
  return chainSigningScheme(curve, algorithm) !== undefined;
}

/** `coordinator::is_valid_hash_scheme`: the hash schemes of (curve, algorithm). */
export function isValidHashScheme(curve: number, algorithm: number, hashScheme: number): boolean {
  return (chainSigningScheme(curve, algorithm)?.hashSchemes as readonly number[] | undefined)?.includes(hashScheme) ?? false;
}

/**
 * Request kinds: the kind recorded in a session (and in a `SessionRejected`, `FeeSet`, and the
 * argument of `set_fee`/`fee`). The fee-paying kinds each have a slot of the fee table
 * (`feeSlot`); NETWORK_KEY_DKG and RECONFIGURATION are the network's own sessions, opened with the
 * `AdminCap`; they pay no fee and have no slot. MAKE_DWALLET_SHARED publishes a dWallet's user share;
 * REGISTER_ENCRYPTION_KEY, SHARE_BACKUP and SHARE_TRANSFER keep it encrypted on chain (a user's
 * encryption key, x_A under the owner's own key, x_A under a recipient's key with the cap escrowed).
 */
export const RequestKind = {
  DWALLET_DKG: 0,
  IMPORTED_KEY: 1,
  PRESIGN: 2,
  SIGN: 3,
  FUTURE_SIGN: 4,
  FUTURE_SIGN_COMPLETION: 5,
  NETWORK_KEY_DKG: 6,
  RECONFIGURATION: 7,
  MAKE_DWALLET_SHARED: 8,
  REGISTER_ENCRYPTION_KEY: 9,
  SHARE_BACKUP: 10,
  SHARE_TRANSFER: 11,
} as const;
export type RequestKind = (typeof RequestKind)[keyof typeof RequestKind];
/** The number of fee-paying request kinds; the fee table has REQUEST_KIND_COUNT × ALGORITHM_COUNT entries (`feeIndex`). */
export const REQUEST_KIND_COUNT = 10;
/** The fee slot of MAKE_DWALLET_SHARED (kinds 0–5 are their own slot). */
export const FEE_SLOT_MAKE_DWALLET_SHARED = 6;
export const FEE_SLOT_REGISTER_ENCRYPTION_KEY = 7;
export const FEE_SLOT_SHARE_BACKUP = 8;
export const FEE_SLOT_SHARE_TRANSFER = 9;

/** The fee slot of each fee-paying kind numbered after the network's own (`coordinator::fee_slot`). */
const LATER_FEE_SLOTS: ReadonlyMap<number, number> = new Map([
  [RequestKind.MAKE_DWALLET_SHARED, FEE_SLOT_MAKE_DWALLET_SHARED],
  [RequestKind.REGISTER_ENCRYPTION_KEY, FEE_SLOT_REGISTER_ENCRYPTION_KEY],
  [RequestKind.SHARE_BACKUP, FEE_SLOT_SHARE_BACKUP],
  [RequestKind.SHARE_TRANSFER, FEE_SLOT_SHARE_TRANSFER],
]);

/**
 * The index in the coordinator's fee table of a request kind's fee, or null for a kind without a
 * fee (the network's own, or an unknown number): `coordinator::fee_slot`.
 */
export function feeSlot(requestKind: number): number | null {
  if (Number.isInteger(requestKind) && requestKind >= 0 && requestKind <= RequestKind.FUTURE_SIGN_COMPLETION) return requestKind;
  return LATER_FEE_SLOTS.get(requestKind) ?? null;
}

/**
 * The algorithm whose fee an encryption-key registration for `curve` pays
 * (`coordinator::default_algorithm`): a key serves every dWallet of its curve, so its fee is read
 * at the curve's first algorithm, ECDSA on secp256k1 and P-256, EdDSA on ed25519.
 */
export function defaultAlgorithm(curve: Curve): SignatureAlgorithm {
  return curve === Curve.ED25519 ? SignatureAlgorithm.EDDSA : SignatureAlgorithm.ECDSA;
}

/**
 * The index in the coordinator's fee table of a request kind's fee for `algorithm`
 * (`coordinator::fee_index`: slot × ALGORITHM_COUNT + algorithm), or null for a kind without a fee
 * or an unknown algorithm.
 */
export function feeIndex(requestKind: number, algorithm: number): number | null {
  const slot = feeSlot(requestKind);
  if (slot === null || !Number.isInteger(algorithm) || algorithm < 0 || algorithm >= ALGORITHM_COUNT) return null;
  return slot * ALGORITHM_COUNT + algorithm;
}

/**
 * The fee of a request kind for dWallets of `algorithm`, in a fee table as the coordinator holds
 * it (`fees`); 0 for a kind without a fee.
 */
export function feeOf(fees: readonly bigint[], requestKind: number, algorithm: SignatureAlgorithm): bigint {
  const index = feeIndex(requestKind, algorithm);
  return index === null ? 0n : (fees[index] ?? 0n);
}

export const SessionStatus = { PENDING: 0, COMPLETED: 1, REJECTED: 2, CANCELLED: 3 } as const;
export const DWalletState = { AWAITING_NETWORK: 0, ACTIVE: 1, REJECTED: 2 } as const;
export const PresignState = { REQUESTED: 0, COMPLETED: 1, REJECTED: 2, CONSUMED: 3 } as const;
export const PartialSignatureState = { AWAITING_VERIFICATION: 0, VERIFIED: 1, REJECTED: 2, USED: 3 } as const;
export const SignState = { REQUESTED: 0, COMPLETED: 1, REJECTED: 2 } as const;
export const NetworkKeyState = { REQUESTED: 0, ACTIVE: 1, REJECTED: 2 } as const;
/** A user's encryption key (`UserEncryptionKey.state`). */
export const EncryptionKeyState = { AWAITING_NETWORK: 0, ACTIVE: 1, REJECTED: 2 } as const;
/** What `coordinator::encryption_key_state` answers for an (address, curve) that never registered a key. */
export const NO_ENCRYPTION_KEY = 255;
/**
 * An encrypted user share (`EncryptedUserShare.state`): ACCEPTED and WITHDRAWN are a verified
 * transfer whose cap the recipient took, or the sender took back.
 */
export const EncryptedShareState = { AWAITING_NETWORK: 0, VERIFIED: 1, REJECTED: 2, ACCEPTED: 3, WITHDRAWN: 4 } as const;

/** Tags of `SessionResult` in a result batch (the enum's variant indices). */
export const ResultKind = {
  DWALLET_DKG: 0,
  IMPORTED_KEY_VERIFIED: 1,
  PRESIGN: 2,
  SIGNATURE: 3,
  FUTURE_SIGN_VERIFIED: 4,
  REJECTED: 5,
  NETWORK_KEY_GENERATED: 6,
  RECONFIGURED: 7,
  DWALLET_SHARED: 8,
  ENCRYPTION_KEY_VERIFIED: 9,
  SHARE_BACKUP_VERIFIED: 10,
  SHARE_TRANSFER_VERIFIED: 11,
} as const;

/**
 * Intent of a result batch certificate: scope 100, version 1 (the signed bytes name the
 * coordinator since version 1), app id 0.
 */
export const INTENT_RESULT_BATCH = Uint8Array.of(0x64, 0x01, 0x00);
/** Intent of a committee member's proof of possession: scope 101, version 0, app id 0. */
export const INTENT_PROOF_OF_POSSESSION = Uint8Array.of(0x65, 0x00, 0x00);
/** Domain tag of session id derivation. */
export const SESSION_ID_DOMAIN = new TextEncoder().encode('dwallet-network/session-id/v1');

export const SESSION_ID_LENGTH = 32;
export const KEY_COMMITMENT_LENGTH = 32;
/** A network key version's digest of the threshold public key of one epoch's committee. */
export const THRESHOLD_KEY_DIGEST_LENGTH = 32;
/** The digest of a key the administrator registered (`register_network_key`): no committee attested it. */
export const UNATTESTED_THRESHOLD_KEY_DIGEST = new Uint8Array(THRESHOLD_KEY_DIGEST_LENGTH);
/**
 * A published user share x_A (a shared dWallet): a 32-byte big-endian scalar; its range
 * (0 < x_A < q) and x_A·G = X_A are checked by the validators (`EInvalidPublicUserShare` on chain
 * for any other length).
 */
export const PUBLIC_USER_SHARE_LENGTH = 32;
/**
 * Longest user encryption key (a class-group public key, mpc/user-share encoding) the coordinator
 * accepts (`EInvalidEncryptionKey`, as for an empty one).
 */
export const MAX_ENCRYPTION_KEY_LENGTH = 4096;
export const MAX_POOL_PRESIGNS = 1000;
/** How long a session stays pending before its requester may cancel it, until the admin sets another. */
export const DEFAULT_SESSION_TIMEOUT_MS = 3_600_000n;
/** Longest session timeout the admin may set (30 days; `EInvalidSessionTimeout`). */
export const MAX_SESSION_TIMEOUT_MS = 2_592_000_000n;
/**
 * Longest user protocol message (DKG, imported key, sign) the coordinator accepts
 * (`EUserMessageTooLong`); also the bound of an encryption key's proof and of an encrypted share.
 */
export const MAX_USER_MESSAGE_LENGTH = 65536;
/** Longest message to sign the coordinator accepts (`EMessageTooLong`). */
export const MAX_MESSAGE_LENGTH = 65536;
/** Longest global key parts of a network key (`EGlobalKeyPartsTooLong`). */
export const MAX_GLOBAL_KEY_PARTS_LENGTH = 65536;
export const BLS_PUBLIC_KEY_LENGTH = 48;
export const BLS_SIGNATURE_LENGTH = 96;
/** Most members of a committee (`ECommitteeTooLarge`): each has weight 1 at least, so MAX_TOTAL_WEIGHT. */
export const MAX_COMMITTEE_MEMBERS = 1024;
export const MAX_MEMBER_WEIGHT = 1_000_000n;
/**
 * Largest total weight of a committee (`ETotalWeightTooLarge`): each unit of weight is a virtual
 * party of the network key's threshold sharing, which allows at most MAX_VIRTUAL_PARTIES of them.
 */
export const MAX_TOTAL_WEIGHT = BigInt(MAX_VIRTUAL_PARTIES);
/** Longest network address of a committee member, in bytes (`ENetworkAddressTooLong`). */
export const MAX_NETWORK_ADDRESS_LENGTH = 256;
/** A committee member's share-encryption key: a compressed secp256k1 point (prefix 0x02 or 0x03). */
export const SHARE_ENCRYPTION_KEY_LENGTH = 33;

/** Sui's shared `Clock` object (sui-framework clock.move: created at genesis at 0x6, shared from version 1). */
export const SUI_CLOCK_OBJECT_ID = '0x0000000000000000000000000000000000000000000000000000000000000006';
export const SUI_CLOCK_INITIAL_SHARED_VERSION = 1n;
export const SUI_CLOCK_TYPE = '0x0000000000000000000000000000000000000000000000000000000000000002::clock::Clock';

export const SUI_COIN_TYPE =
  '0x0000000000000000000000000000000000000000000000000000000000000002::coin::Coin<0x0000000000000000000000000000000000000000000000000000000000000002::sui::SUI>';
