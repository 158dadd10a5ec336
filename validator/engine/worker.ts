/**
 * A session worker: runs the request sessions of some kinds (DKG, imported key, sign and future
 * sign in one worker, presign batches in another) in a thread of its own, with its own connection to the validator's SQLite
 * store, its own copy of the key shares (read from the key file; the thread is part of the
 * validator's process, nothing leaves it), the session engine, and the checks of envelopes for
 * those sessions. It tells the main thread what to send (the outbox is shared through the store),
 * which sessions ended (their results are in the store) and every metric update.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { openChain } from '../../chain/connect.ts';
import type { SessionKind } from '../../chain/schemas/requests.ts';
import { EcdsaError, EcdsaErrorCodes } from '../../mpc/ecdsa/errors.ts';
import type { PresignLedger } from '../../mpc/ecdsa/presign/ledger.ts';
import { presignKey } from '../../mpc/ecdsa/presign/presign.ts';
import { networkKeySetup } from '../../mpc/ecdsa/protocols/network-key-dkg.ts';
import type { SignSessionOutput } from '../../mpc/ecdsa/protocols/sign.ts';
import { DWalletError } from '../../mpc/errors.ts';
import { CURVE_IDS } from '../../mpc/signing/algorithms.ts';
import { createLogger } from '../../runtime/log.ts';
import { Counter, Gauge, Histogram } from '../../runtime/metrics.ts';
import { CommitteeView } from '../committee-view.ts';
import { PeerInputError, ValidatorError, ValidatorErrorCodes } from '../errors.ts';
import type { Fault } from '../faults.ts';
import { readKeyFile } from '../key-file.ts';
import { KeyShareStore } from '../key-shares.ts';
import { ValidatorMetrics } from '../metrics.ts';
import { NetworkKeys } from '../network-keys.ts';
import { localPeerIdentity, PeerIdentityVerifier } from '../peer/identity.ts';
import { PeerInbound } from '../peer/inbound.ts';
import { openPeerEnvelope } from '../peer/opener.ts';
import { ValidatorStore } from '../store/database.ts';
import { planSession, REQUEST_KIND_OF_PROTOCOL, REQUEST_PROTOCOLS } from './plan.ts';
import { SessionEngine } from './session-engine.ts';
import { prepareSignStarts, verifyTogether } from './sign-verification.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './worker-messages.ts';

if (parentPort === null) throw new Error('worker.ts runs in a worker thread');
const port = parentPort;
const setup = (workerData as { setup: WorkerSetup }).setup;
const post = (message: FromWorker) => port.postMessage(message);

/** Metrics whose every update is also applied to the main thread's registry, which serves /metrics. */
function forwardedMetrics(): ValidatorMetrics {
  const metrics = new ValidatorMetrics();
  for (const [name, metric] of Object.entries(metrics)) {
    if (!(metric instanceof Counter || metric instanceof Gauge || metric instanceof Histogram)) continue;
    for (const method of ['inc', 'dec', 'set', 'observe'] as const) {
      const original = (metric as unknown as Record<string, unknown>)[method];
      if (typeof original !== 'function') continue;
      (metric as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        (original as (...a: unknown[]) => void).apply(metric, args);
        post({ type: 'metric', name, method, args });
      };
    }
  }
  return metrics;
}

