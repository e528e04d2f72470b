/**
 * Typos that used to succeed: a --limit that matches no host (Ansible's
 * error, exit 1, for playbooks and ad-hoc) and a --start-at-task that names
 * no task (Ansible says so and exits 0; kolla-run exits 1), before any host
 * is contacted.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../../src/cli/main.js';
import { captureIO } from '../../support/capture-io.js';
import { tempDirSync } from '../../support/temp-dir.js';

const dir = tempDirSync('kr-typos-');
after(() => rmSync(dir, { recursive: true, force: true }));
const inventory = join(dir, 'inventory');
writeFileSync(inventory, '[g]\nh1 ansible_connection=local\n');
const playbook = join(dir, 'site.yml');
writeFileSync(playbook, '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: one\n      debug: {msg: hi}\n');
const withInclude = join(dir, 'include.yml');
writeFileSync(withInclude, '- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: more.yml\n');
writeFileSync(join(dir, 'more.yml'), '- name: inside\n  debug: {msg: included}\n');
const NO_HOSTS = 'kolla-run: Specified inventory, host pattern and/or --limit leaves us with no hosts to target.';

test('-l nosuch: a warning, then Ansible\'s error, exit 1, nothing run', async () => {
  const io = captureIO();
  assert.equal(await main([playbook, '-i', inventory, '-l', 'nosuch'], io), 1);
  assert.deepEqual(io.stderr, ['[WARNING]: could not match supplied host pattern, ignoring: nosuch', NO_HOSTS]);
  assert.deepEqual(io.stdout, []);
});

test('a limit that matches some host still runs; an ad-hoc -l nosuch fails too', async () => {
  const ok = captureIO();
  assert.equal(await main([playbook, '-i', inventory, '-l', 'nosuch,h1'], ok), 0);
  assert.ok(ok.stdout.some((l) => l.startsWith('ok: [h1]')));
  const adhoc = captureIO();
  assert.equal(await main(['adhoc', 'all', '-i', inventory, '-l', 'nosuch', '-m', 'ping'], adhoc), 1);
  assert.equal(adhoc.stderr.at(-1), NO_HOSTS);
});

test('--start-at-task naming no task: error before the run, exit 1', async () => {
  const io = captureIO();
  assert.equal(await main([playbook, '-i', inventory, '--start-at-task', 'nope'], io), 1);
  assert.match(io.stderr.join('\n'), /--start-at-task: no task is named "nope"/);
  assert.deepEqual(io.stdout, [], 'no play started');
  const found = captureIO();
  assert.equal(await main([playbook, '-i', inventory, '--start-at-task', 'one'], found), 0);
});

test('--start-at-task naming a task inside include_tasks: an error, as Ansible cannot start there either', async () => {
  const io = captureIO();
  assert.equal(await main([withInclude, '-i', inventory, '--start-at-task', 'inside'], io), 1);
  assert.match(io.stderr.join('\n'), /--start-at-task: no task is named "inside"/);
});
