/**
 * include_tasks under --tags: the tags of its `apply` reach the included
 * tasks. Expectations read from ansible-playbook 2.14.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIn, scratch } from './run-helper.js';

test("include_tasks' apply tags select the included tasks under --tags", async () => {
  const dir = scratch({
    hosts: 'h1 ansible_connection=local\n',
    'inc.yml': '- debug: { msg: inner }\n- debug: { msg: inner tagged y }\n  tags: [y]\n',
    'site.yml': `- hosts: h1
  gather_facts: false
  tasks:
    - include_tasks:
        file: inc.yml
        apply:
          tags: [x]
      tags: [x]
    - debug: { msg: outside }
`,
  });
  assert.deepEqual((await runIn(dir, 'site.yml', 'hosts', { tags: ['x'] })).msgs.h1, ['inner', 'inner tagged y']);
});
