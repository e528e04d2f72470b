/**
 * bytesRepr against Python's own repr of the same bytes (Ansible's
 * interpreter): quotes chosen as repr chooses them, escapes, UTF-8.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { bytesRepr } from '../../../../src/modules/support/python-text.js';
import { ansiblePython } from '../../../support/ansible-python.js';

test("Python's repr of a path as bytes: each quoting and escape, UTF-8 bytes escaped", () => {
  const paths = ['/srv/a b', "/srv/it's", '/srv/"q"', `/srv/'both"`, '/srv/back\\slash', '/srv/tab\there', '/srv/nl\nhere', '/srv/cr\r', '/srv/\u007f\u0001', '/srv/é/日本', '/srv/😀', '~'];
  const python = execFileSync(ansiblePython(), ['-c', 'import json,sys; print(json.dumps([repr(p.encode()) for p in json.load(sys.stdin)]))'], { input: JSON.stringify(paths), encoding: 'utf8' });
  assert.deepEqual(paths.map(bytesRepr), JSON.parse(python));
});
