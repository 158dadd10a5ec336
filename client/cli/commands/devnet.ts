/**
 * `dwallet devnet`: the whole network on this machine — the local chain, N validators, the indexer
 * and the relayer as separate processes — started from (or created in) a data folder, with a
 * progress display while the validators fill the presign pools, until Ctrl-C stops every process
 * cleanly. Started again on the same folder it resumes the same network; started while a network
 * runs from that folder (or while other processes hold its ports) it says so and starts nothing.
 *
 * `dwallet devnet reconfigure --add n --remove i,j --weight i=w --threshold t` does the same, and
 * once the network runs changes its committee (epoch + 1: devnet/devnet.ts `reconfigure`), prints
 * the new committee and epoch, and keeps the network running. The change is checked against the
 * folder's manifest before anything starts (exit 2).
 * @module
 */
import { resolve } from 'node:path';
import type { Devnet } from '../../../devnet/devnet.ts';
import { readManifest } from '../../../devnet/layout.ts';
import { type ChangeField, planReconfiguration, type ReconfigurationChange } from '../../../devnet/reconfiguration.ts';
import type { CurveName } from '../../../mpc/curves/curve.ts';
import { DWalletError } from '../../../mpc/errors.ts';
import { parseChoice, parseIntegerIn, positionalArguments, stringOption } from '../args.ts';
import { CURVE_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';
import { invalidArgument, usageError } from '../errors.ts';
import { DEFAULT_DATA_DIR } from '../globals.ts';
import type { Output } from '../output.ts';

/** Presigns each validator keeps pooled by default on a devnet: enough for a demo's signatures. */
export const DEFAULT_POOL_TARGET = 4;

/** Validators of a devnet created without --validators. */
const DEFAULT_VALIDATORS = 4;

export interface DevnetRunOptions {
  readonly dataDir: string;
  readonly validators?: number;
  /** Curves of the network key when the network is created (default secp256k1 and ed25519); each signing scheme gets a pool. */
  readonly curves?: readonly CurveName[];
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
    /** The block explorer the indexer serves at its root (indexer/explorer/). */
    explorer: `${endpoints.indexer}/`,
    validators: [...endpoints.validators],
    relayers: [...endpoints.relayers],
    networkKeyId: devnet.networkKeyId,
    curves: [...devnet.manifest.curves],
    network: resolve(dataDir, 'network.json'),
    logs: resolve(dataDir, 'logs'),
  };
}

/**
 * Available presigns of the devnet's pools, per signing scheme of its curves, named
 * `curve/algorithm` (read from the coordinator on chain).
 */
export async function pooledPresigns(devnet: Devnet): Promise<Map<string, number>> {
  const { availablePresignCount, readCoordinator } = await import('../../../chain/object-reader.ts');
  const { CURVE_IDS, SIGNATURE_ALGORITHM_IDS, SIGNING_SCHEMES } = await import('../../../mpc/signing/algorithms.ts');
  const coordinator = await readCoordinator(devnet.chain());
  const counts = new Map<string, number>();
  // The validators keep a pool of every scheme of the key's curves (validator/presign-pool.ts).
  const schemes = SIGNING_SCHEMES.filter((scheme) => devnet.manifest.curves.includes(scheme.curve));
  for (const { curve, algorithm } of schemes) {
    const pool = coordinator.presign_pools.find(
      (p) => p.network_key_id === devnet.networkKeyId && p.curve === CURVE_IDS[curve] && p.algorithm === SIGNATURE_ALGORITHM_IDS[algorithm],
    );
    counts.set(`${curve}/${algorithm}`, pool === undefined ? 0 : availablePresignCount(pool));
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
      const line = [...counts].map(([scheme, available]) => `${scheme} ${poolProgress(available, target)}`).join(', ');
      if (line !== last) output.progress(`presign pool ${line}`);
      last = line;
      if ([...counts.values()].every((available) => available >= target)) return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function parseCurves(value: string): CurveName[] {
  const curves = value.split(',').map((name) => parseChoice('--curves', name.trim(), CURVE_CHOICES));
  if (new Set(curves).size !== curves.length) throw invalidArgument('--curves', 'a curve is named twice', value);
  return curves;
}

/** `1,3`: manifest indices of the validators to remove. */
export function parseIndexList(option: string, value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^[0-9]+$/.test(part))) {
    throw invalidArgument(option, 'expected validator indices separated by commas, e.g. 1,3', value);
  }
  return parts.map(Number);
}

