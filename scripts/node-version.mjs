// The Node version this project needs — package.json "engines.node", a `>=X.Y[.Z]` lower bound —
// checked before the test runner and the `dwallet` tool start, so an older Node fails with one
// clear line instead of a syntax error deep in a dependency.
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Why `actual` (e.g. process.versions.node) does not satisfy `required` (`>=20.19`), or null when it does. */
export function nodeVersionProblem(required, actual) {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(required);
  if (match === null) return `package.json engines.node must be a ">=X.Y" lower bound, not ${JSON.stringify(required)}`;
  const want = [1, 2, 3].map((i) => Number(match[i] ?? 0));
  const have = actual.split('.').map((part) => Number.parseInt(part, 10));
  for (let i = 0; i < 3; i++) {
    if ((have[i] ?? 0) > want[i]) return null;
    if ((have[i] ?? 0) < want[i]) return `this project needs Node ${required} (package.json "engines"); this is Node ${actual}`;
  }
  return null;
}

/** Exits with status 1 and the reason when this Node is too old. */
export function requireNodeVersion() {
  const problem = nodeVersionProblem(packageJson.engines.node, process.versions.node);
  if (problem !== null) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
