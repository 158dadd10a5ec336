/**
 * What the network commands share once their command line is checked: the network description,
 * a quick check that its chain answers, the user's wallet, and a connected SDK client.
 *
 * - A bad network description or wallet key file is reported first (nothing is sent). A chain
 *   that does not answer is reported within the probe's 1.5 s, with how to start a local network
 *   — not after the SDK's retries, not as a raw transport error.
 * - Commands that only read (`list`, `show`, `status`, `wait`) never create or fund a key: without
 *   a wallet they connect without a signer. Commands that send (`create`, `sign…`) create the key
 *   on first use, and on a local chain fund an address that holds no SUI from the chain's faucet
 *   (real networks have their own faucets).
 * - The client reports each transaction it sends to the command's {@link SentLog} and stops
 *   waiting when the command's signal aborts.
 *
 * The SDK is loaded only once the chain has answered, so that a network that is down is reported
 * without the seconds loading it takes.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DWalletClient } from '../dwallet-client.ts';
import { ClientError, ClientErrorCodes } from '../errors.ts';
import { chainOfNetwork, loadNetworkDescription, type NetworkDescription } from '../network.ts';
import type { SecretShareStore } from '../secret-store.ts';
import type { RunContext } from './command.ts';
import { CliError, CliErrorCodes } from './errors.ts';
import { type Globals, WALLET_KEY_FILE } from './globals.ts';
import type { Output } from './output.ts';
import type { WalletFolder } from './wallet.ts';

/** How long the chain may take to answer the first request before the network counts as down. */
export const PROBE_TIMEOUT_MS = 1_500;

const START_HINT =
  'start a local network with `npx dwallet devnet` (it writes .data/devnet/network.json), or pass --network <file> of a running one';

export function readNetwork(path: string): NetworkDescription {
  if (!existsSync(path)) {
    throw new CliError(CliErrorCodes.CLI_NETWORK_NOT_FOUND, `no network description at ${path}: ${START_HINT}`, { path });
  }
  return loadNetworkDescription(path);
}

function unreachable(network: NetworkDescription, path: string, why: string): CliError {
  return new CliError(
    CliErrorCodes.CLI_NETWORK_UNREACHABLE,
    `the network of ${path} does not answer: its chain at ${network.chain.url} ${why}; ${START_HINT}`,
    { path, url: network.chain.url },
  );
}

/**
 * Whether the described chain answers, within {@link PROBE_TIMEOUT_MS}: any HTTP answer will do
 * (a full node's API is gRPC; this only tells "nothing listens" apart from a slow request later).
 */
export async function probeNetwork(network: NetworkDescription, path: string): Promise<void> {
  const url = network.chain.url;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if ((error as Error).name === 'TimeoutError') throw unreachable(network, path, `did not answer within ${PROBE_TIMEOUT_MS / 1000} s`);
    if (cause?.code === 'ECONNREFUSED') throw unreachable(network, path, 'refuses connections (nothing listens there)');
    throw unreachable(
      network,
      path,
      `cannot be reached (${cause?.code ?? (cause as Error | undefined)?.message ?? (error as Error).message})`,
    );
  }
  await response.body?.cancel();
}

export interface Session {
  readonly globals: Globals;
  readonly network: NetworkDescription;
  /** Null for a read-only command without a wallet yet. */
  readonly wallet: WalletFolder | null;
  readonly client: DWalletClient;
}

export interface ConnectOptions {
  /** `read`: never creates or funds a key; `send`: creates the key on first use and funds it on a local chain. */
  readonly mode: 'read' | 'send';
  readonly signal?: AbortSignal;
  readonly sent?: RunContext['sent'];
}

/**
 * Reads the network description and an existing wallet key (both checked before any request),
 * checks that the network answers, creates the key if the command sends and there is none, and
 * connects the SDK.
 */
