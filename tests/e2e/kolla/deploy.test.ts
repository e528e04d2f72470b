/**
 * Kolla's deploy on a 3-node testbed, as an operator runs it (genpwd,
 * prechecks, site.yaml): a Galera cluster of 3, a RabbitMQ cluster of 3,
 * memcached on each node, HAProxy on the virtual address keepalived holds on
 * one node, every service's log in kolla_logs; a rerun changes nothing, an
 * override restarts only its service, and the address moves when HAProxy
 * stops where it is.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kollaDeploy, recap, type KollaDeploy } from '../../support/kolla-deploy.js';
import { eventually, restartedSince, sql as sqlOn, startTimes as probeStartTimes, vipHolders as probeVipHolders } from '../../support/kolla-probes.js';

let k: KollaDeploy;
const NODES = [0, 1, 2];

before(async () => {
  k = await kollaDeploy();
});
after(async () => {
  await k?.pool.closeAll();
});

const sql = (index: number, host: string, query: string) => sqlOn(k, index, host, query);
const startTimes = () => probeStartTimes(k);
const vipHolders = () => probeVipHolders(k);

test('Galera: 3 nodes, each Synced in one Primary cluster', async () => {
  for (const i of NODES) {
    const address = k.state.nodes[i]?.address ?? '';
    const status = await sql(i, address, "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_cluster_status', 'wsrep_ready')");
    assert.match(status, /wsrep_cluster_size\t3\n/, `node${i + 1}`);
    assert.match(status, /wsrep_cluster_status\tPrimary\n/);
    assert.match(status, /wsrep_local_state_comment\tSynced\n/);
    assert.match(status, /wsrep_ready\tON\n/);
  }
});

test('a row written through the virtual address is read on every node (one active backend, replicated)', async () => {
  const marker = `row-${process.pid}-${Date.now()}`;
  await sql(2, k.state.vip, `CREATE DATABASE IF NOT EXISTS krdeploy; CREATE TABLE IF NOT EXISTS krdeploy.t (v VARCHAR(64) PRIMARY KEY); INSERT INTO krdeploy.t VALUES ('${marker}')`);
  for (const i of NODES) {
    assert.equal(await sql(i, k.state.nodes[i]?.address ?? '', `SELECT v FROM krdeploy.t WHERE v = '${marker}'`), `${marker}\n`, `node${i + 1}`);
  }
  assert.equal(await sql(1, k.state.vip, 'SELECT @@hostname'), 'node1\n', 'HAProxy sends every client to the first node; the others are backup');
});

test('RabbitMQ: every node sees 3 running nodes', async () => {
  for (const i of NODES) {
    const status = JSON.parse(await k.sh(i, 'docker exec rabbitmq rabbitmq-diagnostics -q cluster_status --formatter json')) as { running_nodes: string[] };
    assert.deepEqual([...status.running_nodes].sort(), ['rabbit@node1', 'rabbit@node2', 'rabbit@node3'], `node${i + 1}`);
  }
  const users = await k.sh(0, 'docker exec rabbitmq rabbitmqctl -q list_users');
  assert.match(users, /^openstack\s+\[administrator\]$/m);
});

test('memcached answers on each node, on its api address', async () => {
  for (const i of NODES) {
    const address = k.state.nodes[i]?.address ?? '';
    const reply = await k.sh(i, `timeout 5 bash -c 'exec 3<>/dev/tcp/${address}/11211; printf "version\\r\\nquit\\r\\n" >&3; cat <&3'`);
    assert.match(reply, /^VERSION \d/, `node${i + 1}`);
  }
});

test("every service's log lands in kolla_logs and the collector gathers the files", async () => {
  await eventually('mariadb and rabbitmq in all.log', 30_000, async () => {
    const all = await k.sh(0, 'docker exec rsyslog cat /var/log/kolla/rsyslog/all.log');
    return /\/var\/log\/kolla\/mariadb\/mariadb\.log /.test(all) && /\/var\/log\/kolla\/rabbitmq\/rabbitmq\.log /.test(all) ? true : undefined;
  });
  const [holder] = await vipHolders();
  assert.ok(holder !== undefined);
  // HAProxy speaks syslog only: a connection through the VIP is logged by the collector of the node that served it.
  await sql(holder, k.state.vip, 'SELECT 1');
  await eventually('haproxy log line', 30_000, async () => {
    const r = await k.node(holder).exec('docker exec rsyslog grep -c mariadb /var/log/kolla/haproxy/haproxy.log');
    return r.rc === 0 ? true : undefined;
  });
});

test('a second deploy changes nothing and restarts no container', async () => {
  const before = await startTimes();
  const again = await k.site();
  assert.equal(again.code, 0, again.stdout.slice(-3000));
  const counts = recap(again.stdout);
  assert.deepEqual(Object.keys(counts).sort(), ['node1', 'node2', 'node3']);
  for (const [host, c] of Object.entries(counts)) assert.equal(c.changed, 0, `${host}: ${JSON.stringify(c)}`);
  assert.equal(await startTimes(), before);
});

test('an override in config/ restarts only that service, and is in effect', async () => {
  const overrides = join(k.configDir, 'config');
  mkdirSync(overrides, { recursive: true });
  const before = await startTimes();
  writeFileSync(join(overrides, 'galera.cnf'), '[mysqld]\nmax_connections = 1234\n');
  try {
    const changed = await k.site();
    assert.equal(changed.code, 0, changed.stdout.slice(-3000));
    assert.equal(await sql(0, k.state.nodes[0]?.address ?? '', 'SELECT @@max_connections'), '1234\n');
    assert.deepEqual(restartedSince(before, await startTimes()), ['node1/mariadb', 'node2/mariadb', 'node3/mariadb']);
  } finally {
    rmSync(join(overrides, 'galera.cnf'), { force: true });
    const restored = await k.site();
    assert.equal(restored.code, 0, restored.stdout.slice(-3000));
  }
  const status = await sql(2, k.state.nodes[2]?.address ?? '', "SHOW STATUS LIKE 'wsrep_cluster_size'");
  assert.equal(status, 'wsrep_cluster_size\t3\n', 'the cluster is whole after two rolling restarts');
});

test('the virtual address is on exactly one node, and moves within seconds when HAProxy stops there', async () => {
  const holders = await vipHolders();
  assert.equal(holders.length, 1, `held by ${holders.map((h) => `node${h + 1}`).join(', ')}`);
  const [from] = holders as [number];
  const t0 = Date.now();
  await k.sh(from, 'docker stop haproxy >/dev/null');
  try {
    const to = await eventually('the address on another node', 20_000, async () => {
      const now = await vipHolders();
      return now.length === 1 && now[0] !== from ? now[0] : undefined;
    });
    process.stderr.write(`VIP moved from node${from + 1} to node${(to ?? 0) + 1} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    assert.equal(await sql(from, k.state.vip, 'SELECT 1'), '1\n', 'MariaDB answers through the address on its new node');
  } finally {
    // The deploy brings the stopped container back (compare_container sees its state).
    const back = await k.site(['--tags', 'loadbalancer']);
    assert.equal(back.code, 0, back.stdout.slice(-3000));
  }
  assert.match(await k.sh(from, "docker inspect -f '{{.State.Running}}' haproxy"), /true/);
});
