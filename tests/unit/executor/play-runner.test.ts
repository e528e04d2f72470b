/**
 * A play as a whole: its name, its roles' variables seen play-wide, role
 * names listed once, a play with no hosts, batches numbered, facts gathered
 * unless told not to, meta end_play and end_batch ending the sections, and
 * any_errors_fatal stopping the handlers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIn, scratch, type RunOutcome } from './run-helper.js';

const HOSTS = 'h1 ansible_connection=local\nh2 ansible_connection=local\n';

function eventsOf<T extends RunOutcome['events'][number]['type']>(outcome: RunOutcome, type: T) {
  return outcome.events.filter((e): e is Extract<RunOutcome['events'][number], { type: T }> => e.type === type);
}

test("an unnamed play is named by its hosts; a play whose hosts match nothing does not end the playbook", async () => {
  const outcome = await runIn(scratch({ hosts: HOSTS, 'site.yml': '- hosts: nomatch\n  gather_facts: false\n  tasks: [{ debug: { msg: never } }]\n- hosts: h1,h2\n  gather_facts: false\n  tasks: [{ debug: { msg: ran } }]\n' }));
  assert.deepEqual(
    eventsOf(outcome, 'play_start').map((e) => e.name),
    ['nomatch', 'h1,h2'],
  );
  assert.deepEqual(outcome.msgs.h1, ['ran']);
});

test("a role's vars (its vars/ and its roles: entry's) are seen by the whole play; its name listed once", async () => {
  const outcome = await runIn(
    scratch({
      hosts: 'h1 ansible_connection=local\n',
      'site.yml': `- hosts: h1
  gather_facts: false
  roles:
    - { role: plain }
    - { role: withvars, vars: { entry_var: from-entry } }
  tasks:
    - import_role: { name: nested }
    - debug: { msg: "{{ role_var }} {{ entry_var }} {{ ansible_play_role_names }}" }
`,
      'roles/plain/tasks/main.yml': '- debug: { msg: plain }\n',
      'roles/withvars/tasks/main.yml': '- debug: { msg: withvars }\n',
      'roles/withvars/vars/main.yml': 'role_var: from-role\n',
      'roles/nested/tasks/main.yml': '- block:\n    - debug: { msg: nested }\n',
    }),
  );
  assert.deepEqual(outcome.msgs.h1?.at(-1), "from-role from-entry ['plain', 'withvars', 'nested']");
});

test('batches are numbered from 1; the play reports a time it could have taken', async () => {
  const before = Date.now();
  const outcome = await runIn(scratch({ hosts: HOSTS, 'site.yml': '- hosts: all\n  gather_facts: false\n  serial: 1\n  tasks: [{ debug: { msg: x } }]\n' }));
  const elapsed = Date.now() - before;
  assert.deepEqual(
    eventsOf(outcome, 'batch_start').map((e) => [e.batch, e.batches]),
    [
      [1, 2],
      [2, 2],
    ],
  );
  const [end] = eventsOf(outcome, 'play_end');
  assert.ok(end && end.ms >= 0 && end.ms <= elapsed, `play_end ms ${end?.ms} outside 0..${elapsed}`);
});

test('facts are gathered unless gather_facts says not to', async () => {
  const outcome = await runIn(scratch({ hosts: 'h1 ansible_connection=local\n', 'site.yml': '- hosts: h1\n  gather_facts: false\n  tasks: [{ debug: { msg: "{{ ansible_facts.hostname is defined }}" } }]\n- hosts: h1\n  tasks: [{ debug: { msg: "{{ ansible_facts.hostname is defined }}" } }]\n' }));
  assert.deepEqual(outcome.msgs.h1, [false, true]);
});

test('meta end_play and end_batch in pre_tasks end the sections after them', async () => {
  for (const meta of ['end_play', 'end_batch']) {
    const outcome = await runIn(
      scratch({ hosts: 'h1 ansible_connection=local\n', 'site.yml': `- hosts: h1\n  gather_facts: false\n  pre_tasks: [{ debug: { msg: pre } }, { meta: ${meta} }]\n  tasks: [{ debug: { msg: main } }]\n  post_tasks: [{ debug: { msg: post } }]\n` }),
    );
    assert.deepEqual(outcome.msgs.h1, ['pre'], meta);
  }
});

test('after an any_errors_fatal failure the notified handlers do not run', async () => {
  const outcome = await runIn(
    scratch({
      hosts: 'h1 ansible_connection=local\n',
      'site.yml': `- hosts: h1
  gather_facts: false
  any_errors_fatal: true
  pre_tasks:
    - debug: { msg: pre }
      changed_when: true
      notify: h
    - fail: { msg: stop }
  tasks: [{ debug: { msg: main } }]
  handlers:
    - name: h
      debug: { msg: handled }
`,
    }),
  );
  assert.deepEqual(outcome.msgs.h1, ['pre']);
  assert.deepEqual(outcome.handlers.h1 ?? [], []);
});

test('order: shuffle puts the hosts in a new order each run, every host once', async () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const dir = scratch({
    hosts: names.map((n) => `${n} ansible_connection=local\n`).join(''),
    'site.yml': '- hosts: all\n  gather_facts: false\n  order: shuffle\n  tasks:\n    - debug: { msg: "{{ ansible_play_batch }}" }\n      run_once: true\n',
  });
  const orders: string[] = [];
  for (let i = 0; i < 3; i++) {
    const [batch] = Object.values((await runIn(dir)).msgs).flat() as string[][];
    assert.deepEqual([...(batch ?? [])].sort(), names);
    orders.push(String(batch));
  }
  // Three runs in one order would be chance once in 40320² (8 hosts): no shuffle at all is likelier.
  assert.ok(new Set(orders).size > 1, `always ${orders[0]}`);
});
