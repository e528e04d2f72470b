/**
 * Task names in the output are templated as Ansible's linear strategy does
 * before the banner (checked against ansible-playbook 2.14 by the
 * conformance case task-names): with every variable of the first host,
 * errors ignored. The bug this catches: kolla-ansible's "Restart {{
 * project_name }} container" shown as written.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIn, scratch } from './run-helper.js';

const TASKS = `- name: "Check {{ project_name }} containers"
  debug: msg=check
- name: "Per host {{ colour }}"
  debug: msg=colour
  when: inventory_hostname == 'h2'
- name: "Item {{ item }}"
  debug: msg={{ item }}
  loop: [a]
- name: "Mixed {{ project_name }} {{ not_defined }}"
  debug: msg=mixed
- name: Plain
  debug: msg=plain
`;

test("a task's name is templated with the first host's variables; an undefined part leaves it as written", async () => {
  const dir = scratch({
    hosts: '[g]\nh1 ansible_connection=local colour=red\nh2 ansible_connection=local colour=blue\n',
    'site.yml': '- hosts: g\n  gather_facts: false\n  roles: [svc]\n',
    'roles/svc/tasks/main.yml': TASKS,
    'roles/svc/defaults/main.yml': 'project_name: memcached\n',
  });
  const { exitCode, events } = await runIn(dir);
  assert.equal(exitCode, 0);
  const banners = events.flatMap((e) => (e.type === 'task_start' ? [e.task.name] : []));
  assert.deepEqual(banners, ['svc : Check memcached containers', 'svc : Per host red', 'svc : Item {{ item }}', 'svc : Mixed {{ project_name }} {{ not_defined }}', 'svc : Plain']);
  // The results name the task as its banner did.
  const results = events.flatMap((e) => (e.type === 'host_result' && e.host === 'h2' && !e.item && !e.loopSummary ? [e.task.name] : []));
  assert.equal(results[0], 'svc : Check memcached containers');
  assert.equal(results[1], 'svc : Per host red');
});
