/** toBool against Ansible's boolean(value, strict=False), the oracle. */
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toBool } from '../../../src/playbook/index.js';
import { hasAnsible } from '../../support/ansible.js';
import { askPythonScript } from '../../support/python-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const TREE = resolve(here, '..', '..', '..', ...(here.includes('/dist/') ? ['..'] : []));

const VALUES: unknown[] = [true, false, 1, 0, 2, -1, 1.5, 'yes', 'Yes', 'YES', ' on ', 'on\n', '1', ' 1', 'y', 'Y', 't', 'T', 'true', 'True', 'no', 'off', '0', 'n', 'f', 'false', 'maybe', '', ' ', 'yess', null];

test('toBool agrees with Ansible boolean(strict=False) on every value', { skip: hasAnsible() ? false : 'ansible is not installed (the oracle)' }, async () => {
  const answers = await askPythonScript<boolean[]>(join(TREE, 'tests', 'fixtures', 'playbook', '_oracle', 'boolean.py'), JSON.stringify(VALUES), { root: TREE });
  assert.deepEqual(VALUES.map((v) => toBool(v)), answers);
});
