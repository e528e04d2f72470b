/**
 * The conformance corpus: every case under cases/ runs with ansible-playbook
 * and with kolla-run against the same testbed nodes; exit code, recap
 * counters and the files left on the hosts must be equal. Each run
 * records the rows of the cases it ran outside the source tree
 * (compat-table.ts's RESULTS_FILE); update-tables.ts turns them into
 * COMPATIBILITY.md and the README's table. CONFORMANCE_CASES=a,b runs a few cases only.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { TestbedState } from '../../src/testbed/index.js';
import { freePort } from '../support/free-port.js';
import { TEST_NODES, upTestbed } from '../support/testbed.js';
import { loadCases } from './support/cases.js';
import { recordResults, RESULTS_FILE, type CaseResult } from './support/compat-table.js';
import { HostFiles } from './support/host-files.js';
import { caseInventory } from './support/inventory.js';
import { compareObservations, observe } from './support/observe.js';

const cases = loadCases();
const results: CaseResult[] = [];
let state: TestbedState;
let files: HostFiles;
let deadPort: number;

before(async () => {
  state = await upTestbed(TEST_NODES);
  files = new HostFiles(state);
  deadPort = await freePort();
});

after(async () => {
  await files?.close();
  if (results.length === 0) return;
  const version = execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'ansible-playbook';
  await recordResults(results, version.replace(/^ansible-playbook \[(.*)\]$/, 'ansible-$1'));
  process.stderr.write(`conformance: rows recorded in ${RESULTS_FILE}; node dist/tests/conformance/support/update-tables.js writes the tables\n`);
});

const concurrency = Number(process.env.CONFORMANCE_CONCURRENCY ?? 2);

test('conformance corpus: kolla-run agrees with ansible-playbook', { concurrency }, async (t) => {
  assert.ok(cases.length > 0, 'no cases selected');
  await Promise.all(
    cases.map((spec) =>
      t.test(spec.name, async () => {
        const inventory = caseInventory(state, spec, deadPort);
        const want = await observe('ansible', spec, inventory, files);
        const got = await observe('kolla', spec, inventory, files);
        const diffs = compareObservations(want, got);
        results.push({ spec, pass: diffs.length === 0, diffs, ansibleMs: want.run.ms, kollaMs: got.run.ms });
        assert.equal(want.exit, spec.exit, `the case expects exit ${spec.exit} but Ansible gave ${want.exit}:\n${want.run.stdout}${want.run.stderr}`);
        assert.ok(Object.keys(want.recap).length > 0, `no recap from Ansible:\n${want.run.stdout}${want.run.stderr}`);
        assert.deepEqual(diffs, [], `--- ansible-playbook\n${want.run.stdout}${want.run.stderr}\n--- kolla-run\n${got.run.stdout}${got.run.stderr}`);
      }),
    ),
  );
  const sum = (f: (r: CaseResult) => number) => (results.reduce((n, r) => n + f(r), 0) / 1000).toFixed(1);
  t.diagnostic(`engine time over ${results.length} cases: ansible-playbook ${sum((r) => r.ansibleMs)} s, kolla-run ${sum((r) => r.kollaMs)} s`);
  const slow = [...results].sort((a, b) => b.ansibleMs - a.ansibleMs).slice(0, 5);
  t.diagnostic(`slowest with Ansible: ${slow.map((r) => `${r.spec.name} ${(r.ansibleMs / 1000).toFixed(1)} s`).join(', ')}`);
});
