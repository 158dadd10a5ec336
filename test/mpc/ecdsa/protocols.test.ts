/**
 * The ECDSA session machines on the in-process test network (mpc/testing): network key parts,
 * presign batches (universal and targeted) and signing, with messages reordered, dropped and
 * delayed, validators restarted from their serialized state between rounds, and validators that
 * misbehave — a bad proof, a bad decryption share, different messages to different peers,
 * silence — or a user who sends a malformed or mismatched message. Every run ends in a correct
 * result without the culprits, or in an abort naming exactly the culprits; never a wrong
 * signature, and an honest validator is never blamed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { createImportedKeyMessage } from '../../../mpc/ecdsa/dkg/imported-key.ts';
import type { DWalletOutput } from '../../../mpc/ecdsa/dkg/output.ts';
import { createUserDkgMessage } from '../../../mpc/ecdsa/dkg/user.ts';
import { EcdsaErrorCodes } from '../../../mpc/ecdsa/errors.ts';
import { digestMessage, HashSchemes, type SignDigest } from '../../../mpc/ecdsa/hash-schemes.ts';
import { decodePresign, decodeUserSignMessage, encodePresign, encodeUserSignMessage } from '../../../mpc/ecdsa/messages.ts';
import { presignBatchSessionId } from '../../../mpc/ecdsa/presign/batch.ts';
import { InMemoryPresignLedger } from '../../../mpc/ecdsa/presign/ledger.ts';
import { assertPresignFor, type Presign } from '../../../mpc/ecdsa/presign/presign.ts';
import { presignTarget } from '../../../mpc/ecdsa/presign/target.ts';
import { futureSignVerificationSession } from '../../../mpc/ecdsa/protocols/dkg.ts';
import { type NetworkKeyPartsOutput, networkKeyPartsSession } from '../../../mpc/ecdsa/protocols/network-key-parts.ts';
import { type PresignSessionConfig, type PresignSessionOutput, presignSession } from '../../../mpc/ecdsa/protocols/presign.ts';
import {
  DESIGNATED_COMBINER_MIN_THRESHOLD,
  defaultCombineWaitMs,
  INVALID_SIGNATURE_BLAME,
  isSignStandby,
  SIGNATURE_ROUND,
  SignKinds,
  type SignSessionConfig,
  type SignSessionOutput,
  signSession,
  signShareSchemas,
  signSigners,
} from '../../../mpc/ecdsa/protocols/sign.ts';
import type { VerificationOutcome } from '../../../mpc/ecdsa/protocols/verification.ts';
import { createUserSignMessage } from '../../../mpc/ecdsa/sign/user.ts';
import { encodeSignature } from '../../../mpc/ecdsa/signature.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import { AggregationKinds } from '../../../mpc/session/aggregation.ts';
import { createCommittee, type PartyId, uniformCommittee, weightOf } from '../../../mpc/session/committee.ts';
import { BlameReasons, SessionErrorCodes } from '../../../mpc/session/errors.ts';
import type { SessionMachine, SessionResult } from '../../../mpc/session/machine.ts';
import type { RoundMessage } from '../../../mpc/session/message.ts';
import { ProposerSchedule } from '../../../mpc/session/proposer.ts';
import { createSession, restoreSession } from '../../../mpc/session/runtime.ts';
import { type Behaviour, combine, equivocate, rewritePayloads, silent } from '../../../mpc/testing/behaviour.ts';
import { dealerPresign, ecdsaFixture, networkSign, sessionId } from '../../../mpc/testing/ecdsa-fixture.ts';
import { TestNetwork } from '../../../mpc/testing/network.ts';
import { testRng } from '../../support/random.ts';

const fixture = ecdsaFixture('secp256k1');
const { key, curve, thresholdKey, keyShares, rng } = fixture;
const committee = uniformCommittee(4, 3);
const TIMEOUTS = { attemptMs: 1_000, attemptIncrementMs: 500, fetchMs: 100 };
const { group, h } = key.encryptionKey.setup;

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}

/** Results of the honest parties (all must have ended). */
function honestResults<O>(network: TestNetwork<O>): Map<PartyId, SessionResult<O>> {
  const results = new Map<PartyId, SessionResult<O>>();
  for (const party of network.honestParties()) {
    const result = network.result(party);
    assert.ok(result !== undefined, `party ${party} did not finish`);
    results.set(party, result);
  }
  return results;
}

/** No honest party blamed anyone but the culprits. */
function assertBlamesWithin<O>(network: TestNetwork<O>, culprits: readonly PartyId[]): void {
  for (const party of network.honestParties()) {
    for (const blame of network.machine(party).blames) {
      assert.ok(culprits.includes(blame.party), `party ${party} blamed honest party ${blame.party} (${blame.reason}: ${blame.detail})`);
    }
  }
}

