/**
 * A validator node. Its main thread runs the HTTP API, the chain follower, the agreement on result
 * batches (with BLS signing and the hand-off to relayers), the outbound peer transport and the
 * presign pool; two session worker threads (engine/session-workers.ts) run the request sessions,
 * whose cryptography would otherwise hold up agreement rounds and HTTP answers for seconds — one
 * for DKG, imported keys and signing, one for presigns, so that presigns made ahead of demand
 * never delay a signature. All share the validator's SQLite store.
 *
 * `startValidator` is built from named steps, in the order they depend on each other: open the
 * keys, chain, committee and store; the outbound side (peer transport, relayer push); the
 * agreement on result batches; the session workers; the inbound side; the chain follower; the
 * HTTP API; the loops. Stopping stops taking work, lets running steps finish, then closes the
 * store.
 * @module
 */
import { join } from 'node:path';
import { blsPublicKey } from '../chain/certificate.ts';
import type { Chain, Deployment } from '../chain/chain.ts';
import { chainDescriptionOf } from '../chain/config.ts';
import { type ChainDescription, openChain, waitForChain } from '../chain/connect.ts';
import { CoordinatorClient } from '../chain/coordinator-client.ts';
import { readCoordinator } from '../chain/object-reader.ts';
import { isTransientChainError, sleep } from '../chain/retry.ts';
import type { CommitteeValue } from '../chain/schemas/objects.ts';
import { SESSION_KINDS } from '../chain/schemas/requests.ts';
import type { CurveName } from '../mpc/curves/curve.ts';
import { encodeThresholdKey } from '../mpc/ecdsa/network-key/encoding.ts';
import { networkKeySetup } from '../mpc/ecdsa/protocols/network-key-dkg.ts';
import { SIGN_STANDBY_TIMER } from '../mpc/ecdsa/protocols/sign.ts';
import type { SignatureAlgorithmName } from '../mpc/signing/algorithms.ts';
import { createLogger, type Logger, type LogLevel } from '../runtime/log.ts';
import { type RunningHttp, serveHono } from '../runtime/serve.ts';
import { agreementEngine } from './batches/agreement-engine.ts';
import { RESULT_BATCH_PROTOCOL } from './batches/batch-protocol.ts';
import { BatchDecider } from './batches/decider.ts';
import { RelayerPush } from './batches/relayer-push.ts';
import { ChainEvents } from './chain-events.ts';
import { CommitteeView, transitionOf } from './committee-view.ts';
import type { ValidatorConfig } from './config.ts';
import type { SessionEngine } from './engine/session-engine.ts';
import { SessionWorkers } from './engine/session-workers.ts';
import type { Fault } from './faults.ts';
import { validatorApp } from './http.ts';
import { readKeyFile, type ValidatorKeys } from './key-file.ts';
import { KeyShareStore } from './key-shares.ts';
import { ValidatorMetrics } from './metrics.ts';
import { PeerAdmission } from './peer/admission.ts';
import { type LocalPeerIdentity, localPeerIdentity, PeerIdentityVerifier } from './peer/identity.ts';
import { followPeerIdentities } from './peer/identity-fetch.ts';
import { PeerInbound } from './peer/inbound.ts';
import { openPeerEnvelope } from './peer/opener.ts';
import { PeerTransport } from './peer/transport.ts';
import { PresignPoolFiller } from './presign-pool.ts';
import { ValidatorStore } from './store/database.ts';

export interface ValidatorNode {
  readonly url: string;
  readonly party: number;
  readonly metrics: ValidatorMetrics;
  /** Resolves when the validator must end by itself: after an epoch change (EXIT_RESTART), or having left the committee (0). */
  readonly ended: Promise<{ readonly code: number; readonly reason: string }>;
  stop(): Promise<void>;
}

/** Queued envelopes for sessions that never started are dropped after this long. */
const QUEUED_ENVELOPE_TTL_MS = 10 * 60_000;
/** The exit status of a validator that must be restarted to serve a new epoch (EX_TEMPFAIL). */
export const EXIT_RESTART = 75;
/** Retry period of a session whose plan failed here, and of the peer identities not learned yet. */
const RETRY_MS = 5000;

