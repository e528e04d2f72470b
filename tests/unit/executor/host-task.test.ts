/**
 * One task on one host: until's attempts (retries as Ansible counts them),
 * changed_when on a skipped result, loop_control's extended flags, each
 * item's notify, a delegated loop, and no_log when a loop fails before its
 * items. Expectations read from ansible-playbook 2.14 (scenarios loops and
 * result-conditions pin the same against it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostResultEvent } from '../../../src/output/events.js';
import { runIn, scratch, type RunOutcome } from './run-helper.js';

async function runTasks(tasks: string, handlers = ''): Promise<RunOutcome> {
  const indent = (text: string) => text.replace(/^(?=.)/gm, '    ');
  const site = `- hosts: all\n  gather_facts: false\n  tasks:\n${indent(tasks)}\n${handlers ? `  handlers:\n${indent(handlers)}\n` : ''}`;
  return runIn(scratch({ hosts: 'h1 ansible_connection=local\n', 'site.yml': site }));
}

const retryMessages = (outcome: RunOutcome) => outcome.events.flatMap((e) => (e.type === 'message' && e.message.startsWith('FAILED - RETRYING') ? [e.message] : []));
const summaries = (outcome: RunOutcome) => outcome.events.flatMap((e) => (e.type === 'host_result' && e.item === undefined ? [e as HostResultEvent] : []));

test('until retries as many times as retries says (3 when not given, 3 attempts when null); the registered attempts are the retries', async () => {
  const outcome = await runTasks(`- debug: { msg: one }
  register: one
  until: false
  retries: 1
  delay: 0
  ignore_errors: true
- debug: { msg: unset }
  register: unset
  until: false
  delay: 0
  ignore_errors: true
- debug: { msg: "null" }
  register: nothing
  until: false
  retries:
  delay: 0
  ignore_errors: true
- debug: { msg: "{{ one.attempts }} {{ unset.attempts }} {{ nothing.attempts }}" }
`);
  assert.deepEqual(retryMessages(outcome), [
    'FAILED - RETRYING: [h1]: debug (1 retries left).',
    'FAILED - RETRYING: [h1]: debug (3 retries left).',
    'FAILED - RETRYING: [h1]: debug (2 retries left).',
    'FAILED - RETRYING: [h1]: debug (1 retries left).',
    'FAILED - RETRYING: [h1]: debug (2 retries left).',
    'FAILED - RETRYING: [h1]: debug (1 retries left).',
  ]);
  assert.deepEqual(outcome.msgs.h1?.at(-1), '1 3 2');
});

test('retries 0 or less runs once, without checking until; a task without until registers no attempts', async () => {
  const outcome = await runTasks(`- debug: { msg: zero }
  register: zero
  until: false
  retries: 0
  delay: 0
- debug: { msg: negative }
  register: negative
  until: false
  retries: -2
  delay: 0
- debug: { msg: plain }
  register: plain
- debug: { msg: "{{ zero.attempts | default('none') }} {{ negative.attempts | default('none') }} {{ plain.attempts | default('none') }}" }
`);
  assert.equal(outcome.exitCode, 0);
  assert.deepEqual(retryMessages(outcome), []);
  assert.deepEqual(outcome.msgs.h1?.at(-1), '1 1 none');
});

test('until also retries a result the action skipped (a command in check mode), then fails it', async () => {
  const outcome = await runTasks(`- command: echo hi
  check_mode: true
  register: r
  until: r.rc == 99
  retries: 1
  delay: 0
  ignore_errors: true
- debug: { msg: "{{ r.attempts }} {{ r.failed }} {{ r.skipped }}" }
`);
  assert.deepEqual(retryMessages(outcome), ['FAILED - RETRYING: [h1]: command (1 retries left).']);
  assert.deepEqual(outcome.msgs.h1, ['1 True True']);
});

test('changed_when leaves a result the action skipped skipped', async () => {
  const outcome = await runTasks(`- command: echo hi
  check_mode: true
  changed_when: true
`);
  assert.deepEqual(
    summaries(outcome).map((r) => r.status),
    ['skipped'],
  );
});

test("loop_control: ansible_loop only when extended, with allitems unless extended_allitems is false", async () => {
  const outcome = await runTasks(`- debug: { msg: "{{ ansible_loop is defined }}" }
  loop: [a]
- debug: { msg: "{{ ansible_loop.allitems | default('none') }} {{ ansible_loop.last }}" }
  loop: [a, b]
  loop_control: { extended: true }
- debug: { msg: "{{ ansible_loop.allitems | default('none') }}" }
  loop: [a]
  loop_control: { extended: true, extended_allitems: false }
`);
  const items = outcome.events.flatMap((e) => (e.type === 'host_result' && e.item !== undefined ? [e.result.msg] : []));
  assert.deepEqual(items, [false, "['a', 'b'] False", "['a', 'b'] True", 'none']);
});

test("a loop notifies the handlers named by the items that ran, not by the skipped ones", async () => {
  const outcome = await runTasks(
    `- debug: { msg: "{{ item }}" }
  loop: [a, b]
  when: item == 'a'
  changed_when: true
  notify: "h {{ item }}"
`,
    `- name: h a
  debug: { msg: ha }
- name: h b
  debug: { msg: hb }
`,
  );
  assert.deepEqual(outcome.handlers.h1, ['h a']);
});

test("a delegated loop's summary names the host it was delegated to", async () => {
  const outcome = await runTasks(`- command: echo {{ item }}
  loop: [a, b]
  delegate_to: localhost
`);
  const summary = summaries(outcome).find((r) => r.loopSummary);
  assert.equal(summary?.delegatedTo, 'localhost');
});

test("a loop that fails before its items hides its result when no_log reads the loop variable", async () => {
  const outcome = await runTasks(`- debug: { msg: "{{ item }}" }
  loop: "{{ not_defined }}"
  no_log: "{{ item == 'secret' }}"
  ignore_errors: true
- debug: { msg: "{{ item }}" }
  loop: "{{ not_defined }}"
  ignore_errors: true
`);
  assert.deepEqual(
    summaries(outcome).map((r) => [r.status, r.censored === true]),
    [
      ['failed', true],
      ['failed', false],
    ],
  );
});

test('an unreachable host (nothing listens on its port) is reported unreachable, registered so, and ignore_unreachable lets the play go on', async () => {
  const site = `- hosts: all
  gather_facts: false
  tasks:
    - command: echo hi
      register: r
      ignore_unreachable: true
    - debug: { msg: "{{ r.unreachable }} {{ r.changed }}" }
      delegate_to: localhost
    - command: echo reachable
      delegate_to: localhost
      ignore_unreachable: true
`;
  const outcome = await runIn(scratch({ hosts: 'h1 ansible_host=127.0.0.1 ansible_port=1 ansible_connection=ssh\n', 'site.yml': site }));
  assert.deepEqual(
    summaries(outcome).map((r) => r.status),
    ['unreachable', 'ok', 'changed'],
  );
  assert.deepEqual(outcome.msgs.h1, ['True False']);
  // Only the unreachable result is ignored, not the task that reached its host (JSON output shows the flag).
  assert.deepEqual(
    summaries(outcome).map((r) => r.ignored === true),
    [true, false, false],
  );
  const recap = outcome.events.find((e) => e.type === 'recap');
  assert.equal(recap?.type === 'recap' ? recap.stats.get('h1')?.ignored : undefined, 1);
});

test('Ctrl-C during a command: the host\'s result is a failure that says it was interrupted, whatever the error it left', async () => {
  const dir = scratch({
    hosts: 'h1 ansible_connection=local\n',
    'site.yml': '- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: sleep 5\n    - debug: { msg: never }\n',
  });
  const ctrlC = new AbortController();
  // No reason given: the command fails with the signal's own AbortError, not kolla-run's InterruptedError.
  const outcome = await runIn(dir, 'site.yml', 'hosts', {}, {
    signal: ctrlC.signal,
    onEvent: (e) => {
      if (e.type === 'task_start') setTimeout(() => ctrlC.abort(), 100);
    },
  });
  for (const run of [outcome]) {
    const results = run.events.filter((e): e is HostResultEvent => e.type === 'host_result');
    assert.deepEqual(
      results.map((r) => [r.status, r.result]),
      [['failed', { failed: true, changed: false, msg: 'interrupted (Ctrl-C): the task was stopped on this host', interrupted: true }]],
    );
  }
});