describe('network key parts session', () => {
  test('validators agree on the parts and their commitment despite restarts and a contributor with a bad proof', () => {
    const sid = sessionId('key parts session');
    const config = { curve, encryptionKey: key.encryptionKey, timeouts: TIMEOUTS };
    const params = (party: PartyId) => ({ sessionId: sid, self: party, committee, rng: testRng(`key parts ${party}`) });
    // Party 4's contribution carries another party's statement: its proof cannot verify.
    const badProof: Behaviour = rewritePayloads(AggregationKinds.CONTRIBUTION, (payload) => {
      const copy = payload.slice();
      copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 1;
      return copy;
    });
    const network = new TestNetwork<NetworkKeyPartsOutput>({
      committee,
      seed: 'key parts',
      behaviours: new Map([[4, badProof]]),
      restartRate: 0.1,
      create: (party) => createSession(networkKeyPartsSession, config, params(party)),
      restore: (party, state) => restoreSession(networkKeyPartsSession, config, params(party), state),
    });
    network.start();
    network.run();
    const outputs = [...honestResults(network).values()].map((result) => {
      assert.equal(result.status, 'completed');
      return (result as { output: NetworkKeyPartsOutput }).output;
    });
    const [first] = outputs as [NetworkKeyPartsOutput];
    for (const output of outputs) {
      assert.deepEqual(output.parts.commitment, first.parts.commitment);
      assert.deepEqual(output.contributors, first.contributors);
    }
    assert.ok(!first.contributors.includes(4), 'the contributor with a bad proof was summed');
    assertBlamesWithin(network, [4]);
  });
});

interface PresignRun {
  readonly network: TestNetwork<PresignSessionOutput>;
  readonly presigns: readonly Presign[];
}

function runPresign(
  seed: string,
  config: Omit<PresignSessionConfig, 'timeouts'>,
  options: { behaviours?: Map<PartyId, Behaviour>; restartRate?: number; delayRate?: number; restartBetweenRounds?: PartyId } = {},
): PresignRun {
  const sid = presignBatchSessionId(
    config.presignIds,
    config.target.kind === 'targeted' ? presignTarget(config.target.dwallet, key.encryptionKey.setup) : undefined,
  );
  const full = { ...config, timeouts: TIMEOUTS };
  const params = (party: PartyId) => ({ sessionId: sid, self: party, committee, rng: testRng(`${seed} ${party}`) });
  const network = new TestNetwork<PresignSessionOutput>({
    committee,
    seed,
    ...options,
    maxDelayMs: 3_000,
    create: (party) => createSession(presignSession, full, params(party)),
    restore: (party, state) => restoreSession(presignSession, full, params(party), state),
  });
  network.start();
  const restarted = options.restartBetweenRounds;
  if (restarted !== undefined) {
    // Run until the party has sent its round-2 contribution, then restart it from its state.
    network.run({
      done: () => network.inFlight().some((e) => e.from === restarted && !e.relayed && network.keys.open(e.bytes).message.round === 2),
    });
    const before = network.machine(restarted).serialize();
    network.restart(restarted);
    assert.deepEqual(network.machine(restarted).serialize(), before);
    assert.equal(network.result(restarted), undefined);
  }
  network.run();
  let presigns: readonly Presign[] | undefined;
  for (const result of honestResults(network).values()) {
    assert.equal(result.status, 'completed', result.status === 'aborted' ? result.reason : '');
    const output = (result as { output: PresignSessionOutput }).output;
    presigns ??= output.presigns;
    // Every honest validator holds the same presigns.
    assert.deepEqual(
      output.presigns.map((p) => [p.noncePublicParts.map((r) => r.toBytes()), p.encryptedMask]),
      presigns.map((p) => [p.noncePublicParts.map((r) => r.toBytes()), p.encryptedMask]),
    );
  }
  return { network, presigns: presigns as readonly Presign[] };
}

interface SignWorld {
  readonly dwallet: DWalletOutput;
  readonly presign: Presign;
  readonly digest: SignDigest;
  readonly userMessage: Uint8Array;
}

function signWorld(label: string, presign?: Presign, dwallet?: { output: DWalletOutput; secretShare: bigint }): SignWorld {
  const dkg = dwallet ?? createUserDkgMessage(key, sessionId(`dkg ${label}`), { rng });
  const chosen = presign ?? dealerPresign(key, label);
  const digest = digestMessage(curve, HashSchemes.KECCAK256, new TextEncoder().encode(`message ${label}`));
  const context = { key, dwallet: dkg.output, presign: chosen, digest };
  const message = createUserSignMessage({ ...context, secretShare: dkg.secretShare, ledger: new InMemoryPresignLedger(), rng });
  return { dwallet: dkg.output, presign: chosen, digest, userMessage: encodeUserSignMessage(key, message) };
}

