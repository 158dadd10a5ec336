/**
 * `dwallet status`: is the network up — the chain, the indexer, every validator of the committee
 * (at the address it registered on chain) and every relayer the description lists — who is on the
 * committee, which curves the network key offers, how many presigns are pooled; or, given an id
 * (a session, sign or dWallet id), where that request stands, with its signature once there is
 * one.
 */
import type { Chain } from '../../../chain/chain.ts';
import { parseId, positionalArguments } from '../args.ts';
import { defineCommand } from '../command.ts';
import type { Printable } from '../output.ts';

/** How long one component may take to answer its `/health`. */
const HEALTH_TIMEOUT_MS = 2_000;

interface Health {
  readonly ok: boolean;
  /** `ok`, `ok (catching up)`, `unhealthy (HTTP 503)`, `unreachable (…)`. */
  readonly state: string;
}

async function health(url: string): Promise<Health> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    const body = (await response.json().catch(() => ({}))) as { ok?: unknown; caughtUp?: unknown };
    if (!response.ok || body.ok !== true) return { ok: false, state: `unhealthy (HTTP ${response.status})` };
    return { ok: true, state: body.caughtUp === false ? 'ok (catching up)' : 'ok' };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const why =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${HEALTH_TIMEOUT_MS / 1000} s`
        : (cause?.code ?? (error as Error).message);
    return { ok: false, state: `unreachable (${why})` };
  }
}

/** The chain answers as a Sui full node: its gRPC API serves the coordinator object. */
async function chainHealth(chain: Chain): Promise<Health> {
  try {
    await Promise.race([
      chain.getReferenceGasPrice(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS / 1000} s`)), HEALTH_TIMEOUT_MS).unref(),
      ),
    ]);
    return { ok: true, state: 'ok' };
  } catch (error) {
    return { ok: false, state: `unreachable (${(error as Error).message})` };
  }
}

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'the network (health of each part, committee, curves, presign pool), or one request by its id',
  usage: `dwallet status [<session id | sign id | dwallet id>]

  without an id: the health of the chain, the indexer, each validator and relayer, the committee,
    the network key's curves and the presign pool (--json: one object with these fields)
  with an id: the request's session — kind, status, transactions, rejection — and its signature once signed`,
  options: {},
  parse({ positionals }) {
    if (positionals.length > 1) positionalArguments(positionals, ['id']);
    return { id: positionals[0] === undefined ? undefined : parseId('<id>', positionals[0]) };
  },
  async run(plan, { globals, signal }) {
    const [{ connect }, { openChain }, { chainOfNetwork }] = await Promise.all([
      import('../context.ts'),
      import('../../../chain/connect.ts'),
      import('../../network.ts'),
    ]);
    const { client, network, wallet } = await connect(globals, { mode: 'read', signal });
    const { curveLabel, describeRequest, findRequest } = await import('./requests.ts');
    const { output } = globals;
    if (plan.id !== undefined) {
      output.result(await describeRequest(client, await findRequest(client, plan.id)));
      return 0;
    }
    const [info, pools] = await Promise.all([client.networkInfo(), client.presignPool()]);
    const members = info.committee?.members ?? [];
    const relayerUrls = network.relayers ?? [];
    const [chain, indexer, validators, relayers] = await Promise.all([
      chainHealth(openChain(chainOfNetwork(network))),
      health(network.indexer),
      Promise.all(members.map((m) => health(m.networkAddress))),
      Promise.all(relayerUrls.map((url) => health(url))),
    ]);
    const healthy = [chain, indexer, ...validators, ...relayers].every((h) => h.ok);
    const networkKeys = info.networkKeys.map((k) => ({ id: k.id, curves: k.curves.map(curveLabel) }));
    const presignPool = pools.map((p) => ({
      curve: curveLabel(p.curve),
      algorithm: p.algorithm,
      available: p.available,
      pending: p.pending,
    }));
    const committee =
      info.committee === null
        ? null
        : { validators: members.length, threshold: info.committee.threshold, totalWeight: info.committee.totalWeight };
    if (output.json) {
      output.result({
        healthy,
        network: globals.networkPath,
        chain: { url: network.chain.url, kind: network.chain.kind, health: chain.state },
        indexer: { url: network.indexer, health: indexer.state },
        validators: members.map((m, i) => ({
          index: i,
          address: m.suiAddress,
          url: m.networkAddress,
          weight: m.weight,
          health: validators[i]?.state ?? null,
        })),
        relayers: relayerUrls.map((url, i) => ({ url, health: relayers[i]?.state ?? null })),
        packageId: network.packageId,
        coordinatorId: network.coordinatorId,
        epoch: info.epoch,
        committee,
        networkKeys,
        presignPool,
        address: wallet?.keypair.toSuiAddress() ?? null,
      });
      return 0;
    }
    const record: Record<string, Printable> = {
      healthy: healthy ? 'yes' : 'no (see below)',
      chain: `${network.chain.url} (${network.chain.kind}): ${chain.state}`,
      indexer: `${network.indexer}: ${indexer.state}`,
    };
    members.forEach((m, i) => {
      record[`validator ${i}`] = `${m.networkAddress}: ${validators[i]?.state} (weight ${m.weight}, ${m.suiAddress})`;
    });
    relayerUrls.forEach((url, i) => {
      record[`relayer ${i}`] = `${url}: ${relayers[i]?.state}`;
    });
    Object.assign(record, {
      packageId: network.packageId,
      epoch: info.epoch,
      committee:
        committee === null
          ? null
          : `${committee.validators} validators, threshold ${committee.threshold} of weight ${committee.totalWeight}`,
      networkKeys: networkKeys.map((k) => `${k.id} (${k.curves.join(', ')})`),
      presignPool: presignPool.map((p) => `${p.curve}/${p.algorithm}: ${p.available} available, ${p.pending} pending`),
      address: wallet?.keypair.toSuiAddress() ?? `none (no wallet key in ${globals.walletDir} yet)`,
    });
    output.result(record);
    return 0;
  },
});
