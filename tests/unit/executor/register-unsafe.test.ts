/** A registered result is data: template text in a command's output is never rendered when read. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runIn, scratch } from './run-helper.js';

test('a registered stdout holding {{ }} reads back as text (Ansible marks results unsafe)', async () => {
  const dir = scratch({
    hosts: 'localhost ansible_connection=local\n',
    'site.yml': [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      `    - command: echo "{{ '{{' }} nothing_defined {{ '}}' }}"`,
      '      register: r',
      '    - debug: msg="{{ r.stdout }}"',
      '    - debug: msg="{{ r.stdout_lines | first }}"',
      '',
    ].join('\n'),
  });
  const outcome = await runIn(dir);
  assert.equal(outcome.exitCode, 0);
  assert.deepEqual(outcome.msgs.localhost, ['{{ nothing_defined }}', '{{ nothing_defined }}']);
});