function signConfig(world: SignWorld, party: PartyId, overrides: Partial<SignSessionConfig> = {}): SignSessionConfig {
  return {
    key,
    thresholdKey,
    keyShare: keyShares[party - 1] as (typeof keyShares)[number],
    dwallet: world.dwallet,
    presign: world.presign,
    digest: world.digest,
    userMessage: world.userMessage,
    ledger: new InMemoryPresignLedger(),
    resendMs: 1_000,
    ...overrides,
  };
}

function signNetwork(
  seed: string,
  world: SignWorld,
  options: { behaviours?: Map<PartyId, Behaviour>; restartRate?: number; dropRate?: number; overrides?: Partial<SignSessionConfig> } = {},
): TestNetwork<SignSessionOutput> {
  const sid = sessionId(`sign session ${seed}`);
  const params = (party: PartyId) => ({ sessionId: sid, self: party, committee, rng: testRng(`${seed} ${party}`) });
  const network = new TestNetwork<SignSessionOutput>({
    committee,
    seed,
    ...(options.behaviours === undefined ? {} : { behaviours: options.behaviours }),
    ...(options.restartRate === undefined ? {} : { restartRate: options.restartRate }),
    ...(options.dropRate === undefined ? {} : { dropRate: options.dropRate }),
    create: (party) => createSession(signSession, signConfig(world, party, options.overrides), params(party)),
    restore: (party, state) => restoreSession(signSession, signConfig(world, party, options.overrides), params(party), state),
  });
  network.start();
  network.run();
  return network;
}

/** Every honest validator output the same signature, valid under X for the digest (checked with noble). */
function assertSigned(
  network: TestNetwork<SignSessionOutput>,
  world: SignWorld,
  culprits: readonly PartyId[] = [],
  options: { culpritsExcluded?: boolean } = {},
): SignSessionOutput[] {
  const outputs: SignSessionOutput[] = [];
  let encoded: Uint8Array | undefined;
  for (const [party, result] of honestResults(network)) {
    assert.equal(result.status, 'completed', `party ${party}: ${result.status === 'aborted' ? result.reason : ''}`);
    const output = (result as { output: SignSessionOutput }).output;
    assert.equal(output.status, 'signed', `party ${party}: ${JSON.stringify(output.status === 'rejected' ? output : '')}`);
    if (output.status !== 'signed') continue;
    encoded ??= output.encoded;
    assert.deepEqual(output.encoded, encoded);
    if (output.proven && options.culpritsExcluded !== false)
      for (const culprit of culprits) assert.ok(!output.decrypters.includes(culprit), `culprit ${culprit} decrypted`);
    outputs.push(output);
  }
  const signature = encoded as Uint8Array;
  assert.ok(
    secp256k1.verify(signature.subarray(0, 64), world.digest.bytes, world.dwallet.publicKey.toBytes(), { prehash: false, lowS: true }),
  );
  const recovered = new secp256k1.Signature(
    BigInt(`0x${Buffer.from(signature.subarray(0, 32)).toString('hex')}`),
    BigInt(`0x${Buffer.from(signature.subarray(32, 64)).toString('hex')}`),
    signature[64],
  ).recoverPublicKey(world.digest.bytes);
  assert.deepEqual(recovered.toBytes(true), world.dwallet.publicKey.toBytes());
  assertBlamesWithin(network, culprits);
  return outputs;
}

/** The world's user message verifies and the network's side, run in process, gives a signature noble accepts. */
function assertPresignSigns(world: SignWorld): void {
  const context = { key, dwallet: world.dwallet, presign: world.presign, digest: world.digest };
  const signature = networkSign(fixture, context, decodeUserSignMessage(key, world.userMessage));
  assert.ok(signature !== undefined);
  const encoded = encodeSignature(signature);
  assert.ok(
    secp256k1.verify(encoded.subarray(0, 64), world.digest.bytes, world.dwallet.publicKey.toBytes(), { prehash: false, lowS: true }),
  );
}

const schemas = signShareSchemas(thresholdKey);

/** Its unproven decryption share multiplied by h: a valid group element, the wrong share. */
const badShare = (payload: Uint8Array): Uint8Array => {
  const message = schemas.unproven.parse(payload);
  const rows = message.shares.map((row, i) => (i === 0 ? row.map((d, c) => (c === 0 ? group.compose(d, h) : d)) : row));
  return schemas.unproven.serialize({ ...message, shares: rows }).toBytes();
};

/** Its proven share with a response off by one: the EDL proof does not verify. */
const badProof = (payload: Uint8Array): Uint8Array => {
  const message = schemas.proven.parse(payload);
  return schemas.proven
    .serialize({ ...message, proof: { ...message.proof, responses: message.proof.responses.map((z) => z + 1n) } })
    .toBytes();
};

