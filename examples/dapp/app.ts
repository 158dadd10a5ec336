/**
 * The example dApp's page script (bundled by scripts/example-dapp.ts into /dist/dapp.js): what a
 * web page does to use dWallets through the browser SDK.
 *
 * 1. Register a wallet-standard wallet. This example registers a `KeypairWallet` (a raw Ed25519 key
 *    kept in localStorage: a TEST wallet for a local devnet) and lists every Sui wallet the page
 *    sees (`suiWallets()`): a real wallet extension shows up beside it.
 * 2. `BrowserDWalletClient.connect`: starts the SDK's module worker (dist/dwallet-worker.js), opens
 *    the encrypted share store in IndexedDB (key from a passphrase or from the wallet's signature),
 *    and connects to the network of `/network.json`. Every Sui transaction the SDK sends is signed
 *    by the wallet (`sui:signTransaction`), asked by the worker through this page.
 * 3. Create a dWallet, show its Ethereum and Bitcoin (P2WPKH) addresses, sign an EIP-1559
 *    transaction, export/import the backup file of the store.
 *
 * All SDK work happens in the worker; this thread only renders. `window.dappMetrics`
 * (responsiveness.ts) records how long the thread was blocked while the network worked. Text from
 * the network, the wallet or errors is inserted as text (textContent), never as HTML.
 * @module
 */
import { requestSuiFromFaucetV2 } from '@mysten/sui/faucet';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { type Hex, parseEther, parseGwei, parseTransaction } from 'viem';
import {
  BrowserDWalletClient,
  bitcoinP2wpkhAddress,
  ClientErrorCodes,
  type Eip1559TransactionFields,
  ethereumAddress,
  type KeypairWallet,
  type LocalDWalletRecord,
  registerKeypairWallet,
  type SuiWallet,
  suiWallets,
} from '../../client/browser/index.ts';
import { type DappMetrics, ResponsivenessMonitor } from './responsiveness.ts';

// ---- the page's DOM, as this script uses it (the project compiles without the DOM library) ----

interface Elem {
  textContent: string | null;
  hidden: boolean;
  disabled: boolean;
  value: string;
  checked: boolean;
  readonly files: { readonly length: number; item(index: number): { text(): Promise<string> } | null } | null;
  readonly dataset: Record<string, string | undefined>;
  className: string;
  href: string;
  download: string;
  scrollTop: number;
  readonly scrollHeight: number;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  append(...nodes: (Elem | string)[]): void;
  replaceChildren(...nodes: (Elem | string)[]): void;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  querySelectorAll(selector: string): Iterable<Elem>;
  click(): void;
  remove(): void;
}

interface PageScope {
  readonly document: { getElementById(id: string): Elem | null; createElement(tag: string): Elem; readonly body: Elem };
  readonly localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  readonly location: { readonly href: string };
  dappMetrics?: DappMetrics;
  /** The monitor itself, so a test can open a window of its own (and check the measure sees a block). */
  dappMonitor?: ResponsivenessMonitor;
}

const page = globalThis as unknown as PageScope;
const { document } = page;

function el(id: string): Elem {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found;
}

function make(tag: string, text?: string, className?: string): Elem {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className !== undefined) element.className = className;
  return element;
}

// ---- state ----

/** localStorage key of the test wallet's secret key (bech32 `suiprivkey1…`). */
const TEST_WALLET_STORAGE_KEY = 'dwallet-example/test-wallet-secret-key';
/** Lines of progress kept on screen. */
const PROGRESS_LINES = 300;
/** The Bitcoin network the page shows P2WPKH addresses for (a devnet is no Bitcoin network: testnet's form, tb1q…). */
const BITCOIN_NETWORK = 'testnet';

const monitor = new ResponsivenessMonitor();
page.dappMetrics = monitor.metrics;
page.dappMonitor = monitor;
const startedAt = performance.now();

let network: { readonly faucet?: unknown; readonly chain?: { readonly url?: unknown } } | undefined;
let testWallet: KeypairWallet | undefined;
let wallets: SuiWallet[] = [];
let client: BrowserDWalletClient | undefined;

// ---- output ----

function progress(line: string): void {
  const list = el('progress');
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  list.append(make('li', `${seconds} s  ${line}`));
  const items = [...list.querySelectorAll('li')];
  for (const old of items.slice(0, Math.max(0, items.length - PROGRESS_LINES))) old.remove();
  list.scrollTop = list.scrollHeight;
}

