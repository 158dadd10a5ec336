/**
 * A relayer: the signature intake and the submitter around one store and one HTTP server.
 * Several relayers may serve one network; each pays its own transactions.
 * @module
 */
import { join } from 'node:path';
import { chainDescriptionOf } from '../chain/config.ts';
import { openChain, waitForChain } from '../chain/connect.ts';
import { CoordinatorClient } from '../chain/coordinator-client.ts';
import { createLogger, type Logger, type LogLevel } from '../runtime/log.ts';
import { serveHono } from '../runtime/serve.ts';
import { ChainState } from './chain-state.ts';
import type { RelayerConfig } from './config.ts';
import { relayerApp } from './http.ts';
import { SignatureIntake } from './intake.ts';
import { readRelayerKeyFile } from './key-file.ts';
import { RelayerMetrics } from './metrics.ts';
import { RelayerStore } from './store/database.ts';
import { Submitter } from './submitter.ts';

export interface RelayerNode {
  readonly url: string;
  readonly address: string;
  stop(): Promise<void>;
}

export async function startRelayer(config: RelayerConfig, options: { logger?: Logger } = {}): Promise<RelayerNode> {
  const logger = options.logger ?? createLogger('relayer', { level: config.logLevel as LogLevel });
  const keypair = readRelayerKeyFile(config.keyFile);
  const chain = openChain(chainDescriptionOf(config));
  const deployment = await waitForChain(chain, { onWaiting: (error) => logger.warn('chain not reachable yet; retrying', { error }) });
  const client = new CoordinatorClient(deployment);
  const store = RelayerStore.open(join(config.dataDir, 'relayer.sqlite'));
  const metrics = new RelayerMetrics();
  const state = new ChainState(chain, 1000);
  const address = keypair.toSuiAddress();
  const log = logger.child({ address });
  const submitter = new Submitter({
    chain,
    client,
    state,
    store,
    keypair,
    metrics,
    logger: log,
    pollIntervalMs: config.pollIntervalMs,
    retryMs: config.retryMs,
    submissionsKept: config.submissionsKept,
  });
  const intake = new SignatureIntake(store, state, metrics, () => submitter.kick());
  const http = await serveHono(
    relayerApp({
      intake,
      store,
      logger: log,
      metrics,
      health: async () => ({ address, nextSequence: (await state.read()).nextSequence }),
    }),
    config.host,
    config.port,
  );
  const controller = new AbortController();
  const loop = submitter.run(controller.signal);
  log.info('relayer started', { url: http.url });
  return {
    url: http.url,
    address,
    stop: async () => {
      controller.abort();
      await loop;
      await http.close();
      store.close();
    },
  };
}
