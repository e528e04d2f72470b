/**
 * Secrets never reach any output: no_log tasks (copy and template diffs, a
 * loop's items, a failure) and the values of the config folder's
 * passwords.yml used without no_log, through the real CLI on a testbed
 * node, in every output mode: text, -v, -vvvv, --diff, --check --diff,
 * --json, --json --diff, and the live view on a pseudo-terminal.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestbedState } from '../../src/testbed/index.js';
import { TEST_NODES, upTestbed } from '../support/testbed.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = `${root}bin/kolla-run`;
const playbook = `${root}tests/fixtures/e2e/secrets/site.yml`;
const databasePassword = `Db${randomBytes(12).toString('hex')}`;
const adminPassword = `Adm${randomBytes(12).toString('hex')}`;
const secrets = ['NoLogSecret-7f3a', 'LoopSecret-9c1d', databasePassword, adminPassword];
let state: TestbedState;
let configDir: string;
let runs = 0;

before(async () => {
  state = await upTestbed(TEST_NODES);
  configDir = mkdtempSync(join(tmpdir(), 'kr-secrets-'));
  writeFileSync(join(configDir, 'passwords.yml'), `database_password: ${databasePassword}\nkeystone_admin_password: "${adminPassword}"\n`, { mode: 0o600 });
});

after(() => rmSync(configDir, { recursive: true, force: true }));

function args(extra: readonly string[]): string[] {
  runs += 1;
  const runDir = `/tmp/kr-e2e-secrets/${process.pid}-${runs}`;
  return [playbook, '-i', state.files.inventory, '-l', 'node1', '-e', `run_dir=${runDir}`, ...extra];
}

const env = () => ({ ...process.env, KOLLA_CONFIG_PATH: configDir });

function run(extra: readonly string[]): { code: number; out: string } {
  const r = spawnSync(launcher, args(extra), { encoding: 'utf8', env: env() });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

function assertNoSecret(out: string, mode: string): void {
  for (const secret of secrets) assert.ok(!out.includes(secret), `${mode}: "${secret}" appears in the output:\n${out}`);
}

for (const mode of [[], ['-v'], ['-vvvv'], ['--diff'], ['--check', '--diff'], ['--diff', '-v']]) {
  test(`text output ${mode.join(' ') || '(default)'}: no secret, no_log items as item=None`, () => {
    const { code, out } = run(mode);
    assert.equal(code, 0, out);
    assertNoSecret(out, mode.join(' '));
    assert.match(out, /ok: \[node1\] => \(item=None\)/);
    // In check mode the command is skipped.
    if (!mode.includes('--check')) assert.match(out, /fatal: \[node1\]: FAILED! => \{"censored": "the output has been hidden[^"]*", "changed": true\}/);
    assert.match(out, /cannot log in with \*{8}/);
    if (mode.includes('--diff')) assert.match(out, /^\+password = \*{8}$/m, 'the diff of a task without no_log is shown, masked');
  });
}

for (const mode of [['--json'], ['--json', '--diff', '-vvv']]) {
  test(`${mode.join(' ')}: no secret, no diff of a no_log task, items as null`, () => {
    const { code, out } = run(mode);
    assert.equal(code, 0, out);
    assertNoSecret(out, mode.join(' '));
    const events = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const results = events.filter((e) => e.type === 'host_result') as Array<{ task: { name: string }; item?: unknown; diff?: unknown; censored?: boolean; result: Record<string, unknown> }>;
    const hidden = results.filter((e) => e.task.name.endsWith('(no_log)'));
    assert.ok(hidden.length >= 6, JSON.stringify(hidden));
    for (const e of hidden) {
      assert.equal(e.diff, undefined, `${e.task.name}: a no_log task has no diff`);
      assert.equal(e.censored, true);
      assert.deepEqual(Object.keys(e.result).sort(), ['censored', 'changed']);
    }
    const items = hidden.filter((e) => e.task.name.startsWith('Loop') && 'item' in e);
    assert.equal(items.length, 2);
    for (const e of items) assert.equal(e.item, null);
    if (mode.includes('--diff')) assert.ok(results.some((e) => e.task.name === 'A password in a file\'s diff' && e.diff !== undefined), 'a diff without no_log is still emitted');
  });
}

test('the live view on a terminal: no secret', { skip: spawnSync('which', ['script']).status !== 0 && 'no `script` to make a terminal' }, () => {
  const quoted = [launcher, ...args(['--diff'])].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qfec', `${quoted}; echo "exit=$?"`, '/dev/null'], { encoding: 'utf8', env: { ...env(), COLUMNS: '200', LINES: '50', TERM: 'xterm' } });
  const out = r.stdout + r.stderr;
  assert.match(out, /exit=0/, out);
  assert.match(out, /PLAY RECAP/);
  assertNoSecret(out, 'terminal');
});