async function main(): Promise<void> {
  const logger = createLogger('validator', { level: setup.logLevel, fields: { party: setup.party, thread: setup.name } });
  const kinds = new Set(setup.kinds);
  const keys = readKeyFile(setup.keyFile);
  const identity = localPeerIdentity(setup.party, keys.blsSecretKey, keys.peerSecretKey);
  let view = new CommitteeView(setup.epoch, setup.committee);
  let union: CommitteeView | undefined;
  const store = ValidatorStore.open(setup.dbPath);
  const metrics = forwardedMetrics();
  const chain = openChain(setup.chain);
  const keyShares = new KeyShareStore(setup.keySharesDir, networkKeySetup);
  const networkKeys = new NetworkKeys(chain, setup.keyFile, keys.networkKeys, keyShares);
  const ledgerFor = (mpcSessionId: string): PresignLedger => ({
    consume: (presign) => {
      if (!store.consumePresign(presignKey(presign), mpcSessionId, Date.now())) {
        throw new EcdsaError(EcdsaErrorCodes.ECDSA_PRESIGN_CONSUMED, 'this presign was consumed by another session', {
          presign: presignKey(presign),
        });
      }
    },
    isConsumed: (presign) => store.isPresignConsumed(presignKey(presign)),
  });
  const planContext = {
    keys: networkKeys,
    get view() {
      return view;
    },
    ledgerFor,
    timeouts: setup.timeouts,
    signResendMs: setup.signResendMs,
    signStandbyWaitMs: setup.signStandbyWaitMs,
    network: {
      get view() {
        return view;
      },
      chain,
      shareEncryptionSecret: bytesToNumberBE(keys.shareEncryptionSecretKey),
      keyShares,
      dkgTimeouts: { keyParts: setup.timeouts },
    },
  };
  const verifier = new PeerIdentityVerifier();
  const engine = new SessionEngine({
    store,
    view: () => view,
    identity,
    metrics,
    logger,
    faults: new Set(setup.faults as Fault[]),
    plan: async (row) => {
      const requests = store.requestsOf(row.mpcSessionId);
      if (requests.length === 0) {
        throw new ValidatorError(ValidatorErrorCodes.VALIDATOR_REQUEST_INVALID, `session ${row.mpcSessionId} has no request`);
      }
      const planned = await planSession(row.kind as SessionKind, requests, planContext);
      // An epoch change runs under the union committee: its stored envelopes are opened against it.
      if (planned.type === 'session' && planned.plan.view !== undefined) union = planned.plan.view;
      return planned;
    },
    open: (envelope) => openPeerEnvelope({ view: () => view, union: () => union, verifier, metrics }, envelope),
    onSent: (recipients) => post({ type: 'sent', recipients: [...recipients] }),
    onEnded: (row, result) => {
      if (row.kind === 'sign' && result?.status === 'completed') {
        const output = result.output as SignSessionOutput;
        if (output.status === 'signed') metrics.signRoles.inc({ role: output.role });
      }
      post({ type: 'ended', id: row.mpcSessionId, kind: row.kind });
    },
    closeGraceMs: setup.closeGraceMs,
    retryPlanMs: setup.retryPlanMs,
    accepts: (kind) => kinds.has(kind),
    // The sign requests that wait are verified together, in one combined check (sign-verification.ts).
    prepareStarts:
      kinds.has('sign') && setup.signVerifyTogether > 1
        ? prepareSignStarts(verifyTogether, (valid) => metrics.signVerifiedTogether.inc({ verdict: valid ? 'valid' : 'invalid' }))
        : undefined,
    maxPreparedTogether: setup.signVerifyTogether,
  });
  const inbound = new PeerInbound({
    store,
    engine,
    view: () => view,
    union: () => union,
    verifier,
    self: setup.party,
    protocols: new Set([...REQUEST_PROTOCOLS].filter((protocol) => kinds.has(REQUEST_KIND_OF_PROTOCOL[protocol] ?? ''))),
    claim: () => {},
    maxQueuedPerSender: setup.maxQueuedPerSender,
    metrics,
  });
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'start':
        engine.start(message.id);
        return;
      case 'close':
        engine.close(message.id);
        return;
      case 'nudge':
        engine.nudge(message.id, message.timer);
        return;
      case 'committee':
        view = new CommitteeView(message.epoch, message.committee);
        return;
      case 'receive':
        try {
          post({ type: 'answer', request: message.request, status: inbound.receiveAuthenticated(message.envelope) });
        } catch (error) {
          if (error instanceof PeerInputError) {
            post({
              type: 'refused',
              request: message.request,
              status: error.status,
              code: error.code,
              message: error.message,
              details: { ...error.details },
            });
          } else {
            logger.error('checking an envelope failed', { error });
            post({
              type: 'refused',
              request: message.request,
              status: 400,
              code: 'PEER_MESSAGE_REFUSED',
              message: 'internal error',
              details: {},
            });
          }
        }
        return;
      case 'stop':
        void engine.stop().then(() => {
          store.close();
          post({ type: 'stopped' });
        });
        return;
    }
  });
  engine.resume();
  post({ type: 'ready' });
  // Load the registered network keys now rather than on the first request that needs them.
  for (const curve of Object.values(CURVE_IDS)) {
    const networkKeyId = store.networkKey(curve);
    if (networkKeyId !== undefined) void networkKeys.get(networkKeyId, curve).catch(() => {});
  }
}

main().catch((error: unknown) => {
  post({ type: 'failed', message: error instanceof DWalletError ? `${error.code}: ${error.message}` : String(error) });
});
