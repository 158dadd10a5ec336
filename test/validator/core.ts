/**
 * Validators without a chain, for tests of the session engine, the peer transport and the batch
 * decider: each one is the real store, engine, inbound path, HTTP API, outbound transport and
 * decider, on loopback ports; the test plays the chain by writing requests and results into the
 * stores and telling the deciders which sequences the chain recorded.
 */
import { join } from 'node:path';
import type { CommitteeValue } from '../../chain/schemas/objects.ts';
import { decodeResultBatch, resultVariant } from '../../chain/schemas/result-batch.ts';
import { SessionId } from '../../chain/session-id.ts';
import { createLogger } from '../../runtime/log.ts';
import { type RunningHttp, serveHono } from '../../runtime/serve.ts';
import { agreementEngine } from '../../validator/batches/agreement-engine.ts';
import { RESULT_BATCH_PROTOCOL } from '../../validator/batches/batch-protocol.ts';
import { BatchDecider } from '../../validator/batches/decider.ts';
import { CommitteeView } from '../../validator/committee-view.ts';
import { encodeEntry } from '../../validator/engine/results.ts';
import type { SessionEngine } from '../../validator/engine/session-engine.ts';
import { validatorApp } from '../../validator/http.ts';
import { ValidatorMetrics } from '../../validator/metrics.ts';
import { type AdmissionLimits, PeerAdmission } from '../../validator/peer/admission.ts';
import { PeerIdentityVerifier } from '../../validator/peer/identity.ts';
import { PeerInbound } from '../../validator/peer/inbound.ts';
import { openPeerEnvelope } from '../../validator/peer/opener.ts';
import { PeerTransport } from '../../validator/peer/transport.ts';
import { ValidatorStore } from '../../validator/store/database.ts';
import type { TestMember } from './support.ts';

/** The coordinator id the test cores certify result batches for. */
export const TEST_COORDINATOR_ID = `0x${'ab'.repeat(32)}`;

/** A share-encryption key for committees of these tests (the secp256k1 generator, compressed). */
const SHARE_ENCRYPTION_KEY = Uint8Array.from(Buffer.from('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798', 'hex'));

export interface CoreValidator {
  readonly member: TestMember;
  readonly dir: string;
  store: ValidatorStore;
  engine: SessionEngine;
  decider: BatchDecider;
  inbound: PeerInbound;
  verifier: PeerIdentityVerifier;
  metrics: ValidatorMetrics;
  http: RunningHttp;
  transport: PeerTransport;
  /** The request sessions a proposed batch asked for a result of (decider option onResultLacking), in order. */
  readonly lacking: string[];
  stop(): Promise<void>;
}

/** The committee whose members listen on the given ports. */
export function viewWithPorts(members: readonly TestMember[], ports: readonly number[], base: CommitteeView): CommitteeView {
  const value: CommitteeValue = {
    members: base.members.map((m, i) => ({
      public_key: m.blsPublicKey,
      weight: BigInt(m.weight),
      sui_address: m.suiAddress,
      network_address: `http://127.0.0.1:${ports[i]}`,
      share_encryption_key: SHARE_ENCRYPTION_KEY,
    })),
    total_weight: BigInt(members.length),
    threshold: BigInt(base.threshold),
  };
  return new CommitteeView(base.epoch, value);
}

