/**
 * Meta tasks as handlers, as ansible-playbook 2.14 runs them (its strategy's _execute_meta):
 * end_play ends the play at once (the executor differential's handler-edges scenario pins it
 * against Ansible); flush_handlers as a handler is an error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIn, scratch } from './run-helper.js';

const HOSTS = 'h1 ansible_connection=local\n';

test('meta: flush_handlers as a handler is an error naming its place', async () => {
  const dir = scratch({
    hosts: HOSTS,
    'site.yml': '- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: "true"\n      notify: again\n  handlers:\n    - name: again\n      meta: flush_handlers\n',
  });
  await assert.rejects(runIn(dir), (err: Error) => {
    assert.match(err.message, /site\.yml:7:\d+: flush_handlers cannot be used as a handler/);
    return true;
  });
});

test('meta: end_play as a handler: no later handler runs, and the next play does', async () => {
  const dir = scratch({
    hosts: HOSTS,
    'site.yml':
      '- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: "true"\n      notify: [stop, after]\n  handlers:\n    - name: stop\n      meta: end_play\n    - name: after\n      debug: { msg: never }\n' +
      '- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: { msg: next play }\n',
  });
  const outcome = await runIn(dir);
  assert.equal(outcome.exitCode, 0);
  assert.deepEqual(outcome.msgs.h1, ['next play']);
});
