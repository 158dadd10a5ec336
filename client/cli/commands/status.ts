/**
 * `dwallet status`: is the network up, who is on the committee, how many presigns are pooled —
 * or, given a session id, where that request stands.
 */
import { parseHexBytes, positionalArguments } from '../args.ts';
import type { Command } from '../command.ts';
import { connect } from '../context.ts';
import type { Printable } from '../output.ts';

async function health(url: string): Promise<Printable> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) });
    return response.ok ? 'ok' : `unhealthy (HTTP ${response.status})`;
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  }
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'the network (health, committee, presign pool), or one request by its session id',
  usage: `dwallet status [<session id (32-byte hex)>]`,
  options: {},
  async run({ positionals }, globals) {
    if (positionals.length > 1) positionalArguments(positionals, ['session id']);
    const sessionId = positionals[0] === undefined ? undefined : parseHexBytes('<session id>', positionals[0], 32);
    const { client, network, wallet, globals: g } = await connect(globals);
    if (sessionId !== undefined) {
      const session = await client.getSession(sessionId);
      g.output.result(session as unknown as Record<string, Printable>);
      return 0;
    }
    const [chainHealth, indexerHealth, info, pools] = await Promise.all([
      health(network.chain.url),
      health(network.indexer),
      client.networkInfo(),
      client.presignPool(),
    ]);
    g.output.result({
      chain: `${network.chain.url} (${network.chain.kind}): ${chainHealth}`,
      indexer: `${network.indexer}: ${indexerHealth}`,
      packageId: network.packageId,
      epoch: info.epoch,
      committee:
        info.committee === null
          ? null
          : `${info.committee.members.length} validators, threshold ${info.committee.threshold} of weight ${info.committee.totalWeight}`,
      networkKeys: info.networkKeys.map((k) => k.id),
      presignPool: pools.map((p) => `curve ${p.curve}: ${p.available} available, ${p.pending} pending`),
      address: wallet.keypair.toSuiAddress(),
    });
    return 0;
  },
};
