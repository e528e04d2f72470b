/**
 * Kolla's all-in-one deploy on a 1-node testbed, as an operator runs it
 * (genpwd, prechecks, site.yaml with inventory all-in-one): a Galera
 * "cluster" of one that is Primary and Synced and takes writes through the
 * virtual address, a RabbitMQ of one running node, memcached, Keystone and
 * HAProxy on the address keepalived holds, every service's log in kolla_logs, and a
 * rerun that changes nothing. Lean on purpose: the 3-node test covers the
 * clustering, this one the single-host shape (groups of one, no peers).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { allInOneDeploy, kollaRun, recap, type KollaDeploy } from '../../support/kolla-deploy.js';
import { CURL, eventually, issueToken, secret, sql as sqlOn, vipHolders } from '../../support/kolla-probes.js';

let k: KollaDeploy;
const SITE = fileURLToPath(new URL('../../../../playbooks/site.yaml', import.meta.url));

before(async () => {
  k = await allInOneDeploy();
});
after(async () => {
  await k?.pool.closeAll();
});

const address = () => k.state.nodes[0]?.address ?? '';
const sql = (host: string, query: string) => sqlOn(k, 0, host, query);

test('the first deploy on one host changed it and failed nothing', () => {
  const counts = recap(k.first.stdout);
  assert.deepEqual(Object.keys(counts), ['node1']);
  assert.equal(counts.node1?.failed, 0);
  assert.equal(counts.node1?.unreachable, 0);
});

test('Galera of one: Primary, Synced, and a row written through the virtual address reads back', async () => {
  const status = await sql(address(), "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_cluster_status')");
  assert.match(status, /wsrep_cluster_size\t1\n/);
  assert.match(status, /wsrep_cluster_status\tPrimary\n/);
  assert.match(status, /wsrep_local_state_comment\tSynced\n/);
  const marker = `aio-${process.pid}-${Date.now()}`;
  await sql(k.state.vip, `CREATE DATABASE IF NOT EXISTS kraio; CREATE TABLE IF NOT EXISTS kraio.t (v VARCHAR(64) PRIMARY KEY); INSERT INTO kraio.t VALUES ('${marker}')`);
  assert.equal(await sql(k.state.vip, `SELECT v FROM kraio.t WHERE v = '${marker}'`), `${marker}\n`);
});

test('RabbitMQ: one running node, and the openstack user', async () => {
  const status = JSON.parse(await k.sh(0, 'docker exec rabbitmq rabbitmq-diagnostics -q cluster_status --formatter json')) as { running_nodes: string[] };
  assert.deepEqual(status.running_nodes, ['rabbit@node1']);
  assert.match(await k.sh(0, 'docker exec rabbitmq rabbitmqctl -q list_users'), /^openstack\s+\[administrator\]$/m);
});

test('memcached answers on the api address', async () => {
  const reply = await k.sh(0, `timeout 5 bash -c 'exec 3<>/dev/tcp/${address()}/11211; printf "version\\r\\nquit\\r\\n" >&3; cat <&3'`);
  assert.match(reply, /^VERSION \d/);
});

test('keepalived holds the virtual address and HAProxy serves it', async () => {
  assert.deepEqual(await vipHolders(k), [0]);
  assert.match(await k.sh(0, "docker inspect -f '{{.State.Running}}' haproxy keepalived"), /^true\ntrue\n$/);
  assert.equal(await sql(k.state.vip, 'SELECT @@hostname'), 'node1\n');
});

test('Keystone issues a token through the virtual address, and validates it', async () => {
  const issued = await issueToken(k, 0, k.state.vip);
  const status = await k.sh(0, `${CURL} -o /dev/null -w '%{http_code}' -H 'X-Auth-Token: ${issued.token}' -H 'X-Subject-Token: ${issued.token}' http://${address()}:5000/v3/auth/tokens`);
  assert.equal(status, '200');
});

test("every service's log lands in kolla_logs, in its own folder", async () => {
  // HAProxy logs a connection when it closes: make one, then look.
  await sql(k.state.vip, 'SELECT 1');
  const volume = (await k.sh(0, "docker volume inspect -f '{{.Mountpoint}}' kolla_logs")).trim();
  const expected = ['mariadb/mariadb.log', 'rabbitmq/rabbitmq.log', 'memcached/memcached.log', 'keepalived/keepalived.log', 'haproxy/haproxy.log'];
  const missing = await eventually('the logs', 30_000, async () => {
    const absent: string[] = [];
    for (const file of expected) if ((await k.node(0).exec(`test -s ${volume}/${file}`)).rc !== 0) absent.push(file);
    return absent.length === 0 ? absent : undefined;
  }).catch(async (err: unknown) => {
    const listing = await k.sh(0, `cd ${volume} && find . -type f -size +0 | sort`);
    throw new Error(`${String(err)}; the volume holds:\n${listing}`);
  });
  assert.deepEqual(missing, []);
  assert.match(await k.sh(0, `cat ${volume}/haproxy/haproxy.log`), /mariadb/, 'the connection through the VIP is in the HAProxy log');
});

test('a second deploy changes nothing', async () => {
  const again = await k.site();
  assert.equal(again.code, 0, again.stdout.slice(-3000));
  const counts = recap(again.stdout).node1;
  assert.equal(counts?.changed, 0, JSON.stringify(counts));
  assert.equal(counts?.failed, 0);
});

test('with passwords.yml vault-encrypted (ansible-vault), the same deploy decrypts every secret: nothing changes, no secret printed', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'kr-aio-vault-'));
  try {
    cpSync(k.configDir, copy, { recursive: true });
    const passwordFile = join(copy, 'vault-pass');
    writeFileSync(passwordFile, 'operator vault password\n', { mode: 0o600 });
    const encrypt = spawnSync('ansible-vault', ['encrypt', '--vault-password-file', passwordFile, join(copy, 'passwords.yml')], { encoding: 'utf8' });
    assert.equal(encrypt.status, 0, encrypt.stderr);
    assert.match(readFileSync(join(copy, 'passwords.yml'), 'utf8'), /^\$ANSIBLE_VAULT;1\.1;AES256/);
    const run = await kollaRun([SITE, '-i', k.inventory, '--vault-password-file', passwordFile], copy);
    assert.equal(run.code, 0, run.stdout.slice(-3000) + run.stderr);
    const counts = recap(run.stdout).node1;
    assert.equal(counts?.changed, 0, JSON.stringify(counts));
    assert.ok(!(run.stdout + run.stderr).includes(secret(k, 'database_password')), 'a secret was printed');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

const PRECHECKS = fileURLToPath(new URL('../../../../playbooks/prechecks.yaml', import.meta.url));

test('prechecks: a port another program holds fails, naming the host, the port and what to do', async () => {
  // sshd holds port 22 on every address: checked as if a service of the memcached group needed it.
  const ports = JSON.stringify({ prechecks_service_ports: { 'sshd-probe': [22] }, prechecks_service_groups: { 'sshd-probe': 'memcached' } });
  const run = await kollaRun([PRECHECKS, '-i', k.inventory, '-e', ports], k.configDir);
  assert.equal(run.code, 2, run.stdout.slice(-3000));
  assert.match(run.stdout, new RegExp(`node1: port 22 on ${address().replace(/\./g, '\\.')}, which sshd-probe needs, is taken by another program: stop it\\.`));
});

test('prechecks: a virtual address in use before keepalived runs fails, naming the host and what to do', async () => {
  await k.sh(0, 'docker rm -f keepalived >/dev/null');
  try {
    // The registry's container answers on the testbed network, as another machine holding the address would.
    const taken = (await k.sh(0, `getent ahostsv4 ${k.state.registry.container}`)).split(/\s/)[0] ?? '';
    const run = await kollaRun([PRECHECKS, '-i', k.inventory, '-e', `kolla_internal_vip_address=${taken}`], k.configDir);
    assert.equal(run.code, 2, run.stdout.slice(-3000));
    assert.match(run.stdout, new RegExp(`node1: kolla_internal_vip_address ${taken.replace(/\./g, '\\.')} is already in use on the network .*: choose a free address in globals\\.yml\\.`));
  } finally {
    const back = await k.site(['--tags', 'loadbalancer']);
    assert.equal(back.code, 0, `${back.stdout.slice(-3000)}\n${back.stderr}`);
  }
  // keepalived starts as BACKUP and takes the address a few seconds later.
  await eventually('the virtual address back on node1', 30_000, async () => ((await vipHolders(k)).join() === '0' ? true : undefined));
});
