/**
 * The operator's verbs on the 3-node deploy, as an operator types them:
 * status shows every Kolla container, stop then deploy brings the cluster
 * back with its data, destroy refuses without the confirmation and with it
 * leaves nothing of Kolla on the nodes, and a deploy then makes a new
 * cluster. Runs after upgrade.test.ts (path order: the deploy may be on the
 * tag the upgrade left) and leaves the testbed deployed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kollaDeploy, kollaRun, recap, type KollaDeploy } from '../../support/kolla-deploy.js';
import { sql as sqlOn, startTimes } from '../../support/kolla-probes.js';
import type { HostStatus } from '../../../src/kolla/status.js';

let k: KollaDeploy;
const NODES = [0, 1, 2];
const HOSTS = ['node1', 'node2', 'node3'];
const CONFIRM = '--yes-i-really-really-mean-it';
// The services every node runs whatever else site.yaml adds.
const CORE = ['cron', 'haproxy', 'keepalived', 'kolla_toolbox', 'mariadb', 'memcached', 'rabbitmq', 'rsyslog'];
const KOLLA_FILTER = '--filter label=org.kolla-run.image';

before(async () => {
  k = await kollaDeploy();
});
after(async () => {
  await k?.pool.closeAll();
});

const verb = (...args: string[]) => kollaRun([...args, '-i', k.inventory], k.configDir);
const out = (r: { stdout: string; stderr: string }) => `${r.stdout.slice(-4000)}\n${r.stderr}`;

/** The tag the deploy runs: globals.yml's openstack_tag (upgrade.test.ts, before this file, leaves one), else the default. */
function deployedTag(): string {
  const globals = join(k.configDir, 'globals.yml');
  const tag = existsSync(globals) ? /^openstack_tag:\s*"?([^"\s]+)"?\s*$/m.exec(readFileSync(globals, 'utf8'))?.[1] : undefined;
  return tag ?? 'latest';
}

async function status(): Promise<HostStatus[]> {
  const r = await verb('status', '--json');
  assert.equal(r.code, 0, out(r));
  return (JSON.parse(r.stdout) as { hosts: HostStatus[] }).hosts;
}

/** The Kolla containers of node `i` as its own docker CLI lists them (the truth status must match). */
async function dockerNames(i: number, running = false): Promise<string[]> {
  return (await k.sh(i, `docker ps ${running ? '' : '-a'} ${KOLLA_FILTER} --format '{{.Names}}'`)).split('\n').filter(Boolean).sort();
}

const sql = (index: number, host: string, query: string) => sqlOn(k, index, host, query);

async function assertGaleraWhole(): Promise<void> {
  for (const i of NODES) {
    const s = await sql(i, k.state.nodes[i]?.address ?? '', "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment')");
    assert.match(s, /wsrep_cluster_size\t3\n/, `node${i + 1}: ${s}`);
    assert.match(s, /wsrep_local_state_comment\tSynced\n/, `node${i + 1}: ${s}`);
  }
}

test('status: every Kolla container of every node, each running, as the nodes themselves list them', async () => {
  const hosts = await status();
  assert.deepEqual(hosts.map((h) => h.host), HOSTS);
  for (const [i, h] of hosts.entries()) {
    assert.equal(h.error, undefined);
    assert.deepEqual(h.containers.map((c) => c.name), await dockerNames(i), h.host);
    for (const name of CORE) assert.ok(h.containers.some((c) => c.name === name), `${h.host}: ${name}`);
    for (const c of h.containers) {
      assert.equal(c.state, 'running', `${h.host}/${c.name}`);
      assert.equal(c.tag, deployedTag(), `${h.host}/${c.name}`);
      assert.ok(c.uptimeSeconds !== null && c.restarts >= 0);
    }
  }
  const table = await verb('status');
  assert.equal(table.code, 0, out(table));
  const rows = table.stdout.split('\n').filter(Boolean);
  assert.match(rows[0] ?? '', /^HOST\s+CONTAINER\s+TAG\s+STATE\s+HEALTH\s+RESTARTS\s+UPTIME$/);
  assert.equal(rows.length - 1, hosts.reduce((n, h) => n + h.containers.length, 0), 'a row per container');
  assert.match(table.stdout, new RegExp(`^node2\\s+mariadb\\s+${deployedTag()}\\s+running\\s+healthy\\s+\\d+\\s+\\S`, 'm'));
});

