/**
 * Measures one child process: wall time, CPU time (of every process of the
 * child's cgroup when one can be made, see cgroup.ts; else user + sys of the
 * child and every descendant it waited for) and peak RSS (of the largest single
 * process of the tree), through GNU time (`/usr/bin/time -f`) when it exists,
 * else by polling /proc/<pid> until the child exits. Also the whole
 * machine's CPU time over the run (from /proc/stat): it includes the sshd
 * processes serving the hosts and daemons the child left (ssh
 * ControlMasters), which the child's own figures miss.
 */
import { spawn } from 'node:child_process';
import { existsSync, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CpuGroup } from './cgroup.js';

export const GNU_TIME = '/usr/bin/time';

export interface Measured {
  /** Wall time, seconds. */
  wallS: number;
  /** User + system CPU time of the process tree, seconds. */
  cpuS: number;
  userS: number;
  sysS: number;
  /** Peak resident set size, MB (the largest single process). */
  maxRssMb: number;
  /** CPU time the whole machine spent over the run, seconds (all cores, all processes). */
  machineCpuS: number;
  exitCode: number;
  /** How the figures were taken: CPU from the child's cgroup (daemons it left included) or GNU time / /proc polling. */
  method: 'cgroup+gnu-time' | 'gnu-time' | 'proc-poll';
  /** CPU of the tree as GNU time (or /proc) saw it: only processes the child waited for. */
  waitedCpuS: number;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the child after this many seconds (then exitCode is 124). */
  timeoutS?: number;
  /** Also write the child's output to this file. */
  logFile?: string;
  /** Runs after the child exited, before the CPU of its cgroup is read (e.g. to stop daemons it left). */
  after?: () => Promise<void>;
}

const CLK_TCK = 100;

/** Total CPU jiffies of the machine (user+nice+system+irq+softirq+steal; idle and iowait excluded). */
async function machineJiffies(): Promise<number> {
  const text = await readFile('/proc/stat', 'utf8').catch(() => '');
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return 0;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  return user + nice + system + irq + softirq + steal;
}

let gnuTimeOk: boolean | undefined;
function hasGnuTime(): boolean {
  gnuTimeOk ??= existsSync(GNU_TIME);
  return gnuTimeOk;
}

export async function measure(command: string, args: readonly string[], options: MeasureOptions = {}): Promise<Measured> {
  const useTime = hasGnuTime() && process.env.KR_BENCH_NO_GNU_TIME !== '1';
  const tmp = await mkdtemp(join(tmpdir(), 'kr-measure-'));
  const timeFile = join(tmp, 'time');
  const timed = useTime ? [GNU_TIME, '-o', timeFile, '-f', '%e %U %S %M %x', command, ...args] : [command, ...args];
  const group = CpuGroup.create('run');
  const argv = group ? group.wrap(timed) : timed;
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  const j0 = await machineJiffies();
  const t0 = performance.now();
  const child = spawn(argv[0] as string, argv.slice(1), { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    stdout += b.toString();
    log?.write(b);
  });
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
    log?.write(b);
  });
  // Polled figures, for when GNU time is missing (the last sample before exit).
  let polled = { userS: 0, sysS: 0, hwmKb: 0 };
  const poll = useTime
    ? undefined
    : setInterval(() => {
        void sampleProc(child.pid).then((s) => {
          if (s) polled = { userS: s.userS, sysS: s.sysS, hwmKb: Math.max(polled.hwmKb, s.hwmKb) };
        });
      }, 25);
  // Interrupted: end the measured command too (its cgroup is removed once it is gone).
  const onSignal = (): void => {
    child.kill('SIGTERM');
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  let timedOut = false;
  const timer =
    options.timeoutS !== undefined
      ? setTimeout(() => {
          timedOut = true;
          // The whole group: a stopped ansible-playbook would leave its forks running.
          group?.kill('SIGKILL');
          child.kill('SIGKILL');
        }, options.timeoutS * 1000)
      : undefined;
  const code = await new Promise<number>((resolve) => child.on('close', (c, sig) => resolve(c ?? (sig ? 128 : -1))));
  const wallS = (performance.now() - t0) / 1000;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  const j1 = await machineJiffies();
  if (poll) clearInterval(poll);
  if (timer) clearTimeout(timer);
  await new Promise<void>((resolve) => (log ? log.end(() => resolve()) : resolve()));
  await options.after?.();
  let result: Omit<Measured, 'stdout' | 'stderr' | 'machineCpuS' | 'waitedCpuS'>;
  if (useTime) {
    const text = (await readFile(timeFile, 'utf8').catch(() => '')).trim().split('\n').pop() ?? '';
    // "Command exited with non-zero status N" may precede the format line.
    const [, user = '0', sys = '0', rss = '0', exit] = text.split(/\s+/);
    result = {
      wallS,
      userS: Number(user),
      sysS: Number(sys),
      cpuS: Number(user) + Number(sys),
      maxRssMb: Number(rss) / 1024,
      exitCode: timedOut ? 124 : exit !== undefined ? Number(exit) : code,
      method: 'gnu-time',
    };
  } else {
    result = {
      wallS,
      userS: polled.userS,
      sysS: polled.sysS,
      cpuS: polled.userS + polled.sysS,
      maxRssMb: polled.hwmKb / 1024,
      exitCode: timedOut ? 124 : code,
      method: 'proc-poll',
    };
  }
  await rm(tmp, { recursive: true, force: true });
  const waitedCpuS = result.cpuS;
  if (group) {
    // The cgroup's count includes the wrapper shell and GNU time (a few ms) and every process the child left behind.
    await new Promise((r) => setTimeout(r, 50));
    const cpuS = group.cpuS();
    group.remove();
    if (cpuS > 0) result = { ...result, cpuS, method: 'cgroup+gnu-time' };
  }
  return { ...result, waitedCpuS, machineCpuS: (j1 - j0) / CLK_TCK, stdout, stderr };
}

/** utime/stime including waited-for children (cutime/cstime), and VmHWM, of a live process. */
async function sampleProc(pid: number | undefined): Promise<{ userS: number; sysS: number; hwmKb: number } | undefined> {
  if (pid === undefined) return undefined;
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    // fields[0] is field 3 (state); utime is field 14 → index 11.
    const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { userS: (utime + cutime) / CLK_TCK, sysS: (stime + cstime) / CLK_TCK, hwmKb: hwm };
  } catch {
    return undefined;
  }
}

/** Runs `measure` `runs` times and keeps the run with the median wall time (all runs are returned too). */
export async function measureMedian(
  runs: number,
  command: string,
  args: readonly string[],
  options: MeasureOptions & { before?: () => Promise<void> } = {},
): Promise<{ median: Measured; all: Measured[] }> {
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    await options.before?.();
    all.push(await measure(command, args, options));
    if (all[all.length - 1]?.exitCode !== 0) break;
  }
  const sorted = [...all].sort((a, b) => a.wallS - b.wallS);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as Measured;
  return { median, all };
}