/** What every step shares: the keys, the chain, this validator's place in the committee, the store. */
interface Basis {
  readonly config: ValidatorConfig;
  readonly log: Logger;
  readonly keys: ValidatorKeys;
  readonly faults: readonly Fault[];
  readonly chainDescription: ChainDescription;
  readonly chain: Chain;
  readonly deployment: Deployment;
  readonly party: number;
  /**
   * Whether this validator is joining: not in the current committee, but in the next one of an
   * epoch change under way. It then takes part in the resharing only (its party is its id in the
   * union committee) and restarts once the new committee is installed.
   */
  readonly joining: boolean;
  /** The union committee of the epoch change under way, if any (committee-view.ts `transitionOf`). */
  readonly union: () => CommitteeView | undefined;
  readonly setUnion: (union: CommitteeView | undefined) => void;
  readonly identity: LocalPeerIdentity;
  /** The committee as the chain recorded it at start (the session workers' first view). */
  readonly committeeAtStart: CommitteeValue;
  /** The committee of the current epoch (replaced when the chain sets a new one). */
  readonly view: () => CommitteeView;
  readonly setView: (view: CommitteeView) => void;
  readonly dbPath: string;
  readonly store: ValidatorStore;
  readonly metrics: ValidatorMetrics;
}

/** Step 1: the key file (first: a key file others can read stops the validator before anything else), the chain, the committee, the store. */
async function openBasis(config: ValidatorConfig, logger: Logger): Promise<Basis> {
  const keys = readKeyFile(config.keyFile);
  const faults = [...new Set(config.faults as Fault[])];
  if (faults.length > 0) logger.warn('FAULT INJECTION ENABLED: this validator misbehaves on purpose', { faults });
  const chainDescription = chainDescriptionOf(config);
  const chain = openChain(chainDescription);
  const deployment = await waitForChain(chain, { onWaiting: (error) => logger.warn('chain not reachable yet; retrying', { error }) });
  const coordinator = await readCoordinator(chain);
  let view = new CommitteeView(coordinator.epoch, coordinator.committee);
  const pending = coordinator.pending_committee;
  let union = pending === null ? undefined : transitionOf(view, pending, coordinator.epoch + 1n).union;
  const ownKey = blsPublicKey(keys.blsSecretKey);
  const member = view.memberByBlsKey(ownKey);
  const joiner = member === undefined ? union?.memberByBlsKey(ownKey) : undefined;
  // Neither a member nor joining: refused (VALIDATOR_NOT_IN_COMMITTEE).
  const party = member?.party ?? joiner?.party ?? view.selfParty(ownKey);
  const dbPath = join(config.dataDir, 'validator.sqlite');
  const store = ValidatorStore.open(dbPath);
  const log = logger.child({ party });
  const restarted = store.restartSessionsBefore(view.epoch);
  if (restarted.length > 0)
    log.info('sessions of an earlier epoch restart under this epoch’s committee', { epoch: view.epoch, sessions: restarted.length });
  if (joiner !== undefined)
    log.info('joining: this validator is in the next committee; it takes part in the resharing', { nextEpoch: union?.epoch });
  return {
    config,
    log,
    keys,
    faults,
    chainDescription,
    chain,
    deployment,
    party,
    joining: joiner !== undefined,
    union: () => union,
    setUnion: (next) => {
      union = next;
    },
    identity: localPeerIdentity(party, keys.blsSecretKey, keys.peerSecretKey),
    committeeAtStart: coordinator.committee,
    view: () => view,
    setView: (next) => {
      view = next;
    },
    dbPath,
    store,
    metrics: new ValidatorMetrics(),
  };
}

/** Step 2: what leaves the validator — envelopes to peers, batch signatures to relayers. */
function startOutbound({ config, store, view, union, party, metrics, log }: Basis) {
  const transport = new PeerTransport({
    store,
    view,
    union,
    self: party,
    metrics,
    logger: log,
    timeoutMs: config.peerTimeoutMs,
    retryBaseMs: config.retryBaseMs,
    retryMaxMs: config.retryMaxMs,
    maxAgeMs: config.deliveryMaxAgeMs,
    concurrency: 4,
  });
  const relayerPush = new RelayerPush({
    store,
    relayers: config.relayers,
    signer: () => party - 1,
    metrics,
    logger: log,
    intervalMs: 1000,
    timeoutMs: config.peerTimeoutMs,
  });
  return { transport, relayerPush };
}

