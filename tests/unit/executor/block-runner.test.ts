/**
 * Running a play's nodes: what stops them (Ctrl-C between tasks, between handlers) and which
 * tasks --start-at-task leaves out (meta tasks too). Expectations read from
 * ansible-playbook 2.14.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIn, scratch } from './run-helper.js';

const HOSTS = 'h1 ansible_connection=local\n';

test('Ctrl-C between two tasks: the next task does not start, not even its banner', async () => {
  const dir = scratch({
    hosts: HOSTS,
    'site.yml': '- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: { msg: first }\n    - debug: { msg: second }\n',
  });
  const ctrlC = new AbortController();
  const outcome = await runIn(dir, 'site.yml', 'hosts', {}, {
    signal: ctrlC.signal,
    onEvent: (e) => {
      if (e.type === 'host_result') ctrlC.abort();
    },
  });
  assert.deepEqual(outcome.msgs.h1, ['first']);
  assert.equal(outcome.events.filter((e) => e.type === 'task_start').length, 1);
});

test('--start-at-task leaves out a meta task before the task named', async () => {
  const dir = scratch({
    hosts: HOSTS,
    'site.yml': `- hosts: h1
  gather_facts: false
  tasks:
    - name: A
      debug: { msg: a }
    - name: stop here
      meta: end_play
    - name: B
      debug: { msg: b }
`,
  });
  assert.deepEqual((await runIn(dir, 'site.yml', 'hosts', { startAtTask: 'B' })).msgs.h1, ['b']);
});

test('Ctrl-C during a handler: the next handler does not start', async () => {
  const dir = scratch({
    hosts: HOSTS,
    'site.yml': `- hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: notify }
      changed_when: true
      notify: [first, second]
  handlers:
    - name: first
      debug: { msg: first }
    - name: second
      debug: { msg: second }
`,
  });
  const ctrlC = new AbortController();
  const outcome = await runIn(dir, 'site.yml', 'hosts', {}, {
    signal: ctrlC.signal,
    onEvent: (e) => {
      if (e.type === 'host_result' && e.task.handler) ctrlC.abort();
    },
  });
  assert.deepEqual(outcome.handlers.h1, ['first']);
  assert.equal(outcome.events.filter((e) => e.type === 'task_start' && e.task.handler).length, 1);
});
