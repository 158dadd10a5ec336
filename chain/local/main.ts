/**
 * Runs the local chain as its own process: `tsx chain/local/main.ts --db <file> [--port <n>]
 * [--host <addr>] [--admin <address>] [--log-level <level>]`. The admin address (which receives
 * the `AdminCap`) is needed only when the database is new. Prints one JSON line `{ "url": … }`
 * once listening, logs JSON lines on stderr like the other services (level from `--log-level`,
 * else `DWALLET_LOG_LEVEL`, else info) and stops cleanly on SIGINT / SIGTERM. Bad arguments exit
 * with status 2 and a message.
 * @module
 */
import { parseArgs } from 'node:util';
import { DWalletError } from '../../mpc/errors.ts';
import { createLogger, parseLevel } from '../../runtime/log.ts';
import { onParentExit } from '../../runtime/service.ts';
import { deploymentToJson } from '../wire.ts';
import { LocalLedger } from './ledger.ts';
import { startLocalChainServer } from './server.ts';

function usage(message: string): never {
  process.stderr.write(
    `local chain: ${message}\nusage: tsx chain/local/main.ts --db <file> [--port <n>] [--host <addr>] [--admin <address>] [--log-level debug|info|warn|error]\n`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  let values: { db?: string; port?: string; host?: string; admin?: string; 'log-level'?: string };
  try {
    ({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        admin: { type: 'string' },
        'log-level': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (!values.db) return usage('--db is required');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage('--port must be 0..65535');
  const level = values['log-level'];
  if (level !== undefined && parseLevel(level) === undefined) return usage('--log-level must be debug, info, warn or error');
  const logger = createLogger('chain', { level: parseLevel(level) });
  let ledger: LocalLedger;
  try {
    ledger = LocalLedger.open({ path: values.db, admin: values.admin });
  } catch (error) {
    return usage(error instanceof DWalletError ? `${error.code}: ${error.message}` : (error as Error).message);
  }
  let server: Awaited<ReturnType<typeof startLocalChainServer>>;
  try {
    server = await startLocalChainServer(ledger, { port, hostname: values.host ?? '127.0.0.1', logger });
  } catch (error) {
    ledger.close();
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      `local chain: cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${code === 'EADDRINUSE' ? 'the port is in use' : (error as Error).message}\n`,
    );
    process.exit(1);
  }
  const deployment = await ledger.deployment();
  process.stdout.write(`${JSON.stringify({ url: server.url, deployment: deploymentToJson(deployment) })}\n`);
  logger.info('local chain started', { url: server.url, db: values.db, packageId: deployment.packageId });
  const stop = async () => {
    logger.info('local chain stopping');
    await server.close();
    ledger.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  onParentExit(() => void stop());
}

await main();
