/**
 * The foundation's end-to-end proof: testbed nodes are real hosts with their
 * own network namespace and Docker engine, reached over ssh2, that reach
 * each other by their testbed-network addresses and pull from its registry.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { ConnectionPool } from '../../src/connection/index.js';
import { docker } from '../../src/testbed/docker-cli.js';
import { BASE_IMAGE } from '../../src/testbed/images.js';
import { pushToRegistry, testbedDown, testbedNames, testbedUp, type TestbedState } from '../../src/testbed/index.js';
import { TESTBED_LABEL } from '../../src/testbed/names.js';
import { nodeSettings, TEST_NODES, upTestbed } from '../support/testbed.js';

let state: TestbedState;
const pool = new ConnectionPool();

before(async () => {
  state = await upTestbed(TEST_NODES);
});
after(async () => {
  await pool.closeAll();
});

test('each node runs a host-network container that reports its own testbed address', async () => {
  const names = testbedNames(state.testbed, '/unused');
  const image = await pushToRegistry(BASE_IMAGE, names, state.registry.hostPort);
  assert.equal(image, `${state.registry.address}/${BASE_IMAGE}`);
  const addresses = await Promise.all(
    state.nodes.map(async (node, i) => {
      const conn = pool.get(nodeSettings(state, i));
      // The pull from the testbed registry is part of the proof.
      const pulled = await conn.exec(`docker pull -q ${image}`);
      assert.equal(pulled.rc, 0, pulled.stderr);
      const run = await conn.exec(`docker run --rm --net host ${image} hostname -I`);
      assert.equal(run.rc, 0, run.stderr);
      assert.ok(run.stdout.split(/\s+/).includes(node.address), `${node.hostname}: ${run.stdout} lacks ${node.address}`);
      return node.address;
    }),
  );
  assert.notEqual(addresses[0], addresses[1], 'each node has its own address');
});

test("node 1 reaches node 2's sshd at its testbed address", async () => {
  const target = state.nodes[1];
  assert.ok(target);
  const conn = pool.get(nodeSettings(state, 0));
  const probe = await conn.exec(`timeout 5 bash -c 'exec 3<>/dev/tcp/${target.address}/22; head -c 8 <&3'`);
  assert.equal(probe.rc, 0, probe.stderr);
  assert.equal(probe.stdout, 'SSH-2.0-');
});

test('a second up reuses what runs: no file rewritten, no container replaced, no debootstrap', async () => {
  const containerIds = async () => docker(['ps', '-q', '--no-trunc', '--filter', `label=${TESTBED_LABEL}=${state.testbed}`]);
  const before = { ids: await containerIds(), mtime: (await stat(state.files.inventory)).mtimeMs, known: (await stat(state.files.knownHosts)).mtimeMs };
  const log: string[] = [];
  const again = await upTestbed(TEST_NODES, state.testbed, log);
  assert.deepEqual(again, state);
  assert.deepEqual(log, [], 'nothing built, created or started');
  assert.equal(await containerIds(), before.ids);
  assert.equal((await stat(state.files.inventory)).mtimeMs, before.mtime);
  assert.equal((await stat(state.files.knownHosts)).mtimeMs, before.known);
});

test('two ups at once make one testbed; down removes every container, network and volume of it, and nothing else', async () => {
  const name = 'kr-down-test';
  const other = await docker(['ps', '-aq', '--no-trunc', '--filter', `label=${TESTBED_LABEL}=${state.testbed}`]);
  // Two ups at once (a test file bringing up two nodes in parallel) make one testbed, one network.
  await Promise.all([upTestbed(1, name), upTestbed(1, name)]);
  // This process holds a lease on it: another checkout's `up` of that name refuses to take it over.
  const otherCheckout = mkdtempSync(join(tmpdir(), 'kr-other-checkout-'));
  await assert.rejects(testbedUp({ name, nodes: 1, baseDir: otherCheckout }), (err: Error) => {
    assert.match(err.message, new RegExp(`testbed ${name} is in use by the checkout whose files are in .*\\(process ${process.pid}\\)`));
    return true;
  });
  assert.notEqual(await docker(['ps', '-q', '--filter', `label=${TESTBED_LABEL}=${name}`]), '', 'still running');
  const removed = await testbedDown({ name });
  assert.equal(removed.containers.length, 2, 'the node and the registry');
  assert.equal(removed.networks.length, 1);
  assert.equal(removed.volumes.length, 2, "the node's docker volume and the registry's data");
  const filter = `label=${TESTBED_LABEL}=${name}`;
  assert.equal(await docker(['ps', '-aq', '--filter', filter]), '');
  assert.equal(await docker(['network', 'ls', '-q', '--filter', filter]), '');
  assert.equal(await docker(['volume', 'ls', '-q', '--filter', filter]), '');
  assert.equal(await docker(['ps', '-aq', '--no-trunc', '--filter', `label=${TESTBED_LABEL}=${state.testbed}`]), other, 'the other testbed is untouched');
});

test('the CLI in a row, every run after the first started from one code cache: up, status, up of a second testbed, down', () => {
  const launcher = fileURLToPath(new URL('../../../bin/kolla-run', import.meta.url));
  const cache = mkdtempSync(join(tmpdir(), 'kr-cli-cache-'));
  const second = 'kr-cli-second';
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [launcher, 'testbed', ...args], { env: { ...process.env, XDG_CACHE_HOME: cache }, encoding: 'utf8' });
    assert.equal(r.status, 0, `testbed ${args.join(' ')}: ${r.stderr}`);
    // The bug this catches: a cached start lost import(), so creating a node died with an internal error.
    assert.doesNotMatch(r.stderr, /internal error|Warning|dynamic import/i, `testbed ${args.join(' ')}`);
    return r.stdout;
  };
  try {
    cli('up', '--name', state.testbed, '--nodes', String(TEST_NODES));
    assert.match(cli('status', '--name', state.testbed), /node1 .* running/);
    const up = cli('up', '--name', second, '--nodes', '1');
    assert.match(up, new RegExp(`testbed ${second} up: 1 nodes`));
  } finally {
    cli('down', '--name', second);
  }
  assert.equal(cli('status', '--name', second).trim(), `testbed ${second}: no nodes`);
});
