/**
 * `dwallet devnet`: the whole network on this machine — the local chain, N validators, the indexer
 * and the relayer as separate processes — started from (or created in) a data folder, with a
 * progress display while the validators fill the presign pools, until Ctrl-C stops every process
 * cleanly. Started again on the same folder it resumes the same network; started while a network
 * runs from that folder (or while other processes hold its ports) it says so and starts nothing.
 * @module
 */
import { resolve } from 'node:path';
import type { Devnet } from '../../../devnet/devnet.ts';
import type { EcdsaCurveName } from '../../../mpc/ecdsa/curves.ts';
import { parseChoice, parseIntegerIn, positionalArguments, stringOption } from '../args.ts';
import { CURVE_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';
import { invalidArgument } from '../errors.ts';
import { DEFAULT_DATA_DIR } from '../globals.ts';
import type { Output } from '../output.ts';

/** Presigns each validator keeps pooled by default on a devnet: enough for a demo's signatures. */
export const DEFAULT_POOL_TARGET = 4;

export interface DevnetRunOptions {
  readonly dataDir: string;
  readonly validators?: number;
  /** Curves of the network key when the network is created (default secp256k1); each gets a pool. */
  readonly curves?: readonly EcdsaCurveName[];
  readonly poolTarget: number;
  readonly output: Output;
}

/** Starts the devnet with the tool's defaults and prints its endpoints. */
export async function startLocalNetwork(options: DevnetRunOptions): Promise<Devnet> {
  const { startDevnet } = await import('../../../devnet/devnet.ts');
  const { output } = options;
  output.progress(`starting the local network in ${options.dataDir} (the first start derives the class-group setup; later starts resume)`);
  const started = Date.now();
  const devnet = await startDevnet({
    dataDir: options.dataDir,
    ...(options.validators === undefined ? {} : { validators: options.validators }),
    ...(options.curves === undefined ? {} : { curves: options.curves }),
    logLevel: 'warn',
    onProgress: (line) => output.progress(line),
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
    curves: [...devnet.manifest.curves],
    network: resolve(dataDir, 'network.json'),
    logs: resolve(dataDir, 'logs'),
  };
}

/** Available presigns of the devnet's pools, per curve (read from the coordinator on chain). */
export async function pooledPresigns(devnet: Devnet): Promise<Map<string, number>> {
  const { readCoordinator } = await import('../../../chain/object-reader.ts');
  const { ECDSA_CURVE_IDS } = await import('../../../mpc/ecdsa/curves.ts');
  const coordinator = await readCoordinator(devnet.chain());
  const counts = new Map<string, number>();
  for (const curve of devnet.manifest.curves) {
    const id = ECDSA_CURVE_IDS[curve as EcdsaCurveName];
    const pool = coordinator.presign_pools.find((p) => p.network_key_id === devnet.networkKeyId && p.curve === id);
    counts.set(curve, pool?.available.length ?? 0);
  }
  return counts;
}

/** `[#####.....] 2/4`; a pool above its target shows as full (validators may overshoot it together). */
export function poolProgress(available: number, target: number): string {
  const shown = Math.min(available, target);
  const width = 20;
  const filled = target === 0 ? width : Math.round((shown / target) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${shown}/${target}`;
}

/** Reports the pools filling (one line per change) until each holds `target` presigns or `signal` aborts. */
export async function watchPool(devnet: Devnet, target: number, output: Output, signal: AbortSignal): Promise<void> {
  let last = '';
  while (!signal.aborted) {
    const counts = await pooledPresigns(devnet).catch(() => undefined);
    if (counts !== undefined) {
      const line = [...counts].map(([curve, available]) => `${curve} ${poolProgress(available, target)}`).join(', ');
      if (line !== last) output.progress(`presign pool ${line}`);
      last = line;
      if ([...counts.values()].every((available) => available >= target)) return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function parseCurves(value: string): EcdsaCurveName[] {
  const curves = value.split(',').map((name) => parseChoice('--curves', name.trim(), CURVE_CHOICES));
  if (new Set(curves).size !== curves.length) throw invalidArgument('--curves', 'a curve is named twice', value);
  return curves;
}

export const devnetCommand = defineCommand({
  name: 'devnet',
  summary: 'start a local network (chain, validators, indexer, relayer) and keep it running until Ctrl-C',
  usage: `dwallet devnet [--data-dir ${DEFAULT_DATA_DIR}] [--validators 4] [--curves secp256k1,p256] [--pool 4]

  --data-dir <dir>    where the network's state lives; a restart on the same folder resumes it
  --validators <n>    validators when the network is created (threshold: above 2/3), 1 to 16
  --curves <list>     curves of the network key when the network is created (default secp256k1)
  --pool <n>          presigns the validators keep pooled per curve, 0 to 100`,
  options: {
    'data-dir': { type: 'string' },
    validators: { type: 'string' },
    curves: { type: 'string' },
    pool: { type: 'string' },
  },
  handlesInterrupt: true,
  parse({ values, positionals }) {
    positionalArguments(positionals, []);
    const validators = stringOption(values, 'validators');
    const curves = stringOption(values, 'curves');
    const pool = stringOption(values, 'pool');
    return {
      dataDir: resolve(stringOption(values, 'data-dir') ?? DEFAULT_DATA_DIR),
      validators: validators === undefined ? undefined : parseIntegerIn('--validators', validators, 1, 16),
      curves: curves === undefined ? undefined : parseCurves(curves),
      poolTarget: pool === undefined ? DEFAULT_POOL_TARGET : parseIntegerIn('--pool', pool, 0, 100),
    };
  },
  async run(plan, { globals, signal }) {
    const { output } = globals;
    const devnet = await startLocalNetwork({ ...plan, output });
    try {
      output.result(endpointRecord(devnet, plan.dataDir));
      output.progress('press Ctrl-C to stop the network');
      await watchPool(devnet, plan.poolTarget, output, signal);
      if (!signal.aborted) output.progress('presign pools full; the network is ready');
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
});
