/**
 * The static checks' oracle: ansible-playbook 2.14 fails every case of
 * tests/fixtures/check/ only while running, after the first task wrote its
 * file (kolla-run stops before: tests/unit/check/static-checks.test.ts),
 * and runs tests/fixtures/check-good/ to the end (its site.yml, and each
 * playbook of dynamic/ whose variables only the run defines). On localhost, no testbed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pMap from 'p-map';
import { hasAnsible } from '../support/ansible.js';

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/', import.meta.url));
const BAD = path.join(FIXTURES, 'check');
const GOOD = path.join(FIXTURES, 'check-good');
const CASES = readdirSync(BAD).sort();
const DYNAMIC = readdirSync(path.join(GOOD, 'dynamic')).sort().map((f) => `dynamic/${f}`);

function ansibleRun(dir: string, out: string, playbook = 'site.yml'): Promise<number> {
  return new Promise((resolve) => {
    const args = ['-i', 'localhost,', '-c', 'local', playbook, '-e', `out_dir=${out}`];
    execFile('ansible-playbook', args, { cwd: dir, env: { ...process.env, ANSIBLE_NOCOLOR: '1' }, timeout: 120_000 }, (err) => {
      resolve(err ? (typeof err.code === 'number' ? err.code : 1) : 0);
    });
  });
}

test('oracle: ansible-playbook fails every case only after its first task, and runs the valid fixture', { skip: hasAnsible() ? false : 'ansible-playbook is not installed' }, async () => {
  const wrong: string[] = [];
  await pMap(
    [...CASES, 'GOOD', ...DYNAMIC],
    async (name) => {
      const out = mkdtempSync(path.join(tmpdir(), 'kr-check-oracle-'));
      const good = name === 'GOOD' || DYNAMIC.includes(name);
      try {
        const rc = good ? await ansibleRun(GOOD, out, name === 'GOOD' ? 'site.yml' : name) : await ansibleRun(path.join(BAD, name), out);
        if (good ? rc !== 0 : rc === 0 || !existsSync(path.join(out, 'touched'))) wrong.push(`${name}: rc=${rc}`);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    { concurrency: 2 },
  );
  assert.deepEqual(wrong.sort(), []);
});
