/**
 * The abort codes of the `dwallet` Move package, by module, with their names. This is the table
 * clients, relayers and tests use to turn an abort (module, code) into a meaning; the local chain
 * aborts with exactly these. The parity test checks it against the `E…` constants of the sources.
 *
 * Aborts raised inside the Sui framework are reported with the framework's package (`0x2`) and
 * module; the ones the coordinator can trigger are listed in `FRAMEWORK_ABORT_CODES`.
 * @module
 */

export const ABORT_CODES = {
  coordinator: {
    EInvalidSessionPreimage: 1,
    ESessionIdReused: 2,
    EInsufficientFee: 3,
    EUnsupportedCurve: 4,
    EUnsupportedHashScheme: 5,
    ENetworkKeyNotFound: 6,
    ECurveNotSupportedByKey: 7,
    EEmptyUserMessage: 8,
    EEmptyMessage: 9,
    EDWalletNotFound: 10,
    EWrongDWalletCap: 11,
    EDWalletNotActive: 12,
    ENotImportedKeyDWallet: 13,
    EImportedKeyDWalletNeedsBoundPresign: 14,
    EPresignNotFound: 15,
    EPresignAlreadyConsumed: 16,
    EPresignNotCompleted: 17,
    EWrongPresignCap: 18,
    EPresignMismatch: 19,
    EPresignBoundToOtherDWallet: 20,
    EPresignPoolEmpty: 21,
    EPresignPoolFull: 22,
    EPartialSignatureNotFound: 23,
    EWrongPartialSignatureCap: 24,
    EPartialSignatureNotVerified: 25,
    EApprovalMismatch: 26,
    EWrongEpoch: 27,
    EOutOfSequence: 28,
    ESessionNotFound: 29,
    ESessionNotPending: 30,
    EResultKindMismatch: 31,
    EEmptyOutput: 32,
    EInvalidSignature: 33,
    EInvalidBlamedValidator: 34,
    EEpochNotIncreasing: 35,
    EInvalidRequestKind: 36,
    EInvalidKeyCommitment: 37,
    EEmptyCurveList: 38,
    EDuplicateCurve: 39,
    EEmptyGlobalKeyParts: 40,
    EInvalidPrehashedMessage: 41,
    EUserMessageTooLong: 42,
    EMessageTooLong: 43,
    EGlobalKeyPartsTooLong: 44,
    ENetworkKeyNotActive: 45,
    EReconfigurationPending: 46,
    EInvalidThresholdKeyDigest: 47,
    ETrailingOutputBytes: 48,
    ENetworkKeyVersionsMismatch: 49,
    ENoCommittee: 50,
    ENetworkKeyGenerationPending: 51,
    ENotRequester: 52,
    ESessionTimeoutNotReached: 53,
    ESessionNotCancellable: 54,
    EInvalidSessionTimeout: 55,
    EDWalletNotShared: 56,
    EDWalletAlreadyShared: 57,
    EInvalidPublicUserShare: 58,
    EUnsupportedSignatureAlgorithm: 59,
    EPresignAlgorithmMismatch: 60,
    EFutureSignNeedsEcdsa: 61,
    EImportedKeyPresignNeedsEcdsa: 62,
    EEncryptionKeyAlreadyRegistered: 63,
    EEncryptionKeyNotFound: 64,
    EEncryptionKeyNotActive: 65,
    EInvalidEncryptionKey: 66,
    EInvalidTransferRecipient: 67,
    EEncryptedShareNotFound: 68,
    ENotTransferRecipient: 69,
    ENotTransferSender: 70,
    EShareTransferNotVerified: 71,
    ENotAShareTransfer: 72,
  },
  committee: {
    EEmptyCommittee: 1,
    ECommitteeTooLarge: 2,
    ELengthMismatch: 3,
    EInvalidPublicKeyLength: 4,
    EDuplicatePublicKey: 5,
    EZeroWeight: 6,
    EWeightTooLarge: 7,
    EInvalidProofOfPossession: 8,
    EInvalidThreshold: 9,
    EInvalidBitmap: 10,
    EInsufficientWeight: 11,
    EInvalidSignatureLength: 12,
    EInvalidSignature: 13,
    ENetworkAddressTooLong: 14,
    EInvalidShareEncryptionKey: 15,
    ETotalWeightTooLarge: 16,
  },
  result_batch: {
    EMalformedBatch: 1,
    EUnknownResultKind: 2,
    ETrailingBytes: 3,
    EInvalidSessionIdLength: 4,
  },
  events: {},
  session_identifier: {},
  rlp: {},
  eip1559: {
    EInvalidChainId: 1,
    ETipAboveFeeCap: 2,
    EInvalidRecipientLength: 3,
    ENotEip1559Transaction: 4,
  },
  bip143: {
    EInvalidTxidLength: 1,
    EInvalidPubkeyHashLength: 2,
    ENoInputs: 3,
    ENoOutputs: 4,
    EInputIndexOutOfRange: 5,
  },
  vault: {
    ENotApprover: 1,
    EAlreadyApprover: 2,
    EAlreadyApproved: 3,
    ERecipientNotAllowed: 4,
    ERecipientAlreadyAllowed: 5,
    EInvalidRecipient: 6,
    ESpendingLimitExceeded: 7,
    ENotEnoughApprovals: 8,
    ETimelockNotExpired: 9,
    EProposalNotFound: 10,
    EProposalNotOpen: 11,
    ENotProposer: 12,
    EWrongChain: 13,
    EInvalidChain: 14,
    EWrongVaultCap: 15,
    EDWalletNotActive: 16,
    EDWalletNotShared: 17,
    EUnsupportedCurve: 18,
    EInvalidRequiredApprovals: 19,
    ETooManyApprovers: 20,
    ETooManyRecipients: 21,
    EInvalidPubkeyHash: 22,
    EInvalidChainId: 23,
    EInvalidPeriod: 24,
    ETimelockTooLong: 25,
    EGasLimitTooLow: 26,
    ETipAboveFeeCap: 27,
    EAmountTooLarge: 28,
    ELengthMismatch: 29,
    ENoInputs: 30,
    ENoOutputs: 31,
    ETooManyInputs: 32,
    ETooManyOutputs: 33,
    EDuplicateInput: 34,
    EOutputsExceedInputs: 35,
    EInputIndexOutOfRange: 36,
    EInputAlreadySigned: 37,
    EUnsupportedSignatureAlgorithm: 38,
  },
} as const;

/** Aborts of the Sui framework (package 0x2) that calls into the coordinator can raise. */
export const FRAMEWORK_ABORT_CODES = {
  bcs: { EOutOfRange: 0, ENotBool: 1, ELenOutOfRange: 2 },
  balance: { ENotEnough: 2 },
  dynamic_field: { EFieldAlreadyExists: 0, EFieldDoesNotExist: 1 },
} as const;

export type AbortModule = keyof typeof ABORT_CODES;
export type FrameworkAbortModule = keyof typeof FRAMEWORK_ABORT_CODES;
export type AbortName<M extends AbortModule> = keyof (typeof ABORT_CODES)[M] & string;

export function abortCode<M extends AbortModule>(module: M, name: AbortName<M>): number {
  return (ABORT_CODES[module] as Record<string, number>)[name] as number;
}

/** The name of an abort code of the package (`framework` for aborts in package 0x2), if known. */
export function abortName(module: string, code: number, framework = false): string | undefined {
  const table = (framework ? FRAMEWORK_ABORT_CODES : ABORT_CODES) as Record<string, Record<string, number>>;
  const codes = table[module];
  if (!codes) return undefined;
  return Object.entries(codes).find(([, value]) => value === code)?.[0];
}
