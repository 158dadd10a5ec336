/**
 * `dwallet devnet`: the whole network on this machine — the local chain, N validators, the indexer
 * and the relayer as separate processes — started from (or created in) a data folder, with a
 * progress display while the validators fill the presign pool, until Ctrl-C stops every process
 * cleanly. Started again on the same folder it resumes the same network.
 * @module
 */
import { resolve } from 'node:path';
import { readCoordinator } from '../../../chain/object-reader.ts';
import { type Devnet, startDevnet } from '../../../devnet/devnet.ts';
import { parseIntegerIn, positionalArguments, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { DEFAULT_DATA_DIR } from '../context.ts';
import type { Output } from '../output.ts';

/** Presigns each validator keeps pooled by default on a devnet: enough for a demo's signatures. */
export const DEFAULT_POOL_TARGET = 4;

export interface DevnetRunOptions {
  readonly dataDir: string;
  readonly validators?: number;
  readonly poolTarget: number;
  readonly output: Output;
}

/** Starts the devnet with the tool's defaults and prints its endpoints. */
export async function startLocalNetwork(options: DevnetRunOptions): Promise<Devnet> {
  const { output } = options;
  output.progress(`starting the local network in ${options.dataDir} (the first start derives the class-group setup; later starts resume)`);
  const started = Date.now();
  const devnet = await startDevnet({
    dataDir: options.dataDir,
    ...(options.validators === undefined ? {} : { validators: options.validators }),
    logLevel: 'warn',
    validatorConfig: () => ({ presignPoolTarget: options.poolTarget, presignPoolIntervalMs: 1000, pollIntervalMs: 100 }),
  });
  output.progress(`network healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return devnet;
}

export function endpointRecord(devnet: Devnet, dataDir: string) {
  const endpoints = devnet.endpoints();
  return {
    chain: endpoints.chain,
    indexer: endpoints.indexer,
    validators: [...endpoints.validators],
    relayers: [...endpoints.relayers],
    networkKeyId: devnet.networkKeyId,
    network: resolve(dataDir, 'network.json'),
    logs: resolve(dataDir, 'logs'),
  };
}

/** Available presigns of the devnet's pool (read from the coordinator on chain). */
export async function pooledPresigns(devnet: Devnet): Promise<number> {
  const coordinator = await readCoordinator(devnet.chain());
  return coordinator.presign_pools
    .filter((pool) => pool.network_key_id === devnet.networkKeyId)
    .reduce((n, pool) => n + pool.available.length, 0);
}

function bar(done: number, total: number): string {
  const width = 20;
  const filled = Math.min(width, Math.round((done / Math.max(1, total)) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** Reports the pool filling (one line per change) until it holds `target` presigns or `signal` aborts. */
export async function watchPool(devnet: Devnet, target: number, output: Output, signal: AbortSignal): Promise<void> {
  let last = -1;
  while (!signal.aborted) {
    const available = await pooledPresigns(devnet).catch(() => last);
    if (available !== last) {
      output.progress(`presign pool ${bar(available, target)} ${available}/${target}`);
      last = available;
    }
    if (available >= target) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export const devnetCommand: Command = {
  name: 'devnet',
  summary: 'start a local network (chain, validators, indexer, relayer) and keep it running until Ctrl-C',
  usage: `dwallet devnet [--data-dir ${DEFAULT_DATA_DIR}] [--validators 4] [--pool 4]

  --data-dir <dir>    where the network's state lives; a restart on the same folder resumes it
  --validators <n>    validators when the network is created (threshold: above 2/3), 1 to 16
  --pool <n>          presigns the validators keep pooled, 0 to 100`,
  options: {
    'data-dir': { type: 'string' },
    validators: { type: 'string' },
    pool: { type: 'string' },
  },
  async run({ values, positionals }, globals, signal) {
    positionalArguments(positionals, []);
    const dataDir = resolve(stringOption(values, 'data-dir') ?? DEFAULT_DATA_DIR);
    const validatorsOption = stringOption(values, 'validators');
    const validators = validatorsOption === undefined ? undefined : parseIntegerIn('--validators', validatorsOption, 1, 16);
    const poolOption = stringOption(values, 'pool');
    const poolTarget = poolOption === undefined ? DEFAULT_POOL_TARGET : parseIntegerIn('--pool', poolOption, 0, 100);
    const { output } = globals;
    const devnet = await startLocalNetwork({ dataDir, ...(validators === undefined ? {} : { validators }), poolTarget, output });
    try {
      output.result(endpointRecord(devnet, dataDir));
      output.progress('press Ctrl-C to stop the network');
      await watchPool(devnet, poolTarget, output, signal);
      if (!signal.aborted) output.progress('presign pool full; the network is ready');
      await new Promise<void>((resolveWait) => {
        if (signal.aborted) return resolveWait();
        signal.addEventListener('abort', () => resolveWait(), { once: true });
      });
    } finally {
      output.progress('stopping the network');
      await devnet.stop();
      output.progress('stopped');
    }
    return 0;
  },
};
