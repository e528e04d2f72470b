/**
 * The static checks' corpus: one folder per case under tests/fixtures/check/
 * (site.yml, expected.json {file, line, message}); every case is a mistake
 * ansible-playbook 2.14 only finds while running (after the first task has
 * written a file), which kolla-run reports before touching any host, at its
 * file:line, exit 3. check-good/ is valid throughout and must pass silently.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.js';
import { InputError } from '../../../src/errors.js';
import { loadPlaybooks } from '../../../src/executor/playbook-runner.js';
import { captureIO } from '../../support/capture-io.js';

const FIXTURES = fileURLToPath(new URL('../../../../tests/fixtures/', import.meta.url));
const BAD = path.join(FIXTURES, 'check');
const GOOD = path.join(FIXTURES, 'check-good');
const CASES = readdirSync(BAD).sort();

interface Expected {
  file: string;
  line: number;
  col?: number;
  message: string;
}
const expectedOf = (name: string): Expected => JSON.parse(readFileSync(path.join(BAD, name, 'expected.json'), 'utf8')) as Expected;

test('every class of mistake has cases', () => {
  for (const prefix of ['jinja-', 'notify-', 'loop-', 'missing-', 'module-']) assert.ok(CASES.filter((c) => c.startsWith(prefix)).length >= 2, prefix);
});

for (const name of CASES) {
  test(`static check: ${name}`, async () => {
    const dir = path.join(BAD, name);
    const want = expectedOf(name);
    const err = await loadPlaybooks([path.join(dir, 'site.yml')]).then(
      () => assert.fail('loaded without error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InputError, `not an InputError: ${String(err)}`);
    assert.equal(path.relative(dir, err.location.file), want.file, err.message);
    assert.equal(err.location.line, want.line, err.message);
    assert.ok(err.location.col !== undefined && err.location.col >= 1, `a column: ${err.message}`);
    if (want.col !== undefined) assert.equal(err.location.col, want.col, err.message);
    assert.ok(err.reason.includes(want.message), `${err.reason}\ndoes not include\n${want.message}`);
    assert.ok(!/parse[A-Z]\w*:|Cannot read properties/.test(err.reason), `a parser's words: ${err.reason}`);
  });
}

test('the valid fixture passes every check', async () => {
  await loadPlaybooks([path.join(GOOD, 'site.yml')]);
});

test('a run stops with exit 3 at the mistake before any host is touched', async () => {
  for (const name of CASES) {
    const out = mkdtempSync(path.join(tmpdir(), 'kr-check-'));
    try {
      const io = captureIO();
      const code = await main([path.join(BAD, name, 'site.yml'), '-i', 'localhost,', '-c', 'local', '-e', `out_dir=${out}`], io);
      assert.equal(code, 3, `${name}: ${io.stderr.join('\n')}`);
      assert.ok(!existsSync(path.join(out, 'touched')), `${name}: the first task ran`);
      const want = expectedOf(name);
      assert.match(io.stderr.join('\n'), new RegExp(`${want.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${want.line}:\\d+: `), name);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
});
