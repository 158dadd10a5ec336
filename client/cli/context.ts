/**
 * What every network command needs: where the network is (its description file), who the user is
 * (the wallet folder), how to print, and a connected SDK client. Options common to all commands
 * are declared here once.
 *
 * Defaults follow the local network: `--network` is `<data dir>/network.json` of `dwallet devnet`
 * (`.data/devnet`), the wallet folder `.data/wallet`; `DWALLET_NETWORK` and `DWALLET_WALLET`
 * override them. On a local chain the user's address is funded from the chain's faucet when it
 * holds no SUI (real networks have their own faucets).
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SUI_COIN_TYPE } from '../../chain/constants.ts';
import { LocalChainHttpClient } from '../../chain/local/http-client.ts';
import { DWalletClient } from '../dwallet-client.ts';
import { loadNetworkDescription, type NetworkDescription } from '../network.ts';
import { FileSecretShareStore } from '../secret-store.ts';
import { type OptionSpec, type ParsedCommandLine, parseIntegerIn, stringOption } from './args.ts';
import { CliError, CliErrorCodes } from './errors.ts';
import { Output } from './output.ts';
import { openWallet, type WalletFolder } from './wallet.ts';

export const DEFAULT_DATA_DIR = '.data/devnet';
export const DEFAULT_WALLET_DIR = '.data/wallet';
/** SUI (in MIST) the faucet gives a new local user: plenty for fees of a demo. */
const FAUCET_AMOUNT = 1_000n * 1_000_000_000n;

export const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  network: { type: 'string' },
  wallet: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

export interface Globals {
  readonly output: Output;
  readonly networkPath: string;
  readonly walletDir: string;
  /** Per-request wait, in milliseconds. */
  readonly timeoutMs: number;
}

export function globalsOf(
  values: ParsedCommandLine['values'],
  env: NodeJS.ProcessEnv = process.env,
  io?: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void },
): Globals {
  const networkPath = resolve(stringOption(values, 'network') ?? env.DWALLET_NETWORK ?? join(DEFAULT_DATA_DIR, 'network.json'));
  const walletDir = resolve(stringOption(values, 'wallet') ?? env.DWALLET_WALLET ?? DEFAULT_WALLET_DIR);
  const timeout = stringOption(values, 'timeout');
  const timeoutMs = timeout === undefined ? 180_000 : parseIntegerIn('--timeout', timeout, 1, 3600) * 1000;
  return { output: new Output(values.json === true, io?.stdout, io?.stderr), networkPath, walletDir, timeoutMs };
}

export function readNetwork(path: string): NetworkDescription {
  if (!existsSync(path)) {
    throw new CliError(
      CliErrorCodes.CLI_NETWORK_NOT_FOUND,
      `no network description at ${path}: start a local network with \`npx dwallet devnet\` (it writes one), or pass --network <file>`,
      { path },
    );
  }
  return loadNetworkDescription(path);
}

export interface Session {
  readonly globals: Globals;
  readonly network: NetworkDescription;
  readonly wallet: WalletFolder;
  readonly client: DWalletClient;
}

/** Reads the network description and the wallet, funds a new local user, and connects the SDK. */
export async function connect(globals: Globals): Promise<Session> {
  const network = readNetwork(globals.networkPath);
  const wallet = openWallet(globals.walletDir);
  if (wallet.created) globals.output.progress(`created a new Sui key in ${wallet.dir} (address ${wallet.keypair.toSuiAddress()})`);
  if (network.chain.kind === 'local') await fundLocalUser(network.chain.url, wallet.keypair.toSuiAddress(), globals.output);
  const client = await DWalletClient.connect({
    network,
    signer: wallet.keypair,
    secrets: new FileSecretShareStore(wallet.sharesDir),
    timeoutMs: globals.timeoutMs,
    onProgress: (line: string) => globals.output.progress(line),
  });
  return { globals, network, wallet, client };
}

async function fundLocalUser(chainUrl: string, address: string, output: Output): Promise<void> {
  const chain = new LocalChainHttpClient(chainUrl);
  const coins = await chain.listOwnedObjects(address, { type: SUI_COIN_TYPE, limit: 1 });
  if (coins.objects.length > 0) return;
  output.progress(`funding ${address} from the local faucet`);
  await chain.faucet(address, FAUCET_AMOUNT);
}
