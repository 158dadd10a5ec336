/**
 * A validator node: wires the key file, the store, the chain follower, the session engine, the
 * peer transport, the batch decider, the relayer hand-off and the presign pool around one HTTP
 * server, and stops them in order (stop taking work, let the running step finish, close the store).
 * @module
 */
import { join } from 'node:path';
import { blsPublicKey } from '../chain/certificate.ts';
import type { Chain } from '../chain/chain.ts';
import { CoordinatorClient } from '../chain/coordinator-client.ts';
import { LocalChainHttpClient } from '../chain/local/http-client.ts';
import { readCoordinator } from '../chain/object-reader.ts';
import type { EcdsaCurveName } from '../mpc/ecdsa/curves.ts';
import { EcdsaError, EcdsaErrorCodes } from '../mpc/ecdsa/errors.ts';
import { PRESIGN_PROTOCOL } from '../mpc/ecdsa/presign/contribution.ts';
import type { PresignLedger } from '../mpc/ecdsa/presign/ledger.ts';
import { presignKey } from '../mpc/ecdsa/presign/presign.ts';
import {
  DKG_VERIFICATION_PROTOCOL,
  FUTURE_SIGN_VERIFICATION_PROTOCOL,
  IMPORTED_KEY_VERIFICATION_PROTOCOL,
} from '../mpc/ecdsa/sessions/dkg.ts';
import { SIGN_SESSION_PROTOCOL } from '../mpc/ecdsa/sessions/sign.ts';
import { createLogger, type Logger, type LogLevel } from '../runtime/log.ts';
import { FileSetupStore } from '../runtime/setup-store.ts';
import { RESULT_BATCH_PROTOCOL } from './batches/batch-protocol.ts';
import { BatchDecider, sequenceOfKind } from './batches/decider.ts';
import { RelayerPush } from './batches/relayer-push.ts';
import { ChainEvents } from './chain-events.ts';
import { CommitteeView } from './committee-view.ts';
import type { ValidatorConfig } from './config.ts';
import { ValidatorError, ValidatorErrorCodes } from './errors.ts';
import type { Fault } from './faults.ts';
import { serveApp, validatorApp } from './http.ts';
import { readKeyFile } from './key-file.ts';
import { ValidatorMetrics } from './metrics.ts';
import { NetworkKeys } from './network-keys.ts';
import { localPeerIdentity, PeerIdentityVerifier } from './peer/identity.ts';
import { PeerInbound } from './peer/inbound.ts';
import { PeerTransport } from './peer/transport.ts';
import { PresignPoolFiller } from './presign-pool.ts';
import { isBatchKind, SessionEngine } from './sessions/engine.ts';
import { planSession } from './sessions/plan.ts';
import type { RequestKind } from './sessions/request-events.ts';
import { ValidatorStore } from './store/database.ts';

export interface ValidatorNode {
  readonly url: string;
  readonly party: number;
  readonly metrics: ValidatorMetrics;
  stop(): Promise<void>;
}

const PROTOCOLS = new Set([
  DKG_VERIFICATION_PROTOCOL,
  IMPORTED_KEY_VERIFICATION_PROTOCOL,
  FUTURE_SIGN_VERIFICATION_PROTOCOL,
  SIGN_SESSION_PROTOCOL,
  PRESIGN_PROTOCOL,
  RESULT_BATCH_PROTOCOL,
]);

/** Queued envelopes for sessions that never started are dropped after this long. */
const QUEUED_ENVELOPE_TTL_MS = 10 * 60_000;

