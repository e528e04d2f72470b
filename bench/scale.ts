/**
 * Scale benchmark: the 10-task playbook (bench/support/playbook.ts) on 500
 * hosts with kolla-run alone (ansible would take many minutes here), cold and
 * warm; the floor (connect + 10 exec rounds) as reference. Reports wall,
 * peak RSS, and controller CPU per host-task.
 *
 *   node dist/bench/scale.js [--hosts 500] [--quick]
 *
 * 500 hosts are 32 sshd processes (16 addresses each) and 500 connections:
 * `ulimit -n` must allow a few thousand descriptors.
 */
import { execFileSync } from 'node:child_process';
import { benchOptions } from './support/cli.js';
import { startBenchHosts } from './support/hosts.js';
import { TASKS, writeBenchPlaybook } from './support/playbook.js';
import { Report, round, rowFrom, type Row } from './support/report.js';
import { cleanRemote, dropRemote, floor, kollaRun, recap, type Run } from './support/tools.js';

const BENCH = 'scale';
const opts = benchOptions({ hosts: [500], quickHosts: [5], runs: 1 });
const report = new Report(BENCH, { quick: opts.quick, targets: [{ ratio: 'kolla-run / floor', max: 2 }] });

const nofile = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
const needed = Math.max(...opts.hosts) * 4 + 256;
if (nofile < needed) report.note(`ulimit -n is ${nofile}, ${needed} or more advised for ${Math.max(...opts.hosts)} hosts`);

function perHostTask(run: Run, n: number, warm: boolean): Partial<Row> {
  const r = recap(run.stdout);
  const hostTasks = n * TASKS;
  const notes: string[] = [];
  if (r.hosts !== n && run.stdout.includes('PLAY RECAP')) notes.push(`recap lists ${r.hosts} hosts, not ${n}`);
  if (warm && r.changed > 0) notes.push('warm run changed something');
  return {
    hosts: n,
    extra: {
      'CPU ms/host-task': round((run.cpuS * 1000) / hostTasks, 2),
      'sshd CPU ms/host-task': round(((run.serverCpuS ?? 0) * 1000) / hostTasks, 2),
      'wall ms/host-task': round((run.wallS * 1000) / hostTasks, 3),
      changed: r.changed,
      failed: r.failed,
      unreachable: r.unreachable,
    },
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

for (const n of opts.hosts) {
  const t0 = performance.now();
  const hosts = await startBenchHosts(n);
  report.note(`${n} hosts: ${Math.ceil(n / 16)} sshd processes started in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const spec = (label: string) => ({ bench: BENCH, label, runs: opts.runs, serverCpu: () => hosts.serverCpuS(), timeoutS: 1800, connectTimeoutS: 10 });
  try {
    const book = await writeBenchPlaybook(hosts.dir);
    if (book.substitutions.length > 0) report.note(`kolla-run lacks some modules: substituted: ${book.substitutions.join(', ')}`);
    const inventory = await hosts.inventory(n);
    const cold = `${TASKS} tasks, ${n} hosts, cold`;
    const warm = `${TASKS} tasks, ${n} hosts, warm`;
    const f = await floor(['--hosts-file', await hosts.floorHosts(n), '--rounds', String(TASKS), '--command', 'true'], spec(`${n}-floor`));
    report.add(rowFrom(cold, 'floor', f, perHostTask(f, n, false)));
    report.add(rowFrom(warm, 'floor', f, { ...perHostTask(f, n, false), note: 'same run as cold' }));
    const kc = await kollaRun([book.file, '-i', inventory], { ...spec(`${n}-kolla-run-cold`), before: cleanRemote });
    report.add(rowFrom(cold, 'kolla-run', kc, perHostTask(kc, n, false)));
    const kw = await kollaRun([book.file, '-i', inventory], spec(`${n}-kolla-run-warm`));
    report.add(rowFrom(warm, 'kolla-run', kw, perHostTask(kw, n, true)));
    await dropRemote();
  } finally {
    await hosts.stop();
  }
}
report.note('kolla-run runs with -T 10, its default connect timeout: at most 100 handshakes are in progress at once, and a host\'s timeout starts with its handshake');
report.note('CPU ms/host-task = the tool\'s CPU (its cgroup: every process it started) / (hosts x tasks), process start included; sshd CPU = the hosts\' servers and the commands they ran');
report.finish();
