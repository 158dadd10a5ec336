/**
 * The typed coordinator client: adds calls to the `dwallet` package's `coordinator` functions to
 * an `@mysten/sui` `Transaction`. Every call is built from the function's entry in
 * `schemas/functions.ts` (parameter names, order and Move types), and every pure argument is
 * encoded with that parameter's codec, so a call the client builds matches the Move signature.
 *
 * Byte arguments longer than Sui's pure-argument limit (user messages, result batches) are
 * assembled in the transaction with `0x1::vector::append<u8>`, which both chains run (the
 * builder of every package call, `package-call.ts`, does it).
 *
 * Calls return the `Transaction` results, so they compose in one programmable transaction, e.g.
 * `approveMessage` then `requestSign`, with the fee split from the gas coin by `payFromGas`.
 * Objects the caller owns (caps, coins) are given as `ObjectRef`s (from `Chain.getObject`) or as
 * results of earlier commands.
 * @module
 */
import type { Transaction, TransactionArgument, TransactionObjectArgument, TransactionResult } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import type { Deployment } from './chain.ts';
import type { Curve, HashScheme, RequestKind, SignatureAlgorithm } from './constants.ts';
import { ChainErrorCodes, ChainRequestError } from './errors.ts';
import { clockArgument, longBytesArgument, type ObjectInput, objectArgument, packageCall, sharedObjectArgument } from './package-call.ts';
import type { CoordinatorFunctionName } from './schemas/functions.ts';
import { MAX_PURE_ARGUMENT_SIZE, MAX_TRANSACTION_SIZE } from './sui-limits.ts';

export type { ObjectInput } from './package-call.ts';

export interface CommitteeMemberInput {
  publicKey: Uint8Array;
  proofOfPossession: Uint8Array;
  weight: bigint;
  suiAddress: string;
  networkAddress: string;
  /** 33-byte compressed secp256k1 point (prefix 0x02 or 0x03) the member's key shares are encrypted to. */
  shareEncryptionKey: Uint8Array;
}

/** A batch of members as `add_committee_members` takes it: parallel vectors, one entry per member. */
function memberArgs(members: CommitteeMemberInput[]): Record<string, unknown> {
  return {
    public_keys: members.map((m) => m.publicKey),
    proofs_of_possession: members.map((m) => m.proofOfPossession),
    weights: members.map((m) => m.weight),
    sui_addresses: members.map((m) => normalizeSuiAddress(m.suiAddress)),
    network_addresses: members.map((m) => m.networkAddress),
    share_encryption_keys: members.map((m) => m.shareEncryptionKey),
  };
}

/** The BCS length prefix (ULEB128) of a vector of `n` elements. */
function ulebLength(n: number): number {
  let bytes = 1;
  for (let rest = n >>> 7; rest > 0; rest >>>= 7) bytes += 1;
  return bytes;
}

/** What one member adds to each of the six `add_committee_members` arguments, in BCS bytes. */
function memberArgumentBytes(member: CommitteeMemberInput): number[] {
  const networkAddress = new TextEncoder().encode(member.networkAddress).length;
  const bytes = (length: number) => ulebLength(length) + length;
  return [
    bytes(member.publicKey.length),
    bytes(member.proofOfPossession.length),
    8,
    32,
    bytes(networkAddress),
    bytes(member.shareEncryptionKey.length),
  ];
}

/** Room a call takes in a transaction beside its pure arguments (command, argument indices, input tags). */
const CALL_OVERHEAD = 256;
/**
 * Room a transaction takes beside its calls: sender, gas data (price, budget, payment), expiration,
 * the object inputs (coordinator, cap, builder) and the finishing call.
 */
const TRANSACTION_OVERHEAD = 4 * 1024;

/**
 * Members split into batches for `add_committee_members`, in order, each as large as Sui's
 * `max_pure_argument_size` lets every one of its six arguments be (`sui-limits.ts`). A member
 * whose own entry exceeds it (it cannot: keys and addresses are bounded far below) is refused.
 */
