/**
 * Parity between the Move sources and the TypeScript side, read from the sources with the
 * tree-sitter Move grammar: the BCS schemas of objects and events (names, abilities, field names,
 * types, order), the coordinator's public functions (parameters and returns), the abort-code
 * table, and every shared constant. Each comparison is also run on a doctored copy to show it
 * detects a difference.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ABORT_CODES } from '../../chain/abort-codes.ts';
import * as constants from '../../chain/constants.ts';
import * as mirror from '../../chain/local/move/coordinator.ts';
import * as vaultMirror from '../../chain/local/move/vault.ts';
import { EventStructs } from '../../chain/schemas/events.ts';
import { COORDINATOR_FUNCTIONS, type FunctionSpec } from '../../chain/schemas/functions.ts';
import type { AnyMoveType, MoveStructType } from '../../chain/schemas/move-type.ts';
import { ObjectStructsByModule } from '../../chain/schemas/objects.ts';
import { SESSION_RESULT_VARIANTS } from '../../chain/schemas/result-batch.ts';
import { VAULT_FUNCTIONS, VaultEventStructs, VaultStructs } from '../../chain/schemas/vault.ts';
import * as vaultConstants from '../../chain/vault-constants.ts';
import { type MoveConstant, type MoveFunction, type MoveModule, type MoveStruct, moveParser, readModule } from './support/move-syntax.ts';

const sources = fileURLToPath(new URL('../../move/sources/', import.meta.url));
const modules = new Map<string, MoveModule>();

// biome-ignore lint/suspicious/noExplicitAny: structs of any shape
type AnyStruct = MoveStructType<any>;

/** Differences between a Move struct and its TypeScript schema. */
function structDifferences(move: MoveStruct | undefined, ts: AnyStruct): string[] {
  if (!move) return [`${ts.name}: no such struct in the Move sources`];
  const out: string[] = [];
  if ([...move.abilities].sort().join(',') !== [...ts.abilities].sort().join(',')) {
    out.push(`${ts.name}: abilities ${move.abilities.join(',')} in Move, ${ts.abilities.join(',')} in TypeScript`);
  }
  const moveFields = move.fields.map((f) => `${f.name}: ${f.type}`);
  const tsFields = ts.fields.map(([name, type]: readonly [string, AnyMoveType]) => `${name}: ${type.move}`);
  if (moveFields.join('; ') !== tsFields.join('; '))
    out.push(`${ts.name}: fields\n  Move: ${moveFields.join('; ')}\n  TS:   ${tsFields.join('; ')}`);
  return out;
}

function functionDifferences(move: MoveFunction | undefined, ts: FunctionSpec): string[] {
  if (!move) return [`${ts.name}: no such function in the Move module`];
  const out: string[] = [];
  if (move.visibility !== 'public') out.push(`${ts.name}: ${move.visibility} in Move`);
  const moveParams = move.params.map((p) => `${p.name}: ${p.type}`).join(', ');
  const tsParams = ts.params.map(([name, type]) => `${name}: ${type}`).join(', ');
  if (moveParams !== tsParams) out.push(`${ts.name}: parameters\n  Move: ${moveParams}\n  TS:   ${tsParams}`);
  if (move.returns.join(', ') !== ts.returns.join(', '))
    out.push(`${ts.name}: returns ${move.returns.join(', ')} in Move, ${ts.returns.join(', ')} in TS`);
  return out;
}

/** The value of a Move constant literal: a number, or the bytes of x"…" / b"…". */
function literal(constant: MoveConstant): bigint | Uint8Array {
  const text = constant.value.trim();
  if (text.startsWith('x"')) return Uint8Array.from(Buffer.from(text.slice(2, -1), 'hex'));
  if (text.startsWith('b"')) return new TextEncoder().encode(text.slice(2, -1));
  return BigInt(text.replace(/_/g, '').replace(/u(8|16|32|64|128|256)$/, ''));
}

function constantOf(module: string, name: string): bigint | Uint8Array {
  const found = modules.get(module)?.constants.find((c) => c.name === name);
  assert.ok(found, `${module}::${name} exists`);
  return literal(found);
}

