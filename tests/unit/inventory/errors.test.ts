/**
 * The error corpus (tests/fixtures/inventory/_errors): each broken inventory
 * is an InputError naming the file, the line (and column when known) and a
 * plain reason; Ansible (the oracle) must reject each one as well.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ExitCode, InputError } from '../../../src/errors.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { ansibleInventory, FIXTURES } from './oracle.js';

const DIR = join(FIXTURES, '_errors');

interface ErrorCase {
  source: string;
  /** The file named in the error, when not the source itself. */
  file?: string;
  line?: number;
  col?: number;
  reason: RegExp;
}

const cases: ErrorCase[] = [
  { source: 'child-never-defined.ini', line: 6, col: 3, reason: /group "never" is listed in \[g:children\] but never defined/ },
  { source: 'bad-range.ini', line: 3, col: 1, reason: /invalid number "x" in host range/ },
  { source: 'range-width.ini', line: 2, col: 1, reason: /equal-length begin and end/ },
  { source: 'unterminated-quote.ini', line: 3, col: 1, reason: /unterminated quote/ },
  { source: 'bad-yaml.yml', line: 5, reason: /YAML syntax error/ },
  { source: 'vars-unknown-group.ini', line: 4, col: 1, reason: /\[nope:vars\].*not defined/ },
  { source: 'bad-suffix.ini', line: 5, col: 1, reason: /unknown type "kids"/ },
  { source: 'bad-section.ini', line: 2, col: 1, reason: /invalid section header \[bad name\]/ },
  { source: 'host-var-without-equals.ini', line: 2, col: 8, reason: /expected key=value after the host name, got "oops"/ },
  { source: 'group-var-without-equals.ini', line: 5, col: 1, reason: /expected key=value in \[g:vars\], got "justaword"/ },
  { source: 'yaml-hosts-list.yml', line: 5, col: 9, reason: /"hosts" of group "g" must be a mapping, found a list/ },
  { source: 'yaml-host-vars-scalar.yml', line: 3, col: 9, reason: /vars of host "h1" must be a mapping, found a number/ },
  { source: 'group-cycle.ini', line: 4, col: 1, reason: /makes a loop/ },
  { source: 'host-trailing-colon.ini', line: 2, col: 1, reason: /trailing ":" must be followed by a port/ },
  { source: 'plugin-config.yml', line: 1, reason: /inventory plugin configurations are not supported/ },
  { source: 'bad-group-vars/hosts', file: 'bad-group-vars/group_vars/g.yml', line: 1, col: 1, reason: /must hold a mapping/ },
];

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

describe('Ansible rejects the same inventories', { concurrency: 4 }, () => {
  for (const c of cases) {
    test(c.source, async () => {
      const r = await ansibleInventory([c.source], DIR, ['--list']);
      assert.notEqual(r.code, 0, `ansible-inventory accepted ${c.source}:\n${r.stdout}`);
    });
  }
});