/** `0=2,4=1`: weights by validator index. */
export function parseWeights(option: string, value: string): Record<number, number> {
  const weights: Record<number, number> = {};
  for (const part of value.split(',')) {
    const match = /^([0-9]+)=([0-9]+)$/.exec(part.trim());
    if (match === null) throw invalidArgument(option, 'expected index=weight pairs separated by commas, e.g. 0=2,4=1', value);
    const index = Number(match[1]);
    if (index in weights) throw invalidArgument(option, `validator ${index} is given two weights`, value);
    weights[index] = parseIntegerIn(option, match[2] as string, 1, 1_000_000);
  }
  return weights;
}

const CHANGE_OPTIONS: Readonly<Record<ChangeField, string>> = {
  add: '--add',
  remove: '--remove',
  weights: '--weight',
  threshold: '--threshold',
};

/**
 * The change checked against the folder's committee (or, for a folder without a network yet, the
 * one `--validators` creates), as an argument error naming the option.
 */
function checkChange(dataDir: string, validators: number, change: ReconfigurationChange): void {
  const manifest = readManifest(dataDir) ?? { validators: Array.from({ length: validators }, (_, index) => ({ index })) };
  try {
    planReconfiguration(manifest, change);
  } catch (error) {
    if (!(error instanceof DWalletError) || typeof error.details.field !== 'string') throw error;
    const field = error.details.field as ChangeField;
    throw invalidArgument(CHANGE_OPTIONS[field], error.message.slice(field.length + 2));
  }
}

export interface DevnetPlan {
  readonly dataDir: string;
  readonly validators: number | undefined;
  readonly curves: CurveName[] | undefined;
  readonly poolTarget: number;
  /** `dwallet devnet reconfigure`: the committee change to apply once the network runs. */
  readonly change: ReconfigurationChange | undefined;
}

/** Changes the running network's committee, reporting progress; prints the endpoints, the new epoch and committee. */
async function reconfigureNetwork(devnet: Devnet, plan: DevnetPlan, output: Output, signal: AbortSignal): Promise<void> {
  const change = plan.change as ReconfigurationChange;
  const what = [
    change.add === undefined || change.add === 0 ? '' : `add ${change.add}`,
    change.remove === undefined ? '' : `remove ${change.remove.join(', ')}`,
    change.weights === undefined
      ? ''
      : `weights ${Object.entries(change.weights)
          .map(([i, w]) => `${i}=${w}`)
          .join(', ')}`,
    change.threshold === undefined ? '' : `threshold ${change.threshold}`,
  ].filter((part) => part !== '');
  output.progress(
    `reconfiguring the committee of epoch ${devnet.epoch}: ${what.length === 0 ? 'the same members reshare the key' : what.join('; ')}`,
  );
  const reconfiguring = devnet.reconfigure(change, (line) => output.progress(line));
  // Ctrl-C while the committee changes stops the network at once; the chain keeps the request, and
  // the folder's next start brings the joining validators back to finish it.
  reconfiguring.catch(() => {});
  const interrupted = new Promise<'interrupted'>((resolveWait) => {
    if (signal.aborted) resolveWait('interrupted');
    signal.addEventListener('abort', () => resolveWait('interrupted'), { once: true });
  });
  const outcome = await Promise.race([reconfiguring, interrupted]);
  if (outcome === 'interrupted') {
    output.progress('interrupted while the committee changes: the next start of this folder resumes the change');
    return;
  }
  const committee = outcome.committee.map((m) => ({
    index: m.index,
    party: m.committeeIndex + 1,
    weight: m.weight,
    address: m.address,
    url: m.url,
  }));
  const record = {
    ...endpointRecord(devnet, plan.dataDir),
    epoch: outcome.epoch,
    threshold: outcome.threshold,
    totalWeight: outcome.totalWeight,
  };
  if (output.json) {
    output.result({ ...record, committee, removed: [...outcome.removed] });
    return;
  }
  output.result({ ...record, removed: outcome.removed.length === 0 ? null : [...outcome.removed] });
  output.list('committee', committee);
}

