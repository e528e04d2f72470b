/**
 * The error corpus (tests/fixtures/inventory/_errors): each broken inventory
 * is an InputError naming the file, the line (and column when known) and a
 * plain reason (that Ansible rejects each one as well is
 * tests/conformance/inventory/errors.test.ts).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ExitCode, InputError } from '../../../src/errors.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { cases, DIR } from './error-cases.js';

describe('inventory errors carry file, line and reason', { concurrency: 4 }, () => {
  for (const c of cases) {
    test(c.source, async () => {
      const err = await loadInventory([c.source], { cwd: DIR }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof InputError, `expected an InputError, got ${String(err)}`);
      assert.equal(err.exitCode, ExitCode.badInput);
      assert.equal(err.location.file, join(DIR, c.file ?? c.source));
      if (c.line !== undefined) assert.equal(err.location.line, c.line, err.message);
      if (c.col !== undefined) assert.equal(err.location.col, c.col, err.message);
      assert.match(err.reason, c.reason);
      assert.ok(err.message.startsWith(`${join(DIR, c.file ?? c.source)}:${c.line ?? ''}`), err.message);
    });
  }

  test('a missing source is an error naming it', async () => {
    await assert.rejects(loadInventory(['does-not-exist'], { cwd: DIR }), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.location.file, join(DIR, 'does-not-exist'));
      return true;
    });
  });
});