export function committeeMemberBatches(members: readonly CommitteeMemberInput[]): CommitteeMemberInput[][] {
  const batches: CommitteeMemberInput[][] = [];
  let batch: CommitteeMemberInput[] = [];
  let sizes = [0, 0, 0, 0, 0, 0];
  for (const member of members) {
    const added = memberArgumentBytes(member);
    const fits = (withSizes: number[], count: number) => withSizes.every((size) => ulebLength(count) + size <= MAX_PURE_ARGUMENT_SIZE);
    const grown = sizes.map((size, i) => size + (added[i] as number));
    if (!fits(grown, batch.length + 1)) {
      if (batch.length === 0) {
        throw new ChainRequestError(ChainErrorCodes.INVALID_REQUEST, 'a committee member does not fit in one pure argument', {
          suiAddress: member.suiAddress,
        });
      }
      batches.push(batch);
      batch = [];
      sizes = [0, 0, 0, 0, 0, 0];
    }
    batch.push(member);
    sizes = sizes.map((size, i) => size + (added[i] as number));
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** The transaction bytes one batch's call takes. */
function batchBytes(batch: readonly CommitteeMemberInput[]): number {
  let bytes = CALL_OVERHEAD + 6 * (ulebLength(batch.length) + 4);
  for (const member of batch) for (const size of memberArgumentBytes(member)) bytes += size;
  return bytes;
}

/**
 * A committee's batches grouped into transactions, in order, each within Sui's
 * `max_tx_size_bytes` with room for the rest of the transaction: one group is one transaction of
 * `add_committee_members` calls (the first also makes the builder, the last also consumes it).
 */
export function committeeTransactionPlan(members: readonly CommitteeMemberInput[]): CommitteeMemberInput[][][] {
  const groups: CommitteeMemberInput[][][] = [];
  let group: CommitteeMemberInput[][] = [];
  let used = TRANSACTION_OVERHEAD;
  for (const batch of committeeMemberBatches(members)) {
    const bytes = batchBytes(batch);
    if (group.length > 0 && used + bytes > MAX_TRANSACTION_SIZE) {
      groups.push(group);
      group = [];
      used = TRANSACTION_OVERHEAD;
    }
    group.push(batch);
    used += bytes;
  }
  groups.push(group);
  return groups;
}

export class CoordinatorClient {
  constructor(readonly deployment: Deployment) {}

  /** The shared coordinator as a transaction input. */
  coordinator(tx: Transaction, mutable = true): TransactionObjectArgument {
    const ref = { objectId: this.deployment.coordinatorId, initialSharedVersion: this.deployment.coordinatorInitialSharedVersion };
    return sharedObjectArgument(tx, ref, mutable);
  }

  /** Sui's shared `Clock` (0x6) as an immutable transaction input (Sui refuses it mutable). */
  clock(tx: Transaction): TransactionObjectArgument {
    return clockArgument(tx);
  }

  /** A coin of exactly `amount` MIST split from the gas coin, for a fee. */
  payFromGas(tx: Transaction, amount: bigint): TransactionArgument {
    const [coin] = tx.splitCoins(tx.gas, [tx.pure.u64(amount)]);
    return coin as TransactionArgument;
  }

  /** A `vector<u8>` argument longer than one pure argument may be (see {@link longBytesArgument}). */
  longBytes(tx: Transaction, bytes: Uint8Array): TransactionArgument {
    return longBytesArgument(tx, bytes);
  }

  /**
   * Adds a call of `name` with `args` keyed by the Move parameter names. The coordinator and the
   * transaction context are supplied here; everything else must be in `args`.
   */
  call(tx: Transaction, name: CoordinatorFunctionName, args: Record<string, unknown>): TransactionResult {
    return packageCall(tx, this.deployment, 'coordinator', name, args);
  }

  // === Administration (AdminCap) ===

  /** Starts a committee (`new_committee_builder`); returns the `CommitteeBuilder` (use it, or transfer it to yourself). */
  newCommitteeBuilder(tx: Transaction, args: { adminCap: ObjectInput }): TransactionResult {
    return this.call(tx, 'new_committee_builder', { _: args.adminCap });
  }

  /**
   * Adds `members` to a builder: one `add_committee_members` call per batch that fits Sui's
   * pure-argument limit ({@link committeeMemberBatches}). Keep one transaction's members within
   * a group of {@link committeeTransactionPlan}.
   */
  addCommitteeMembers(tx: Transaction, args: { builder: ObjectInput; members: CommitteeMemberInput[] }): void {
    const builder = objectArgument(tx, args.builder);
    for (const batch of committeeMemberBatches(args.members)) {
      this.call(tx, 'add_committee_members', { builder, ...memberArgs(batch) });
    }
  }

  /** Installs the builder's committee as that of `epoch` (`set_committee`, which consumes the builder). */
  setCommitteeFromBuilder(
    tx: Transaction,
    args: { adminCap: ObjectInput; epoch: bigint; builder: ObjectInput; threshold: bigint },
  ): TransactionResult {
    return this.call(tx, 'set_committee', { _: args.adminCap, epoch: args.epoch, builder: args.builder, threshold: args.threshold });
  }

  /**
   * Installs `members` as the committee of `epoch` in this one transaction: a builder, its
   * batches, `set_committee`. A committee too large for one transaction is refused here; submit it
   * with `submitCommittee` (chain/committee-submission.ts), which spreads it over several.
   */
  setCommittee(
    tx: Transaction,
    args: { adminCap: ObjectInput; epoch: bigint; members: CommitteeMemberInput[]; threshold: bigint },
  ): TransactionResult {
    const builder = this.builderFor(tx, args.adminCap, args.members);
    return this.setCommitteeFromBuilder(tx, { adminCap: args.adminCap, epoch: args.epoch, builder, threshold: args.threshold });
  }

  /** A builder filled with `members` in this transaction; refused when they need more than one transaction. */
  private builderFor(tx: Transaction, adminCap: ObjectInput, members: CommitteeMemberInput[]): TransactionArgument {
    const plan = committeeTransactionPlan(members);
    if (plan.length > 1) {
      throw new ChainRequestError(
        ChainErrorCodes.INVALID_REQUEST,
        `a committee of ${members.length} members needs ${plan.length} transactions; submit it with submitCommittee`,
        { members: members.length, transactions: plan.length },
      );
    }
    const [builder] = this.newCommitteeBuilder(tx, { adminCap });
    this.addCommitteeMembers(tx, { builder: builder as TransactionArgument, members });
    return builder as TransactionArgument;
  }

  registerNetworkKey(
    tx: Transaction,
    args: { adminCap: ObjectInput; curves: Curve[]; keyCommitment: Uint8Array; globalKeyParts: Uint8Array },
  ): TransactionResult {
    return this.call(tx, 'register_network_key', {
      _: args.adminCap,
      curves: args.curves,
      key_commitment: args.keyCommitment,
      global_key_parts: args.globalKeyParts,
    });
  }

  /**
   * Asks the committee to generate a network key for `curves` (no fee). Returns the new key's id
   * (REQUESTED until a certified `NetworkKeyGenerated`); `NetworkKeyDkgRequested` announces it.
   */
  requestNetworkKeyDkg(tx: Transaction, args: { adminCap: ObjectInput; curves: Curve[]; sessionPreimage: Uint8Array }): TransactionResult {
    return this.call(tx, 'request_network_key_dkg', { _: args.adminCap, curves: args.curves, session_preimage: args.sessionPreimage });
  }

  /**
   * Asks the current committee to hand over to the builder's committee as that of epoch + 1 (no
   * fee; the builder is consumed); `ReconfigurationRequested` announces it, a certified
   * `Reconfigured` result completes it.
   */
  requestReconfigurationFromBuilder(
    tx: Transaction,
    args: { adminCap: ObjectInput; builder: ObjectInput; threshold: bigint; sessionPreimage: Uint8Array },
  ): TransactionResult {
    return this.call(tx, 'request_reconfiguration', {
      _: args.adminCap,
      builder: args.builder,
      threshold: args.threshold,
      session_preimage: args.sessionPreimage,
    });
  }

  /** `requestReconfigurationFromBuilder` with a builder filled with `members` in this one transaction (see `setCommittee`). */
  requestReconfiguration(
    tx: Transaction,
    args: { adminCap: ObjectInput; members: CommitteeMemberInput[]; threshold: bigint; sessionPreimage: Uint8Array },
  ): TransactionResult {
    const builder = this.builderFor(tx, args.adminCap, args.members);
    return this.requestReconfigurationFromBuilder(tx, {
      adminCap: args.adminCap,
      builder,
      threshold: args.threshold,
      sessionPreimage: args.sessionPreimage,
    });
  }

  /** Sets the fee of `requestKind` for dWallets of `algorithm` (the fee table is per request kind and algorithm). */
  setFee(
    tx: Transaction,
    args: { adminCap: ObjectInput; requestKind: RequestKind; algorithm: SignatureAlgorithm; amount: bigint },
  ): TransactionResult {
    return this.call(tx, 'set_fee', { _: args.adminCap, request_kind: args.requestKind, algorithm: args.algorithm, amount: args.amount });
  }

  /** How long a session stays pending before its requester may cancel it (1 ms to 30 days). */
  setSessionTimeout(tx: Transaction, args: { adminCap: ObjectInput; timeoutMs: bigint }): TransactionResult {
    return this.call(tx, 'set_session_timeout', { _: args.adminCap, timeout_ms: args.timeoutMs });
  }

  // === dWallets ===

  /**
   * A dWallet on `curve` signing with `algorithm` (a signing scheme of chain/constants
   * `CHAIN_SIGNING_SCHEMES`, else the call aborts `EUnsupportedSignatureAlgorithm`). Returns the
   * `DWalletCap` (transfer it, or pass it on).
   */
  requestDWalletDkg(
    tx: Transaction,
    args: {
      networkKeyId: string;
      curve: Curve;
      algorithm: SignatureAlgorithm;
      sessionPreimage: Uint8Array;
      userDkgMessage: Uint8Array;
      payment: TransactionArgument;
    },
  ): TransactionResult {
    return this.call(tx, 'request_dwallet_dkg', {
      network_key_id: args.networkKeyId,
      curve: args.curve,
      algorithm: args.algorithm,
      session_preimage: args.sessionPreimage,
      user_dkg_message: args.userDkgMessage,
      payment: args.payment,
    });
  }

  requestImportedKeyDWallet(
    tx: Transaction,
    args: {
      networkKeyId: string;
      curve: Curve;
      algorithm: SignatureAlgorithm;
      sessionPreimage: Uint8Array;
      userImportMessage: Uint8Array;
      payment: TransactionArgument;
    },
  ): TransactionResult {
    return this.call(tx, 'request_imported_key_dwallet', {
      network_key_id: args.networkKeyId,
      curve: args.curve,
      algorithm: args.algorithm,
      session_preimage: args.sessionPreimage,
      user_import_message: args.userImportMessage,
      payment: args.payment,
    });
  }

  /**
   * A shared dWallet by DKG: `requestDWalletDkg` with the user share x_A published
   * (`publicUserShare`, 32-byte big-endian scalar). Returns the `DWalletCap`.
   */
  requestSharedDWalletDkg(
    tx: Transaction,
    args: {
      networkKeyId: string;
      curve: Curve;
      algorithm: SignatureAlgorithm;
      sessionPreimage: Uint8Array;
      userDkgMessage: Uint8Array;
      publicUserShare: Uint8Array;
      payment: TransactionArgument;
    },
  ): TransactionResult {
    return this.call(tx, 'request_shared_dwallet_dkg', {
      network_key_id: args.networkKeyId,
      curve: args.curve,
      algorithm: args.algorithm,
      session_preimage: args.sessionPreimage,
      user_dkg_message: args.userDkgMessage,
      public_user_share: args.publicUserShare,
      payment: args.payment,
    });
  }

  /**
   * Converts the cap's ACTIVE zero-trust dWallet into a shared one by publishing its user share
   * x_A (32-byte big-endian scalar); `MakeDWalletSharedRequested` announces it, a certified
   * `DWalletShared` result (`DWalletMadeShared`) completes it.
   */
  requestMakeDWalletShared(
    tx: Transaction,
    args: { dwalletCap: ObjectInput; publicUserShare: Uint8Array; sessionPreimage: Uint8Array; payment: TransactionArgument },
  ): TransactionResult {
    return this.call(tx, 'request_make_dwallet_shared', {
      dwallet_cap: args.dwalletCap,
      public_user_share: args.publicUserShare,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  // === Presigns ===

  /** One presign of the global pool of (network key, curve, algorithm); returns its id. */
  requestPresign(
    tx: Transaction,
    args: { networkKeyId: string; curve: Curve; algorithm: SignatureAlgorithm; sessionPreimage: Uint8Array; payment: TransactionArgument },
  ): TransactionResult {
    return this.call(tx, 'request_presign', {
      network_key_id: args.networkKeyId,
      curve: args.curve,
      algorithm: args.algorithm,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  /** Returns the `PresignCap` of a presign bound to an imported-key ECDSA dWallet. */
  requestImportedKeyPresign(
    tx: Transaction,
    args: { dwalletCap: ObjectInput; sessionPreimage: Uint8Array; payment: TransactionArgument },
  ): TransactionResult {
    return this.call(tx, 'request_imported_key_presign', {
      dwallet_cap: args.dwalletCap,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  /** Returns a `PresignCap` for one completed presign of the pool of (network key, curve, algorithm). */
  claimPresign(
    tx: Transaction,
    args: { networkKeyId: string; curve: Curve; algorithm: SignatureAlgorithm; payment: TransactionArgument },
  ): TransactionResult {
    return this.call(tx, 'claim_presign', {
      network_key_id: args.networkKeyId,
      curve: args.curve,
      algorithm: args.algorithm,
      payment: args.payment,
    });
  }

  // === Signing ===

  /**
   * Returns a `MessageApproval`, to be consumed by `requestSign`, `requestSignShared` or
   * `requestSignWithPartialSignature` in the same transaction.
   */
  approveMessage(tx: Transaction, args: { dwalletCap: ObjectInput; hashScheme: HashScheme; message: Uint8Array }): TransactionResult {
    return this.call(tx, 'approve_message', { dwallet_cap: args.dwalletCap, hash_scheme: args.hashScheme, message: args.message });
  }

  requestSign(
    tx: Transaction,
    args: {
      approval: TransactionArgument;
      presignCap: ObjectInput;
      sessionPreimage: Uint8Array;
      userSignMessage: Uint8Array;
      payment: TransactionArgument;
    },
  ): TransactionResult {
    return this.call(tx, 'request_sign', {
      approval: args.approval,
      presign_cap: args.presignCap,
      session_preimage: args.sessionPreimage,
      user_sign_message: args.userSignMessage,
      payment: args.payment,
    });
  }

  /**
   * A whole signature of an approved message for a shared dWallet, with no user message (the
   * network derives the user's part); returns the sign id.
   */
  requestSignShared(
    tx: Transaction,
    args: { approval: TransactionArgument; presignCap: ObjectInput; sessionPreimage: Uint8Array; payment: TransactionArgument },
  ): TransactionResult {
    return this.call(tx, 'request_sign_shared', {
      approval: args.approval,
      presign_cap: args.presignCap,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  /** Returns the `PartialSignatureCap`. */
  requestFutureSign(
    tx: Transaction,
    args: {
      dwalletId: string;
      presignCap: ObjectInput;
      hashScheme: HashScheme;
      message: Uint8Array;
      sessionPreimage: Uint8Array;
      userSignMessage: Uint8Array;
      payment: TransactionArgument;
    },
  ): TransactionResult {
    return this.call(tx, 'request_future_sign', {
      dwallet_id: args.dwalletId,
      presign_cap: args.presignCap,
      hash_scheme: args.hashScheme,
      message: args.message,
      session_preimage: args.sessionPreimage,
      user_sign_message: args.userSignMessage,
      payment: args.payment,
    });
  }

  requestSignWithPartialSignature(
    tx: Transaction,
    args: { partialSignatureCap: ObjectInput; approval: TransactionArgument; sessionPreimage: Uint8Array; payment: TransactionArgument },
  ): TransactionResult {
    return this.call(tx, 'request_sign_with_partial_signature', {
      partial_signature_cap: args.partialSignatureCap,
      approval: args.approval,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  // === The user's share: encryption keys, backups and transfers ===

  /**
   * Registers the sender's encryption key for `curve` (a class-group public key, mpc/user-share
   * encoding) with its proof of knowledge, bound to the session of `sessionPreimage`. Returns the
   * key's id; `EncryptionKeyRegistrationRequested` announces it, a certified `EncryptionKeyVerified`
   * (`EncryptionKeyRegistered`) makes it ACTIVE. The fee is that of the curve's default algorithm
   * (`defaultAlgorithm`).
   */
  requestRegisterEncryptionKey(
    tx: Transaction,
    args: { curve: Curve; encryptionKey: Uint8Array; proof: Uint8Array; sessionPreimage: Uint8Array; payment: TransactionArgument },
  ): TransactionResult {
    return this.call(tx, 'request_register_encryption_key', {
      curve: args.curve,
      encryption_key: args.encryptionKey,
      proof: args.proof,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  /**
   * Records the cap's dWallet's user share encrypted under the sender's own ACTIVE key
   * (`encryptedShare`: ciphertext and EncDL proof). Returns the encrypted share's id;
   * `ShareBackupRequested` announces it, a certified `ShareBackupVerified` completes it.
   */
  requestShareBackup(
    tx: Transaction,
    args: { dwalletCap: ObjectInput; encryptedShare: Uint8Array; sessionPreimage: Uint8Array; payment: TransactionArgument },
  ): TransactionResult {
    return this.call(tx, 'request_share_backup', {
      dwallet_cap: args.dwalletCap,
      encrypted_share: args.encryptedShare,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  /**
   * Transfers the dWallet: its user share encrypted under `recipient`'s ACTIVE key, the cap
   * (consumed here) escrowed until the recipient accepts it (`acceptShareTransfer`) or the sender
   * withdraws it (`withdrawShareTransfer`); a rejection or cancellation returns it to the sender.
   * Returns the encrypted share's id.
   */
  requestShareTransfer(
    tx: Transaction,
    args: {
      dwalletCap: ObjectInput;
      recipient: string;
      encryptedShare: Uint8Array;
      sessionPreimage: Uint8Array;
      payment: TransactionArgument;
    },
  ): TransactionResult {
    return this.call(tx, 'request_share_transfer', {
      dwallet_cap: args.dwalletCap,
      recipient: normalizeSuiAddress(args.recipient),
      encrypted_share: args.encryptedShare,
      session_preimage: args.sessionPreimage,
      payment: args.payment,
    });
  }

  /** The recipient takes the cap of a verified transfer; returns the `DWalletCap` (transfer it to yourself). */
  acceptShareTransfer(tx: Transaction, args: { encryptedShareId: string }): TransactionResult {
    return this.call(tx, 'accept_share_transfer', { encrypted_share_id: args.encryptedShareId });
  }

  /** The sender takes back the cap of a verified transfer not yet accepted; returns the `DWalletCap`. */
  withdrawShareTransfer(tx: Transaction, args: { encryptedShareId: string }): TransactionResult {
    return this.call(tx, 'withdraw_share_transfer', { encrypted_share_id: args.encryptedShareId });
  }

  /** `encryption_key_state`: 0 awaiting the network, 1 active, 2 rejected, 255 (`NO_ENCRYPTION_KEY`) when none. */
  encryptionKeyState(tx: Transaction, args: { owner: string; curve: Curve }): TransactionResult {
    return this.call(tx, 'encryption_key_state', { owner: normalizeSuiAddress(args.owner), curve: args.curve });
  }

  /** `user_encryption_key`: the owner's ACTIVE key for the curve, none otherwise. */
  userEncryptionKey(tx: Transaction, args: { owner: string; curve: Curve }): TransactionResult {
    return this.call(tx, 'user_encryption_key', { owner: normalizeSuiAddress(args.owner), curve: args.curve });
  }

  /** `encrypted_share_state` (`EncryptedShareState`); aborts `EEncryptedShareNotFound` for an unknown id. */
  encryptedShareState(tx: Transaction, args: { encryptedShareId: string }): TransactionResult {
    return this.call(tx, 'encrypted_share_state', { encrypted_share_id: args.encryptedShareId });
  }

  // === Cancellation ===

  /**
   * Cancels the sender's session `sessionId` (32 bytes), pending for at least the coordinator's
   * session timeout; the fee goes back to the sender.
   */
  cancelSession(tx: Transaction, args: { sessionId: Uint8Array }): TransactionResult {
    return this.call(tx, 'cancel_session', { session_id: args.sessionId });
  }

  // === Results ===

  /** Submits a certified result batch; returns the coin of escrowed fees (transfer it to yourself). */
  processResultBatch(
    tx: Transaction,
    args: { epoch: bigint; batch: Uint8Array; signature: Uint8Array; signersBitmap: Uint8Array },
  ): TransactionResult {
    return this.call(tx, 'process_result_batch', {
      epoch: args.epoch,
      batch: args.batch,
      signature: args.signature,
      signers_bitmap: args.signersBitmap,
    });
  }
}