function status(text: string): void {
  el('status').textContent = text;
  progress(text);
}

function clearError(): void {
  const box = el('error');
  box.hidden = true;
  box.textContent = '';
  delete box.dataset.code;
}

/** What went wrong, as text: the SDK's errors carry a stable code (ClientErrorCodes). */
function showError(what: string, error: unknown): void {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  let text = `${what}: ${code === undefined ? '' : `${code}: `}${message}`;
  if (code === ClientErrorCodes.SECRET_STORE_WRONG_PASSPHRASE) {
    text = `${what}: wrong passphrase (or another wallet's key). The store was not opened and nothing in it was changed.`;
    el('passphrase').value = '';
  } else if (code === ClientErrorCodes.WALLET_REJECTED) {
    text = `${what}: the wallet refused to sign.`;
  }
  const box = el('error');
  box.textContent = text;
  if (code !== undefined) box.dataset.code = code;
  box.hidden = false;
  el('status').textContent = `${what} failed`;
  progress(`error: ${text}`);
}

/** Disables every button while the SDK works (one action at a time, as a user would). */
async function busy<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
  clearError();
  document.body.setAttribute('aria-busy', 'true');
  for (const button of document.body.querySelectorAll('button')) button.disabled = true;
  status(`${what}…`);
  try {
    return await work();
  } catch (error) {
    showError(what, error);
    return undefined;
  } finally {
    document.body.removeAttribute('aria-busy');
    for (const button of document.body.querySelectorAll('button')) button.disabled = false;
  }
}

// ---- 1. wallets ----

function testWalletKeypair(): Ed25519Keypair {
  const stored = page.localStorage.getItem(TEST_WALLET_STORAGE_KEY);
  if (stored !== null) {
    try {
      return Ed25519Keypair.fromSecretKey(stored);
    } catch {
      progress('the stored test wallet key is unreadable: a new test key replaces it');
    }
  }
  const keypair = Ed25519Keypair.generate();
  page.localStorage.setItem(TEST_WALLET_STORAGE_KEY, keypair.getSecretKey());
  return keypair;
}

function listWallets(): void {
  wallets = suiWallets();
  const select = el('wallet');
  const chosen = select.value;
  select.replaceChildren(
    ...wallets.map((wallet, index) => {
      const option = make('option', wallet.name);
      option.value = String(index);
      return option;
    }),
  );
  if (chosen !== '' && Number(chosen) < wallets.length) select.value = chosen;
}

function chosenWallet(): SuiWallet {
  const wallet = wallets[Number(el('wallet').value)];
  if (wallet === undefined) throw new Error('no Sui wallet is available in this page');
  return wallet;
}

// ---- 2. unlock and connect ----

async function connect(): Promise<void> {
  if (network === undefined) throw new Error('the network description was not loaded');
  const wallet = chosenWallet();
  const useWalletKey = el('wallet-key').checked;
  const passphrase = el('passphrase').value;
  if (!useWalletKey && passphrase.length === 0) throw new Error('enter a passphrase, or choose the key from the wallet signature');
  if (wallet === testWallet && typeof network.faucet === 'string') {
    // A devnet's faucet (Sui's faucet protocol, POST /v2/gas): the test wallet pays the network's fees in SUI.
    const recipient = testWallet.accounts[0]?.address ?? '';
    await requestSuiFromFaucetV2({ host: network.faucet, recipient });
    progress(`the devnet's faucet sent SUI to the test wallet ${recipient}`);
  }
  const connected = await BrowserDWalletClient.connect({
    network,
    wallet,
    secrets: useWalletKey ? { walletSignature: true } : { passphrase },
    worker: new URL('/dist/dwallet-worker.js', page.location.href),
    onProgress: progress,
  });
  client = connected;
  el('passphrase').value = '';
  el('address').textContent = connected.address;
  el('unlock').hidden = true;
  el('connected').hidden = false;
  for (const id of ['dwallets-section', 'sign-section', 'backup-section']) el(id).hidden = false;
  document.body.dataset.state = 'unlocked';
  await refreshDWallets();
  status(`connected as ${connected.address}`);
}

