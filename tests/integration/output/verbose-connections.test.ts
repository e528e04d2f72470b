/**
 * -vvv and -vvvv on testbed nodes, through the real CLI: a playbook run and
 * an ad-hoc command name each connection (user, address, port, key) once
 * per host at -vvv, with the time it took at -vvvv, and say nothing of it
 * at -vv.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TestbedState } from '../../../src/testbed/index.js';
import { runCli as cli } from '../../support/cli.js';
import { TEST_NODES, upTestbed } from '../../support/testbed.js';

let state: TestbedState;
const dir = mkdtempSync(join(tmpdir(), 'kr-vvv-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const playbook = join(dir, 'site.yml');
writeFileSync(playbook, '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n    - command: "true"\n');

before(async () => {
  state = await upTestbed(TEST_NODES);
});

const established = (out: string) => out.split('\n').filter((l) => l.includes('ESTABLISH SSH CONNECTION'));

test('a playbook at -vvv: one ESTABLISH line per host, with its user, address, port and key; none at -vv', async () => {
  const run = await cli([playbook, '-i', state.files.inventory, '-vvv']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const lines = established(run.stdout);
  assert.equal(lines.length, state.nodes.length, 'one connection per host for both tasks');
  for (const node of state.nodes) {
    assert.ok(lines.some((l) => l.startsWith(`<${node.hostname}> ESTABLISH SSH CONNECTION FOR USER: root to 127.0.0.1 port ${node.sshPort}; keys ${state.files.keyFile}`)), lines.join('\n'));
  }
  assert.doesNotMatch(run.stdout, /CONNECTION OPEN in/);
  const quieter = await cli([playbook, '-i', state.files.inventory, '-vv']);
  assert.deepEqual(established(quieter.stdout), []);
});

test('ad-hoc at -vvvv: the connection and the time it took to open', async () => {
  const run = await cli(['adhoc', 'node1', '-i', state.files.inventory, '-m', 'ping', '-vvvv']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal(established(run.stdout).length, 1);
  assert.match(run.stdout, /^<node1> SSH CONNECTION OPEN in \d+ ms/m);
});
