/**
 * Kolla-shaped benchmark: a playbook shaped like kolla-ansible's roles
 * (bench/support/kolla-shape.ts: 12 services, per container a config
 * directory, config.json, 3-5 templated config files and a container check;
 * 336 module runs per host) on 10 and 50 loopback hosts, cold (its files
 * removed first) and again with nothing to change (warm):
 *   kolla-run site.yml -i INV
 *   ansible-playbook site.yml -i INV      (forks = hosts, pipelining, ControlPersist)
 *   the floor (bench/floor.ts: connect + one exec round per module run)
 * with kolla-run's round trips per host (KOLLA_RUN_ROUND_TRIPS) beside each figure.
 *
 *   node dist/bench/kolla-shape.js [--hosts 10,50] [--runs 3] [--no-ansible] [--quick] [--ansible-budget X]
 *
 * --ansible-budget X: ansible's cold run is left out (kolla-run's cold run made the files) and
 * its no-change run is stopped after X times kolla-run's no-change wall time; when it has not
 * finished by then, "ansible / kolla-run >= X" is shown without waiting the hours ansible needs
 * at 50 hosts, with how many of its tasks it had done.
 *
 * --quick: 2 hosts, 2 services, kolla-run and the floor only.
 * Issue #20's targets: no-change >= 50x ansible at 50 hosts; fewer than 60 round trips per host when nothing changes.
 */
import { benchOptions } from './support/cli.js';
import { startBenchHosts } from './support/hosts.js';
import { writeKollaShape } from './support/kolla-shape.js';
import { Report, rowFrom, type Row } from './support/report.js';
import { ansible, cleanRemote, dropRemote, floor, kollaRun, recap, roundTripExtra, type Run } from './support/tools.js';

const BENCH = 'kolla-shape';
const opts = benchOptions({ hosts: [10, 50], quickHosts: [2], runs: 1, ansibleBudget: true });
const report = new Report(BENCH, {
  quick: opts.quick,
  targets: [{ ratio: 'ansible / kolla-run', min: 50, when: 'warm' }],
});
/** Issue #20: a no-change run of 300 module runs per host in fewer than 60 round trips. */
const WARM_ROUND_TRIPS_TARGET = 60;