describe('presign sessions', () => {
  test('a universal batch of 2 with delays and restarts, one validator proving nonsense: the presigns sign', () => {
    const ids = [sessionId('universal presign 1'), sessionId('universal presign 2')];
    const corrupt = rewritePayloads(AggregationKinds.CONTRIBUTION, (payload, message: RoundMessage) => {
      if (message.round !== 1) return payload;
      const copy = payload.slice();
      copy[copy.length - 2] = (copy[copy.length - 2] as number) ^ 1;
      return copy;
    });
    const { network, presigns } = runPresign(
      'universal presigns',
      { key, target: { kind: 'universal' }, presignIds: ids },
      {
        behaviours: new Map([[3, corrupt]]),
        restartRate: 0.05,
        delayRate: 0.2,
      },
    );
    assert.equal(presigns.length, 2);
    presigns.forEach((presign, j) => {
      assert.deepEqual(presign.sessionId, ids[j]);
      assert.equal(presign.kind, 'universal');
    });
    const result = network.result(1) as { output: PresignSessionOutput };
    assert.ok(!result.output.contributors.masks.includes(3));
    assertBlamesWithin(network, [3]);
    for (const blame of network.machine(1).blames) assert.equal(blame.reason, BlameReasons.INVALID_CONTRIBUTION);
    // A presign from the session signs (the network's side run in process; the sign session is tested below).
    assertPresignSigns(signWorld('from a presign session', presigns[1]));
  });

  test('a targeted presign for an imported key (a validator restarted between the rounds): made against its own ct_key, it signs for it', () => {
    const imported = createImportedKeyMessage(key, sessionId('imported for presign'), 1234567n, { rng });
    const id = sessionId('targeted presign');
    const { network, presigns } = runPresign(
      'targeted presign',
      { key, target: { kind: 'targeted', dwallet: imported.output }, presignIds: [id] },
      { restartBetweenRounds: 2 },
    );
    assert.ok(network.stats.restarts >= 1);
    const [presign] = presigns as [Presign];
    assert.equal(presign.kind, 'targeted');
    assertPresignSigns(signWorld('imported', presign, imported));
  });

  test('a presign machine refuses messages of another session, round, sender or shape, and keeps its state', () => {
    const ids = [sessionId('refusing presign')];
    const sid = presignBatchSessionId(ids);
    const machine = createSession(
      presignSession,
      { key, target: { kind: 'universal' }, presignIds: ids, timeouts: TIMEOUTS },
      { sessionId: sid, self: 1, committee, rng },
    );
    const sent = machine.start().outgoing[0];
    assert.ok(sent?.type === 'send');
    const state = machine.serialize();
    const base = { ...sent.message, sender: 2 };
    const refuse = (message: RoundMessage, sender = message.sender) => {
      try {
        machine.handle({ type: 'message', message: { sender, message, evidence: new Uint8Array(1) } });
      } catch (error) {
        return error instanceof DWalletError ? error.code : 'untyped';
      }
      return 'accepted';
    };
    assert.equal(refuse({ ...base, sessionId: sessionId('other batch') }), SessionErrorCodes.SESSION_WRONG_SESSION);
    assert.equal(refuse({ ...base, round: 5 }), SessionErrorCodes.SESSION_UNKNOWN_ROUND);
    assert.equal(refuse(base, 3), SessionErrorCodes.SESSION_SENDER_MISMATCH);
    assert.equal(refuse({ ...base, sender: 9 }), SessionErrorCodes.SESSION_UNKNOWN_SENDER);
    assert.equal(refuse({ ...base, payload: base.payload.subarray(1) }), SessionErrorCodes.SESSION_MALFORMED_PAYLOAD);
    assert.equal(refuse({ ...base, protocol: 'another/protocol' }), SessionErrorCodes.SESSION_WRONG_PROTOCOL);
    assert.deepEqual(machine.serialize(), state);
  });

  test('a targeted presign is bound to its dWallet: in the batch session id, and in the presign the library checks at sign time', () => {
    const a = createImportedKeyMessage(key, sessionId('bound a'), 1111n, { rng }).output;
    const b = createImportedKeyMessage(key, sessionId('bound b'), 2222n, { rng }).output;
    const ids = [sessionId('bound presign')];
    const forA = presignBatchSessionId(ids, presignTarget(a, key.encryptionKey.setup));
    assert.notDeepEqual(forA, presignBatchSessionId(ids, presignTarget(b, key.encryptionKey.setup)));
    assert.notDeepEqual(forA, presignBatchSessionId(ids));
    // A session for a's presigns cannot run under the id of b's (nor of a universal batch).
    for (const wrong of [presignBatchSessionId(ids, presignTarget(b, key.encryptionKey.setup)), presignBatchSessionId(ids)]) {
      assert.equal(
        codeOf(() =>
          createSession(
            presignSession,
            { key, target: { kind: 'targeted', dwallet: a }, presignIds: ids },
            { sessionId: wrong, self: 1, committee },
          ),
        ),
        EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
      );
    }
    // A presign made for a does not sign for b, even relabelled with b's public key: its target is a's.
    const presign = dealerPresign(key, 'bound', { kind: 'targeted', dwallet: a });
    assertPresignFor(key, a, presign);
    assert.equal(
      codeOf(() => assertPresignFor(key, b, presign)),
      EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH,
    );
    const relabelled = { ...presign, dwalletPublicKey: b.publicKey } as Presign;
    assert.equal(
      codeOf(() => assertPresignFor(key, b, relabelled)),
      EcdsaErrorCodes.ECDSA_PRESIGN_MISMATCH,
    );
    // The target travels in the presign's encoding (what the chain stores and the sign transcript binds).
    const decoded = decodePresign(curve, key.encryptionKey.setup, encodePresign(presign, key.encryptionKey.setup));
    assert.equal(decoded.kind, 'targeted');
    if (decoded.kind === 'targeted') assert.deepEqual(decoded.target, presignTarget(a, key.encryptionKey.setup));
  });

  test('the batch session id must be derived from the presign ids', () => {
    const ids = [sessionId('x')];
    assert.equal(
      codeOf(() =>
        createSession(
          presignSession,
          { key, target: { kind: 'universal' }, presignIds: ids },
          { sessionId: sessionId('y'), self: 1, committee },
        ),
      ),
      EcdsaErrorCodes.ECDSA_INVALID_CONFIG,
    );
  });
});

