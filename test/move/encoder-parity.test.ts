/**
 * Parity of the encoder modules (`rlp`, `eip1559`, `bip143`) with their local-chain mirrors, read
 * from the Move sources with tree-sitter: each public function is exported by the mirror under
 * its Move name with the same parameters in the same order, the BCS schemas of `bip143::Input`
 * and `bip143::Output` match the structs, and the shared constants agree. (Their abort codes are
 * checked with every module's by `parity.test.ts`.) Each comparison is also run on a doctored
 * copy to show it detects a difference.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as bip143 from '../../chain/local/move/bip143.ts';
import * as eip1559 from '../../chain/local/move/eip1559.ts';
import * as rlp from '../../chain/local/move/rlp.ts';
import { Bip143Structs } from '../../chain/schemas/bip143.ts';
import type { AnyMoveType, MoveStructType } from '../../chain/schemas/move-type.ts';
import { type MoveModule, type MoveStruct, moveParser, readModule } from './support/move-syntax.ts';

const sources = fileURLToPath(new URL('../../move/sources/', import.meta.url));
const MIRRORS: Record<string, Record<string, unknown>> = { rlp, eip1559, bip143 };
const modules = new Map<string, MoveModule>();

// biome-ignore lint/suspicious/noExplicitAny: structs of any shape
type AnyStruct = MoveStructType<any>;

/**
 * The parameter names of a mirror function, read from its source text. The TypeScript compiler
 * renames a parameter that shadows a function of the same module (`signing_digest`'s
 * `unsigned_transaction` becomes `unsigned_transaction2`); such a name is read back as written.
 */
function parameterNames(fn: unknown, mirror: Record<string, unknown>): string[] {
  const text = String(fn);
  const list = /^function\s*\w*\s*\(([^)]*)\)/.exec(text)?.[1];
  assert.ok(list !== undefined, `cannot read the parameters of ${text.slice(0, 60)}`);
  return list
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => {
      const shadowed = p.replace(/\d+$/, '');
      return shadowed !== p && typeof mirror[shadowed] === 'function' ? shadowed : p;
    });
}

/** Differences between the public functions of a Move module and its mirror's exports. */
function mirrorDifferences(module: MoveModule, mirror: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const fn of module.functions.filter((f) => f.visibility === 'public' && !f.testOnly)) {
    const exported = mirror[fn.name];
    if (typeof exported !== 'function') {
      out.push(`${module.name}::${fn.name}: not exported by the mirror`);
      continue;
    }
    const move = fn.params.map((p) => p.name).join(', ');
    const ts = parameterNames(exported, mirror).join(', ');
    if (move !== ts) out.push(`${module.name}::${fn.name}: parameters (${move}) in Move, (${ts}) in the mirror`);
  }
  return out;
}

function structDifferences(move: MoveStruct | undefined, ts: AnyStruct): string[] {
  if (!move) return [`${ts.name}: no such struct in bip143.move`];
  const out: string[] = [];
  if ([...move.abilities].sort().join(',') !== [...ts.abilities].sort().join(','))
    out.push(`${ts.name}: abilities ${move.abilities.join(',')} in Move, ${ts.abilities.join(',')} in TypeScript`);
  const moveFields = move.fields.map((f) => `${f.name}: ${f.type}`).join('; ');
  const tsFields = ts.fields.map(([name, type]: readonly [string, AnyMoveType]) => `${name}: ${type.move}`).join('; ');
  if (moveFields !== tsFields) out.push(`${ts.name}: fields\n  Move: ${moveFields}\n  TS:   ${tsFields}`);
  return out;
}

function constantOf(module: string, name: string): bigint {
  const found = modules.get(module)?.constants.find((c) => c.name === name);
  assert.ok(found, `${module}::${name} exists`);
  return BigInt(found.value.replace(/_/g, '').replace(/u(8|16|32|64|128|256)$/, ''));
}

describe('encoder modules ↔ local-chain mirrors', () => {
  before(async () => {
    const parser = await moveParser();
    for (const name of Object.keys(MIRRORS)) {
      const module = readModule(parser, `${name}.move`, readFileSync(`${sources}${name}.move`, 'utf8'));
      assert.equal(module.address, 'dwallet');
      assert.equal(module.name, name);
      modules.set(name, module);
    }
  });

  it('the mirrors export every public function under its Move name, with the Move parameters in order', () => {
    for (const [name, mirror] of Object.entries(MIRRORS)) {
      const module = modules.get(name) as MoveModule;
      assert.ok(
        module.functions.some((f) => f.visibility === 'public'),
        `${name} has public functions`,
      );
      assert.deepEqual(mirrorDifferences(module, mirror), []);
    }
    const publicNames = (name: string) =>
      modules
        .get(name)
        ?.functions.filter((f) => f.visibility === 'public')
        .map((f) => f.name);
    assert.deepEqual(publicNames('rlp'), ['encode_bytes', 'encode_u256', 'encode_u64', 'encode_list']);
    assert.deepEqual(publicNames('eip1559'), ['unsigned_transaction', 'signing_digest']);
  });

  it('the BCS schemas of bip143::Input and bip143::Output match the structs, in order', () => {
    const move = (modules.get('bip143')?.structs ?? []).filter((s) => !s.testOnly);
    assert.deepEqual(
      move.map((s) => s.name),
      Bip143Structs.map((s) => s.name),
    );
    for (const struct of Bip143Structs) {
      assert.deepEqual(
        structDifferences(
          move.find((s) => s.name === struct.name),
          struct,
        ),
        [],
      );
    }
  });

  it('shared constants match', () => {
    assert.equal(constantOf('eip1559', 'TRANSACTION_TYPE'), BigInt(eip1559.TRANSACTION_TYPE));
    assert.equal(constantOf('bip143', 'SIGHASH_ALL'), BigInt(bip143.SIGHASH_ALL));
  });

  it('detects a difference (the comparisons can fail)', async () => {
    const parser = await moveParser();
    const doctored = readModule(
      parser,
      'bip143.move',
      readFileSync(`${sources}bip143.move`, 'utf8')
        .replace('    vout: u32,\n    value: u64,', '    value: u64,\n    vout: u32,')
        .replace(
          'public fun new_output(value: u64, script_pubkey: vector<u8>)',
          'public fun new_output(script_pubkey: vector<u8>, value: u64)',
        ),
    );
    assert.equal(
      structDifferences(
        doctored.structs.find((s) => s.name === 'Input'),
        Bip143Structs[0] as AnyStruct,
      ).length,
      1,
    );
    assert.equal(mirrorDifferences(doctored, MIRRORS['bip143'] as Record<string, unknown>).length, 1);
    assert.equal(mirrorDifferences(modules.get('bip143') as MoveModule, { ...bip143, sighash: undefined }).length, 1);
  });
});
