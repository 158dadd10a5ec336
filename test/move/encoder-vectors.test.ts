/**
 * The vectors of the Move unit tests of the encoders (`move/tests/rlp_tests.move`,
 * `eip1559_tests.move`, `bip143_tests.move`) are recomputed here from the inputs written in those
 * files, with independent libraries, so the Move tests cannot drift from Ethereum's and Bitcoin's
 * encodings: viem (`toRlp`, `fromRlp`, `serializeTransaction`, `keccak256`) for RLP and EIP-1559,
 * @scure/btc-signer (`preimageWitnessV0`, `OutScript`) and @noble/hashes for BIP-143.
 *
 * Each `#[test] fun vector_N()` is evaluated statement by statement (`let` bindings and
 * `assert!(a == b)` over calls with literal arguments), once with the reference libraries and once
 * with the local-chain mirror, and every assertion must hold in both. scure returns BIP-143's
 * digest, not its preimage, so a preimage is checked by being a SHA256d preimage of scure's
 * digest. Each `#[test, expected_failure(abort_code = dwallet::m::E…)]` is run on the mirror,
 * which must abort with that code, and every abort code of the three modules has such a test.
 *
 * To add a vector, write the call with any expected value: the failure message prints the value.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { OutScript, SigHash, Transaction } from '@scure/btc-signer';
import { fromRlp, type Hex, keccak256, serializeTransaction, toRlp } from 'viem';
import { ABORT_CODES } from '../../chain/abort-codes.ts';
import { MoveAbort } from '../../chain/local/move/abort.ts';
import * as bip143 from '../../chain/local/move/bip143.ts';
import * as eip1559 from '../../chain/local/move/eip1559.ts';
import * as rlp from '../../chain/local/move/rlp.ts';

const testsDir = fileURLToPath(new URL('../../move/tests/', import.meta.url));
const MODULES = ['rlp', 'eip1559', 'bip143'] as const;

// ---------------------------------------------------------------------------------------------
// Values and the little expression language of the vector tests
// ---------------------------------------------------------------------------------------------

interface InputValue {
  kind: 'input';
  txid: Uint8Array;
  vout: bigint;
  value: bigint;
  sequence: bigint;
}
interface OutputValue {
  kind: 'output';
  value: bigint;
  script_pubkey: Uint8Array;
}
/** A BIP-143 preimage known only by its SHA256d (what scure computes). */
interface PreimageClaim {
  kind: 'preimage';
  sighash: Uint8Array;
}
type Value = Uint8Array | bigint | Value[] | InputValue | OutputValue | PreimageClaim;

type Expr =
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'number'; value: bigint }
  | { type: 'vector'; items: Expr[] }
  | { type: 'borrow'; expr: Expr }
  | { type: 'var'; name: string }
  | { type: 'call'; module: string; fn: string; args: Expr[] };

type Statement =
  | { type: 'let'; name: string; expr: Expr }
  | { type: 'assert'; left: Expr; right: Expr; text: string }
  | { type: 'expr'; expr: Expr };

const TOKEN = /\s*(x"[0-9a-fA-F]*"|0x[0-9a-fA-F_]+(?:u\d+)?|\d[\d_]*(?:u\d+)?|[A-Za-z_][A-Za-z0-9_]*|::|==|!|[()[\],;&=])/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new Error(`unsupported syntax in a vector test at: ${source.slice(at, at + 40)}`);
    tokens.push(match[1] as string);
  }
  return tokens;
}

class Parser {
  #at = 0;
  constructor(private readonly tokens: string[]) {}

  done(): boolean {
    return this.#at >= this.tokens.length;
  }

  #peek(): string | undefined {
    return this.tokens[this.#at];
  }

  #next(): string {
    const token = this.tokens[this.#at++];
    if (token === undefined) throw new Error('unexpected end of a vector test');
    return token;
  }