describe('sign sessions', () => {
  const world = signWorld('sign sessions');
  // The misbehaviour scenarios are about decryption; they skip re-verifying the user's proofs
  // (verifiedBefore, the future-sign path) to keep the suite fast. The first two verify in full.

  test('happy path with message loss and restarts: one round, every validator outputs the signature', () => {
    const network = signNetwork('happy', world, { restartRate: 0.15, dropRate: 0.1 });
    for (const output of assertSigned(network, world)) assert.equal(output.status === 'signed' && output.proven, false);
  });

  test('a user message that is malformed or made for another message is rejected before any decryption share exists', () => {
    for (const [label, bytes, digest] of [
      ['truncated', world.userMessage.subarray(0, 500), world.digest],
      ['another digest', world.userMessage, digestMessage(curve, HashSchemes.KECCAK256, new Uint8Array([1]))],
    ] as const) {
      const machine = createSession(
        signSession,
        { ...signConfig(world, 1), userMessage: bytes, digest },
        {
          sessionId: sessionId(`rejected ${label}`),
          self: 1,
          committee,
        },
      );
      const step = machine.start();
      assert.equal(step.outgoing.length, 0, `${label}: a message was sent`);
      assert.equal(step.result?.status, 'completed');
      const output = (step.result as { output: SignSessionOutput }).output;
      assert.equal(output.status, 'rejected', label);
      if (output.status === 'rejected') assert.equal(output.code, EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE);
    }
  });

  test('a bad unproven share: the proven round names its sender, and the signature is made without it', () => {
    const network = signNetwork('bad share', world, {
      behaviours: new Map([[2, rewritePayloads(SignKinds.SHARE, badShare)]]),
      overrides: { verifiedBefore: true },
    });
    assertSigned(network, world, [2]);
    const blamed = network.honestParties().flatMap((p) => network.machine(p).blames.map((b) => b.party));
    assert.ok(blamed.includes(2), 'nobody named the sender of the bad share');
  });

  test('a bad share and a bad proof from the same validator: named for its proof, signature without it', () => {
    const behaviour = combine(rewritePayloads(SignKinds.SHARE, badShare), rewritePayloads(SignKinds.PROVEN_SHARE, badProof));
    const network = signNetwork('bad proof', world, {
      behaviours: new Map([[3, behaviour]]),
      restartRate: 0.1,
      overrides: { verifiedBefore: true },
    });
    assertSigned(network, world, [3]);
  });

  test('different shares to different peers (equivocation): the culprit is named and left out', () => {
    const twoFaced = equivocate(SignKinds.SHARE, (payload, to) => (to === 1 ? badShare(payload) : payload));
    const network = signNetwork('equivocation', world, { behaviours: new Map([[4, twoFaced]]), overrides: { verifiedBefore: true } });
    assertSigned(network, world, [4]);
  });

  test('equivocation and a silent validator (beyond what t = 3 of 4 tolerates): the valid proven shares still sign', () => {
    const twoFaced = equivocate(SignKinds.SHARE, (payload, to) => (to === 1 ? badShare(payload) : payload));
    const network = signNetwork('equivocation and silence', world, {
      behaviours: new Map<PartyId, Behaviour>([
        [4, twoFaced],
        [2, silent()],
      ]),
      overrides: { verifiedBefore: true },
    });
    // The named equivocator's proven share is valid: with the silent party missing, it is needed.
    assertSigned(network, world, [4, 2], { culpritsExcluded: false });
  });

  test('two validators with bad shares and bad proofs (more than W − t): an abort naming exactly them', () => {
    const behaviour = combine(rewritePayloads(SignKinds.SHARE, badShare), rewritePayloads(SignKinds.PROVEN_SHARE, badProof));
    const network = signNetwork('abort', world, {
      behaviours: new Map([
        [3, behaviour],
        [4, behaviour],
      ]),
      overrides: { verifiedBefore: true },
    });
    for (const [party, result] of honestResults(network)) {
      assert.equal(result.status, 'aborted', `party ${party} did not abort`);
      if (result.status !== 'aborted') continue;
      assert.deepEqual([...new Set(result.culprits.map((b) => b.party))].sort(), [3, 4]);
      for (const blame of result.culprits) assert.equal(blame.reason, BlameReasons.INVALID_DECRYPTION_SHARE);
    }
  });

  test('messages of another session, round, sender or shape are refused with typed errors; the machine still signs', () => {
    const network = new TestNetwork<SignSessionOutput>({
      committee,
      seed: 'refusals',
      create: (party) =>
        createSession(signSession, signConfig(world, party, { verifiedBefore: true }), {
          sessionId: sessionId('refusals'),
          self: party,
          committee,
          rng: testRng(`refusals ${party}`),
        }),
      restore: (party, state) =>
        restoreSession(
          signSession,
          signConfig(world, party, { verifiedBefore: true }),
          { sessionId: sessionId('refusals'), self: party, committee },
          state,
        ),
    });
    network.start();
    // Party 2's share message to party 1, as it went out.
    const real = network.inFlight().find((envelope) => envelope.from === 2 && envelope.to === 1);
    assert.ok(real !== undefined);
    const message = network.keys.open(real.bytes).message;
    const forged = (changes: Partial<RoundMessage>, sender = message.sender) => {
      const m = { ...message, ...changes };
      return network.deliverDirect(1, { sender, message: m, evidence: network.keys.seal({ ...m, sender: m.sender }) })?.code;
    };
    assert.equal(forged({ sessionId: sessionId('another session') }), SessionErrorCodes.SESSION_WRONG_SESSION);
    assert.equal(forged({ round: 7 }), SessionErrorCodes.SESSION_UNKNOWN_ROUND);
    assert.equal(forged({ kind: 'proof' }), SessionErrorCodes.SESSION_UNKNOWN_KIND);
    assert.equal(forged({}, 3), SessionErrorCodes.SESSION_SENDER_MISMATCH);
    assert.equal(forged({ payload: new Uint8Array([1, 2, 3]) }), SessionErrorCodes.SESSION_MALFORMED_PAYLOAD);
    // Party 3's signature on party 2's shares: the shares name party 2.
    assert.equal(forged({ sender: 3 }, 3), SessionErrorCodes.SESSION_MALFORMED_PAYLOAD);
    assert.equal(forged({ recipient: 1 }), SessionErrorCodes.SESSION_WRONG_RECIPIENT);
    const before = network.machine(1).serialize();
    assert.equal(forged({ attempt: 1 }), SessionErrorCodes.SESSION_ATTEMPT_OUT_OF_RANGE);
    assert.deepEqual(network.machine(1).serialize(), before, 'a refused message changed the state');
    network.run();
    assertSigned(network, world);
  });

  test('future sign: the stored message is verified when stored (for its digest only), then signed without re-verification', () => {
    const verify = (digest: SignDigest) => {
      const machine = createSession(
        futureSignVerificationSession,
        { key, dwallet: world.dwallet, presign: world.presign, digest, message: world.userMessage },
        { sessionId: sessionId('future sign'), self: 3, committee },
      );
      return (machine.start().result as { output: VerificationOutcome<true> }).output;
    };
    assert.deepEqual(verify(world.digest), { status: 'accepted', value: true });
    const other = verify(digestMessage(curve, HashSchemes.KECCAK256, new TextEncoder().encode('another message')));
    assert.equal(other.status, 'rejected');
    // The completion, when an approval of the same digest arrives, is the sign session with verifiedBefore.
    assertSigned(signNetwork('future sign completion', world, { overrides: { verifiedBefore: true } }), world);
  });

  test('the validator API consumes the presign once: a second session with it is refused', () => {
    const ledger = new InMemoryPresignLedger();
    const make = () =>
      createSession(signSession, signConfig(world, 1, { ledger }), { sessionId: sessionId('consumed'), self: 1, committee });
    const first: SessionMachine<SignSessionOutput> = make();
    assert.equal(first.status, 'created');
    assert.equal(codeOf(make), EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED);
  });
});

