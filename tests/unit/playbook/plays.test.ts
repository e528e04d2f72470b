/** Where a play's vars_files name is looked for (Ansible's path_dwim_relative_stack for 'vars'). */
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { varsFileCandidates } from '../../../src/playbook/plays.js';

test('vars_files: vars/<name> then <name> beside the playbook; absolute and ~ names as they are', () => {
  assert.deepEqual(varsFileCandidates('x.yml', '/p'), ['/p/vars/x.yml', '/p/x.yml']);
  // Ansible adds vars/ even when the name starts with it.
  assert.deepEqual(varsFileCandidates('vars/x.yml', '/p'), ['/p/vars/vars/x.yml', '/p/vars/x.yml']);
  assert.deepEqual(varsFileCandidates('/etc/kolla/../kolla/globals.yml', '/p'), ['/etc/kolla/globals.yml']);
  assert.deepEqual(varsFileCandidates('~/v.yml', '/p'), [join(homedir(), 'v.yml')]);
  assert.deepEqual(varsFileCandidates('~', '/p'), [homedir()]);
  // Only "~" or "~/" is the home folder: "~x" is a name like any other.
  assert.deepEqual(varsFileCandidates('~x.yml', '/p'), ['/p/vars/~x.yml', '/p/~x.yml']);
});