/** The recap's counts and the round trips as row figures, and whether the run did what it should (warm: nothing changed). */
function checked(run: Run, n: number, warm: boolean): Partial<Row> {
  const r = recap(run.stdout);
  const extra: Record<string, number | string> = { changed: r.changed, failed: r.failed, unreachable: r.unreachable, ...roundTripExtra(run) };
  const notes: string[] = [];
  if (r.hosts !== n) notes.push(`recap lists ${r.hosts} hosts, not ${n}`);
  if (warm && r.changed > 0) notes.push('warm run changed something');
  if (!warm && r.changed === 0 && run.exitCode === 0) notes.push('cold run changed nothing');
  if (warm && run.roundTrips) extra['round trips target'] = `< ${WARM_ROUND_TRIPS_TARGET} (${run.roundTrips.execsPerHost + run.roundTrips.socketsPerHost < WARM_ROUND_TRIPS_TARGET ? 'met' : 'missed'})`;
  return { hosts: n, extra, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

/** measure.ts's exit code for a run stopped at its timeout. */
const TIMED_OUT = 124;

/**
 * A row for an ansible run stopped on its budget: its time is a lower bound. Its progress comes
 * from its task banners (each banner after the first means the task before it ended on every
 * host), and any change it reported is noted: checking kolla-run's files should change nothing.
 */
function stoppedRow(run: Run, n: number, tasks: number, budgetS: number): Partial<Row> {
  const banners = run.stdout.match(/^TASK \[/gm)?.length ?? 0;
  const changed = run.stdout.match(/^changed: /gm)?.length ?? 0;
  const done = Math.max(0, banners - 1);
  return {
    hosts: n,
    ok: false,
    stoppedAt: true,
    note: `stopped after ${budgetS} s (the budget) with ${done} of ${tasks} tasks done on every host, so its full run is longer`,
    extra: { 'tasks done': done, 'changed results so far': changed },
  };
}

const hosts = await startBenchHosts(Math.max(...opts.hosts));
const spec = (label: string, runs = opts.runs) => ({ bench: BENCH, label, runs, serverCpu: () => hosts.serverCpuS(), timeoutS: 7200 });
try {
  const shape = await writeKollaShape(hosts.dir, opts.quick ? { services: 2 } : {});
  const what = `${shape.services} services, ${shape.moduleRuns} module runs/host`;
  for (const n of opts.hosts) {
    const inventory = await hosts.inventory(n);
    const cold = `${what}, ${n} hosts, cold`;
    const warm = `${what}, ${n} hosts, warm`;
    const f = await floor(['--hosts-file', await hosts.floorHosts(n), '--rounds', String(shape.moduleRuns), '--command', 'true'], spec(`${n}-floor`));
    report.add(rowFrom(cold, 'floor', f, { hosts: n, extra: { 'round trips/host': shape.moduleRuns } }));
    report.add(rowFrom(warm, 'floor', f, { hosts: n, note: 'same run as cold', extra: { 'round trips/host': shape.moduleRuns } }));

    const kc = await kollaRun([shape.file, '-i', inventory], { ...spec(`${n}-kolla-run-cold`), before: cleanRemote });
    report.add(rowFrom(cold, 'kolla-run', kc, checked(kc, n, false)));
    const kw = await kollaRun([shape.file, '-i', inventory], spec(`${n}-kolla-run-warm`));
    report.add(rowFrom(warm, 'kolla-run', kw, checked(kw, n, true)));

    if (opts.ansible && opts.ansibleBudget !== undefined) {
      const budgetS = Math.ceil(opts.ansibleBudget * kw.wallS);
      const aw = await ansible('ansible-playbook', [shape.file, '-i', inventory], await hosts.ansibleConfig(n), { ...spec(`${n}-ansible-warm-budget`, 1), timeoutS: budgetS });
      report.add(rowFrom(warm, 'ansible', aw, aw.exitCode === TIMED_OUT ? stoppedRow(aw, n, shape.tasks, budgetS) : checked(aw, n, true)));
    } else if (opts.ansible) {
      const ac = await ansible('ansible-playbook', [shape.file, '-i', inventory], await hosts.ansibleConfig(n), { ...spec(`${n}-ansible-cold`, 1), before: cleanRemote });
      report.add(rowFrom(cold, 'ansible', ac, checked(ac, n, false)));
      const aw = await ansible('ansible-playbook', [shape.file, '-i', inventory], await hosts.ansibleConfig(n), spec(`${n}-ansible-warm`, 1));
      report.add(rowFrom(warm, 'ansible', aw, checked(aw, n, true)));
    }
  }
  await dropRemote();
  if (opts.ansible && opts.ansibleBudget !== undefined) report.note(`--ansible-budget ${opts.ansibleBudget}: ansible's cold run left out; its no-change run checks the files kolla-run's cold run made, and is stopped after ${opts.ansibleBudget} times kolla-run's no-change wall time`);
  if (!opts.ansible) report.note('ansible skipped (--quick or --no-ansible)');
  report.note(`the play: ${shape.services} Kolla-shaped roles, ${shape.tasks} tasks each looping over a service's 4 containers = ${shape.moduleRuns} module runs per host (file, template, stat of config.json in place of kolla_container's compare)`);
  report.note(`floor = node + ssh2: connect to every host, then ${shape.moduleRuns} rounds (one per module run) of one exec of \`true\` per host with a barrier between rounds`);
  report.note('round trips/host = commands (execs/host: exec, put, get) + engine-socket streams (sockets/host) kolla-run asked of each host, the mean over the hosts (KOLLA_RUN_ROUND_TRIPS)');
  report.note('cold = the files removed before the run; warm = run again at once, nothing to change; ansible warm starts with no ControlMaster either (a fresh control path)');
} finally {
  await hosts.stop();
}
report.finish();