describe('sign sessions with one designated combiner', () => {
  const world = signWorld('designated combiner');
  const designated = (seed: string) =>
    new ProposerSchedule(committee, sessionId(`sign session ${seed}`), SIGNATURE_ROUND.round).proposer(0);
  // Long enough that no validator stops waiting while the combiner is live (the network's clock is simulated).
  const overrides = { verifiedBefore: true, combiners: 'designated', combineWaitMs: 60_000 } as const;

  test('with message loss and restarts, only the designated validator combines; the others check its signature and output it', () => {
    const seed = 'designated happy';
    const network = signNetwork(seed, world, { restartRate: 0.1, dropRate: 0.1, overrides });
    const combiner = designated(seed);
    assertSigned(network, world);
    for (const [party, result] of honestResults(network)) {
      const output = (result as { output: SignSessionOutput }).output;
      assert.ok(output.status === 'signed');
      if (party === combiner) assert.ok(output.decrypters.length >= 3, 'the combiner combined');
      else assert.deepEqual(output.decrypters, [], `party ${party} combined instead of checking the combiner’s signature`);
    }
    assertBlamesWithin(network, []);
  });

  test('a combiner that sends a wrong signature is named by every honest validator; after the wait they combine and sign', () => {
    for (const [label, tamper] of [
      ['another s', (bytes: Uint8Array) => bytes.map((b, i) => (i === 63 ? b ^ 1 : b))],
      ['another recovery id', (bytes: Uint8Array) => bytes.map((b, i) => (i === 64 ? b ^ 1 : b))],
    ] as const) {
      const seed = `designated wrong signature ${label}`;
      const combiner = designated(seed);
      const network = signNetwork(seed, world, {
        behaviours: new Map([[combiner, rewritePayloads(SignKinds.SIGNATURE, tamper)]]),
        overrides: { ...overrides, combineWaitMs: 2_000 },
      });
      assertSigned(network, world, [combiner]);
      for (const party of network.honestParties()) {
        const blames = network.machine(party).blames;
        assert.deepEqual(
          blames.map((b) => [b.party, b.reason]),
          [[combiner, INVALID_SIGNATURE_BLAME]],
          `${label}: party ${party}`,
        );
      }
      // After the wait an honest validator combines and sends the signature; the others may take that one.
      const combined = network.honestParties().filter((party) => {
        const output = (network.result(party) as { output: SignSessionOutput }).output;
        return output.status === 'signed' && output.decrypters.length >= 3;
      });
      assert.ok(combined.length > 0, `${label}: no honest validator combined`);
    }
  });

  test('a silent combiner: the others combine after the wait and sign', () => {
    const seed = 'designated silent';
    const combiner = designated(seed);
    const network = signNetwork(seed, world, {
      behaviours: new Map([[combiner, silent()]]),
      overrides: { ...overrides, combineWaitMs: 2_000 },
    });
    assertSigned(network, world);
    assertBlamesWithin(network, []);
  });

  test('the default: every validator combines below a threshold of 16 virtual parties, one from 16 on', () => {
    assert.equal(DESIGNATED_COMBINER_MIN_THRESHOLD, 16);
    const seed = 'default combiners';
    const network = signNetwork(seed, world, { overrides: { verifiedBefore: true } });
    for (const [party, result] of honestResults(network)) {
      const output = (result as { output: SignSessionOutput }).output;
      assert.ok(output.status === 'signed' && output.decrypters.length >= 3, `party ${party} combined (t = 3)`);
    }
    assert.ok(defaultCombineWaitMs(683) > defaultCombineWaitMs(16), 'the wait grows with the threshold');
  });
});