/**
 * An abort code's name: `E` and CamelCase (`EDWalletNotShared`), never an upper-case constant
 * that merely starts with E (`ENCRYPTION_KEY_ACTIVE`).
 */
const ABORT_CODE_NAME = /^E[A-Z][A-Za-z0-9]*$/;

function publicStructs(module: string): MoveStruct[] {
  return (modules.get(module)?.structs ?? []).filter((s) => !s.testOnly);
}

describe('Move ↔ TypeScript parity', () => {
  before(async () => {
    const parser = await moveParser();
    // Every module of the abort-code table is read (a module missing here would pass its check empty).
    for (const name of Object.keys(ABORT_CODES)) {
      const file = `${name}.move`;
      const module = readModule(parser, file, readFileSync(`${sources}${file}`, 'utf8'));
      assert.equal(module.address, 'dwallet');
      modules.set(module.name, module);
    }
  });

  it('object and nested struct schemas match the Move structs, in order', () => {
    for (const [module, structs] of Object.entries(ObjectStructsByModule)) {
      const move = publicStructs(module);
      assert.deepEqual(
        move.map((s) => s.name),
        structs.map((s) => s.name),
        `structs of ${module}`,
      );
      for (const struct of structs) {
        assert.deepEqual(
          structDifferences(
            move.find((s) => s.name === struct.name),
            struct,
          ),
          [],
        );
      }
    }
  });

  it('event schemas match events.move, in order', () => {
    const move = publicStructs('events');
    assert.deepEqual(
      move.map((s) => s.name),
      Object.keys(EventStructs),
    );
    for (const struct of Object.values(EventStructs) as AnyStruct[]) {
      assert.deepEqual(
        structDifferences(
          move.find((s) => s.name === struct.name),
          struct,
        ),
        [],
      );
    }
  });

  it('entry-function specs match every public function of coordinator.move, in order', () => {
    const move = (modules.get('coordinator')?.functions ?? []).filter((f) => f.visibility === 'public' && !f.testOnly);
    assert.deepEqual(
      move.map((f) => f.name),
      Object.keys(COORDINATOR_FUNCTIONS),
    );
    for (const spec of Object.values(COORDINATOR_FUNCTIONS)) {
      assert.deepEqual(
        functionDifferences(
          move.find((f) => f.name === spec.name),
          spec,
        ),
        [],
      );
    }
  });

  it('vault.move: objects, nested structs and events match their schemas, in order', () => {
    const structs = [...VaultStructs, ...(Object.values(VaultEventStructs) as AnyStruct[])];
    const move = publicStructs('vault');
    assert.deepEqual(
      move.map((s) => s.name),
      structs.map((s) => s.name),
    );
    for (const struct of structs) {
      assert.deepEqual(
        structDifferences(
          move.find((s) => s.name === struct.name),
          struct,
        ),
        [],
      );
    }
  });

  it('vault function specs match every public function of vault.move, in order, and the mirror has each', () => {
    const move = (modules.get('vault')?.functions ?? []).filter((f) => f.visibility === 'public' && !f.testOnly);
    assert.deepEqual(
      move.map((f) => f.name),
      Object.keys(VAULT_FUNCTIONS),
    );
    for (const spec of Object.values(VAULT_FUNCTIONS)) {
      assert.deepEqual(
        functionDifferences(
          move.find((f) => f.name === spec.name),
          spec,
        ),
        [],
      );
      assert.equal(
        typeof (vaultMirror as Record<string, unknown>)[spec.name],
        'function',
        `chain/local/move/vault.ts exports ${spec.name}`,
      );
    }
  });

  it("vault.move's constants match chain/vault-constants.ts and the coordinator's", () => {
    const pairs: Array<[string, bigint | number]> = [
      ['CHAIN_ETHEREUM', vaultConstants.VaultChain.ETHEREUM],
      ['CHAIN_BITCOIN', vaultConstants.VaultChain.BITCOIN],
      ['PROPOSAL_OPEN', vaultConstants.ProposalStatus.OPEN],
      ['PROPOSAL_EXECUTED', vaultConstants.ProposalStatus.EXECUTED],
      ['PROPOSAL_CANCELLED', vaultConstants.ProposalStatus.CANCELLED],
      ['CURVE_SECP256K1', constants.Curve.SECP256K1],
      ['ALGORITHM_ECDSA', constants.SignatureAlgorithm.ECDSA],
      ['HASH_KECCAK256', constants.HashScheme.KECCAK256],
      ['HASH_DOUBLE_SHA256', constants.HashScheme.DOUBLE_SHA256],
      ['MAX_APPROVERS', vaultConstants.MAX_VAULT_APPROVERS],
      ['MAX_RECIPIENTS', vaultConstants.MAX_VAULT_RECIPIENTS],
      ['MAX_SCRIPT_PUBKEY_LENGTH', vaultConstants.MAX_SCRIPT_PUBKEY_LENGTH],
      ['ADDRESS_LENGTH', vaultConstants.ETHEREUM_ADDRESS_LENGTH],
      ['PUBKEY_HASH_LENGTH', vaultConstants.PUBKEY_HASH_LENGTH],
      ['TRANSFER_GAS', vaultConstants.ETHEREUM_TRANSFER_GAS],
      ['MAX_BITCOIN_INPUTS', vaultConstants.MAX_BITCOIN_INPUTS],
      ['MAX_BITCOIN_OUTPUTS', vaultConstants.MAX_BITCOIN_OUTPUTS],
      ['BITCOIN_TX_VERSION', vaultConstants.BITCOIN_TX_VERSION],
      ['BITCOIN_SEQUENCE', vaultConstants.BITCOIN_SEQUENCE],
      ['MAX_PERIOD_MS', vaultConstants.MAX_PERIOD_MS],
      ['MAX_TIMELOCK_MS', vaultConstants.MAX_TIMELOCK_MS],
      ['DEFAULT_PERIOD_MS', vaultConstants.DEFAULT_PERIOD_MS],
      ['MAX_U256', vaultConstants.MAX_U256],
    ];
    for (const [name, value] of pairs) assert.equal(constantOf('vault', name), BigInt(value), `vault::${name}`);
    // Every non-abort constant of vault.move is checked here.
    const checked = new Set(pairs.map(([name]) => name));
    const unchecked = (modules.get('vault')?.constants ?? []).filter((c) => !ABORT_CODE_NAME.test(c.name) && !checked.has(c.name));
    assert.deepEqual(
      unchecked.map((c) => c.name),
      [],
    );
  });

  it('the local chain mirrors every coordinator function', () => {
    for (const name of Object.keys(COORDINATOR_FUNCTIONS)) {
      assert.equal(typeof (mirror as Record<string, unknown>)[name], 'function', `chain/local/move/coordinator.ts exports ${name}`);
    }
  });

  it('the abort-code table is the E… constants of each module', () => {
    for (const [module, table] of Object.entries(ABORT_CODES)) {
      const move = (modules.get(module)?.constants ?? []).filter((c) => ABORT_CODE_NAME.test(c.name));
      assert.deepEqual(Object.fromEntries(move.map((c) => [c.name, Number(literal(c))])), table, `abort codes of ${module}`);
      for (const c of move) assert.equal(c.type, 'u64', `${module}::${c.name} is a u64`);
    }
  });

  it('curves, hash schemes, request kinds, states and limits match', () => {
    const pairs: Array<[string, string, bigint | number]> = [
      ['coordinator', 'CURVE_SECP256K1', constants.Curve.SECP256K1],
      ['coordinator', 'CURVE_P256', constants.Curve.P256],
      ['coordinator', 'CURVE_ED25519', constants.Curve.ED25519],
      ['coordinator', 'ALGORITHM_ECDSA', constants.SignatureAlgorithm.ECDSA],
      ['coordinator', 'ALGORITHM_TAPROOT', constants.SignatureAlgorithm.TAPROOT],
      ['coordinator', 'ALGORITHM_EDDSA', constants.SignatureAlgorithm.EDDSA],
      ['coordinator', 'ALGORITHM_COUNT', constants.ALGORITHM_COUNT],
      ['coordinator', 'HASH_SHA512', constants.HashScheme.SHA512],
      ['coordinator', 'HASH_KECCAK256', constants.HashScheme.KECCAK256],
      ['coordinator', 'HASH_SHA256', constants.HashScheme.SHA256],
      ['coordinator', 'HASH_DOUBLE_SHA256', constants.HashScheme.DOUBLE_SHA256],
      ['coordinator', 'HASH_PREHASHED', constants.HashScheme.PREHASHED],
      ['coordinator', 'DIGEST_LENGTH', constants.DIGEST_LENGTH],
      ['coordinator', 'REQUEST_KIND_COUNT', constants.REQUEST_KIND_COUNT],
      ['coordinator', 'FEE_SLOT_MAKE_DWALLET_SHARED', constants.FEE_SLOT_MAKE_DWALLET_SHARED],
      ['coordinator', 'PUBLIC_USER_SHARE_LENGTH', constants.PUBLIC_USER_SHARE_LENGTH],
      ['coordinator', 'FEE_SLOT_REGISTER_ENCRYPTION_KEY', constants.FEE_SLOT_REGISTER_ENCRYPTION_KEY],
      ['coordinator', 'FEE_SLOT_SHARE_BACKUP', constants.FEE_SLOT_SHARE_BACKUP],
      ['coordinator', 'FEE_SLOT_SHARE_TRANSFER', constants.FEE_SLOT_SHARE_TRANSFER],
      ['coordinator', 'MAX_ENCRYPTION_KEY_LENGTH', constants.MAX_ENCRYPTION_KEY_LENGTH],
      ['coordinator', 'NO_ENCRYPTION_KEY', constants.NO_ENCRYPTION_KEY],
      ['coordinator', 'KEY_COMMITMENT_LENGTH', constants.KEY_COMMITMENT_LENGTH],
      ['coordinator', 'THRESHOLD_KEY_DIGEST_LENGTH', constants.THRESHOLD_KEY_DIGEST_LENGTH],
      ['committee', 'SHARE_ENCRYPTION_KEY_LENGTH', constants.SHARE_ENCRYPTION_KEY_LENGTH],
      ['coordinator', 'SIGNATURE_LENGTH_ECDSA', constants.SIGNATURE_LENGTH_ECDSA],
      ['coordinator', 'SIGNATURE_LENGTH_SCHNORR', constants.SIGNATURE_LENGTH_SCHNORR],
      ['coordinator', 'MAX_RECOVERY_ID', constants.MAX_RECOVERY_ID],
      ['coordinator', 'MAX_POOL_PRESIGNS', constants.MAX_POOL_PRESIGNS],
      ['coordinator', 'DEFAULT_SESSION_TIMEOUT_MS', constants.DEFAULT_SESSION_TIMEOUT_MS],
      ['coordinator', 'MAX_SESSION_TIMEOUT_MS', constants.MAX_SESSION_TIMEOUT_MS],
      ['coordinator', 'MAX_USER_MESSAGE_LENGTH', constants.MAX_USER_MESSAGE_LENGTH],
      ['coordinator', 'MAX_MESSAGE_LENGTH', constants.MAX_MESSAGE_LENGTH],
      ['coordinator', 'MAX_GLOBAL_KEY_PARTS_LENGTH', constants.MAX_GLOBAL_KEY_PARTS_LENGTH],
      ['committee', 'PUBLIC_KEY_LENGTH', constants.BLS_PUBLIC_KEY_LENGTH],
      ['committee', 'SIGNATURE_LENGTH', constants.BLS_SIGNATURE_LENGTH],
      ['committee', 'MAX_MEMBERS', constants.MAX_COMMITTEE_MEMBERS],
      ['committee', 'MAX_WEIGHT', constants.MAX_MEMBER_WEIGHT],
      ['committee', 'MAX_TOTAL_WEIGHT', constants.MAX_TOTAL_WEIGHT],
      ['committee', 'MAX_NETWORK_ADDRESS_LENGTH', constants.MAX_NETWORK_ADDRESS_LENGTH],
      ['result_batch', 'SESSION_ID_LENGTH', constants.SESSION_ID_LENGTH],
      ['session_identifier', 'SESSION_ID_LENGTH', constants.SESSION_ID_LENGTH],
    ];
    for (const [kind, prefix] of [
      [constants.RequestKind, 'REQUEST_'],
      [constants.SessionStatus, 'SESSION_'],
      [constants.DWalletState, 'DWALLET_'],
      [constants.PresignState, 'PRESIGN_'],
      [constants.PartialSignatureState, 'PARTIAL_'],
      [constants.SignState, 'SIGN_'],
      [constants.NetworkKeyState, 'NETWORK_KEY_'],
      [constants.EncryptionKeyState, 'ENCRYPTION_KEY_'],
      [constants.EncryptedShareState, 'ENCRYPTED_SHARE_'],
    ] as const) {
      for (const [name, value] of Object.entries(kind)) pairs.push(['coordinator', `${prefix}${name}`, value]);
    }
    for (const [name, value] of Object.entries(constants.ResultKind)) pairs.push(['result_batch', `RESULT_${name}`, value]);
    for (const [module, name, value] of pairs) assert.equal(constantOf(module, name), BigInt(value), `${module}::${name}`);
  });

  it('the result kinds are the variant indices of the TypeScript SessionResult enum', () => {
    const constantByVariant: Record<(typeof SESSION_RESULT_VARIANTS)[number], keyof typeof constants.ResultKind> = {
      DWalletDkg: 'DWALLET_DKG',
      ImportedKeyVerified: 'IMPORTED_KEY_VERIFIED',
      Presign: 'PRESIGN',
      Signature: 'SIGNATURE',
      FutureSignVerified: 'FUTURE_SIGN_VERIFIED',
      Rejected: 'REJECTED',
      NetworkKeyGenerated: 'NETWORK_KEY_GENERATED',
      Reconfigured: 'RECONFIGURED',
      DWalletShared: 'DWALLET_SHARED',
      EncryptionKeyVerified: 'ENCRYPTION_KEY_VERIFIED',
      ShareBackupVerified: 'SHARE_BACKUP_VERIFIED',
      ShareTransferVerified: 'SHARE_TRANSFER_VERIFIED',
    };
    assert.equal(Object.keys(constants.ResultKind).length, SESSION_RESULT_VARIANTS.length);
    SESSION_RESULT_VARIANTS.forEach((variant, index) => {
      assert.equal(constants.ResultKind[constantByVariant[variant]], index, variant);
      assert.equal(constantOf('result_batch', `RESULT_${constantByVariant[variant]}`), BigInt(index));
    });
  });

  it('intents and the session-id domain match byte for byte', () => {
    assert.deepEqual(constantOf('coordinator', 'INTENT_RESULT_BATCH'), constants.INTENT_RESULT_BATCH);
    assert.deepEqual(constantOf('committee', 'INTENT_PROOF_OF_POSSESSION'), constants.INTENT_PROOF_OF_POSSESSION);
    assert.deepEqual(constantOf('session_identifier', 'SESSION_ID_DOMAIN'), constants.SESSION_ID_DOMAIN);
    assert.deepEqual(constantOf('coordinator', 'UNATTESTED_THRESHOLD_KEY_DIGEST'), constants.UNATTESTED_THRESHOLD_KEY_DIGEST);
  });

  it('detects a difference (the comparison can fail)', async () => {
    const parser = await moveParser();
    const source = readFileSync(`${sources}coordinator.move`, 'utf8')
      .replace('    dwallet_id: ID,\n}\n\npublic struct Presign', '    dwallet_id: address,\n}\n\npublic struct Presign')
      .replace(
        '    hash_scheme: u32,\n    message: vector<u8>,\n): MessageApproval',
        '    message: vector<u8>,\n    hash_scheme: u32,\n): MessageApproval',
      );
    const doctored = readModule(parser, 'coordinator.move', source);
    const cap = ObjectStructsByModule.coordinator?.find((s) => s.name === 'DWalletCap') as AnyStruct;
    assert.equal(
      structDifferences(
        doctored.structs.find((s) => s.name === 'DWalletCap'),
        cap,
      ).length,
      1,
    );
    assert.equal(
      functionDifferences(
        doctored.functions.find((f) => f.name === 'approve_message'),
        COORDINATOR_FUNCTIONS.approve_message,
      ).length,
      1,
    );
  });
});
