/**
 * The static checks' corpus: one folder per case under tests/fixtures/check/
 * (site.yml, expected.json {file, line, message}); every case is a mistake
 * ansible-playbook 2.14 only finds while running (after the first task has
 * written a file), which kolla-run reports before touching any host, at its
 * file:line, exit 3. check-good/ is valid throughout and must pass silently.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkVariables, type VariableCheck } from '../../../src/check/index.js';
import { main } from '../../../src/cli/main.js';
import { InputError } from '../../../src/errors.js';
import { loadPlaybooks } from '../../../src/executor/playbook-runner.js';
import { loadInventory, runPlaybook } from '../../../src/index.js';
import { captureIO } from '../../support/capture-io.js';
import { tempDirSync } from '../../support/temp-dir.js';

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
/** What a run finds before touching a host: the loader's checks, then the variables (with the run's inventory and -e). */
async function staticCheck(playbook: string, outDir = '/nonexistent'): Promise<VariableCheck> {
  const { loader, playbooks } = await loadPlaybooks([playbook]);
  const inventory = await loadInventory(['localhost,'], { playbookDir: path.dirname(playbook) });
  return checkVariables(loader, playbooks, inventory, { out_dir: outDir });
}

const expectedOf = (name: string): Expected => JSON.parse(readFileSync(path.join(BAD, name, 'expected.json'), 'utf8')) as Expected;

test('every class of mistake has cases', () => {
  for (const prefix of ['jinja-', 'notify-', 'loop-', 'missing-', 'module-', 'var-']) assert.ok(CASES.filter((c) => c.startsWith(prefix)).length >= 2, prefix);
});

for (const name of CASES) {
  test(`static check: ${name}`, async () => {
    const dir = path.join(BAD, name);
    const want = expectedOf(name);
    const err = await staticCheck(path.join(dir, 'site.yml')).then(
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

test('the valid fixture passes every check, the variables of every play checked', async () => {
  assert.deepEqual(await staticCheck(path.join(GOOD, 'site.yml')), { checked: 5, skipped: 0 });
});

test('where a dynamic source could define a name, nothing is said', async () => {
  const dir = path.join(GOOD, 'dynamic');
  for (const file of readdirSync(dir)) {
    const r = await staticCheck(path.join(dir, file));
    assert.equal(r.checked, 0, `${file}: ${JSON.stringify(r)}`);
  }
});

test('a run through the API stops at an undefined variable before any host is touched', async () => {
  for (const name of CASES.filter((c) => c.startsWith('var-'))) {
    const out = tempDirSync('kr-check-');
    try {
      const inventory = await loadInventory(['localhost,']);
      const playbook = path.join(BAD, name, 'site.yml');
      await assert.rejects(runPlaybook(playbook, { inventory, extraVars: { out_dir: out }, options: { connection: { connection: 'local' } } }), InputError, name);
      assert.ok(!existsSync(path.join(out, 'touched')), `${name}: the first task ran`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
});

test('a run stops with exit 3 at the mistake before any host is touched', async () => {
  for (const name of CASES) {
    const out = tempDirSync('kr-check-');
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

test('--syntax-check with an inventory checks the variables too: exit 3 at the same place', async () => {
  for (const name of CASES.filter((c) => c.startsWith('var-'))) {
    const io = captureIO();
    const code = await main(['--syntax-check', '-i', 'localhost,', '-e', 'out_dir=/nonexistent', path.join(BAD, name, 'site.yml')], io);
    assert.equal(code, 3, `${name}: ${io.stderr.join('\n')}`);
    const want = expectedOf(name);
    assert.match(io.stderr.join('\n'), new RegExp(`${want.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${want.line}:\\d+: `), name);
  }
});
