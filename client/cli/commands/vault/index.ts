/**
 * `dwallet vault …`: policy vaults around shared dWallets, for treasurers and dApp developers.
 * @module
 */
import type { CommandGroup } from '../../command.ts';
import { approveCommand } from './approve.ts';
import { vaultCancelCommand } from './cancel.ts';
import { vaultCreateCommand } from './create.ts';
import { executeCommand } from './execute.ts';
import { vaultFreezeCommand } from './freeze.ts';
import { proposeBtcCommand } from './propose-btc.ts';
import { proposeEthCommand } from './propose-eth.ts';
import {
  allowCommand,
  approverAddCommand,
  approverRemoveCommand,
  disallowCommand,
  limitCommand,
  nonceCommand,
  thresholdCommand,
  timelockCommand,
} from './rules.ts';
import { vaultShowCommand } from './show.ts';

export const vaultCommands: CommandGroup = {
  name: 'vault',
  summary: 'policy vaults: a Move contract that signs Ethereum and Bitcoin transfers of a shared dWallet under its rules',
  description: `A vault holds a shared dWallet's cap and approves only what its rules allow: allowlisted
recipients, a spending limit per period, and for amounts above a large amount k approvals of its
approvers and a timelock. A shared dWallet's user share is public: the network completes its
signatures alone, so the vault's rules (and the network's threshold) are all that guard it.`,
  subcommands: [
    vaultCreateCommand,
    vaultShowCommand,
    {
      name: 'approver',
      summary: 'add or remove an approver',
      description: "Changes the vault's approvers (with the wallet's VaultAdminCap).",
      subcommands: [approverAddCommand, approverRemoveCommand],
    },
    thresholdCommand,
    allowCommand,
    disallowCommand,
    limitCommand,
    timelockCommand,
    nonceCommand,
    vaultFreezeCommand,
    proposeEthCommand,
    proposeBtcCommand,
    approveCommand,
    vaultCancelCommand,
    executeCommand,
  ],
};
