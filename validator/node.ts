/**
 * A validator node. Its main thread runs the HTTP API, the chain follower, the agreement on result
 * batches (with BLS signing and the hand-off to relayers), the outbound peer transport and the
 * presign pool; two session worker threads (engine/worker.ts) run the request sessions, whose
 * cryptography would otherwise hold up agreement rounds and HTTP answers for seconds — one for
 * DKG, imported keys and signing, one for presigns, so that presigns made ahead of demand never
 * delay a signature. All share the validator's SQLite store. Stopping stops taking work, lets running steps finish, then closes
 * the store.
 * @module
 */
import { join } from 'node:path';
import { blsPublicKey } from '../chain/certificate.ts';
import { chainDescriptionOf } from '../chain/config.ts';
import { openChain, waitForChain } from '../chain/connect.ts';
import { CoordinatorClient } from '../chain/coordinator-client.ts';
import { readCoordinator } from '../chain/object-reader.ts';
import { isSessionKind, REQUEST_KINDS, SESSION_KINDS } from '../chain/schemas/requests.ts';
import type { EcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import { createLogger, type Logger, type LogLevel } from '../runtime/log.ts';
import { serveHono } from '../runtime/serve.ts';
import { agreementEngine } from './batches/agreement-engine.ts';
import { RESULT_BATCH_PROTOCOL } from './batches/batch-protocol.ts';
import { BatchDecider } from './batches/decider.ts';
import { RelayerPush } from './batches/relayer-push.ts';
import { ChainEvents } from './chain-events.ts';
import { CommitteeView } from './committee-view.ts';
import type { ValidatorConfig } from './config.ts';
import { REQUEST_KIND_OF_PROTOCOL } from './engine/plan.ts';
import { RequestSessions } from './engine/request-sessions.ts';
import type { SessionEngine } from './engine/session-engine.ts';
import type { Fault } from './faults.ts';
import { validatorApp } from './http.ts';
import { readKeyFile } from './key-file.ts';
import { ValidatorMetrics } from './metrics.ts';
import { PeerAdmission } from './peer/admission.ts';
import { localPeerIdentity, PeerIdentityVerifier } from './peer/identity.ts';
import { followPeerIdentities } from './peer/identity-fetch.ts';
import { PeerInbound } from './peer/inbound.ts';
import { PeerTransport } from './peer/transport.ts';
import { PresignPoolFiller } from './presign-pool.ts';
import { ValidatorStore } from './store/database.ts';

export interface ValidatorNode {
  readonly url: string;
  readonly party: number;
  readonly metrics: ValidatorMetrics;
  stop(): Promise<void>;
}

/** Presigns, made ahead of demand, run in a worker of their own; every other kind in the "signing" worker. */
const PRESIGNING_KINDS = SESSION_KINDS.filter((kind) => REQUEST_KINDS[kind].work === 'presign');
const SIGNING_KINDS = SESSION_KINDS.filter((kind) => REQUEST_KINDS[kind].work !== 'presign');

/** Queued envelopes for sessions that never started are dropped after this long. */
const QUEUED_ENVELOPE_TTL_MS = 10 * 60_000;

export async function startValidator(config: ValidatorConfig, options: { logger?: Logger } = {}): Promise<ValidatorNode> {
  const logger = options.logger ?? createLogger('validator', { level: config.logLevel as LogLevel });
  const keys = readKeyFile(config.keyFile);
  const faults = new Set(config.faults as Fault[]);
  if (faults.size > 0) logger.warn('FAULT INJECTION ENABLED: this validator misbehaves on purpose', { faults: [...faults] });
  const chainDescription = chainDescriptionOf(config);
  const chain = openChain(chainDescription);
  const deployment = await waitForChain(chain, { onWaiting: (error) => logger.warn('chain not reachable yet; retrying', { error }) });
  const coordinator = await readCoordinator(chain);
  let view = new CommitteeView(coordinator.epoch, coordinator.committee);
  const ownKey = blsPublicKey(keys.blsSecretKey);
  const party = view.selfParty(ownKey);
  const identity = localPeerIdentity(party, keys.blsSecretKey, keys.peerSecretKey);
  const dbPath = join(config.dataDir, 'validator.sqlite');
  const store = ValidatorStore.open(dbPath);
  const metrics = new ValidatorMetrics();
  const log = logger.child({ party });
  const currentView = () => view;

  const relayerPush = new RelayerPush({
    store,
    relayers: config.relayers,
    signer: () => party - 1,
    metrics,
    logger: log,
    intervalMs: 1000,
    timeoutMs: config.peerTimeoutMs,
  });
  const transport = new PeerTransport({
    store,
    view: currentView,
    self: party,
    metrics,
    logger: log,
    timeoutMs: config.peerTimeoutMs,
    retryBaseMs: config.retryBaseMs,
    retryMaxMs: config.retryMaxMs,
    maxAgeMs: config.deliveryMaxAgeMs,
    concurrency: 4,
  });
  let agreements: SessionEngine | undefined;
  const getAgreements = () => agreements as SessionEngine;
  const decider = new BatchDecider({
    store,
    engine: getAgreements,
    view: currentView,
    coordinatorId: deployment.coordinatorId,
    blsSecretKey: keys.blsSecretKey,
    metrics,
    logger: log,
    timeouts: { attemptMs: config.batchAttemptMs, attemptIncrementMs: config.batchAttemptIncrementMs },
    recheckMs: config.batchRecheckMs,
    onDecided: () => relayerPush.kick(),
  });
  let stopping = false;
  const workerSetup = {
    dbPath,
    keyFile: config.keyFile,
    chain: chainDescription,
    party,
    epoch: view.epoch,
    committee: coordinator.committee,
    logLevel: config.logLevel as LogLevel,
    faults: [...faults],
    timeouts: {
      attemptMs: config.aggregationAttemptMs,
      attemptIncrementMs: config.aggregationAttemptIncrementMs,
      fetchMs: config.aggregationFetchMs,
    },
    signResendMs: config.signResendMs,
    closeGraceMs: config.closeGraceMs,
    retryPlanMs: 5000,
    maxQueuedPerSender: config.maxQueuedPerSender,
  };
  const handlers = {
    metrics,
    logger: log,
    onSent: (recipients: readonly number[]) => transport.kick(recipients),
    onEnded: () => decider.poke(),
    onFatal: (reason: string) => {
      if (stopping) return;
      log.error('a session worker failed; exiting', { reason });
      process.exit(1);
    },
  };
  const [signing, presigning] = await Promise.all([
    RequestSessions.start({ ...workerSetup, name: 'signing', kinds: SIGNING_KINDS }, handlers),
    RequestSessions.start({ ...workerSetup, name: 'presigning', kinds: PRESIGNING_KINDS }, handlers),
  ]);
  const workerFor = (kind: string) => (isSessionKind(kind) && REQUEST_KINDS[kind].work === 'presign' ? presigning : signing);
  const sessions = {
    start: (id: string) => {
      const kind = store.session(id)?.kind;
      if (kind !== undefined) workerFor(kind).start(id);
    },
    close: (id: string) => {
      const kind = store.session(id)?.kind;
      if (kind !== undefined) workerFor(kind).close(id);
    },
  };
  const verifier = new PeerIdentityVerifier();
  const admission = new PeerAdmission();
  let inbound: PeerInbound | undefined;
  agreements = agreementEngine({
    store,
    view: currentView,
    identity,
    metrics,
    logger: log,
    faults: new Set(),
    decider,
    open: (envelope) => (inbound as PeerInbound).open(envelope),
    onSent: (recipients) => transport.kick(recipients),
    closeGraceMs: config.closeGraceMs,
    retryPlanMs: 5000,
  });
  inbound = new PeerInbound({
    store,
    engine: agreements,
    view: currentView,
    verifier,
    self: party,
    protocols: new Set([RESULT_BATCH_PROTOCOL]),
    claim: (id) => decider.claim(id),
    maxQueuedPerSender: config.maxQueuedPerSender,
    metrics,
    admission,
    forward: (protocol) => {
      const kind = REQUEST_KIND_OF_PROTOCOL[protocol];
      return kind === undefined ? undefined : workerFor(kind);
    },
  });
  const chainEvents = new ChainEvents({
    chain,
    store,
    sessions,
    decider,
    logger: log,
    pollIntervalMs: config.pollIntervalMs,
    epoch: () => view.epoch,
    onCommittee: (epoch) => {
      if (epoch <= view.epoch) return;
      void readCoordinator(chain).then((latest) => {
        const next = new CommitteeView(latest.epoch, latest.committee);
        if (next.memberByBlsKey(ownKey)?.party !== party) {
          log.error('this validator’s place in the committee changed; restart it to follow the new committee', { epoch: latest.epoch });
          return;
        }
        view = next;
        for (const worker of [signing, presigning]) worker.committee(latest.epoch, latest.committee);
        log.info('committee updated', { epoch: latest.epoch });
      });
    },
  });
  const inFlight = () => {
    const counts: Record<string, number> = {};
    for (const kind of [...SESSION_KINDS, 'batch']) {
      const n = metrics.sessionsInFlight.get({ kind });
      if (n > 0) counts[kind] = n;
    }
    return counts;
  };
  const http = await serveHono(
    validatorApp({
      inbound,
      admission,
      identity,
      epoch: () => view.epoch,
      decided: (sequence) => {
        const row = store.batch(sequence);
        if (row?.batch == null || row.signature == null) return undefined;
        return { batch: new Uint8Array(row.batch), signature: new Uint8Array(row.signature), onChain: row.onChain };
      },
      health: () => ({
        party,
        epoch: view.epoch.toString(),
        caughtUp: chainEvents.caughtUp,
        nextSequence: decider.current,
        sessionsInFlight: inFlight(),
      }),
      logger: log,
      metrics,
    }),
    config.host,
    config.port,
  );

  decider.init();
  agreements.resume();
  transport.start();
  const controller = new AbortController();
  const loops: Promise<void>[] = [
    chainEvents.run(controller.signal),
    relayerPush.run(controller.signal),
    followPeerIdentities(
      { view: currentView, self: party, verifier, logger: log, timeoutMs: config.peerTimeoutMs, retryMs: 5000 },
      controller.signal,
    ),
  ];
  if (config.presignPoolTarget > 0) {
    const pool = new PresignPoolFiller({
      chain,
      client: new CoordinatorClient(deployment),
      store,
      keypair: keys.suiKeypair,
      view: currentView,
      self: party,
      target: config.presignPoolTarget,
      curves: config.presignPoolCurves as EcdsaCurveName[],
      perTransaction: config.presignsPerTransaction,
      intervalMs: config.presignPoolIntervalMs,
      metrics,
      logger: log,
    });
    loops.push(pool.run(controller.signal));
  }
  const gc = setInterval(() => {
    const dropped = store.dropStaleQueued(Date.now() - QUEUED_ENVELOPE_TTL_MS, (id) => getAgreements().isPending(id));
    if (dropped > 0) log.info('dropped envelopes queued for sessions that never started', { dropped });
  }, 60_000);
  log.info('validator started', { url: http.url, party, epoch: view.epoch, relayers: config.relayers });

  return {
    url: http.url,
    party,
    metrics,
    stop: async () => {
      stopping = true;
      controller.abort();
      clearInterval(gc);
      await Promise.allSettled(loops);
      await Promise.all([getAgreements().stop(), signing.stop(), presigning.stop()]);
      await transport.stop();
      await http.close();
      store.close();
    },
  };
}