type Outbound = ReturnType<typeof startOutbound>;

/** How envelopes are authenticated: one verifier of peer identities, per-source budgets of certificate checks. */
function peerSecurity({ view, union, metrics }: Basis) {
  const verifier = new PeerIdentityVerifier();
  const admission = new PeerAdmission();
  /** Opens an envelope this validator stored itself. */
  const openStored = (bytes: Uint8Array) => openPeerEnvelope({ view, union, verifier, metrics }, bytes);
  return { verifier, admission, openStored };
}

type PeerSecurity = ReturnType<typeof peerSecurity>;

/** Step 3: the agreement on result batches — the decider and the main thread's engine, which runs only those agreements. */
function startBatchAgreement(basis: Basis, outbound: Outbound, security: PeerSecurity, onResultLacking: (mpcSessionId: string) => void) {
  const { config, store, view, identity, metrics, log } = basis;
  let engine: SessionEngine | undefined;
  const decider = new BatchDecider({
    store,
    engine: () => engine as SessionEngine,
    view,
    coordinatorId: basis.deployment.coordinatorId,
    blsSecretKey: basis.keys.blsSecretKey,
    metrics,
    logger: log,
    timeouts: { attemptMs: config.batchAttemptMs, attemptIncrementMs: config.batchAttemptIncrementMs },
    recheckMs: config.batchRecheckMs,
    landMs: config.batchLandMs,
    onDecided: () => outbound.relayerPush.kick(),
    onResultLacking,
  });
  engine = agreementEngine({
    store,
    view,
    identity,
    metrics,
    logger: log,
    faults: new Set(),
    decider,
    open: security.openStored,
    onSent: (recipients) => outbound.transport.kick(recipients),
    closeGraceMs: config.closeGraceMs,
    retryPlanMs: RETRY_MS,
  });
  return { decider, engine };
}

type BatchAgreement = ReturnType<typeof startBatchAgreement>;

/** Step 4: the session workers, which run the request sessions. */
function startSessionWorkers(
  basis: Basis,
  outbound: Outbound,
  batches: BatchAgreement,
  isStopping: () => boolean,
): Promise<SessionWorkers> {
  const { config, log } = basis;
  return SessionWorkers.start(
    basis.store,
    {
      dbPath: basis.dbPath,
      keyFile: config.keyFile,
      keySharesDir: join(config.dataDir, 'network-keys'),
      chain: basis.chainDescription,
      party: basis.party,
      epoch: basis.view().epoch,
      committee: basis.committeeAtStart,
      logLevel: config.logLevel as LogLevel,
      faults: basis.faults,
      timeouts: {
        attemptMs: config.aggregationAttemptMs,
        attemptIncrementMs: config.aggregationAttemptIncrementMs,
        fetchMs: config.aggregationFetchMs,
      },
      signResendMs: config.signResendMs,
      closeGraceMs: config.closeGraceMs,
      retryPlanMs: RETRY_MS,
      maxQueuedPerSender: config.maxQueuedPerSender,
      signVerifyTogether: config.signVerifyTogether,
      signStandbyWaitMs: config.signStandbyWaitMs,
    },
    {
      metrics: basis.metrics,
      logger: log,
      onSent: (recipients) => outbound.transport.kick(recipients),
      // A joining validator certifies nothing: the current committee certifies the epoch change.
      onEnded: () => {
        if (!basis.joining) batches.decider.poke();
      },
      onFatal: (reason) => {
        if (isStopping()) return;
        log.error('a session worker failed; exiting', { reason });
        process.exit(1);
      },
    },
    basis.joining ? ['network'] : undefined,
  );
}

/** Step 5: envelopes from peers — result-batch agreements are checked here, request sessions' envelopes are handed to their worker. */
function peerInbound(basis: Basis, security: PeerSecurity, batches: BatchAgreement, workers: SessionWorkers): PeerInbound {
  return new PeerInbound({
    store: basis.store,
    engine: batches.engine,
    view: basis.view,
    union: basis.union,
    verifier: security.verifier,
    self: basis.party,
    protocols: new Set([RESULT_BATCH_PROTOCOL]),
    claim: (id) => batches.decider.claim(id),
    maxQueuedPerSender: basis.config.maxQueuedPerSender,
    metrics: basis.metrics,
    admission: security.admission,
    forward: (protocol) => workers.forward(protocol),
  });
}

