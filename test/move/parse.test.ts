/**
 * Every `.move` file of the package parses with the tree-sitter Move grammar (the only Move
 * front end on these machines); errors are reported as file:line:column.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatSyntaxError, moveFiles, moveParser, syntaxErrors } from './support/move-syntax.ts';

const moveDir = fileURLToPath(new URL('../../move', import.meta.url));

describe('Move sources parse', () => {
  it('finds the package sources and tests', () => {
    const files = moveFiles(moveDir);
    assert.ok(files.includes(join('sources', 'coordinator.move')));
    assert.ok(
      files.some((f) => f.startsWith('tests')),
      'Move unit tests exist',
    );
  });

  for (const file of moveFiles(moveDir)) {
    it(`${file} has no syntax error`, async () => {
      const parser = await moveParser();
      const errors = syntaxErrors(parser, file, readFileSync(join(moveDir, file), 'utf8'));
      assert.deepEqual(errors.map(formatSyntaxError), []);
    });
  }

  it('reports a broken file with line and column', async () => {
    const parser = await moveParser();
    const source = 'module dwallet::broken;\n\npublic fun f(x: u64 {\n    let y = ;\n}\n';
    const errors = syntaxErrors(parser, 'broken.move', source);
    assert.ok(errors.length > 0, 'a syntax error is found');
    const first = errors[0];
    assert.ok(first);
    assert.equal(first.file, 'broken.move');
    assert.ok(first.line >= 3, `error at line ${first.line}`);
    assert.match(formatSyntaxError(first), /^broken\.move:\d+:\d+: /);
  });

  it('reports a missing token', async () => {
    const parser = await moveParser();
    const errors = syntaxErrors(parser, 'missing.move', 'module dwallet::m;\n\nfun f() { let x = 1 }\n');
    assert.ok(errors.length > 0);
  });
});
