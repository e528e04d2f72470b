/**
 * Several playbooks on one command line, and the exit code, as ansible-playbook 2.14 ends them
 * (its PlaybookExecutor: the next playbook runs only while the last result is 0; a play that
 * any_errors_fatal or max_fail_percentage broke exits 2).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exitCodeFor } from '../../../src/executor/playbook-runner.js';
import type { HostRun } from '../../../src/executor/state.js';
import { runIn, scratch } from './run-helper.js';

const HOSTS = 'h1 ansible_connection=local\nh2 ansible_connection=local\n';
const SECOND = '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: second playbook }\n';

test('a playbook after one where all went well runs', async () => {
  const dir = scratch({ hosts: HOSTS, 'a.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: first playbook }\n', 'b.yml': SECOND });
  const outcome = await runIn(dir, ['a.yml', 'b.yml']);
  assert.equal(outcome.exitCode, 0);
  assert.deepEqual(outcome.msgs.h1, ['first playbook', 'second playbook']);
});

test('a playbook after one where a host failed does not run, even for the hosts that did well', async () => {
  const dir = scratch({
    hosts: HOSTS,
    'a.yml': "- hosts: all\n  gather_facts: false\n  tasks:\n    - fail: { msg: down }\n      when: inventory_hostname == 'h1'\n    - debug: { msg: first playbook }\n",
    'b.yml': SECOND,
  });
  const outcome = await runIn(dir, ['a.yml', 'b.yml']);
  assert.equal(outcome.exitCode, 2);
  assert.deepEqual(outcome.msgs.h2, ['first playbook']);
  assert.equal(outcome.events.filter((e) => e.type === 'playbook_start').length, 1);
});

test('a playbook after one where a host was unreachable does not run', async () => {
  const dir = scratch({
    hosts: `${HOSTS}gone ansible_host=127.0.0.1 ansible_port=1 ansible_connection=ssh\n`,
    'a.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n',
    'b.yml': SECOND,
  });
  const outcome = await runIn(dir, ['a.yml', 'b.yml']);
  assert.equal(outcome.exitCode, 4);
  assert.equal(outcome.msgs.h1, undefined);
});

test('exit code: interrupted over all; a broken play 2 even with an unreachable host; else unreachable 4 over failed 2', () => {
  const host = (flags: Partial<HostRun>) => ({ failed: false, unreachable: false, ...flags }) as HostRun;
  const hosts = [host({ unreachable: true }), host({ failed: true })];
  assert.equal(exitCodeFor(hosts, true, true), 99);
  assert.equal(exitCodeFor(hosts, false, true), 2);
  assert.equal(exitCodeFor(hosts, false, false), 4);
  assert.equal(exitCodeFor([host({ failed: true })], false), 2);
  assert.equal(exitCodeFor([host({})], false, false), 0);
});

test('-vvv shows each SSH connection as it starts; a lower verbosity shows none', async () => {
  const dir = scratch({
    hosts: 'gone ansible_host=127.0.0.1 ansible_port=1 ansible_connection=ssh ansible_user=someone\n',
    'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n',
  });
  const messages = async (verbosity: number) =>
    (await runIn(dir, 'site.yml', 'hosts', { verbosity })).events.flatMap((e) => (e.type === 'message' ? [e.message.replace(/ to .*$/, '')] : []));
  assert.deepEqual(await messages(0), []);
  assert.deepEqual(await messages(3), ['<gone> ESTABLISH SSH CONNECTION FOR USER: someone']);
});
