/**
 * Ad-hoc benchmark: `shell: true` on every host, once.
 *   kolla-run adhoc all -m shell -a true
 *   ansible all -m shell -a true            (forks = hosts, pipelining, ControlPersist; cold; median of up to 3 runs)
 *   the floor (bench/floor.ts: connect + one exec per host)
 *
 *   node dist/bench/adhoc.js [--hosts 50,200] [--runs 3] [--quick] [--no-ansible]
 *
 * Targets: kolla-run within 1.5x of the floor; ansible at least 10x slower than kolla-run.
 */
import { benchOptions } from './support/cli.js';
import { startBenchHosts } from './support/hosts.js';
import { Report, rowFrom } from './support/report.js';
import { ansible, floor, kollaRun } from './support/tools.js';

const BENCH = 'adhoc';
const opts = benchOptions({ hosts: [50, 200], quickHosts: [3] });
const report = new Report(BENCH, {
  quick: opts.quick,
  targets: [
    { ratio: 'kolla-run / floor', max: 1.5 },
    { ratio: 'ansible / kolla-run', min: 10 },
  ],
});
const hosts = await startBenchHosts(Math.max(...opts.hosts));
const spec = (label: string, runs = opts.runs) => ({ bench: BENCH, label, runs, serverCpu: () => hosts.serverCpuS() });
try {
  for (const n of opts.hosts) {
    const scenario = `shell true, ${n} hosts`;
    const inventory = await hosts.inventory(n);
    const f = await floor(['--hosts-file', await hosts.floorHosts(n), '--rounds', '1', '--command', 'true'], spec(`${n}-floor`));
    report.add(rowFrom(scenario, 'floor', f, { hosts: n }));
    const k = await kollaRun(['adhoc', 'all', '-i', inventory, '-m', 'shell', '-a', 'true'], spec(`${n}-kolla-run`));
    report.add(rowFrom(scenario, 'kolla-run', k, { hosts: n }));
    if (opts.ansible) {
      const cfg = await hosts.ansibleConfig(n);
      const cold = await ansible('ansible', ['all', '-i', inventory, '-m', 'shell', '-a', 'true'], cfg, { ...spec(`${n}-ansible`, Math.min(opts.runs, 3)), timeoutS: 1800 });
      report.add(rowFrom(scenario, 'ansible', cold, { hosts: n, note: 'cold: no ControlMaster yet' }));
    }
  }
  if (!opts.ansible) report.note('ansible skipped (--quick or --no-ansible)');
  report.note('floor = node + ssh2: connect to every host in parallel, one exec of `true` each; each figure is the median of the runs, process start included');
} finally {
  await hosts.stop();
}
report.finish();
