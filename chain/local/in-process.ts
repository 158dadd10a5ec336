/**
 * `chain/sui` on a local chain held in this process, through the same gRPC-web API a separate
 * process uses (`server.ts`), with no socket: the transport's `fetch` hands each request to the
 * server's hono app. Every read, event and transaction crosses the same protobuf encoding and the
 * same router as over the network, so a test on an in-process ledger exercises the one client path
 * (`SuiGrpcClient`) that runs against Sui.
 * @module
 */
import type { Logger } from '../../runtime/log.ts';
import type { Deployment } from '../chain.ts';
import { SuiChain } from '../sui/sui-chain.ts';
import type { LocalLedger } from './ledger.ts';
import { localChainApp } from './server.ts';

/** The base URL requests carry; nothing listens there, the app answers them directly. */
const IN_PROCESS_URL = 'http://local-chain.invalid';

/** `chain/sui` on `ledger`, served in process; `logger` gets the server's faults. */
export async function openInProcessChain(
  ledger: LocalLedger,
  options: { logger?: Logger } = {},
): Promise<{ chain: SuiChain; deployment: Deployment }> {
  const app = localChainApp(ledger, options.logger);
  const deployment = await ledger.deployment();
  const chain = new SuiChain({
    network: 'localnet',
    url: IN_PROCESS_URL,
    fetch: async (input, init) => app.fetch(new Request(input, init)),
    packageId: deployment.packageId,
    ...(deployment.latestPackageId === undefined ? {} : { latestPackageId: deployment.latestPackageId }),
    coordinatorId: deployment.coordinatorId,
    coordinatorInitialSharedVersion: deployment.coordinatorInitialSharedVersion,
  });
  return { chain, deployment };
}