export const devnetCommand = defineCommand<DevnetPlan>({
  name: 'devnet',
  summary: 'start a local network (chain, validators, indexer, relayer) and keep it running until Ctrl-C; or change its committee',
  usage: `dwallet devnet [--data-dir ${DEFAULT_DATA_DIR}] [--validators 4] [--curves secp256k1,ed25519,p256] [--pool 4]
       dwallet devnet reconfigure [--data-dir ${DEFAULT_DATA_DIR}] [--add n] [--remove i,j] [--weight i=w,...] [--threshold t] [--pool 4]

  --data-dir <dir>    where the network's state lives; a restart on the same folder resumes it
  --validators <n>    validators when the network is created (threshold: above 2/3), 1 to 16
  --curves <list>     curves of the network key when the network is created (default secp256k1,ed25519)
  --pool <n>          presigns the validators keep pooled per signing scheme (ECDSA, Taproot, EdDSA), 0 to 100

reconfigure: starts (or resumes) the network, then hands its network key over to a new committee
(epoch + 1), prints the new committee and epoch, and keeps the network running until Ctrl-C.
Validators are named by their index in the data folder (validators/<i>; the new ones are numbered
after the last). With no change, the same committee reshares the key.
  --add <n>           new validators to add, weight 1 unless --weight says otherwise
  --remove <i,j>      validators to remove from the committee (their processes stop)
  --weight <i=w,...>  weights in the new committee (default: unchanged, 1 for new validators)
  --threshold <t>     threshold weight (default: the smallest above 2/3 of the new total weight)`,
  options: {
    'data-dir': { type: 'string' },
    validators: { type: 'string' },
    curves: { type: 'string' },
    pool: { type: 'string' },
    add: { type: 'string' },
    remove: { type: 'string' },
    weight: { type: 'string' },
    threshold: { type: 'string' },
  },
  handlesInterrupt: true,
  parse({ values, positionals }) {
    if (positionals.length > 0 && positionals[0] !== 'reconfigure') {
      throw usageError(`unexpected argument ${JSON.stringify(positionals[0])} (the devnet's only action is reconfigure)`);
    }
    const reconfigure = positionalArguments(positionals, positionals.length === 0 ? [] : ['action']).length === 1;
    const validators = stringOption(values, 'validators');
    const curves = stringOption(values, 'curves');
    const pool = stringOption(values, 'pool');
    const dataDir = resolve(stringOption(values, 'data-dir') ?? DEFAULT_DATA_DIR);
    const validatorCount = validators === undefined ? undefined : parseIntegerIn('--validators', validators, 1, 16);
    const [add, remove, weight, threshold] = (['add', 'remove', 'weight', 'threshold'] as const).map((name) => stringOption(values, name));
    if (!reconfigure) {
      const given = (['add', 'remove', 'weight', 'threshold'] as const).find((name) => stringOption(values, name) !== undefined);
      if (given !== undefined) throw usageError(`--${given} changes the committee: dwallet devnet reconfigure --${given} …`);
    }
    let change: ReconfigurationChange | undefined;
    if (reconfigure) {
      change = {
        ...(add === undefined ? {} : { add: parseIntegerIn('--add', add, 0, 64) }),
        ...(remove === undefined ? {} : { remove: parseIndexList('--remove', remove) }),
        ...(weight === undefined ? {} : { weights: parseWeights('--weight', weight) }),
        ...(threshold === undefined ? {} : { threshold: parseIntegerIn('--threshold', threshold, 1, 64_000_000) }),
      };
      checkChange(dataDir, validatorCount ?? DEFAULT_VALIDATORS, change);
    }
    return {
      dataDir,
      validators: validatorCount,
      curves: curves === undefined ? undefined : parseCurves(curves),
      poolTarget: pool === undefined ? DEFAULT_POOL_TARGET : parseIntegerIn('--pool', pool, 0, 100),
      change,
    };
  },
  async run(plan, { globals, signal }) {
    const { output } = globals;
    const devnet = await startLocalNetwork({ ...plan, output });
    try {
      if (plan.change === undefined) output.result(endpointRecord(devnet, plan.dataDir));
      else await reconfigureNetwork(devnet, plan, output, signal);
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
