/**
 * The engine's actions as registered results show them: set_fact (yes/no
 * words as booleans, cacheable, bad names), include_vars, group_by and
 * add_host (names, ports, groups), as Ansible 2.14's actions report them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIn, scratch, type RunOutcome } from './run-helper.js';

async function runTasks(tasks: string, files: Record<string, string> = {}): Promise<RunOutcome> {
  const site = `- hosts: h1\n  gather_facts: false\n  tasks:\n${tasks.replace(/^(?=.)/gm, '    ')}\n`;
  return runIn(scratch({ hosts: 'h1 ansible_connection=local\n', 'site.yml': site, ...files }));
}

const statuses = (outcome: RunOutcome) => outcome.events.flatMap((e) => (e.type === 'host_result' && e.task.action !== 'debug' ? [e.status] : []));

test('set_fact: yes/no words become booleans, nothing changes, and only cacheable facts join ansible_facts', async () => {
  const outcome = await runTasks(`- set_fact: { a: "yes", b: "No", c: 3 }
  register: sf
- debug: { msg: "{{ sf.changed }} {{ a }} {{ b }} {{ c }} {{ ansible_facts.a | default('none') }}" }
- set_fact: { d: kept, cacheable: true }
- debug: { msg: "{{ ansible_facts.d | default('none') }}" }
`);
  assert.deepEqual(outcome.msgs.h1, ['False True False 3 none', 'kept']);
});

test('set_fact refuses a name that is no variable name, changing nothing', async () => {
  const outcome = await runTasks(`- set_fact: { "bad-name": 1 }
  register: bad
  ignore_errors: true
- debug: { msg: "{{ bad.failed }} {{ bad.changed }} {{ bad.msg }}" }
`);
  assert.deepEqual(outcome.msgs.h1, [
    "True False The variable name 'bad-name' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.",
  ]);
});

test('include_vars changes nothing', async () => {
  const outcome = await runTasks(
    `- include_vars: extra.yml
  register: iv
- debug: { msg: "{{ iv.changed }} {{ colour }}" }
`,
    { 'extra.yml': 'colour: red\n' },
  );
  assert.deepEqual(outcome.msgs.h1, ['False red']);
});

test('group_by changes only when the host joins the group', async () => {
  const outcome = await runTasks(`- group_by: { key: web }
- group_by: { key: web }
`);
  assert.deepEqual(statuses(outcome), ['changed', 'ok']);
});

test('add_host: the name from name, hostname or host, a port in it, the groups as a list or comma-separated text', async () => {
  const outcome = await runTasks(`- add_host: { hostname: "new1:2222", groups: [a, b], colour: red }
  register: one
- add_host: { host: new2, groupname: "c, d" }
  register: two
- add_host: { name: new3, group: e }
  register: three
- add_host: { name: new4, groups: "" }
  register: four
- add_host: { name: "web[1:2]:2222" }
  register: ranged
- debug: { msg: "{{ one.changed }} {{ one.add_host.host_name }} {{ one.add_host.groups }} {{ one.add_host.host_vars }}" }
- debug: { msg: "{{ two.add_host.host_name }} {{ two.add_host.groups }} {{ three.add_host.groups }} {{ four.add_host.groups }}" }
- debug: { msg: "{{ ranged.add_host.host_name }} {{ ranged.add_host.host_vars }}" }
`);
  assert.deepEqual(outcome.msgs.h1, [
    "True new1 ['a', 'b'] {'colour': 'red', 'ansible_ssh_port': 2222}",
    "new2 ['c', 'd'] ['e'] []",
    // A range is no address: the name is kept whole, port and all.
    'web[1:2]:2222 {}',
  ]);
});

test('add_host fails without a name, or with groups that are no list, changing nothing', async () => {
  // A missing name is refused when the playbook loads; one that templates to None, here.
  const outcome = await runTasks(`- add_host: { name: "{{ nothing }}" }
  vars: { nothing: null }
  register: nullname
  ignore_errors: true
- add_host: { name: new5, groups: 3 }
  register: badgroups
  ignore_errors: true
- debug: { msg: "{{ nullname.failed }} {{ nullname.changed }} {{ nullname.msg }} | {{ badgroups.changed }} {{ badgroups.msg }}" }
`);
  assert.deepEqual(outcome.msgs.h1, ['True False name, host or hostname needs to be provided | False Groups must be specified as a list.']);
});
