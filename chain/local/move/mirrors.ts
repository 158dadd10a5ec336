/**
 * The local chain's Move modules with entry points: for each module of
 * `schemas/package-functions.ts`, the mirror that runs its public functions (each exported
 * function is the Move function of the same name, `(state, self, args)`; `self` is the
 * coordinator's value for coordinator functions, null otherwise, and `args` holds every argument
 * by its Move parameter name).
 * @module
 */
import type { PackageModule } from '../../schemas/package-functions.ts';
import type { TransactionState } from '../transaction-state.ts';
import * as coordinator from './coordinator.ts';
import * as vault from './vault.ts';

// biome-ignore lint/suspicious/noExplicitAny: the mirror functions take argument records of many shapes
export type MirrorFunction = (st: TransactionState, self: any, args: any) => unknown;

export const MIRRORS: Readonly<Record<PackageModule, Readonly<Record<string, MirrorFunction>>>> = {
  coordinator: coordinator as unknown as Record<string, MirrorFunction>,
  vault: vault as unknown as Record<string, MirrorFunction>,
};
