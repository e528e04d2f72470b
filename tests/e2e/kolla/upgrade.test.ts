/**
 * Rolling upgrade of the shared 3-node deploy, one host at a time, under
 * load: rows written through the VIP (a commit each) and messages published
 * with confirms to a quorum queue the whole time. Nothing acknowledged may
 * be lost. Then: an upgrade with nothing to change, a downgrade refused, and
 * an upgrade that stops at a host that does not come back, resumed once the
 * host is fixed.
 *
 * The deploy stays on the last tag afterwards (globals.yml names it), so the
 * test files after this one find it deployed and change nothing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { kollaDeploy, recap, type KollaDeploy } from '../../support/kolla-deploy.js';
import { formatLoadReport, startLoad, type LoadReport } from '../../support/kolla-load.js';
import { restartedSince, sql, startTimes } from '../../support/kolla-probes.js';
import { containerImages, newImages as newImagesOf, upgrade as upgradeTo } from '../../support/kolla-upgrade.js';

let k: KollaDeploy;
/** Tags of the same images with later build dates: B newer than what runs, C newer than B. */
const B = 'upgrade-b';
const C = 'upgrade-c';
/** Built the day before today: older than B. */
const OLD = 'upgrade-old';

before(async () => {
  k = await kollaDeploy();
  // A later file of an earlier run may have left the deploy on another tag.
  const globals = join(k.configDir, 'globals.yml');
  rmSync(globals, { force: true });
  const reset = await k.site();
  assert.equal(reset.code, 0, reset.stdout.slice(-3000));
});
after(async () => {
  await k?.pool.closeAll();
});

async function clustersWhole(): Promise<void> {
  for (const i of k.state.nodes.keys()) {
    const status = await sql(k, i, k.state.nodes[i]?.address ?? '', "SHOW STATUS WHERE Variable_name IN ('wsrep_cluster_size', 'wsrep_local_state_comment')");
    assert.match(status, /wsrep_cluster_size\t3\n/, `node${i + 1}`);
    assert.match(status, /wsrep_local_state_comment\tSynced\n/, `node${i + 1}`);
    const rabbit = JSON.parse(await k.sh(i, 'docker exec rabbitmq rabbitmq-diagnostics -q cluster_status --formatter json')) as { running_nodes: string[] };
    assert.equal(rabbit.running_nodes.length, 3, `node${i + 1}: ${rabbit.running_nodes.join(', ')}`);
  }
}

function assertNothingLost(report: LoadReport, what: string): void {
  process.stderr.write(formatLoadReport(what, report));
  assert.ok(report.rowsAcked > 0 && report.messagesConfirmed > 0, 'the load wrote and published');
  assert.equal(report.rowsLost, 0, 'acknowledged rows lost');
  assert.equal(report.messagesLost, 0, 'confirmed messages lost');
}

const upgrade = (tag: string, extra: readonly string[] = []) => upgradeTo(k, tag, extra);
const newImages = (tag: string, daysAhead: number) => newImagesOf(k, tag, daysAhead);
const images = () => containerImages(k);

test('upgrade --serial 1 under load: every container on the new images, both clusters whole, nothing acknowledged lost', async () => {
  await newImages(B, 1);
  const load = await startLoad(k, { name: 'upgrade' });
  const t0 = Date.now();
  const run = await upgrade(B);
  const seconds = (Date.now() - t0) / 1000;
  const report = await load.stop();
  assert.equal(run.code, 0, run.stdout.slice(-5000) + run.stderr);
  process.stderr.write(`upgrade of 3 nodes: ${seconds.toFixed(1)} s, longest write gap ${report.longestWriteGapMs} ms, longest publish gap ${report.longestPublishGapMs} ms\n`);
  assertNothingLost(report, 'load during the upgrade');
  const now = await images();
  assert.deepEqual(now.filter((l) => !l.endsWith(`:${B}`)), [], 'containers not on the new tag');
  assert.ok(now.length >= 3 * 10, `every service's container: ${now.join(', ')}`);
  await clustersWhole();
  // The operator's record of the tag, as after a kolla-ansible upgrade: later runs keep it.
  writeFileSync(join(k.configDir, 'globals.yml'), `openstack_tag: "${B}"\n`);
});

test('an upgrade to the images already running changes nothing and restarts nothing', async () => {
  const before = await startTimes(k);
  const run = await upgrade(B);
  assert.equal(run.code, 0, run.stdout.slice(-3000));
  for (const [host, c] of Object.entries(recap(run.stdout))) assert.equal(c.changed, 0, `${host}: ${JSON.stringify(c)}`);
  assert.deepEqual(restartedSince(before, await startTimes(k)), []);
});

test('an upgrade to older images is refused before anything changes, and says why', async () => {
  await newImages(OLD, -1);
  const before = await startTimes(k);
  const run = await upgrade(OLD);
  assert.notEqual(run.code, 0);
  assert.match(run.stdout + run.stderr, /downgrade/);
  assert.match(run.stdout + run.stderr, /kolla_allow_downgrade/);
  assert.deepEqual(restartedSince(before, await startTimes(k)), []);
  assert.deepEqual((await images()).filter((l) => !l.endsWith(`:${B}`)), []);
});

test('a host that does not come back stops the upgrade there; the hosts after it keep the old images; fixed, a rerun finishes', async () => {
  await newImages(C, 2);
  const override = join(k.configDir, 'config', 'mariadb', 'node2');
  mkdirSync(override, { recursive: true });
  writeFileSync(join(override, 'galera.cnf'), '[mysqld]\nno_such_option_kolla_run = 1\n');
  const load = await startLoad(k, { name: 'upgrade-failure' });
  let report: LoadReport | undefined;
  try {
    const failed = await upgrade(C, ['-e', 'mariadb_wait_retries=6']);
    assert.notEqual(failed.code, 0, 'the upgrade stops');
    assert.match(failed.stdout, /node2/);
    const mariadb = (await images()).filter((l) => /\/mariadb /.test(l));
    assert.ok(mariadb.some((l) => l.startsWith('node1/') && l.endsWith(`:${C}`)), `node1 was upgraded: ${mariadb.join(', ')}`);
    assert.ok(mariadb.some((l) => l.startsWith('node3/') && l.endsWith(`:${B}`)), `node3, after the failed host, was not touched: ${mariadb.join(', ')}`);
    // The cluster serves on the other two throughout.
    assert.equal(await sql(k, 2, k.state.vip, 'SELECT 1'), '1\n');
    rmSync(override, { recursive: true, force: true });
    const resumed = await upgrade(C);
    assert.equal(resumed.code, 0, resumed.stdout.slice(-5000));
  } finally {
    rmSync(override, { recursive: true, force: true });
    report = await load.stop();
  }
  assertNothingLost(report, 'load during the failed and the resumed upgrade');
  assert.deepEqual((await images()).filter((l) => !l.endsWith(`:${C}`)), []);
  await clustersWhole();
  writeFileSync(join(k.configDir, 'globals.yml'), `openstack_tag: "${C}"\n`);
});
