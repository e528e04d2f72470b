/** Running each tool under measurement: kolla-run, ansible, the ssh2 floor. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECT_TIMEOUT_S, stopControlMasters, type AnsibleConfig } from './hosts.js';
import { measureMedian, type Measured, type MeasureOptions } from './measure.js';
import { FLOOR, KOLLA_RUN, LOGS_DIR, PROJECT_ROOT } from './paths.js';


/** The benches' directory on the hosts (one filesystem for all loopback hosts). */
export const REMOTE_BASE = '/tmp/kr-bench';
/**
 * Where this bench process's tasks write: a folder of its own under REMOTE_BASE, so that two bench
 * runs at once (the smoke test during a full run) do not remove each other's files.
 */
export const REMOTE_ROOT = `${REMOTE_BASE}/run-${process.pid}`;

function logFile(bench: string, label: string): string {
  mkdirSync(LOGS_DIR, { recursive: true });
  return join(LOGS_DIR, `${bench}-${label.replace(/[^a-z0-9.-]+/gi, '_')}.log`);
}

export interface RunSpec {
  bench: string;
  /** Names the log file (bench/results/logs/<bench>-<label>.log). */
  label: string;
  runs?: number;
  before?: () => Promise<void>;
  timeoutS?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Reads the hosts' server-side CPU (BenchHosts.serverCpuS), sampled around the run. */
  serverCpu?: () => Promise<number>;
}

/** kolla-run's round trips per host (KOLLA_RUN_ROUND_TRIPS): the mean over the hosts it reached, and the most any host cost. */
export interface RoundTripFigures {
  hosts: number;
  execsPerHost: number;
  socketsPerHost: number;
  maxPerHost: number;
}

export type Run = Measured & { runs: number; serverCpuS?: number; roundTrips?: RoundTripFigures };

/** Reads the file kolla-run wrote for KOLLA_RUN_ROUND_TRIPS (undefined when it wrote none: a failed start). */
function readRoundTrips(file: string): RoundTripFigures | undefined {
  let parsed: { hosts?: Record<string, { execs: number; sockets: number }> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch {
    return undefined;
  }
  const all = Object.values(parsed.hosts ?? {});
  if (all.length === 0) return undefined;
  const mean = (f: (c: { execs: number; sockets: number }) => number) => Math.round((all.reduce((n, c) => n + f(c), 0) / all.length) * 10) / 10;
  return { hosts: all.length, execsPerHost: mean((c) => c.execs), socketsPerHost: mean((c) => c.sockets), maxPerHost: Math.max(...all.map((c) => c.execs + c.sockets)) };
}

/** A row's figures for a run's round trips: what the benches print beside each time. */
export function roundTripExtra(run: Run): Record<string, number> {
  const r = run.roundTrips;
  if (!r) return {};
  return { 'round trips/host': round1(r.execsPerHost + r.socketsPerHost), 'execs/host': r.execsPerHost, 'sockets/host': r.socketsPerHost, 'round trips max/host': r.maxPerHost };
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

async function run(command: string, args: string[], spec: RunSpec, after?: () => Promise<void>, roundTripsFile?: string): Promise<Run> {
  const options: MeasureOptions & { before?: () => Promise<void> } = {
    logFile: logFile(spec.bench, spec.label),
    cwd: spec.cwd ?? PROJECT_ROOT,
    ...(spec.env ? { env: spec.env } : {}),
    ...(spec.timeoutS !== undefined ? { timeoutS: spec.timeoutS } : {}),
    ...(spec.before ? { before: spec.before } : {}),
  };
  // Server CPU per run, kept with the run (the median run's is reported).
  let serverStart = 0;
  const serverCpu = new Map<number, number>();
  const roundTrips = new Map<number, RoundTripFigures>();
  let runIndex = 0;
  const before = options.before;
  options.before = async () => {
    await before?.();
    if (roundTripsFile) rmSync(roundTripsFile, { force: true });
    if (spec.serverCpu) serverStart = await spec.serverCpu();
  };
  options.after = async () => {
    await after?.();
    const counted = roundTripsFile ? readRoundTrips(roundTripsFile) : undefined;
    if (counted) roundTrips.set(runIndex, counted);
    if (spec.serverCpu) {
      await new Promise((r) => setTimeout(r, 150)); // let the per-connection servers finish
      serverCpu.set(runIndex, (await spec.serverCpu()) - serverStart);
    }
    runIndex++;
  };
  const { median, all } = await measureMedian(spec.runs ?? 1, command, args, options);
  const serverCpuS = serverCpu.get(all.indexOf(median));
  const trips = roundTrips.get(all.indexOf(median));
  if (median.exitCode !== 0) {
    process.stderr.write(`  ${spec.label}: exit ${median.exitCode}; output tail:\n${(median.stdout + median.stderr).slice(-2000)}\n`);
  }
  return { ...median, runs: all.length, ...(serverCpuS !== undefined ? { serverCpuS } : {}), ...(trips ? { roundTrips: trips } : {}) };
}

/** Extra node options for kolla-run's process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
export const NODE_ARGS = (process.env.KR_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);

/**
 * kolla-run's V8 code cache (src/cli/launch.ts) for this bench process only, so that no figure
 * depends on what the user ran before. Each kind of run is measured with its cache in place, as
 * from a user's second run on (ansible likewise runs from its compiled __pycache__).
 */
const CODE_CACHE = mkdtempSync(join(tmpdir(), 'kr-bench-code-cache-'));
process.once('exit', () => rmSync(CODE_CACHE, { recursive: true, force: true }));
const seededKinds = new Set<string>();

/** The environment kolla-run is measured in: the bench's own code cache. */
export function kollaRunEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...env, XDG_CACHE_HOME: CODE_CACHE };
}

