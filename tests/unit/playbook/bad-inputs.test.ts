/**
 * The bad-input corpus: one directory per case under
 * tests/fixtures/playbook/bad/<case>/ with site.yml and expected.json
 * ({file, line, col, message (a regex)}). One generic runner.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { BAD, CASES, catalogOf, expectedOf } from './helpers.js';

test('the corpus has at least 20 cases', () => {
  assert.ok(CASES.length >= 20, `only ${CASES.length} cases`);
});

for (const name of CASES) {
  test(`bad input: ${name}`, async () => {
    const dir = path.join(BAD, name);
    const expected = expectedOf(name);
    const err = await loadPlaybook(path.join(dir, 'site.yml'), { catalog: catalogOf() }).then(
      () => assert.fail('loaded without error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InputError, `not an InputError: ${String(err)}`);
    const where = `${path.relative(dir, err.location.file)}:${err.location.line}:${err.location.col}`;
    assert.equal(where, `${expected.file}:${expected.line}:${expected.col}`, err.message);
    assert.match(err.reason, new RegExp(expected.message));
    assert.ok(!err.reason.includes('\n'), 'the reason is one line');
    assert.ok(err.message.startsWith(`${err.location.file}:${expected.line}:${expected.col}: `));
  });
}