/** Step 6: the chain follower, and the committee it follows (a new epoch's committee is passed to the workers). */
function followChain(
  basis: Basis,
  batches: BatchAgreement,
  workers: SessionWorkers,
  ended: (end: { code: number; reason: string }) => void,
): ChainEvents {
  const { chain, view, log, party } = basis;
  const ownKey = blsPublicKey(basis.keys.blsSecretKey);
  return new ChainEvents({
    chain,
    store: basis.store,
    sessions: workers,
    decider: batches.decider,
    logger: log,
    pollIntervalMs: basis.config.pollIntervalMs,
    epoch: () => view().epoch,
    onCommittee: (epoch) => {
      if (epoch <= view().epoch) return;
      void readCoordinatorPatiently(chain, basis.config.pollIntervalMs).then(
        (latest) => {
          // Every validator restarts into the new epoch: sessions the old committee did not finish
          // start again under the new one (store.restartSessionsBefore), and a validator whose
          // place changed serves under its new party id. One that left stops for good.
          const place = new CommitteeView(latest.epoch, latest.committee).memberByBlsKey(ownKey)?.party;
          if (place === undefined) {
            log.info('this validator left the committee', { epoch: latest.epoch });
            ended({ code: 0, reason: `left the committee at epoch ${latest.epoch}` });
          } else {
            log.info('new committee installed; restarting to serve it', { epoch: latest.epoch, party: place, was: party });
            ended({ code: EXIT_RESTART, reason: `restart to serve epoch ${latest.epoch} as party ${place}` });
          }
        },
        (error) =>
          // Not reachable for minutes, or not readable: keep serving the committee held (an
          // unhandled rejection would end the process) and say what to do.
          log.error('cannot read the new committee from the chain; restart this validator to follow it', { epoch, error }),
      );
    },
    onReconfiguration: () => {
      void readCoordinatorPatiently(chain, basis.config.pollIntervalMs).then(
        (latest) => {
          if (latest.pending_committee === null || latest.epoch !== view().epoch) return;
          const union = transitionOf(view(), latest.pending_committee, latest.epoch + 1n).union;
          basis.setUnion(union);
          log.info('epoch change requested: resharing with the next committee', { nextEpoch: union.epoch, parties: union.members.length });
        },
        (error) => log.error('cannot read the requested committee from the chain', { error }),
      );
    },
  });
}

/** Reads the coordinator, retrying while the chain is unreachable (backing off up to 32 polls, for about 20 attempts). */
async function readCoordinatorPatiently(chain: Chain, pollIntervalMs: number) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await readCoordinator(chain);
    } catch (error) {
      if (!isTransientChainError(error) || attempt >= 20) throw error;
      await sleep(pollIntervalMs * 2 ** Math.min(attempt, 5));
    }
  }
}

/** Step 7: the HTTP API (peer envelopes and identity, decided batches, health, metrics). */
function serveApi(
  basis: Basis,
  security: PeerSecurity,
  inbound: PeerInbound,
  batches: BatchAgreement,
  chainEvents: ChainEvents,
): Promise<RunningHttp> {
  const { store, view, metrics, party } = basis;
  const keyShares = new KeyShareStore(join(basis.config.dataDir, 'network-keys'), networkKeySetup);
  const inFlight = () => {
    const counts: Record<string, number> = {};
    for (const kind of [...SESSION_KINDS, 'batch']) {
      const n = metrics.sessionsInFlight.get({ kind });
      if (n > 0) counts[kind] = n;
    }
    return counts;
  };
  return serveHono(
    validatorApp({
      inbound,
      admission: security.admission,
      identity: basis.identity,
      epoch: () => view().epoch,
      decided: (sequence) => {
        const row = store.batch(sequence);
        if (row?.batch == null || row.signature == null) return undefined;
        return { batch: new Uint8Array(row.batch), signature: new Uint8Array(row.signature), onChain: row.onChain };
      },
      thresholdKeys: (networkKeyId, epoch) => {
        const version = keyShares.load(networkKeyId).find((v) => v.epoch === epoch);
        return version?.curves.map((c) => encodeThresholdKey(c.curve, c.thresholdKey));
      },
      health: () => ({
        party,
        joining: basis.joining,
        epoch: view().epoch.toString(),
        caughtUp: chainEvents.caughtUp,
        nextSequence: batches.decider.current,
        sessionsInFlight: inFlight(),
      }),
      logger: basis.log,
      metrics,
    }),
    basis.config.host,
    basis.config.port,
  );
}