/**
 * The first run of a kind (`adhoc`, or a playbook) writes its code cache: one unmeasured run
 * first, the same ad-hoc command, or the playbook in check mode (which changes no host).
 */
async function seedCodeCache(args: string[], spec: RunSpec, timeout: string[]): Promise<void> {
  const kind = args[0] === 'adhoc' ? 'adhoc' : 'playbook';
  if (seededKinds.has(kind)) return;
  seededKinds.add(kind);
  const seedArgs = kind === 'adhoc' ? args : [...args, '--check'];
  const env = kollaRunEnv(spec.env);
  const seeded = await measureMedian(1, process.execPath, [...NODE_ARGS, KOLLA_RUN, ...seedArgs, ...timeout], { logFile: logFile(spec.bench, `${spec.label}-seed`), cwd: spec.cwd ?? PROJECT_ROOT, env });
  // Exit 2 is expected: in check mode a task fails whose folder an earlier task would have made.
  if (seeded.median.exitCode !== 0 && seeded.median.exitCode !== 2) process.stderr.write(`  ${spec.label}: the code cache's seed run exited ${seeded.median.exitCode}\n`);
}

/** `node bin/kolla-run ARGS` (node explicitly, so no PATH lookup of the shebang's env). */
export async function kollaRun(args: string[], spec: RunSpec & { connectTimeoutS?: number }): Promise<Run> {
  const timeout = ['-T', String(spec.connectTimeoutS ?? CONNECT_TIMEOUT_S)];
  await seedCodeCache(args, spec, timeout);
  const roundTripsFile = join(CODE_CACHE, 'round-trips.json');
  return run(process.execPath, [...NODE_ARGS, KOLLA_RUN, ...args, ...timeout], { ...spec, env: kollaRunEnv({ ...spec.env, KOLLA_RUN_ROUND_TRIPS: roundTripsFile }) }, undefined, roundTripsFile);
}

/** `node dist/bench/floor.js ARGS`. */
export function floor(args: string[], spec: RunSpec): Promise<Run> {
  return run(process.execPath, [FLOOR, ...args], spec);
}

/** An ansible command (ansible, ansible-playbook) with the given config; its ControlMasters are stopped afterwards. */
export function ansible(command: 'ansible' | 'ansible-playbook', args: string[], cfg: AnsibleConfig, spec: RunSpec): Promise<Run> {
  return run(command, args, { ...spec, env: cfg.env }, () => stopControlMasters(cfg.controlDir));
}

/**
 * Removes what this bench wrote on the hosts, and makes the shared parent again, world-writable
 * and sticky like /tmp: every "host" creates its own
 * directory under it, and on real hosts that parent would not be shared. (kolla-run's file module
 * creates missing parents with `[ -e d ] || mkdir d`, which races when two hosts create the same
 * shared parent at once: "mkdir: cannot create directory '/tmp/kr-bench': File exists".)
 */
export async function cleanRemote(): Promise<void> {
  await rm(REMOTE_ROOT, { recursive: true, force: true });
  await mkdir(REMOTE_ROOT, { recursive: true });
  await chmod(REMOTE_BASE, 0o1777);
  await chmod(REMOTE_ROOT, 0o1777);
}

/** Removes this run's folder on the hosts (and the base when it is left empty). */
export async function dropRemote(): Promise<void> {
  await rm(REMOTE_ROOT, { recursive: true, force: true });
  await rmdir(REMOTE_BASE).catch(() => undefined);
}

/** "PLAY RECAP" counts summed over hosts, from Ansible's (or kolla-run's Ansible-like) output. */
export function recap(stdout: string): { ok: number; changed: number; failed: number; unreachable: number; hosts: number } {
  const total = { ok: 0, changed: 0, failed: 0, unreachable: 0, hosts: 0 };
  const at = stdout.lastIndexOf('PLAY RECAP');
  if (at < 0) return total;
  for (const line of stdout.slice(at).split('\n')) {
    const m = /^\S+\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/.exec(line);
    if (!m) continue;
    total.hosts++;
    total.ok += Number(m[1]);
    total.changed += Number(m[2]);
    total.unreachable += Number(m[3]);
    total.failed += Number(m[4]);
  }
  return total;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}