export async function connect(globals: Globals, options: ConnectOptions): Promise<Session> {
  const network = readNetwork(globals.networkPath);
  const hasKey = existsSync(join(globals.walletDir, WALLET_KEY_FILE));
  const existing = hasKey ? (await import('./wallet.ts')).readWallet(globals.walletDir) : null;
  // An encrypted wallet without its passphrase (or a passphrase for a plaintext one) is reported before the network.
  const existingShares = existing === null ? undefined : await openShares(existing, globals, options.mode);
  await probeNetwork(network, globals.networkPath);
  const [{ DWalletClient }, { openWallet }] = await Promise.all([import('../dwallet-client.ts'), import('./wallet.ts')]);
  const wallet = existing ?? (options.mode === 'send' ? openWallet(globals.walletDir) : null);
  if (wallet?.created) globals.output.progress(`created a new Sui key in ${wallet.dir} (address ${wallet.keypair.toSuiAddress()})`);
  if (options.mode === 'send' && wallet !== null) await fundFromFaucet(network, wallet.keypair.toSuiAddress(), globals.output);
  const client = await DWalletClient.connect({
    network,
    signer: wallet?.keypair,
    secrets: existingShares ?? (await openShares(wallet, globals, options.mode)),
    timeoutMs: globals.timeoutMs,
    onProgress: (line: string) => globals.output.progress(line),
    signal: options.signal,
    onTransaction: (transaction) => options.sent?.record(transaction),
  });
  return { globals, network, wallet, client };
}

/**
 * The wallet's secret share store: encrypted with the passphrase (`--passphrase-file`,
 * `DWALLET_PASSPHRASE`), plaintext without. Reading never creates the shares folder; sending
 * always keeps the shares on disk (a new wallet given a passphrase is encrypted from its first share).
 */
export async function openShares(wallet: WalletFolder | null, globals: Globals, mode: ConnectOptions['mode']): Promise<SecretShareStore> {
  const { MemorySecretShareStore } = await import('../secret-store.ts');
  if (wallet === null || (mode === 'read' && !existsSync(wallet.sharesDir))) return new MemorySecretShareStore();
  const { openSecretShareStore } = await import('../encrypted-secret-store.ts');
  try {
    return await openSecretShareStore(wallet.sharesDir, { passphrase: globals.passphrase?.() });
  } catch (error) {
    throw withPassphraseHint(error);
  }
}

/** The SDK's store errors, with how the CLI takes a passphrase. */
export function withPassphraseHint(error: unknown): unknown {
  if (!(error instanceof ClientError)) return error;
  const hint =
    error.code === ClientErrorCodes.SECRET_STORE_PASSPHRASE_REQUIRED
      ? 'give it with --passphrase-file <path> or DWALLET_PASSPHRASE'
      : error.code === ClientErrorCodes.SECRET_STORE_NOT_ENCRYPTED
        ? 'run `dwallet wallet encrypt` to encrypt it, or give no passphrase (unset DWALLET_PASSPHRASE)'
        : undefined;
  return hint === undefined ? error : new ClientError(error.code, `${error.message}; ${hint}`, error.details, { cause: error });
}

/**
 * Funds `address` from the network's faucet (Sui's faucet protocol) when it holds no SUI; a
 * network without a faucet (Sui mainnet) is left to the user.
 */
async function fundFromFaucet(network: NetworkDescription, address: string, output: Output): Promise<void> {
  if (network.faucet === undefined) return;
  const [{ openChain }, { SUI_COIN_TYPE }, { requestSuiFromFaucetV2 }] = await Promise.all([
    import('../../chain/connect.ts'),
    import('../../chain/constants.ts'),
    import('@mysten/sui/faucet'),
  ]);
  const chain = openChain(chainOfNetwork(network));
  const coins = await chain.listOwnedObjects(address, { type: SUI_COIN_TYPE, limit: 1 });
  if (coins.objects.length > 0) return;
  output.progress(`funding ${address} from the faucet at ${network.faucet}`);
  try {
    await requestSuiFromFaucetV2({ host: network.faucet, recipient: address });
  } catch (error) {
    throw new CliError(
      CliErrorCodes.CLI_NETWORK_UNREACHABLE,
      `the faucet at ${network.faucet} did not fund ${address}: ${(error as Error).message}`,
      {
        url: network.faucet,
      },
    );
  }
}