async function lock(): Promise<void> {
  const closing = client;
  client = undefined;
  await closing?.close();
  el('unlock').hidden = false;
  el('connected').hidden = true;
  for (const id of ['dwallets-section', 'sign-section', 'backup-section']) el(id).hidden = true;
  el('dwallets').replaceChildren();
  el('signed').hidden = true;
  document.body.dataset.state = 'locked';
  status('locked: the worker is stopped and the share store closed');
}

// ---- 3. dWallets ----

/** Whether a record signs Ethereum transactions (and has the addresses the page shows). */
function signsEthereum(record: LocalDWalletRecord): record is LocalDWalletRecord & { dwalletId: string } {
  return record.dwalletId !== null && record.state === 'active' && record.curve === 'secp256k1' && record.algorithm === 'ecdsa';
}

function addressLine(label: string, field: string, value: string): Elem {
  const line = make('div');
  const code = make('code', value);
  code.dataset.field = field;
  line.append(`${label} `, code);
  return line;
}

async function refreshDWallets(): Promise<void> {
  if (client === undefined) return;
  const records = await client.localDWallets();
  const items = records.map((record) => {
    const item = make('li');
    item.dataset.dwallet = record.dwalletId ?? record.key;
    item.dataset.state = record.state;
    item.append(make('div', `${record.dwalletId ?? record.key} — ${record.curve} ${record.algorithm}, ${record.state}`));
    if (signsEthereum(record)) {
      item.append(addressLine('Ethereum', 'ethereum', ethereumAddress(record.publicKey)));
      item.append(addressLine('Bitcoin (P2WPKH, testnet)', 'bitcoin', bitcoinP2wpkhAddress(record.publicKey, BITCOIN_NETWORK)));
    }
    return item;
  });
  el('dwallets').replaceChildren(...items);
  el('no-dwallets').hidden = items.length > 0;
  const select = el('sign-dwallet');
  const chosen = select.value;
  const signable = records.filter(signsEthereum);
  select.replaceChildren(
    ...signable.map((record) => {
      const option = make('option', `${record.dwalletId.slice(0, 12)}… ${ethereumAddress(record.publicKey)}`);
      option.value = record.dwalletId;
      return option;
    }),
  );
  if (signable.some((record) => record.dwalletId === chosen)) select.value = chosen;
}

async function createDWallet(): Promise<void> {
  const connected = requireClient();
  const measured = monitor.begin('create');
  try {
    const dwallet = await connected.createDWallet({ curve: 'secp256k1' });
    await refreshDWallets();
    el('sign-dwallet').value = dwallet.id;
    status(`dWallet ${dwallet.id} created: Ethereum address ${ethereumAddress(dwallet.publicKey)}`);
  } finally {
    await monitor.end(measured);
  }
}

function requireClient(): BrowserDWalletClient {
  if (client === undefined) throw new Error('unlock the store and connect first');
  return client;
}

// ---- 4. sign an Ethereum transaction ----

function fieldError(field: string, message: string): never {
  throw new Error(`${field}: ${message}`);
}

function integer(id: string, field: string): bigint {
  const text = el(id).value.trim();
  if (!/^(0|[1-9][0-9]{0,77})$/.test(text)) fieldError(field, `expected a whole number, got ${JSON.stringify(text)}`);
  return BigInt(text);
}

function decimal(id: string, field: string, parse: (text: string) => bigint): bigint {
  const text = el(id).value.trim();
  if (!/^[0-9]{1,30}(\.[0-9]{1,18})?$/.test(text)) fieldError(field, `expected a decimal number, got ${JSON.stringify(text)}`);
  return parse(text);
}

/** The form's fields as the SDK takes them; the SDK validates the transaction again (ranges, address checksum). */
function transactionFields(): Eip1559TransactionFields {
  const chainId = integer('chain-id', 'chain id');
  if (chainId < 1n || chainId > BigInt(Number.MAX_SAFE_INTEGER)) fieldError('chain id', 'out of range');
  const nonce = integer('nonce', 'nonce');
  const to = el('to').value.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(to)) fieldError('to', `expected a 0x-prefixed 20-byte address, got ${JSON.stringify(to)}`);
  const data = el('data').value.trim();
  if (!/^0x([0-9a-fA-F]{2})*$/.test(data)) fieldError('data', 'expected 0x-prefixed hex bytes');
  return {
    chainId: Number(chainId),
    nonce: nonce <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(nonce) : nonce,
    to: to as Hex,
    value: decimal('value', 'value', (text) => parseEther(text)),
    gas: integer('gas', 'gas limit'),
    maxFeePerGas: decimal('max-fee', 'max fee', (text) => parseGwei(text)),
    maxPriorityFeePerGas: decimal('priority-fee', 'priority fee', (text) => parseGwei(text)),
    data: data as Hex,
  };
}

