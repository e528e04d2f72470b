/**
 * Keystone on the shared 3-node deploy: tokens through the virtual address,
 * tokens valid on every node (the same fernet keys everywhere), a rotation
 * that keeps older tokens valid, post-deploy's credentials working with the
 * OpenStack client, an override that restarts only Keystone, and tokens
 * still issued when the node holding the address goes away.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { docker } from '../../../src/testbed/docker-cli.js';
import { kollaDeploy, kollaRun, type KollaDeploy } from '../../support/kolla-deploy.js';
import { CURL, eventually, issueToken as issueTokenOn, restartedSince, secret, shQuote, startTimes, vipHolders } from '../../support/kolla-probes.js';

const POST_DEPLOY = fileURLToPath(new URL('../../../../playbooks/post-deploy.yaml', import.meta.url));
let k: KollaDeploy;

before(async () => {
  k = await kollaDeploy();
});
after(async () => {
  await k?.pool.closeAll();
});

const address = (index: number) => k.state.nodes[index]?.address ?? '';
const issueToken = (from: number, host: string) => issueTokenOn(k, from, host);
/** GET /v3/auth/tokens on `host`: the HTTP status of validating `subject` with `auth`. */
async function validate(from: number, host: string, auth: string, subject: string): Promise<string> {
  return k.sh(from, `${CURL} -o /dev/null -w '%{http_code}' -H 'X-Auth-Token: ${auth}' -H 'X-Subject-Token: ${subject}' http://${host}:5000/v3/auth/tokens`);
}

async function validEverywhere(auth: string, subject: string, what: string): Promise<void> {
  for (const i of k.state.nodes.keys()) assert.equal(await validate(i, address(i), auth, subject), '200', `${what} on node${i + 1}`);
}

/** The fernet key files of node `index`: name and content digest. */
const keyFiles = (index: number) => k.sh(index, "docker exec keystone_fernet sh -c 'cd /etc/keystone/fernet-keys && sha256sum * | sort -k2'");

test('a token issued through the virtual address (HAProxy on port 5000) validates on every node', async () => {
  const issued = await issueToken(2, k.state.vip);
  await validEverywhere(issued.token, issued.token, 'a token from the VIP');
  const direct = await issueToken(0, address(0));
  await validEverywhere(direct.token, direct.token, "node1's token");
  assert.equal(await validate(1, address(1), direct.token, `${direct.token.slice(0, -4)}AAAA`), '404', 'a forged token is refused');
});

test('every node holds the same fernet keys; a rotation keeps older tokens valid and new ones valid everywhere', async () => {
  const keys = await keyFiles(0);
  assert.equal(keys.trim().split('\n').length, 3, `one staged, one primary, one older: ${keys}`);
  for (const i of [1, 2]) assert.equal(await keyFiles(i), keys, `node${i + 1}'s keys`);
  const old = await issueToken(0, address(0));
  // The next rotation, as every node computes it when the clock reaches it.
  const rotation = Number(await k.sh(0, "docker exec keystone_fernet sed -n 's/^interval=//p' /etc/keystone/fernet-rotation.conf"));
  const at = Date.now() / 1000 + rotation;
  for (const i of k.state.nodes.keys()) await k.sh(i, `docker exec keystone_fernet kolla_fernet_keys --once --at ${at}`);
  try {
    const rotated = await keyFiles(0);
    assert.notEqual(rotated, keys, 'the keys rotated');
    const primary = (text: string) => Math.max(...[...text.matchAll(/ (\d+)$/gm)].map((m) => Number(m[1])));
    assert.equal(primary(rotated), primary(keys) + 1, 'the staged key became the primary');
    await validEverywhere(old.token, old.token, 'a token issued before the rotation');
    const fresh = await issueToken(1, address(1));
    await validEverywhere(fresh.token, fresh.token, 'a token issued after the rotation');
  } finally {
    for (const i of k.state.nodes.keys()) await k.sh(i, 'docker exec keystone_fernet kolla_fernet_keys --once');
  }
  assert.equal(await keyFiles(2), keys, 'back to the keys of the present');
});