export async function startCore(options: {
  member: TestMember;
  dir: string;
  view: CommitteeView;
  port: number;
  maxQueuedPerSender?: number;
  /** Receives the validator's log lines (warnings and errors); by default only errors go to stderr. */
  logSink?: (line: string) => void;
  admission?: AdmissionLimits;
  /** Decider option landMs: how long a decided batch has to land before its sequence is decided again. */
  landMs?: number;
}): Promise<CoreValidator> {
  const { member, view } = options;
  const logger = createLogger('validator', {
    level: options.logSink === undefined ? 'error' : 'warn',
    fields: { party: member.party },
    sink: options.logSink,
  });
  const store = ValidatorStore.open(join(options.dir, 'validator.sqlite'));
  const metrics = new ValidatorMetrics();
  let engine: SessionEngine | undefined;
  const lacking: string[] = [];
  const decider = new BatchDecider({
    store,
    engine: () => engine as SessionEngine,
    view: () => view,
    coordinatorId: TEST_COORDINATOR_ID,
    blsSecretKey: member.blsSecretKey,
    metrics,
    logger,
    timeouts: { attemptMs: 1000, attemptIncrementMs: 500 },
    recheckMs: 100,
    landMs: options.landMs ?? 60_000,
    onDecided: () => {},
    onResultLacking: (mpcSessionId) => lacking.push(mpcSessionId),
  });
  const transport = new PeerTransport({
    store,
    view: () => view,
    self: member.party,
    metrics,
    logger,
    timeoutMs: 5000,
    retryBaseMs: 20,
    retryMaxMs: 200,
    maxAgeMs: 120_000,
    concurrency: 4,
  });
  const admission = new PeerAdmission(options.admission);
  const verifier = new PeerIdentityVerifier();
  engine = agreementEngine({
    store,
    view: () => view,
    identity: member.identity,
    metrics,
    logger,
    faults: new Set(),
    decider,
    open: (envelope) => openPeerEnvelope({ view: () => view, verifier, metrics }, envelope),
    onSent: (recipients) => transport.kick(recipients),
    closeGraceMs: 200,
    retryPlanMs: 200,
  });
  const inbound = new PeerInbound({
    store,
    engine,
    view: () => view,
    verifier,
    self: member.party,
    protocols: new Set([RESULT_BATCH_PROTOCOL]),
    claim: (id) => decider.claim(id),
    maxQueuedPerSender: options.maxQueuedPerSender ?? 100,
    metrics,
    admission,
  });
  const http = await serveHono(
    validatorApp({
      inbound,
      admission,
      identity: member.identity,
      epoch: () => view.epoch,
      decided: (sequence) => {
        const decided = decider.decided(sequence);
        return decided === undefined ? undefined : { ...decided, onChain: false };
      },
      health: () => ({ party: member.party, nextSequence: decider.current }),
      logger,
      metrics,
    }),
    '127.0.0.1',
    options.port,
  );
  decider.init();
  engine.resume();
  transport.start();
  const core: CoreValidator = {
    member,
    dir: options.dir,
    store,
    engine,
    decider,
    inbound,
    verifier,
    metrics,
    http,
    transport,
    lacking,
    stop: async () => {
      decider.stop();
      await (engine as SessionEngine).stop();
      await transport.stop();
      await http.close();
      store.close();
    },
  };
  return core;
}

/** A finished sign request, as the chain follower and a sign session would have stored it. */
export function storeSignResult(store: ValidatorStore, label: string, sequence: number, fill = 7): SessionId {
  const sessionId = SessionId.fromBytes(new Uint8Array(32).fill(sequence + 1).map((b, i) => (i === 0 ? label.charCodeAt(0) : b)));
  const signature = new Uint8Array(65).fill(fill);
  signature[64] = 0;
  store.insertRequest({
    sessionId,
    mpcSessionId: sessionId,
    kind: 'sign',
    sessionSequence: sequence,
    txDigest: `tx-${label}`,
    eventName: 'SignRequested',
    event: Buffer.from([0]),
    requestedAt: Date.now(),
  });
  store.setResult(sessionId, encodeEntry({ Signature: { session_id: SessionId.bytes(sessionId), signature } }), Date.now());
  return sessionId;
}

/**
 * The chain records batch `sequence` as the chain follower reports it: the result events mark the
 * batch's requests on chain, then the decider hears of the batch.
 */
export function recordOnChain(core: CoreValidator, sequence: number): void {
  const decided = core.decider.decided(sequence);
  if (decided !== undefined) {
    for (const result of decodeResultBatch(decided.batch).results) {
      core.store.markRequestOnChain(SessionId.fromBytes(resultVariant(result).sessionId), sequence);
    }
  }
  core.decider.onChainProcessed(sequence);
}

export async function until(condition: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