describe('sign sessions with standbys', () => {
  const world = signWorld('standbys');
  const standbyOf = (seed: string): PartyId => {
    const signers = signSigners(committee, sessionId(`sign session ${seed}`));
    const [standby] = [1, 2, 3, 4].filter((party) => !signers.has(party)) as [PartyId];
    return standby;
  };
  const overrides = { standbys: true } as const;

  test('the signers: a weighted draw per session, stopped as it reaches the threshold; every validator stands by in some sessions', () => {
    const weighted = createCommittee([5, 1, 1, 3, 2, 1], 9);
    const standbyCount = new Map<PartyId, number>();
    for (let i = 0; i < 60; i++) {
      for (const c of [committee, weighted]) {
        const signers = [...signSigners(c, sessionId(`signers ${i}`))];
        const weight = signers.reduce((sum, party) => sum + weightOf(c, party), 0);
        assert.ok(weight >= c.threshold, `session ${i}: the signers weigh ${weight} < t`);
        const last = signers.at(-1) as PartyId;
        assert.ok(weight - weightOf(c, last) < c.threshold, `session ${i}: the draw went on past the threshold`);
        assert.deepEqual(signSigners(c, sessionId(`signers ${i}`)), new Set(signers), 'the draw depends on the session only');
      }
      for (const party of [1, 2, 3, 4] as PartyId[]) {
        if (!signSigners(committee, sessionId(`signers ${i}`)).has(party)) standbyCount.set(party, (standbyCount.get(party) ?? 0) + 1);
      }
    }
    for (const party of [1, 2, 3, 4] as PartyId[])
      assert.ok((standbyCount.get(party) ?? 0) >= 5, `party ${party} stood by in too few sessions`);
    const seed = 'standby predicate';
    const standby = standbyOf(seed);
    const sid = sessionId(`sign session ${seed}`);
    for (const party of [1, 2, 3, 4] as PartyId[]) {
      assert.equal(isSignStandby(signConfig(world, party, overrides), sid), party === standby, `party ${party}`);
      assert.equal(isSignStandby(signConfig(world, party), sid), false, 'no standby unless asked for');
    }
  });

  test('happy path with message loss and restarts, in full: the standby sends nothing and outputs the signers’ signature', () => {
    const seed = 'standby happy';
    const network = signNetwork(seed, world, { restartRate: 0.1, dropRate: 0.1, overrides });
    const standby = standbyOf(seed);
    assertSigned(network, world);
    assert.equal(network.stats.bytesSent.get(standby) ?? 0, 0, 'the standby sent a message');
    for (const party of network.honestParties())
      assert.ok((network.stats.bytesSent.get(party) ?? 0) > 0 || party === standby, `signer ${party} sent nothing`);
    const output = (network.result(standby) as { output: SignSessionOutput }).output;
    assert.ok(output.status === 'signed' && !output.decrypters.includes(standby));
    for (const [party, result] of honestResults(network)) {
      const role = ((result as { output: SignSessionOutput }).output as { role: string }).role;
      assert.equal(role, party === standby ? 'standby' : 'signer', `party ${party}`);
    }
    assertBlamesWithin(network, []);
  });

  test('a silent signer: the standby steps in after the wait, and the signature is made', () => {
    const seed = 'standby silent signer';
    const standby = standbyOf(seed);
    const silentSigner = [1, 2, 3, 4].find((party) => party !== standby) as PartyId;
    const network = signNetwork(seed, world, {
      behaviours: new Map([[silentSigner, silent()]]),
      overrides: { ...overrides, verifiedBefore: true, standbyWaitMs: 2_000 },
    });
    assertSigned(network, world);
    assert.ok((network.stats.bytesSent.get(standby) ?? 0) > 0, 'the standby did not step in');
    assert.equal(((network.result(standby) as { output: SignSessionOutput }).output as { role: string }).role, 'stepped-in');
    assertBlamesWithin(network, []);
  });

  test('a signer with a bad share: the standby steps in on the proven round, the culprit is named and left out', () => {
    const seed = 'standby bad share';
    const standby = standbyOf(seed);
    const culprit = [1, 2, 3, 4].find((party) => party !== standby) as PartyId;
    const network = signNetwork(seed, world, {
      behaviours: new Map([[culprit, rewritePayloads(SignKinds.SHARE, badShare)]]),
      restartRate: 0.1,
      overrides: { ...overrides, verifiedBefore: true },
    });
    assertSigned(network, world, [culprit]);
    for (const party of network.honestParties()) {
      assert.deepEqual([...new Set(network.machine(party).blames.map((b) => b.party))], [culprit], `party ${party}`);
    }
    assert.ok((network.stats.bytesSent.get(standby) ?? 0) > 0, 'the standby did not step in');
  });

  test('a message the signers reject: the standby, seeing no share, verifies it after its wait and rejects it alike', () => {
    const seed = 'standby rejected';
    const standby = standbyOf(seed);
    const other = { ...world, digest: digestMessage(curve, HashSchemes.KECCAK256, new Uint8Array([1])) };
    const network = signNetwork(seed, other, { overrides: { ...overrides, standbyStartWaitMs: 5_000 } });
    for (const [party, result] of honestResults(network)) {
      assert.equal(result.status, 'completed', `party ${party}`);
      const output = (result as { output: SignSessionOutput }).output;
      assert.ok(output.status === 'rejected', `party ${party} did not reject`);
      assert.equal(output.code, EcdsaErrorCodes.ECDSA_INVALID_SIGN_MESSAGE);
    }
    assert.ok(network.clock >= 5_000, 'the standby rejected before its wait');
    assert.equal(network.stats.bytesSent.get(standby) ?? 0, 0, 'nothing is sent for a rejected message');
  });

  test('with a designated combiner the standby checks its signature like the other non-combiners', () => {
    const seed = 'standby designated';
    const network = signNetwork(seed, world, {
      overrides: { ...overrides, verifiedBefore: true, combiners: 'designated', combineWaitMs: 60_000 },
      dropRate: 0.1,
    });
    const standby = standbyOf(seed);
    assertSigned(network, world);
    const output = (network.result(standby) as { output: SignSessionOutput }).output;
    assert.ok(output.status === 'signed');
    assert.equal(network.stats.bytesSent.get(standby) ?? 0, 0, 'the standby sent a message');
  });
});