test('post-deploy writes admin-openrc.sh and clouds.yaml (0600); the OpenStack client issues a token with them', async () => {
  const run = await kollaRun([POST_DEPLOY, '-i', k.inventory], k.configDir);
  assert.equal(run.code, 0, run.stdout.slice(-3000) + run.stderr);
  assert.doesNotMatch(run.stdout + run.stderr, new RegExp(secret(k, 'keystone_admin_password')), 'the password is never shown');
  const openrc = join(k.configDir, 'admin-openrc.sh');
  for (const file of [openrc, join(k.configDir, 'clouds.yaml')]) assert.equal(statSync(file).mode & 0o777, 0o600, file);
  const rc = readFileSync(openrc, 'utf8');
  assert.match(rc, new RegExp(`^export OS_AUTH_URL=http://${k.state.vip.replace(/\./g, '\\.')}:5000$`, 'm'));
  const token = await k.sh(0, `printf '%s\\n' ${shQuote(rc)} | docker exec -i kolla_toolbox bash -c 'eval "$(cat)"; openstack token issue -f value -c id'`);
  assert.match(token.trim(), /^gAAAA\S+$/, 'a fernet token');
  const clouds = readFileSync(join(k.configDir, 'clouds.yaml'), 'utf8');
  const catalog = await k.sh(1, `printf '%s\\n' ${shQuote(clouds)} | docker exec -i kolla_toolbox bash -c 'cat > /tmp/clouds.yaml; OS_CLIENT_CONFIG_FILE=/tmp/clouds.yaml openstack --os-cloud kolla-admin endpoint list -f value -c Interface -c URL; rm /tmp/clouds.yaml'`);
  assert.match(catalog, new RegExp(`^internal http://${k.state.vip.replace(/\./g, '\\.')}:5000$`, 'm'));
  assert.match(catalog, /^public http:\/\/\S+:5000$/m);
});

test('an option in config/keystone.conf restarts only the keystone containers, and is in effect', async () => {
  const overrides = join(k.configDir, 'config');
  mkdirSync(overrides, { recursive: true });
  const before = await startTimes(k);
  writeFileSync(join(overrides, 'keystone.conf'), '[token]\nexpiration = 7200\n');
  try {
    const run = await k.site(['--tags', 'keystone']);
    assert.equal(run.code, 0, run.stdout.slice(-3000));
    assert.match(run.stdout, /Restart keystone container/, 'the output names the restart');
    assert.deepEqual(
      restartedSince(before, await startTimes(k)),
      ['node1/keystone', 'node1/keystone_fernet', 'node2/keystone', 'node2/keystone_fernet', 'node3/keystone', 'node3/keystone_fernet'],
    );
    const issued = await eventually('a token from the restarted Keystone', 60_000, () => issueToken(1, k.state.vip));
    assert.equal((Date.parse(issued.expiresAt) - Date.parse(issued.issuedAt)) / 1000, 7200, 'tokens live 2 hours now');
  } finally {
    rmSync(join(overrides, 'keystone.conf'), { force: true });
    const restored = await k.site(['--tags', 'keystone']);
    assert.equal(restored.code, 0, restored.stdout.slice(-3000));
  }
});

test('with the node holding the virtual address frozen, tokens are still issued through the address within seconds', async () => {
  const [holder] = await vipHolders(k);
  assert.ok(holder !== undefined, 'a node holds the address');
  const other = (holder + 1) % k.state.nodes.length;
  const container = k.state.nodes[holder]?.container ?? '';
  const t0 = Date.now();
  await docker(['pause', container]);
  try {
    const issued = await eventually('a token through the VIP', 30_000, () => issueToken(other, k.state.vip));
    process.stderr.write(`token through the VIP ${((Date.now() - t0) / 1000).toFixed(1)} s after node${holder + 1} froze\n`);
    assert.equal(await validate(other, k.state.vip, issued.token, issued.token), '200');
  } finally {
    await docker(['unpause', container]);
  }
  // The frozen node comes back into both clusters before the next test file shares the deploy.
  await eventually('Galera whole again', 120_000, async () => {
    const out = await k.sh(holder, `docker exec -e MYSQL_PWD='${secret(k, 'database_password')}' kolla_toolbox mariadb -h ${address(holder)} -uroot -N -B -e "SHOW STATUS LIKE 'wsrep_%'"`);
    return /wsrep_cluster_size\t3\n/.test(out) && /wsrep_local_state_comment\tSynced\n/.test(out) ? true : undefined;
  });
  await eventually('RabbitMQ whole again', 120_000, async () => {
    const out = await k.sh(holder, 'docker exec rabbitmq rabbitmq-diagnostics -q cluster_status --formatter json');
    return (JSON.parse(out) as { running_nodes: string[] }).running_nodes.length === 3 ? true : undefined;
  });
});
