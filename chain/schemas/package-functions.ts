/**
 * The `dwallet` package's callable surface by module: the public functions of each module with
 * entry points (`coordinator`, `vault`; the encoder modules `rlp`, `eip1559`, `bip143` are only
 * called from Move), and the package's object types a call takes or returns, with the module
 * that defines each and whether it is shared. The local chain accepts a Move call only when its
 * module and function are here, and decodes its arguments from the function's entry.
 * @module
 */
import { COORDINATOR_FUNCTIONS, type FunctionSpec } from './functions.ts';
import { VAULT_FUNCTIONS } from './vault.ts';

export const PACKAGE_FUNCTIONS = {
  coordinator: COORDINATOR_FUNCTIONS,
  vault: VAULT_FUNCTIONS,
} as const satisfies Record<string, Record<string, FunctionSpec>>;

export type PackageModule = keyof typeof PACKAGE_FUNCTIONS;

export function isPackageModule(module: string): module is PackageModule {
  return Object.hasOwn(PACKAGE_FUNCTIONS, module);
}

/** The public function `module::name` of the package, if there is one. */
export function packageFunction(module: string, name: string): FunctionSpec | undefined {
  if (!isPackageModule(module)) return undefined;
  const functions: Record<string, FunctionSpec> = PACKAGE_FUNCTIONS[module];
  return Object.hasOwn(functions, name) ? functions[name] : undefined;
}

export interface PackageObjectKind {
  readonly module: PackageModule;
  /** Shared objects are passed by reference only; owned ones by reference or by value. */
  readonly shared: boolean;
}

/** The package's objects (structs with `key`) that functions take or return, by struct name. */
export const PACKAGE_OBJECTS: Readonly<Record<string, PackageObjectKind>> = {
  Coordinator: { module: 'coordinator', shared: true },
  AdminCap: { module: 'coordinator', shared: false },
  CommitteeBuilder: { module: 'coordinator', shared: false },
  DWalletCap: { module: 'coordinator', shared: false },
  PresignCap: { module: 'coordinator', shared: false },
  PartialSignatureCap: { module: 'coordinator', shared: false },
  Vault: { module: 'vault', shared: true },
  VaultAdminCap: { module: 'vault', shared: false },
};

/** The package object a parameter or return type names (`&mut Vault`, `&DWalletCap`, `PresignCap`), if any. */
export function packageObjectOf(type: string): (PackageObjectKind & { name: string }) | undefined {
  const name = type.replace(/^&(mut )?/, '');
  const kind = Object.hasOwn(PACKAGE_OBJECTS, name) ? PACKAGE_OBJECTS[name] : undefined;
  return kind === undefined ? undefined : { ...kind, name };
}
