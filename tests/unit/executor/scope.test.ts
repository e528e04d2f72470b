/**
 * The magic variables a task sees, as Ansible 2.14 gives them: hostvars
 * (known hosts only, their variables listed), facts under ansible_facts,
 * the play's name, the run's tags, the version, inventory_dir.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { factVars } from '../../../src/executor/scope.js';
import { runIn, scratch } from './run-helper.js';

async function messages(play: string, hosts = 'h1 ansible_connection=local colour=red\nh2 ansible_connection=local\n'): Promise<unknown[]> {
  const outcome = await runIn(scratch({ hosts, 'site.yml': play }));
  assert.equal(outcome.exitCode, 0);
  return outcome.msgs.h1 ?? outcome.msgs.localhost ?? [];
}

test('facts are also under ansible_facts without their ansible_ prefix, ansible_local aside', () => {
  const view = factVars({ ansible_hostname: 'h', ansible_local: { x: 1 }, packages: {} });
  assert.deepEqual(view.ansible_facts, { hostname: 'h', ansible_local: { x: 1 }, packages: {} });
  assert.equal(view.ansible_hostname, 'h');
});

test('hostvars: the inventory hosts and the implicit localhost, listed and looked up; no other name', async () => {
  const msgs = await messages(`- hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: "{{ hostvars.keys() | list }}" }
    - debug: { msg: "{{ 'h2' in hostvars }} {{ 'nope' in hostvars }} {{ hostvars['nope'] is defined }} {{ hostvars['localhost'] is defined }}" }
    - debug: { msg: "{{ 'colour' in (hostvars['h1'].keys() | list) }} {{ hostvars['h1'].colour }} {{ 'colour' in hostvars['h1'] }} {{ 'nope' in hostvars['h1'] }}" }
`);
  assert.deepEqual(msgs, [['h1', 'h2'], 'True False False True', 'True red True False']);
});

test("the play's name (its hosts when unnamed), the run's tags, Ansible's version", async () => {
  const msgs = await messages(`- name: named
  hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: "{{ ansible_play_name }} {{ ansible_run_tags }} {{ ansible_version.full }} {{ ansible_version.major }}.{{ ansible_version.minor }}.{{ ansible_version.revision }}" }
- hosts: h1,h2
  gather_facts: false
  tasks:
    - debug: { msg: "{{ ansible_play_name }}" }
`);
  assert.deepEqual(msgs, ["named ['all'] 2.14.0 2.14.0", 'h1,h2']);
});

test("inventory_dir is the inventory file's folder; None for the implicit localhost", async () => {
  const dir = scratch({ hosts: 'h1 ansible_connection=local\n', 'site.yml': `- hosts: h1,localhost
  gather_facts: false
  tasks:
    - debug: { msg: "{{ inventory_dir is none }} {{ inventory_file is none }}" }
` });
  const outcome = await runIn(dir);
  assert.deepEqual([outcome.msgs.h1, outcome.msgs.localhost], [['False False'], ['True True']]);
});

test("the magic variables are listed among a host's hostvars, as Ansible lists them", async () => {
  const msgs = await messages(`- hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: "{{ 'group_names' in (hostvars['h1'].keys() | list) }} {{ 'groups' in (hostvars['h1'].keys() | list) }} {{ 'inventory_hostname' in (hostvars['h1'].keys() | list) }}" }
`);
  assert.deepEqual(msgs, ['True True True']);
});

test('ansible_run_tags are the tags asked for; all when none were', async () => {
  const dir = scratch({ hosts: 'h1 ansible_connection=local\n', 'site.yml': `- hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: "{{ ansible_run_tags }}" }
      tags: [web]
` });
  const outcome = await runIn(dir, 'site.yml', 'hosts', { tags: ['web'] });
  assert.deepEqual(outcome.msgs.h1, [['web']]);
});