/** Step 8: the loops — chain follower, relayer push, peer identities, presign pool, and the sweep of stale queued envelopes. Returns their stop. */
function startLoops(basis: Basis, outbound: Outbound, security: PeerSecurity, batches: BatchAgreement, chainEvents: ChainEvents) {
  const { config, store, view, party, metrics, log } = basis;
  const controller = new AbortController();
  const loops: Promise<void>[] = [
    chainEvents.run(controller.signal),
    outbound.relayerPush.run(controller.signal),
    followPeerIdentities(
      { view, self: party, verifier: security.verifier, logger: log, timeoutMs: config.peerTimeoutMs, retryMs: RETRY_MS },
      controller.signal,
    ),
  ];
  if (config.presignPoolTarget > 0 && !basis.joining) {
    const pool = new PresignPoolFiller({
      chain: basis.chain,
      client: new CoordinatorClient(basis.deployment),
      store,
      keypair: basis.keys.suiKeypair,
      view,
      self: party,
      target: config.presignPoolTarget,
      curves: config.presignPoolCurves as CurveName[],
      algorithms: config.presignPoolAlgorithms as SignatureAlgorithmName[],
      perTransaction: config.presignsPerTransaction,
      intervalMs: config.presignPoolIntervalMs,
      metrics,
      logger: log,
    });
    loops.push(pool.run(controller.signal));
  }
  const sweep = setInterval(() => {
    const dropped = store.dropStaleQueued(Date.now() - QUEUED_ENVELOPE_TTL_MS, (id) => batches.engine.isPending(id));
    if (dropped > 0) log.info('dropped envelopes queued for sessions that never started', { dropped });
  }, 60_000);
  return async () => {
    controller.abort();
    clearInterval(sweep);
    await Promise.allSettled(loops);
  };
}

export async function startValidator(config: ValidatorConfig, options: { logger?: Logger } = {}): Promise<ValidatorNode> {
  const logger = options.logger ?? createLogger('validator', { level: config.logLevel as LogLevel });
  const basis = await openBasis(config, logger);
  const outbound = startOutbound(basis);
  const security = peerSecurity(basis);
  // A result batch names a result this validator lacks: a standby sign session steps in now.
  let lacking: (mpcSessionId: string) => void = () => {};
  const batches = startBatchAgreement(basis, outbound, security, (id) => lacking(id));
  let stopping = false;
  const workers = await startSessionWorkers(basis, outbound, batches, () => stopping);
  lacking = (id) => workers.nudge(id, SIGN_STANDBY_TIMER);
  const inbound = peerInbound(basis, security, batches, workers);
  let end: (value: { code: number; reason: string }) => void = () => {};
  const ended = new Promise<{ code: number; reason: string }>((resolve) => {
    end = resolve;
  });
  const chainEvents = followChain(basis, batches, workers, (value) => end(value));
  const http = await serveApi(basis, security, inbound, batches, chainEvents);

  if (!basis.joining) {
    batches.decider.init();
    batches.engine.resume();
  }
  outbound.transport.start();
  const stopLoops = startLoops(basis, outbound, security, batches, chainEvents);
  basis.log.info('validator started', { url: http.url, party: basis.party, epoch: basis.view().epoch, relayers: config.relayers });

  return {
    url: http.url,
    party: basis.party,
    metrics: basis.metrics,
    ended,
    stop: async () => {
      stopping = true;
      await stopLoops();
      batches.decider.stop();
      await Promise.all([batches.engine.stop(), workers.stop()]);
      await outbound.transport.stop();
      await http.close();
      basis.store.close();
    },
  };
}