  #expect(token: string): void {
    const got = this.#next();
    if (got !== token) throw new Error(`expected ${token}, got ${got}`);
  }

  statement(): Statement {
    if (this.#peek() === 'let') {
      this.#next();
      const name = this.#next();
      this.#expect('=');
      const expr = this.expr();
      this.#expect(';');
      return { type: 'let', name, expr };
    }
    if (this.#peek() === 'assert' && this.tokens[this.#at + 1] === '!') {
      const start = this.#at;
      this.#next();
      this.#next();
      this.#expect('(');
      const left = this.expr();
      this.#expect('==');
      const right = this.expr();
      this.#expect(')');
      this.#expect(';');
      return { type: 'assert', left, right, text: this.tokens.slice(start, this.#at).join(' ').slice(0, 160) };
    }
    const expr = this.expr();
    this.#expect(';');
    return { type: 'expr', expr };
  }

  expr(): Expr {
    const token = this.#next();
    if (token === '&') return { type: 'borrow', expr: this.expr() };
    if (token.startsWith('x"')) return { type: 'bytes', value: hexToBytes(token.slice(2, -1)) };
    if (/^(0x|\d)/.test(token)) return { type: 'number', value: BigInt(token.replace(/_/g, '').replace(/u\d+$/, '')) };
    if (token === 'vector') {
      this.#expect('[');
      return { type: 'vector', items: this.#list(']') };
    }
    if (this.#peek() === '::') {
      this.#next();
      const fn = this.#next();
      this.#expect('(');
      return { type: 'call', module: token, fn, args: this.#list(')') };
    }
    if (/^[a-z_][a-z0-9_]*$/.test(token)) return { type: 'var', name: token };
    throw new Error(`unsupported expression ${token}`);
  }

  /** Comma-separated expressions up to `close` (a trailing comma allowed). */
  #list(close: string): Expr[] {
    const items: Expr[] = [];
    while (this.#peek() !== close) {
      items.push(this.expr());
      if (this.#peek() === ',') this.#next();
      else break;
    }
    this.#expect(close);
    return items;
  }
}

/** One test function of a Move test file. */
interface MoveTest {
  name: string;
  expectedAbort?: { module: string; name: string };
  statements: Statement[];
}

/** The `#[test]` functions of a file: attributes, name and parsed body (functions at column 0, body closed by `}` at column 0). */
function readTests(file: string): MoveTest[] {
  const source = readFileSync(`${testsDir}${file}`, 'utf8');
  const tests: MoveTest[] = [];
  const matches = [...source.matchAll(/^#\[(test[^\]]*)\]\nfun (\w+)\(\) \{\n([\s\S]*?)\n\}$/gm)];
  // A test written in another layout would be skipped silently: refuse the file instead.
  assert.equal(
    matches.length,
    source.match(/^#\[\s*test\b/gm)?.length ?? 0,
    `${file}: every #[test] is one attribute line, then fun name() {, body, }`,
  );
  for (const match of matches) {
    const [, attributes, name, body] = match as unknown as [string, string, string, string];
    const abort = /expected_failure\(abort_code = dwallet::(\w+)::(\w+)\)/.exec(attributes);
    if (!name.startsWith('vector_') && !abort) continue;
    const parser = new Parser(tokenize(body));
    const statements: Statement[] = [];
    while (!parser.done()) statements.push(parser.statement());
    tests.push({ name, statements, ...(abort ? { expectedAbort: { module: abort[1] as string, name: abort[2] as string } } : {}) });
  }
  return tests;
}

// ---------------------------------------------------------------------------------------------
// Two implementations of the Move functions: the reference libraries and the mirror
// ---------------------------------------------------------------------------------------------

type Implementation = Record<string, (args: Value[]) => Value>;

const bytesOf = (value: Value | undefined): Uint8Array => {
  assert.ok(value instanceof Uint8Array, 'expected bytes');
  return value;
};
const numberOf = (value: Value | undefined): bigint => {
  assert.equal(typeof value, 'bigint', 'expected an integer');
  return value as bigint;
};
const listOf = (value: Value | undefined): Value[] => {
  assert.ok(Array.isArray(value), 'expected a vector');
  return value;
};
const hex = (bytes: Uint8Array): Hex => `0x${bytesToHex(bytes)}`;
const sha256d = (data: Uint8Array): Uint8Array => sha256(sha256(data));
const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** viem's RLP of a scalar: minimal big-endian bytes (none for 0). */
function rlpScalar(value: bigint): Uint8Array {
  const digits = value.toString(16);
  return toRlp(value === 0n ? '0x' : `0x${digits.length % 2 ? '0' : ''}${digits}`, 'bytes');
}

const REFERENCE: Implementation = {
  'rlp::encode_bytes': ([bytes]) => toRlp(bytesOf(bytes), 'bytes'),
  'rlp::encode_u256': ([value]) => rlpScalar(numberOf(value)),
  'rlp::encode_u64': ([value]) => rlpScalar(numberOf(value)),
  // The items are encodings: decode them with viem and re-encode the list.
  'rlp::encode_list': ([items]) =>
    toRlp(listOf(items).map((item) => fromRlp(bytesOf(item), 'bytes')) as Parameters<typeof toRlp>[0], 'bytes'),
  'eip1559::unsigned_transaction': ([chainId, nonce, tip, feeCap, gas, to, value, data]) =>
    hexToBytes(
      serializeTransaction({
        type: 'eip1559',
        chainId: numberOf(chainId) as unknown as number,
        nonce: numberOf(nonce) as unknown as number,
        maxPriorityFeePerGas: numberOf(tip),
        maxFeePerGas: numberOf(feeCap),
        gas: numberOf(gas),
        to: bytesOf(to).length === 0 ? undefined : hex(bytesOf(to)),
        value: numberOf(value),
        data: hex(bytesOf(data)),
        accessList: [],
      }).slice(2),
    ),
  'eip1559::signing_digest': ([bytes]) => hexToBytes(keccak256(hex(bytesOf(bytes))).slice(2)),
  'bip143::new_input': ([txid, vout, value, sequence]) => ({
    kind: 'input',
    txid: bytesOf(txid),
    vout: numberOf(vout),
    value: numberOf(value),
    sequence: numberOf(sequence),
  }),
  'bip143::new_output': ([value, script]) => ({ kind: 'output', value: numberOf(value), script_pubkey: bytesOf(script) }),
  'bip143::p2wpkh_script_pubkey': ([hash]) => OutScript.encode({ type: 'wpkh', hash: bytesOf(hash) }),
  'bip143::p2wpkh_sighash_preimage': ([version, inputs, index, hash, outputs, lockTime]) => {
    const tx = new Transaction({
      version: Number(numberOf(version)) | 0,
      lockTime: Number(numberOf(lockTime)),
      allowUnknownVersion: true,
      allowUnknownOutputs: true,
    });
    const ins = listOf(inputs) as InputValue[];
    for (const input of ins) {
      tx.addInput({
        txid: input.txid.slice().reverse(),
        index: Number(input.vout),
        sequence: Number(input.sequence),
        witnessUtxo: { script: OutScript.encode({ type: 'wpkh', hash: bytesOf(hash) }), amount: input.value },
      });
    }
    for (const output of listOf(outputs) as OutputValue[]) tx.addOutput({ script: output.script_pubkey, amount: output.value });
    const i = Number(numberOf(index));
    const spent = ins[i] as InputValue;
    return {
      kind: 'preimage',
      sighash: tx.preimageWitnessV0(i, OutScript.encode({ type: 'pkh', hash: bytesOf(hash) }), SigHash.ALL, spent.value),
    };
  },
  'bip143::sighash': ([preimage]) => (isClaim(preimage) ? preimage.sighash : sha256d(bytesOf(preimage))),
};

const toInput = (value: Value): bip143.Input => {
  const input = value as InputValue;
  return { txid: input.txid, vout: Number(input.vout), value: input.value, sequence: Number(input.sequence) };
};

const MIRROR: Implementation = {
  'rlp::encode_bytes': ([bytes]) => rlp.encode_bytes(bytesOf(bytes)),
  'rlp::encode_u256': ([value]) => rlp.encode_u256(numberOf(value)),
  'rlp::encode_u64': ([value]) => rlp.encode_u64(numberOf(value)),
  'rlp::encode_list': ([items]) => rlp.encode_list(listOf(items).map(bytesOf)),
  'eip1559::unsigned_transaction': ([chainId, nonce, tip, feeCap, gas, to, value, data]) =>
    eip1559.unsigned_transaction(
      numberOf(chainId),
      numberOf(nonce),
      numberOf(tip),
      numberOf(feeCap),
      numberOf(gas),
      bytesOf(to),
      numberOf(value),
      bytesOf(data),
    ),
  'eip1559::signing_digest': ([bytes]) => eip1559.signing_digest(bytesOf(bytes)),
  'bip143::new_input': ([txid, vout, value, sequence]) => {
    const input = bip143.new_input(bytesOf(txid), Number(numberOf(vout)), numberOf(value), Number(numberOf(sequence)));
    return { kind: 'input', txid: input.txid, vout: BigInt(input.vout), value: input.value, sequence: BigInt(input.sequence) };
  },
  'bip143::new_output': ([value, script]) => {
    const output = bip143.new_output(numberOf(value), bytesOf(script));
    return { kind: 'output', value: output.value, script_pubkey: output.script_pubkey };
  },
  'bip143::p2wpkh_script_pubkey': ([hash]) => bip143.p2wpkh_script_pubkey(bytesOf(hash)),
  'bip143::p2wpkh_sighash_preimage': ([version, inputs, index, hash, outputs, lockTime]) =>
    bip143.p2wpkh_sighash_preimage(
      Number(numberOf(version)),
      listOf(inputs).map(toInput),
      numberOf(index),
      bytesOf(hash),
      (listOf(outputs) as OutputValue[]).map((o) => ({ value: o.value, script_pubkey: o.script_pubkey })),
      Number(numberOf(lockTime)),
    ),
  'bip143::sighash': ([preimage]) => bip143.sighash(bytesOf(preimage)),
};

function isClaim(value: Value | undefined): value is PreimageClaim {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) && value.kind === 'preimage';
}

function show(value: Value): string {
  if (value instanceof Uint8Array) return `x"${bytesToHex(value)}"`;
  if (isClaim(value)) return `(a preimage of sighash ${bytesToHex(value.sighash)})`;
  return String(value);
}

/** `a == b` of Move values; a preimage claim equals the bytes whose SHA256d it is. */
function equal(a: Value, b: Value): boolean {
  if (isClaim(a)) return b instanceof Uint8Array && equalBytes(sha256d(b), a.sighash);
  if (isClaim(b)) return equal(b, a);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return equalBytes(a, b);
  return a === b;
}

/** Runs a test's statements with `implementation`; returns how many assertions held. */
function run(test: MoveTest, implementation: Implementation, label: string): number {
  const env = new Map<string, Value>();
  const evaluate = (expr: Expr): Value => {
    switch (expr.type) {
      case 'bytes':
      case 'number':
        return expr.value;
      case 'vector':
        return expr.items.map(evaluate);
      case 'borrow':
        return evaluate(expr.expr);
      case 'var': {
        const value = env.get(expr.name);
        assert.ok(value !== undefined, `${test.name}: unbound ${expr.name}`);
        return value;
      }
      case 'call': {
        const fn = implementation[`${expr.module}::${expr.fn}`];
        assert.ok(fn, `${test.name}: no ${label} implementation of ${expr.module}::${expr.fn}`);
        return fn(expr.args.map(evaluate));
      }
    }
  };
  let assertions = 0;
  for (const statement of test.statements) {
    if (statement.type === 'let') env.set(statement.name, evaluate(statement.expr));
    else if (statement.type === 'expr') evaluate(statement.expr);
    else {
      const left = evaluate(statement.left);
      const right = evaluate(statement.right);
      assert.ok(equal(left, right), `${test.name} (${label}): ${statement.text}\n  left:  ${show(left)}\n  right: ${show(right)}`);
      assertions++;
    }
  }
  return assertions;
}

describe('Move encoder vectors ≡ viem / @scure/btc-signer', () => {
  for (const module of MODULES) {
    const file = `${module}_tests.move`;
    const tests = readTests(file);
    const vectors = tests.filter((t) => !t.expectedAbort);
    const aborts = tests.filter((t) => t.expectedAbort);

    it(`${file}: has vectors`, () => {
      assert.ok(vectors.length >= 3, `${file} has ${vectors.length} vectors`);
      for (const vector of vectors)
        assert.ok(
          vector.statements.some((s) => s.type === 'assert'),
          `${vector.name} asserts something`,
        );
    });

    it(`${file}: every vector holds with the reference libraries`, () => {
      for (const vector of vectors) assert.ok(run(vector, REFERENCE, 'reference') > 0);
    });

    it(`${file}: every vector holds with the local-chain mirror`, () => {
      for (const vector of vectors) assert.ok(run(vector, MIRROR, 'mirror') > 0);
    });

    it(`${file}: every abort test aborts the mirror with its code, and every abort code is tested`, () => {
      const codes = ABORT_CODES[module] as Record<string, number>;
      for (const test of aborts) {
        const expected = test.expectedAbort as { module: string; name: string };
        assert.equal(expected.module, module, `${test.name} expects an abort of ${module}`);
        assert.throws(
          () => run(test, MIRROR, 'mirror'),
          (error: unknown) =>
            error instanceof MoveAbort &&
            error.module === module &&
            error.abortName === expected.name &&
            error.code === codes[expected.name],
          `${test.name} aborts with ${module}::${expected.name}`,
        );
      }
      assert.deepEqual(
        [...new Set(aborts.map((t) => t.expectedAbort?.name))].sort(),
        Object.keys(codes).sort(),
        `abort codes of ${module} with a test`,
      );
    });
  }

  it('a vector that does not hold is caught (the check can fail)', () => {
    const [vector] = readTests('eip1559_tests.move');
    assert.ok(vector);
    const doctored: MoveTest = {
      ...vector,
      statements: vector.statements.map((s) =>
        s.type === 'let' && s.expr.type === 'call'
          ? { ...s, expr: { ...s.expr, args: s.expr.args.map((a, i) => (i === 1 ? { type: 'number', value: 9n } : a)) } }
          : s,
      ),
    };
    assert.throws(() => run(doctored, REFERENCE, 'reference'), /left:/);
    const claim: PreimageClaim = { kind: 'preimage', sighash: sha256d(Uint8Array.of(1)) };
    assert.equal(equal(claim, Uint8Array.of(1)), true);
    assert.equal(equal(claim, Uint8Array.of(2)), false);
  });
});
