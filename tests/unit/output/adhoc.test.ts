/** Ad-hoc lines as Ansible's minimal callback prints them: a command-like module's output as text, any other result as JSON. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAdhocResult } from '../../../src/output/adhoc.js';

const result = { changed: true, rc: 0, stdout: 'up 3 days', stderr: '' };

test('a command-like module prints rc and its output', () => {
  assert.equal(formatAdhocResult('shell', { host: 'n1', status: 'changed', result, commandLike: true }), 'n1 | CHANGED | rc=0 >>\nup 3 days');
});

test('any other module prints its result as JSON, keys sorted, even when it has an rc', () => {
  assert.equal(formatAdhocResult('setup', { host: 'n1', status: 'ok', result: { rc: 0, changed: false } }), 'n1 | SUCCESS => {\n    "changed": false,\n    "rc": 0\n}');
});
