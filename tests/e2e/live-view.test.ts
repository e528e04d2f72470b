/**
 * The live view on a pseudo-terminal (`script`) during a rolling run
 * (serial: 1) on two testbed nodes: the running task names the host of the
 * current batch and counts its hosts (1, not the play's 2); debug messages
 * appear; a loop shows only its failed item, by message; a failing task
 * keeps its name on the ✖ line with the failure's message under it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestbedState } from '../../src/testbed/index.js';
import { TEST_NODES, upTestbed } from '../support/testbed.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const haveScript = spawnSync('which', ['script']).status === 0;
let state: TestbedState;

before(async () => {
  state = await upTestbed(TEST_NODES);
});

test('a rolling run on a terminal: host and step of the batch, debug output, failures by name and message', { skip: !haveScript && 'no `script` to make a terminal' }, () => {
  const command = `stty cols 140 rows 40; ${root}bin/kolla-run ${root}tests/fixtures/e2e/live-view/site.yml -i ${state.files.inventory} -l node1,node2`;
  const r = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8' });
  const screen = r.stdout.replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '').split(/\r?\n|\r/).map((l) => l.trim());
  const text = screen.join('\n');
  assert.equal(r.status, 2, text);
  for (const node of ['node1', 'node2']) {
    assert.ok(screen.some((l) => new RegExp(`TASK \\[Wait a bit\\] 0/1 hosts, [\\d.]+ s on ${node}$`).test(l)), `the batch's host ${node} while it works:\n${text}`);
    assert.ok(screen.some((l) => l.endsWith(`[${node}] hello from ${node}`)), `debug output of ${node}`);
    assert.ok(screen.some((l) => l.endsWith(`FAILED [${node}] (item=a): non-zero return code (rc=1)`)), 'the failed item, by its message');
  }
  assert.ok(!screen.some((l) => l.includes('(item=b)')), 'the item that passed is not dumped');
  assert.ok(screen.some((l) => /^✖ TASK \[Fail on node2\] failed=1 skipped=1/.test(l)), `the failing task keeps its name:\n${text}`);
  assert.ok(screen.some((l) => l === 'FAILED [node2]: non-zero return code (rc=1)'));
  assert.match(text, /^node2\s+: ok=3\s+changed=2\s+unreachable=0\s+failed=1/m);
});
