/**
 * Ad-hoc commands through the real CLI on testbed nodes: one line per host
 * in Ansible's style, a summary, and the exit code that names the worst.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestbedState } from '../../src/testbed/index.js';
import { freePort } from '../support/free-port.js';
import { TEST_NODES, upTestbed } from '../support/testbed.js';

const launcher = fileURLToPath(new URL('../../../bin/kolla-run', import.meta.url));
let state: TestbedState;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(launcher, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

before(async () => {
  state = await upTestbed(TEST_NODES);
});

test('shell on 3 nodes and a dead address: 3 CHANGED, 1 UNREACHABLE with its reason, exit 4', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kr-adhoc-'));
  const port = await freePort();
  const inventory = join(dir, 'hosts');
  const base = await readFile(state.files.inventory, 'utf8');
  await writeFile(inventory, base.replace('[testbed]\n', `[testbed]\nghost ansible_host=127.0.0.1 ansible_port=${port}\n`));
  const run = await cli(['adhoc', 'testbed', '-i', inventory, '-m', 'shell', '-a', 'echo "hello from $(hostname)"']);
  assert.equal(run.code, 4, run.stdout + run.stderr);
  for (const node of state.nodes) {
    assert.match(run.stdout, new RegExp(`^${node.hostname} \\| CHANGED \\| rc=0 >>\\nhello from ${node.hostname}$`, 'm'));
  }
  assert.match(run.stdout, /^ghost \| UNREACHABLE! => \{\n {4}"changed": false,\n {4}"msg": ".*refused.*",\n {4}"unreachable": true\n\}$/m);
  assert.match(run.stdout, /^4 hosts: ok=0 changed=3 failed=0 unreachable=1 in \d+\.\d+ s$/m);
});

test('a failing command on one node: FAILED with rc and stderr, exit 2, the others fine', async () => {
  const run = await cli(['adhoc', 'all', '-i', state.files.inventory, '-m', 'shell', '-a', '[ "$(hostname)" != node2 ] || { echo broken >&2; exit 3; }']);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stdout, /^node2 \| FAILED \| rc=3 >>\nbroken/m);
  assert.match(run.stdout, /^node1 \| CHANGED \| rc=0 >>/m);
  assert.match(run.stdout, /failed=1/);
});

test('patterns and --limit select the hosts; a pattern matching nothing warns and runs nothing', async () => {
  const listed = await cli(['adhoc', 'testbed:!node2', '-i', state.files.inventory, '--limit', '~node[12]', '--list-hosts']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stdout, '  hosts (1):\n    node1\n');
  const none = await cli(['adhoc', 'nosuchgroup', '-i', state.files.inventory, '-a', 'true']);
  assert.equal(none.code, 0);
  assert.match(none.stderr, /nosuchgroup/);
  assert.equal(none.stdout, '');
});