test('status: an unreachable host gets a row saying so, the others are still read, exit 4', async () => {
  const extra = join(mkdtempSync(join(tmpdir(), 'kr-verbs-')), 'ghost');
  // A closed port on loopback: refused at once.
  writeFileSync(extra, '[control]\nghost ansible_host=127.0.0.1 ansible_port=1\n');
  const r = await kollaRun(['status', '-i', k.inventory, '-i', extra], k.configDir);
  assert.equal(r.code, 4, out(r));
  assert.match(r.stdout, /^ghost\s+UNREACHABLE: .+$/m);
  for (const host of HOSTS) assert.match(r.stdout, new RegExp(`^${host}\\s+mariadb\\s`, 'm'));
});

test('stop stops every Kolla container; deploy brings them back with the data and Galera whole', async () => {
  const marker = `stop-${process.pid}-${Date.now()}`;
  await sql(0, k.state.vip, `CREATE DATABASE IF NOT EXISTS krverbs; CREATE TABLE IF NOT EXISTS krverbs.t (v VARCHAR(64) PRIMARY KEY); INSERT INTO krverbs.t VALUES ('${marker}')`);
  const stop = await verb('stop', CONFIRM);
  assert.equal(stop.code, 0, out(stop));
  for (const h of await status()) {
    assert.ok(h.containers.length >= CORE.length, h.host);
    for (const c of h.containers) assert.notEqual(c.state, 'running', `${h.host}/${c.name} still runs after stop`);
  }
  for (const i of NODES) assert.deepEqual(await dockerNames(i, true), [], `node${i + 1}`);

  const deploy = await verb('deploy');
  assert.equal(deploy.code, 0, out(deploy));
  for (const h of await status()) for (const c of h.containers) assert.equal(c.state, 'running', `${h.host}/${c.name}`);
  await assertGaleraWhole();
  for (const i of NODES) assert.equal(await sql(i, k.state.nodes[i]?.address ?? '', `SELECT v FROM krverbs.t WHERE v = '${marker}'`), `${marker}\n`, `node${i + 1}`);
});

test('destroy without the confirmation changes nothing, says why, and exits non-zero', async () => {
  const before = await startTimes(k);
  const r = await verb('destroy');
  assert.notEqual(r.code, 0);
  assert.match(r.stdout, /destroy was refused, nothing was changed/);
  assert.match(r.stdout, /-e destroy_confirm=yes-i-really-really-mean-it/);
  assert.equal(await startTimes(k), before, 'every container still runs, none restarted');
});

test('destroy with the confirmation leaves no Kolla container, volume, config folder or VIP; again, it changes nothing', async () => {
  const r = await verb('destroy', CONFIRM);
  assert.equal(r.code, 0, out(r));
  for (const i of NODES) {
    const left = await k.sh(i, `docker ps -aq ${KOLLA_FILTER}; docker volume ls -q; ls /etc/kolla; ip -o addr show to ${k.state.vip}`);
    assert.equal(left, '', `node${i + 1} keeps: ${left}`);
  }
  assert.ok(readFileSync(join(k.configDir, 'passwords.yml'), 'utf8').includes('database_password'), "the controller's config folder stays");
  const again = await verb('destroy', CONFIRM);
  assert.equal(again.code, 0, out(again));
  const counts = recap(again.stdout);
  assert.deepEqual(Object.keys(counts).sort(), HOSTS);
  for (const [host, c] of Object.entries(counts)) assert.equal(c.changed, 0, `${host}: ${JSON.stringify(c)}`);
});

test('after destroy, deploy makes a new working cluster (a new Galera, without the old data)', async () => {
  const r = await verb('deploy');
  assert.equal(r.code, 0, out(r));
  assert.match(r.stdout, /Running MariaDB bootstrap container/, 'a new cluster was bootstrapped');
  for (const h of await status()) {
    for (const name of CORE) assert.equal(h.containers.find((c) => c.name === name)?.state, 'running', `${h.host}/${name}`);
  }
  await assertGaleraWhole();
  assert.equal(await sql(1, k.state.vip, "SHOW DATABASES LIKE 'krverbs'"), '', 'the destroyed data is gone');
});