async function reachChain(chain: Chain, logger: Logger, attempts = 60): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await chain.deployment();
      return;
    } catch (error) {
      if (i + 1 >= attempts) throw error;
      if (i === 0) logger.warn('chain not reachable yet; retrying', { error });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function startValidator(config: ValidatorConfig, options: { logger?: Logger } = {}): Promise<ValidatorNode> {
  const logger = options.logger ?? createLogger('validator', { level: config.logLevel as LogLevel });
  const keys = readKeyFile(config.keyFile);
  const faults = new Set(config.faults as Fault[]);
  if (faults.size > 0) logger.warn('FAULT INJECTION ENABLED: this validator misbehaves on purpose', { faults: [...faults] });
  const chain = new LocalChainHttpClient(config.chainUrl);
  await reachChain(chain, logger);
  const deployment = await chain.deployment();
  const coordinator = await readCoordinator(chain);
  let view = new CommitteeView(coordinator.epoch, coordinator.committee);
  const party = view.selfParty(blsPublicKey(keys.blsSecretKey));
  const identity = localPeerIdentity(party, keys.blsSecretKey, keys.peerSecretKey);
  const store = ValidatorStore.open(join(config.dataDir, 'validator.sqlite'));
  const metrics = new ValidatorMetrics();
  const networkKeys = new NetworkKeys(chain, new FileSetupStore(config.cacheDir), config.keyFile, keys.networkKeys);
  const log = logger.child({ party });
  const currentView = () => view;

  const ledger: PresignLedger = {
    consume: (presign) => {
      if (!store.consumePresign(presignKey(presign), Date.now())) {
        throw new EcdsaError(EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED, 'this presign was already consumed', { presign: presignKey(presign) });
      }
    },
    isConsumed: (presign) => store.isPresignConsumed(presignKey(presign)),
  };
  const planContext = {
    keys: networkKeys,
    get view() {
      return view;
    },
    ledger,
    timeouts: {
      attemptMs: config.aggregationAttemptMs,
      attemptIncrementMs: config.aggregationAttemptIncrementMs,
      fetchMs: config.aggregationFetchMs,
    },
    signResendMs: config.signResendMs,
  };

  const relayerPush = new RelayerPush({
    store,
    relayers: config.relayers,
    signer: () => party - 1,
    metrics,
    logger: log,
    intervalMs: 1000,
    timeoutMs: config.peerTimeoutMs,
  });
  let engine: SessionEngine | undefined;
  const getEngine = () => engine as SessionEngine;
  const decider = new BatchDecider({
    store,
    engine: getEngine,
    view: currentView,
    coordinatorId: deployment.coordinatorId,
    blsSecretKey: keys.blsSecretKey,
    metrics,
    logger: log,
    timeouts: { attemptMs: config.batchAttemptMs, attemptIncrementMs: config.batchAttemptIncrementMs },
    recheckMs: config.batchRecheckMs,
    onDecided: () => relayerPush.kick(),
  });
  const verifier = new PeerIdentityVerifier();
  let inbound: PeerInbound | undefined;
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
  engine = new SessionEngine({
    store,
    view: currentView,
    identity,
    metrics,
    logger: log,
    faults,
    plan: async (row) => {
      if (isBatchKind(row.kind)) return { type: 'session', plan: decider.plan(sequenceOfKind(row.kind) as number) };
      const requests = store.requestsOf(row.mpcSessionId);
      if (requests.length === 0) {
        throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_REQUEST_INVALID, `session ${row.mpcSessionId} has no request`);
      }
      return planSession(row.kind as RequestKind, requests, planContext);
    },
    open: (envelope) => (inbound as PeerInbound).open(envelope),
    onSent: (recipients) => transport.kick(recipients),
    onEnded: (row, result) => {
      if (isBatchKind(row.kind)) decider.onEnded(row.kind, result);
      else decider.poke();
    },
    closeGraceMs: config.closeGraceMs,
    retryPlanMs: 5000,
  });
  inbound = new PeerInbound({
    store,
    engine,
    view: currentView,
    verifier,
    self: party,
    protocols: PROTOCOLS,
    claim: (id) => decider.claim(id),
    maxQueuedPerSender: config.maxQueuedPerSender,
    metrics,
  });
  const chainEvents = new ChainEvents({
    chain,
    packageId: deployment.packageId,
    store,
    engine: getEngine,
    decider,
    keys: networkKeys,
    logger: log,
    pollIntervalMs: config.pollIntervalMs,
    epoch: () => view.epoch,
    onCommittee: (epoch) => {
      if (epoch <= view.epoch) return;
      void readCoordinator(chain).then((latest) => {
        const next = new CommitteeView(latest.epoch, latest.committee);
        if (next.memberByBlsKey(blsPublicKey(keys.blsSecretKey))?.party !== party) {
          log.error('this validator’s place in the committee changed; restart it to follow the new committee', { epoch: latest.epoch });
          return;
        }
        view = next;
        log.info('committee updated', { epoch: latest.epoch });
      });
    },
  });
  const http = await serveApp(
    validatorApp({
      inbound,
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
        sessionsInFlight: getEngine().inFlight(),
        networkKeys: networkKeys.known(),
      }),
      logger: log,
      metrics,
    }),
    config.host,
    config.port,
  );

  decider.init();
  engine.resume();
  transport.start();
  const controller = new AbortController();
  const loops: Promise<void>[] = [chainEvents.run(controller.signal), relayerPush.run(controller.signal)];
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
    const dropped = store.dropStaleQueued(Date.now() - QUEUED_ENVELOPE_TTL_MS, (id) => getEngine().isPending(id));
    if (dropped > 0) log.info('dropped envelopes queued for sessions that never started', { dropped });
  }, 60_000);
  log.info('validator started', { url: http.url, party, epoch: view.epoch, relayers: config.relayers });

  return {
    url: http.url,
    party,
    metrics,
    stop: async () => {
      controller.abort();
      clearInterval(gc);
      await Promise.allSettled(loops);
      await getEngine().stop();
      transport.stop();
      await http.close();
      store.close();
    },
  };
}
