/**
 * A headless browser for the browser tests and the browser bench: playwright-core driving Debian's Chromium
 * (/usr/bin/chromium, the distribution's package, not a download of Playwright's own build).
 * When it is missing and the tests run as root, `apt-get install -y chromium` installs it, its
 * progress printed on stderr; otherwise the error says how to install it.
 *
 * The browser runs offline: no background networking (updates, safe browsing, sync, metrics), no
 * extensions or first-run pages, and every host name but the loopback's resolves to nothing, so a
 * page under test can reach only the local server. `--no-sandbox`: the tests may run as root,
 * where Chromium's sandbox refuses to start.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-sync',
  '--disable-extensions',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

function aptGet(args: string[]): boolean {
  process.stderr.write(`# apt-get ${args.join(' ')}\n`);
  // apt-get's progress goes to this process's stderr (stdout is the test runner's report).
  const run = spawnSync('apt-get', args, { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return run.status === 0;
}

/** The path of Debian's Chromium, installed first when missing and running as root. */
export function findChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  const root = process.getuid?.() === 0;
  if (!root) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM_PATH}: install it with \`sudo apt-get install -y chromium\``);
  }
  process.stderr.write(`# ${CHROMIUM_PATH} is missing: installing Debian's chromium package\n`);
  // A fresh container may have no package lists yet: update them once if the first try fails.
  const installed = aptGet(['install', '-y', 'chromium']) || (aptGet(['update']) && aptGet(['install', '-y', 'chromium']));
  if (!installed || !existsSync(CHROMIUM_PATH)) {
    throw new Error(`\`apt-get install -y chromium\` did not install ${CHROMIUM_PATH} (see its output above)`);
  }
  return CHROMIUM_PATH;
}

/** A headless Chromium for this test file; the caller closes it (`after(() => browser.close())`). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: OFFLINE_ARGS });
}