async function signTransaction(): Promise<void> {
  const connected = requireClient();
  const dwalletId = el('sign-dwallet').value;
  if (dwalletId === '') throw new Error('create a dWallet first');
  const fields = transactionFields();
  el('signed').hidden = true;
  const measured = monitor.begin('sign');
  let signed: Awaited<ReturnType<BrowserDWalletClient['signEthereumTransaction']>>;
  try {
    signed = await connected.signEthereumTransaction(dwalletId, fields);
  } finally {
    await monitor.end(measured);
  }
  const parsed = parseTransaction(signed.serialized);
  el('signed-from').textContent = signed.from;
  el('signed-hash').textContent = signed.hash;
  el('signature').textContent = `r ${parsed.r}, s ${parsed.s}, yParity ${parsed.yParity}`;
  el('signed-raw').textContent = signed.serialized;
  const longTasks = monitor.metrics.longTaskApi ? `, ${measured.longTasks} long task(s) over 50 ms` : '';
  el('sign-responsiveness').textContent = `longest block while signing: ${measured.longestBlockMs.toFixed(0)} ms${longTasks}`;
  el('signed').hidden = false;
  el('signed').dataset.signId = signed.signId;
  status(`signed by the network (sign ${signed.signId}); from ${signed.from}`);
}

// ---- 5. backup file ----

async function exportBackup(): Promise<void> {
  const text = await requireClient().exportSecrets();
  const link = make('a');
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.href = url;
  link.download = 'dwallet-shares-backup.json';
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
  const records = Object.keys((JSON.parse(text) as { records?: object }).records ?? {}).length;
  el('backup-result').textContent = `exported ${records} sealed record(s) to dwallet-shares-backup.json`;
  status('backup file exported');
}

async function importBackup(): Promise<void> {
  const connected = requireClient();
  const file = el('import-file').files?.item(0);
  if (file === null || file === undefined) throw new Error('choose a backup file first');
  const passphrase = el('import-passphrase').value;
  const result = await connected.importSecrets(await file.text(), passphrase === '' ? {} : { passphrase });
  el('import-passphrase').value = '';
  el('backup-result').textContent =
    `imported ${result.imported.length}, already held ${result.unchanged.length}, conflicts kept as they were ${result.conflicts.length}`;
  await refreshDWallets();
  status('backup file imported');
}

// ---- start ----

function on(id: string, type: 'click' | 'submit', what: string, action: () => Promise<void>): void {
  el(id).addEventListener(type, (event) => {
    event.preventDefault();
    void busy(what, action);
  });
}

async function start(): Promise<void> {
  const keypair = testWalletKeypair();
  testWallet = registerKeypairWallet(keypair, {
    approve: ({ kind }) => {
      progress(`the test wallet signs a ${kind === 'transaction' ? 'Sui transaction' : 'personal message'}`);
      return true;
    },
  });
  el('test-wallet').textContent = keypair.toSuiAddress();
  listWallets();
  el('wallet').addEventListener('focus', listWallets);

  on('unlock', 'submit', 'Unlocking the store and connecting', connect);
  on('lock', 'click', 'Locking', lock);
  on('create', 'click', 'Creating a dWallet', createDWallet);
  on('sign', 'submit', 'Signing the Ethereum transaction', signTransaction);
  on('export', 'click', 'Exporting the backup file', exportBackup);
  on('import', 'submit', 'Importing the backup file', importBackup);

  const response = await fetch('/network.json');
  if (!response.ok) throw new Error(`/network.json: HTTP ${response.status}`);
  network = (await response.json()) as typeof network;
  el('network').textContent = `Network: chain ${String(network?.chain?.url)}; the description is checked by the SDK when you connect.`;
  document.body.dataset.state = 'locked';
  status('ready: unlock the store to connect');
}

start().catch((error) => showError('Starting the page', error));
