/** The Node version check of the test runner and the `dwallet` tool (scripts/node-version.mjs). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { nodeVersionProblem } from '../../scripts/node-version.mjs';

test('a Node older than package.json engines is refused with both versions; newer or equal passes', () => {
  assert.equal(nodeVersionProblem('>=20.19', '20.19.0'), null);
  assert.equal(nodeVersionProblem('>=20.19', '20.20.2'), null);
  assert.equal(nodeVersionProblem('>=20.19', '22.1.0'), null);
  assert.match(nodeVersionProblem('>=20.19', '20.18.3') ?? '', /needs Node >=20\.19 .*this is Node 20\.18\.3/);
  assert.match(nodeVersionProblem('>=20.19', '18.20.0') ?? '', /this is Node 18\.20\.0/);
  assert.match(nodeVersionProblem('^20', '20.19.0') ?? '', /must be a ">=X.Y" lower bound/);
});

test("this Node satisfies the project's own engines field", () => {
  const { engines } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
  assert.equal(nodeVersionProblem(engines.node, process.versions.node), null);
});
