/**
 * A task across the batch's hosts: --start-at-task, --tags and handlers,
 * run_once (its facts reach every host, its handlers only the first), and
 * the time each task took. Expectations read from ansible-playbook 2.14.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIn, scratch } from './run-helper.js';

const HOSTS = 'h1 ansible_connection=local\nh2 ansible_connection=local\n';

test('--start-at-task starts at the task named, as written or with its role', async () => {
  const files = {
    hosts: 'h1 ansible_connection=local\n',
    'site.yml': '- hosts: h1\n  gather_facts: false\n  roles: [svc]\n',
    'roles/svc/tasks/main.yml': '- name: A\n  debug: { msg: a }\n- name: B\n  debug: { msg: b }\n- name: C\n  debug: { msg: c }\n',
  };
  assert.deepEqual((await runIn(scratch(files), 'site.yml', 'hosts', { startAtTask: 'B' })).msgs.h1, ['b', 'c']);
  assert.deepEqual((await runIn(scratch(files), 'site.yml', 'hosts', { startAtTask: 'svc : C' })).msgs.h1, ['c']);
});

test('a notified handler runs whatever --tags says', async () => {
  const dir = scratch({
    hosts: 'h1 ansible_connection=local\n',
    'site.yml': `- hosts: h1
  gather_facts: false
  tasks:
    - debug: { msg: tagged }
      tags: [web]
      changed_when: true
      notify: h
    - debug: { msg: untagged }
  handlers:
    - name: h
      debug: { msg: handled }
`,
  });
  const outcome = await runIn(dir, 'site.yml', 'hosts', { tags: ['web'] });
  assert.deepEqual(outcome.msgs.h1, ['tagged', 'handled']);
});

test("run_once: its facts reach every host (set_fact, cacheable ones as facts too, include_vars, a module's); its handler runs on the first host only", async () => {
  const dir = scratch({
    hosts: HOSTS,
    'extra.yml': 'colour: red\n',
    'site.yml': `- hosts: all
  gather_facts: false
  tasks:
    - set_fact: { y: 2, cacheable: true }
      run_once: true
    - set_fact: { z: 3 }
      run_once: true
    - include_vars: extra.yml
      run_once: true
    - setup: { gather_subset: ["!all"] }
      run_once: true
    - debug: { msg: "{{ y }} {{ ansible_facts.y | default('none') }} {{ z }} {{ ansible_facts.z | default('none') }} {{ colour }} {{ ansible_facts.hostname is defined }}" }
    - command: echo hi
      run_once: true
      notify: h
  handlers:
    - name: h
      debug: { msg: "handled" }
`,
  });
  const outcome = await runIn(dir);
  assert.deepEqual(outcome.msgs.h1, ['2 2 3 none red True', 'handled']);
  assert.deepEqual(outcome.msgs.h2, ['2 2 3 none red True']);
});

test("run_once: the facts of a failed set_fact reach no other host", async () => {
  const dir = scratch({
    hosts: HOSTS,
    'site.yml': `- hosts: all
  gather_facts: false
  tasks:
    - set_fact: { x: 1 }
      failed_when: true
      run_once: true
      ignore_errors: true
    - debug: { msg: "{{ x | default('none') }}" }
`,
  });
  const outcome = await runIn(dir);
  assert.deepEqual(outcome.msgs.h2, ['none']);
});

test("run_once: the facts of a skipped task reach no host", async () => {
  const dir = scratch({
    hosts: HOSTS,
    'site.yml': `- hosts: all
  gather_facts: false
  tasks:
    - setup: { gather_subset: ["!all"] }
      run_once: true
      when: false
    - debug: { msg: "{{ ansible_facts.hostname is defined }}" }
`,
  });
  const outcome = await runIn(dir);
  assert.deepEqual([outcome.msgs.h1, outcome.msgs.h2], [[false], [false]]);
});

test("each task's time is counted once, from its start to its end", async () => {
  const before = Date.now();
  const outcome = await runIn(scratch({ hosts: HOSTS, 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: one\n      debug: { msg: x }\n    - name: one\n      debug: { msg: y }\n' }));
  const elapsed = Date.now() - before;
  const recap = outcome.events.find((e) => e.type === 'recap');
  const slowest = recap?.type === 'recap' ? recap.slowest : [];
  assert.ok(slowest.length > 0, 'no timings');
  for (const timing of slowest) assert.ok(Number.isFinite(timing.ms) && timing.ms >= 0 && timing.ms <= elapsed, `timing ${JSON.stringify(timing)} outside 0..${elapsed} ms`);
});
