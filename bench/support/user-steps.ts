/**
 * The user's two steps of 2PC-MPC ECDSA as pure computation, timed where they run: in Node
 * (bench/browser.ts) and in a browser's Web Worker (bench/support/browser-bench-worker.ts, the
 * same code bundled for the browser), so that the two timings compare the same work.
 *
 * - DKG step: `createUserDkgMessage` (X_A and its UC proof, PROTOCOL.md §6);
 * - sign step: `createUserSignMessage` (PROTOCOL.md §8) with the fixed-base tables of h and pk
 *   grown (the SDK grows them in idle time, and the browser worker loads them from its setup cache),
 *   on a fresh dealt presign each time (a presign is used once).
 *
 * The network key is the test fixture's dealt key (mpc/testing/ecdsa-fixture.ts, deterministic: the
 * same key in both places); dealing it, the presigns and growing the tables are timed apart and are
 * not part of the step rows. Imports only mpc/ (no Node built-in): it must bundle for the browser.
 * @module
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { clearSetupMemory, loadSetup } from '../../mpc/classgroups/setups.ts';
import { curveOrder } from '../../mpc/curves/curve.ts';
import type { EcdsaCurveName } from '../../mpc/ecdsa/curves.ts';
import { createUserDkgMessage } from '../../mpc/ecdsa/dkg/user.ts';
import { digestMessage, HashSchemes } from '../../mpc/ecdsa/hash-schemes.ts';
import { encodeUserDkgMessage, encodeUserSignMessage } from '../../mpc/ecdsa/messages.ts';
import { decodeNetworkKey, encodeNetworkKey } from '../../mpc/ecdsa/network-key/encoding.ts';
import type { NetworkKeyParts } from '../../mpc/ecdsa/network-key/key-parts.ts';
import { InMemoryPresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { createUserSignMessage } from '../../mpc/ecdsa/sign/user.ts';
import { userSignTableSteps } from '../../mpc/ecdsa/sign/user-tables.ts';
import { runSteps } from '../../mpc/steps.ts';
import { dealerPresign, ecdsaFixture, sessionId } from '../../mpc/testing/ecdsa-fixture.ts';

export interface UserStepsOptions {
  readonly curve: EcdsaCurveName;
  /** Timed runs of each step, after one untimed warm-up run. */
  readonly iterations: number;
}

/** Wall times in milliseconds (performance.now). */
export interface UserStepTimes {
  /** Dealing the fixture's network key (not a user step: for context). */
  readonly dealMs: number;
  /** Growing the sign tables of h and pk from none, on a key as a client decodes it (once per network key). */
  readonly tablesMs: number;
  /** Adopting the same tables' exported rows instead (FixedBaseTable.importRows: the browser's setup cache's load). */
  readonly tablesImportMs: number;
  /** Their exported size in bytes (what the setup cache stores per curve). */
  readonly tablesBytes: number;
  readonly dkgMs: readonly number[];
  readonly signMs: readonly number[];
  readonly dkgMessageBytes: number;
  readonly signMessageBytes: number;
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

/** The network key decoded from its bytes with setups made anew (no table row grown yet). */
function freshKey(bytes: Uint8Array): NetworkKeyParts {
  clearSetupMemory();
  const [key] = decodeNetworkKey(bytes, (curve, level) => loadSetup(curveOrder(curve.name), level as 112));
  if (key === undefined) throw new Error('the encoded network key holds no key');
  return key;
}

export function timeUserSteps(options: UserStepsOptions): UserStepTimes {
  if (!Number.isInteger(options.iterations) || options.iterations < 1) throw new RangeError('iterations must be a positive integer');
  const dealt = timed(() => ecdsaFixture(options.curve));
  const { rng } = dealt.value;
  // Dealing already grew most of the tables (the dealer encrypts under h and pk): the client's key
  // is decoded from its bytes with a setup of its own, as the SDK reads it from the chain.
  const keyBytes = encodeNetworkKey([dealt.value.key]);
  const key = freshKey(keyBytes);
  const tables = timed(() => runSteps(userSignTableSteps(key)));
  const h = key.encryptionKey.setup.hTable.exportRows();
  const pk = key.encryptionKey.table.exportRows();
  const cached = freshKey(keyBytes);
  const tablesImport = timed(() => {
    const { setup, table } = cached.encryptionKey;
    setup.hTable.importRows(h, setup.deltaQ);
    table.importRows(pk, setup.deltaQ);
  });
  const digest = digestMessage(key.curve, HashSchemes.KECCAK256, utf8ToBytes('bench: the user steps in the browser'));

  const dkgMs: number[] = [];
  let dkg = createUserDkgMessage(key, sessionId('bench browser dkg warm-up'), { rng });
  for (let i = 0; i < options.iterations; i++) {
    const run = timed(() => createUserDkgMessage(key, sessionId(`bench browser dkg ${i}`), { rng }));
    dkgMs.push(run.ms);
    dkg = run.value;
  }

  const signMs: number[] = [];
  let signMessageBytes = 0;
  for (let i = -1; i < options.iterations; i++) {
    const presign = dealerPresign(key, `bench browser sign ${i}`);
    const input = { key, dwallet: dkg.output, presign, digest, secretShare: dkg.secretShare, ledger: new InMemoryPresignLedger(), rng };
    const run = timed(() => createUserSignMessage(input));
    if (i >= 0) signMs.push(run.ms);
    signMessageBytes = encodeUserSignMessage(key, run.value).length;
  }
  return {
    dealMs: dealt.ms,
    tablesMs: tables.ms,
    tablesImportMs: tablesImport.ms,
    tablesBytes: h.length + pk.length,
    dkgMs,
    signMs,
    dkgMessageBytes: encodeUserDkgMessage(key.curve, dkg.message).length,
    signMessageBytes,
  };
}

/** What a worker posts back: the times, or why it failed. */
export type UserStepsReply = { readonly ok: true; readonly times: UserStepTimes } | { readonly ok: false; readonly error: string };

/** Checks a reply that crossed from the browser (structured clone of untrusted shape). */
export function parseUserStepsReply(value: unknown): UserStepsReply {
  const fail = (why: string): never => {
    throw new Error(`the browser worker's reply is malformed: ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const reply = value as Record<string, unknown>;
  if (reply.ok === false) return { ok: false, error: typeof reply.error === 'string' ? reply.error : fail('error is not a string') };
  if (reply.ok !== true) return fail('no ok field');
  const times = reply.times as Record<string, unknown> | undefined;
  if (typeof times !== 'object' || times === null) return fail('no times');
  const number = (name: string): number => {
    const x = times[name];
    return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : fail(`${name} is not a time`);
  };
  const list = (name: string): number[] => {
    const xs = times[name];
    if (!Array.isArray(xs) || xs.length === 0) return fail(`${name} is not a list of times`);
    return xs.map((x) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : fail(`${name} holds a non-time`)));
  };
  return {
    ok: true,
    times: {
      dealMs: number('dealMs'),
      tablesMs: number('tablesMs'),
      tablesImportMs: number('tablesImportMs'),
      tablesBytes: number('tablesBytes'),
      dkgMs: list('dkgMs'),
      signMs: list('signMs'),
      dkgMessageBytes: number('dkgMessageBytes'),
      signMessageBytes: number('signMessageBytes'),
    },
  };
}
