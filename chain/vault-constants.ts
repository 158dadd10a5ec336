/**
 * The numbers the `dwallet::vault` Move module and its clients agree on. Each value mirrors a
 * constant of `move/sources/vault.move`; the Move parity test checks every one of them.
 * @module
 */

/** The chain a vault rule or proposal is about (u8 on chain). */
export const VaultChain = { ETHEREUM: 0, BITCOIN: 1 } as const;
export type VaultChain = (typeof VaultChain)[keyof typeof VaultChain];

/** A proposal's state. */
export const ProposalStatus = { OPEN: 0, EXECUTED: 1, CANCELLED: 2 } as const;
export type ProposalStatus = (typeof ProposalStatus)[keyof typeof ProposalStatus];

/** Most approvers of a vault (`ETooManyApprovers`). */
export const MAX_VAULT_APPROVERS = 64n;
/** Most allowlisted recipients per chain (`ETooManyRecipients`). */
export const MAX_VAULT_RECIPIENTS = 256n;
/** Longest Bitcoin scriptPubKey the allowlist takes (`EInvalidRecipient`): OP_RETURN with 80 bytes of data. */
export const MAX_SCRIPT_PUBKEY_LENGTH = 83n;
export const ETHEREUM_ADDRESS_LENGTH = 20n;
/** HASH160 of a compressed public key. */
export const PUBKEY_HASH_LENGTH = 20n;
/** The smallest gas limit of a proposed transfer (`EGasLimitTooLow`): the intrinsic gas of a plain transfer. */
export const ETHEREUM_TRANSFER_GAS = 21_000n;
/** Most inputs and outputs of a Bitcoin spend (`ETooManyInputs`, `ETooManyOutputs`). */
export const MAX_BITCOIN_INPUTS = 64n;
export const MAX_BITCOIN_OUTPUTS = 64n;
/** The version of the Bitcoin transactions the vault signs. */
export const BITCOIN_TX_VERSION = 2n;
/** The nSequence of every input the vault signs: replaceable by fee (BIP-125), lock time enforced. */
export const BITCOIN_SEQUENCE = 0xfffffffdn;
/** Longest period and timelock (365 days; `EInvalidPeriod`, `ETimelockTooLong`). */
export const MAX_PERIOD_MS = 31_536_000_000n;
export const MAX_TIMELOCK_MS = 31_536_000_000n;
/** The period of the limits a vault starts with (one day); their limit is 0 until the administrator sets one. */
export const DEFAULT_PERIOD_MS = 86_400_000n;
export const MAX_U256 = (1n << 256n) - 1n;
