/**
 * The executor against Ansible itself: every scenario under
 * tests/fixtures/executor/scenarios runs with ansible-playbook and with
 * kolla-run on the same local hosts, and what a user sees must be the same
 * (differential.ts). Ansible's runs start together, a few at a time; their
 * answers are cached when KOLLA_RUN_ORACLE_CACHE is set (the mutation run).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasAnsible } from '../../support/ansible.js';
import { ansibleTrace, eachLimited, kollaTrace, scenarioNames, traceDiffs } from './differential.js';

const names = scenarioNames();
const available = hasAnsible();
// Each ansible-playbook start costs about a second of CPU: three at a time keep two cores busy.
const oracle = available ? eachLimited(names, 3, ansibleTrace) : new Map();

test('executor differential: kolla-run runs each scenario as ansible-playbook does', { skip: available ? false : 'ansible is not installed (the oracle)' }, async (t) => {
  assert.ok(names.length > 0, 'no scenarios selected');
  for (const name of names) {
    await t.test(name, async () => {
      const want = await oracle.get(name);
      assert.ok(want && Object.keys(want.recap).length > 0, `no recap from Ansible for ${name}`);
      const got = await kollaTrace(name);
      const diffs = traceDiffs(want, got);
      assert.deepEqual(diffs, [], `${name}:\n${diffs.join('\n')}\n--- ansible-playbook\n${JSON.stringify(want.hosts, null, 1)}\n--- kolla-run\n${JSON.stringify(got.hosts, null, 1)}`);
    });
  }
});
