/**
 * Kolla rolling upgrade bench: the shared 3-node deploy of the tests
 * (testbed kr-bench-up, built and deployed first, not timed), then
 * `kolla-run upgrade` (one host at a time) to new images while a client
 * writes a row per transaction through the VIP and publishes with confirms
 * to a quorum queue (tests/support/kolla-load.ts). Printed and recorded:
 * the upgrade's wall time, the longest time without a successful write and
 * without a confirmed publish, what was lost (must be 0), then an upgrade
 * to the same images again (nothing to change).
 *
 *   node dist/bench/kolla-upgrade.js [--keep]
 *
 * The testbed is removed at the end unless --keep.
 */
import { parseArgs } from 'node:util';
import { testbedDown } from '../src/testbed/index.js';
import { kollaDeploy } from '../tests/support/kolla-deploy.js';
import { startLoad } from '../tests/support/kolla-load.js';
import { newImages, upgrade } from '../tests/support/kolla-upgrade.js';
import { Report, round } from './support/report.js';
import { recap } from './support/tools.js';

const BENCH = 'kolla-upgrade';
const TESTBED = 'kr-bench-up';
const { values } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    // The common options run-all passes to every bench.
    quick: { type: 'boolean', default: false },
    'no-ansible': { type: 'boolean', default: false },
    runs: { type: 'string' },
  },
});
const report = new Report(BENCH, { quick: values.quick === true });
const log = (line: string) => process.stderr.write(`  [${BENCH}] ${line}\n`);

log(`deploying on ${TESTBED} (images built and pushed, site.yaml; not timed)`);
const k = await kollaDeploy(TESTBED);
try {
  const tag = `bench-${Date.now().toString(36)}`;
  await newImages(k, tag, 1);
  const load = await startLoad(k, { name: 'bench' });
  const started = Date.now();
  const run = await upgrade(k, tag);
  const wallS = (Date.now() - started) / 1000;
  const lost = await load.stop();
  const counts = recap(run.stdout);
  report.add({
    scenario: 'upgrade --serial 1 under load, 3 nodes, every service to new images',
    tool: 'kolla-run',
    hosts: 3,
    wallS: round(wallS),
    exitCode: run.code,
    ok: run.code === 0 && lost.rowsLost === 0 && lost.messagesLost === 0,
    extra: {
      changed: counts.changed,
      'longest write gap s': round(lost.longestWriteGapMs / 1000, 2),
      'longest publish gap s': round(lost.longestPublishGapMs / 1000, 2),
      'rows acked': lost.rowsAcked,
      'rows lost': lost.rowsLost,
      'messages confirmed': lost.messagesConfirmed,
      'messages lost': lost.messagesLost,
      'write errors': lost.writeErrors,
      'publish errors': lost.publishErrors,
    },
  });
  const again = Date.now();
  const noop = await upgrade(k, tag);
  report.add({
    scenario: 'upgrade to the same images again (nothing to change), 3 nodes',
    tool: 'kolla-run',
    hosts: 3,
    wallS: round((Date.now() - again) / 1000),
    exitCode: noop.code,
    ok: noop.code === 0 && recap(noop.stdout).changed === 0,
    extra: { changed: recap(noop.stdout).changed },
  });
  report.note('the load client runs on this machine in a container on the testbed network: writes through the VIP (HAProxy, one Galera node active), publishes to a quorum queue through the nodes\' addresses');
  report.note('one run per figure; the services of the 3 nodes and the client share this machine\'s cores');
} finally {
  await k.pool.closeAll();
  if (values.keep !== true) await testbedDown({ name: TESTBED });
}
report.finish();
