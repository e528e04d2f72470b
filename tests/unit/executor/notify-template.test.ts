import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { runIn, scratch } from './run-helper.js';

// kolla-ansible's service-check-containers: a looped check registers which
// services changed, and one task notifies "Restart <name> container" for each.
const ROLE_TASKS = `- name: check
  debug: msg="{{ item.key }}"
  with_dict: "{{ lookup('vars', 'r1_services') }}"
  when: item.value.enabled | bool and inventory_hostname in groups[item.value.group] | default([])
  changed_when: item.key != 'unchanged'
  register: container_check
- name: notify
  vars:
    handler: "{{ container_check.results | select('changed') | map(attribute='item.key') | map('regex_replace', '^(.*)$', 'Restart \\\\1 container') | list }}"
  debug: msg="{{ handler }}"
  changed_when: container_check is changed
  notify: "{{ handler }}"
- name: notify directly
  debug: msg=direct
  changed_when: true
  notify: "{{ container_check.results | select('changed') | map(attribute='item.key') | map('regex_replace', '^(.*)$', 'Restart \\\\1 container') | list }}"
`;

const SERVICES = `r1_services:
  memcached: {group: g, enabled: true}
  keystone: {group: g, enabled: "yes"}
  unchanged: {group: g, enabled: true}
  disabled: {group: g, enabled: false}
  elsewhere: {group: nothere, enabled: true}
`;

const HANDLERS = ['memcached', 'keystone', 'unchanged', 'disabled', 'elsewhere'].map((s) => `- name: Restart ${s} container\n  debug: msg=${s}\n`).join('');

test('a templated notify that gives a list of handler names notifies each (with_dict, when, register, select/map/regex_replace)', async () => {
  const dir = scratch({
    hosts: '[g]\nh1 ansible_connection=local\n',
    'site.yml': '- hosts: g\n  gather_facts: false\n  roles: [r1]\n',
    'roles/r1/tasks/main.yml': ROLE_TASKS,
    'roles/r1/defaults/main.yml': SERVICES,
    'roles/r1/handlers/main.yml': HANDLERS,
  });
  const { exitCode, msgs, handlers, events } = await runIn(dir);
  assert.equal(exitCode, 0);
  assert.deepEqual(msgs.h1?.[0], ['Restart memcached container', 'Restart keystone container']);
  // Definition order, each once although two tasks notified it.
  assert.deepEqual(handlers.h1, ['r1 : Restart memcached container', 'r1 : Restart keystone container']);
  assert.equal(events.filter((e) => e.type === 'warning').length, 0);
});

// Ansible 2.14 templates notify per loop item (each item result carries its own
// _ansible_notify) and, when the task changed, notifies every item's names, an
// unchanged item's included.
test('a templated notify in a loop is rendered per item, and every item notifies once the task changed', async () => {
  const dir = scratch({
    hosts: 'h1 ansible_connection=local\n',
    'site.yml': `- hosts: all
  gather_facts: false
  tasks:
    - debug: msg={{ item }}
      loop: [a, b, c]
      changed_when: item != 'b'
      notify: "h {{ item }}"
  handlers:
    - {name: h a, debug: msg=ha}
    - {name: h b, debug: msg=hb}
    - {name: h c, debug: msg=hc}
    - {name: h d, debug: msg=hd}
`,
  });
  const { exitCode, handlers } = await runIn(dir);
  assert.equal(exitCode, 0);
  assert.deepEqual(handlers.h1, ['h a', 'h b', 'h c']);
});

test('a templated notify naming no handler ends the run there, as Ansible 2.14 does', async () => {
  const dir = scratch({
    hosts: 'h1 ansible_connection=local\n',
    'site.yml': `- hosts: all
  gather_facts: false
  tasks:
    - debug: msg={{ item }}
      loop: [a, b]
      changed_when: true
      notify: "h {{ item }}"
    - debug: msg=after
  handlers:
    - {name: h a, debug: msg=ha}
`,
  });
  await assert.rejects(runIn(dir), (err: unknown) => {
    assert.ok(err instanceof InputError);
    assert.equal(err.reason, "The requested handler 'h b' was not found in either the main handlers list nor in the listening handlers list");
    assert.deepEqual([err.location.line, err.location.col], [7, 15]);
    return true;
  });
});
