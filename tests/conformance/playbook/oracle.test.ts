/**
 * Compares with the oracle: `ansible-playbook --syntax-check` must accept
 * the good fixture and reject the bad cases marked "rejects" (the others
 * are errors Ansible only finds at run time; we find them before running).
 * Skipped when ansible-playbook is not installed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import pMap from 'p-map';
import { test } from 'node:test';
import { BAD, CASES, expectedOf, FIXTURES } from '../../unit/playbook/helpers.js';
import { hasAnsible } from '../../support/ansible.js';

const skip = hasAnsible() ? false : 'ansible-playbook is not installed';

function syntaxCheck(dir: string, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    execFile('ansible-playbook', ['--syntax-check', 'site.yml'], { cwd: dir, env: { ...process.env, ANSIBLE_NOCOLOR: '1', ...env }, timeout: 120_000 }, (err) => {
      resolve(err ? (typeof err.code === 'number' ? err.code : 1) : 0);
    });
  });
}

test('ansible accepts the good fixture', { skip }, async () => {
  assert.equal(await syntaxCheck(path.join(FIXTURES, 'good'), { ANSIBLE_ROLES_PATH: 'extra_roles' }), 0);
});

test('ansible agrees on the bad corpus', { skip }, async () => {
  // Two at a time: 37 Python start-ups at once on a small machine ran into the timeout.
  const results = await pMap(CASES, async (name) => ({ name, rc: await syntaxCheck(path.join(BAD, name)), want: expectedOf(name).ansible }), { concurrency: 2 });
  const wrong = results.filter((r) => (r.rc === 0) !== (r.want === 'accepts')).map((r) => `${r.name}: rc=${r.rc}, expected ansible to ${r.want}`);
  assert.deepEqual(wrong, []);
});
