/**
 * Engine bench: two ways for the controller to ask a node's Docker engine
 * the same question (`docker inspect NAME`), over one SSH connection
 * already open to a testbed node (a container running sshd and its own
 * dockerd, src/testbed):
 *   engine API   - HTTP on the engine's unix socket, forwarded through the
 *                  SSH connection (a direct-streamlocal channel per call):
 *                  what kolla_container does (ContainerEngine, src/containers/http.ts)
 *   docker CLI   - `docker inspect NAME` run by an SSH exec per call: what a
 *                  module shelling out to the CLI would do
 * N calls one after the other, then N at once; each tool's figures are the
 * median-wall run of --runs.
 *
 *   node dist/bench/engine.js [--calls 50] [--runs 3] [--testbed NAME] [--quick]
 *
 * The testbed is --testbed, else $KOLLA_RUN_TEST_TESTBED, else `kr-bench`;
 * it is brought up (1 node) when it has no node, and never shrunk.
 */
import { readFile } from 'node:fs/promises';
import { ConnectionPool, type Connection } from '../src/connection/index.js';
import { ContainerEngine } from '../src/containers/engine.js';
import { BASE_IMAGE } from '../src/testbed/images.js';
import { docker } from '../src/testbed/docker-cli.js';
import { pushToRegistry, testbedNames, testbedStatus, testbedUp } from '../src/testbed/index.js';
import { nodeSettings } from '../tests/support/testbed.js';
import { benchOptions } from './support/cli.js';
import { Report, round } from './support/report.js';

const BENCH = 'engine';

/** --calls and --testbed are this bench's own; the rest are the common options. */
function ownOptions(argv: string[]): { calls?: number; testbed?: string; rest: string[] } {
  const rest: string[] = [];
  const out: { calls?: number; testbed?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag !== '--calls' && flag !== '--testbed') {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--testbed') out.testbed = value;
    else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--calls: not a call count: ${value}`);
      out.calls = n;
    }
  }
  return { ...out, rest };
}

const own = ownOptions(process.argv.slice(2));
const opts = benchOptions({ hosts: [1], quickHosts: [1] }, own.rest);
const calls = own.calls ?? (opts.quick ? 10 : 50);
const testbed = own.testbed ?? process.env.KOLLA_RUN_TEST_TESTBED ?? 'kr-bench';
const report = new Report(BENCH, { quick: opts.quick });

/** CPU the node spent (its sshd, dockerd, and the docker CLI it ran), from its cgroup on the controller's engine; undefined when unreadable. */
async function nodeCpuS(containerId: string): Promise<number | undefined> {
  for (const file of [`/sys/fs/cgroup/cpuacct/docker/${containerId}/cpuacct.usage`, `/sys/fs/cgroup/system.slice/docker-${containerId}.scope/cpu.stat`]) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    if (file.endsWith('cpuacct.usage')) return Number(text.trim()) / 1e9;
    const usec = /^usage_usec (\d+)$/m.exec(text)?.[1];
    if (usec) return Number(usec) / 1e6;
  }
  return undefined;
}

interface Sample {
  wallS: number;
  cpuS: number;
  nodeCpuS?: number;
  latenciesMs: number[];
}

async function sample(mode: 'sequential' | 'concurrent', call: () => Promise<unknown>, node: string): Promise<Sample> {
  const latenciesMs: number[] = [];
  const timed = async (): Promise<void> => {
    const t = performance.now();
    await call();
    latenciesMs.push(performance.now() - t);
  };
  const n0 = await nodeCpuS(node);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (mode === 'sequential') for (let i = 0; i < calls; i++) await timed();
  else await Promise.all(Array.from({ length: calls }, timed));
  const wallS = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const n1 = await nodeCpuS(node);
  return { wallS, cpuS: (c.user + c.system) / 1e6, ...(n0 !== undefined && n1 !== undefined ? { nodeCpuS: n1 - n0 } : {}), latenciesMs };
}

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function measured(scenario: string, tool: string, mode: 'sequential' | 'concurrent', call: () => Promise<unknown>, node: string): Promise<number | undefined> {
  const samples: Sample[] = [];
  let error: string | undefined;
  for (let r = 0; r < opts.runs; r++) {
    try {
      samples.push(await sample(mode, call, node));
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      break;
    }
  }
  const median = [...samples].sort((a, b) => a.wallS - b.wallS)[Math.floor((samples.length - 1) / 2)];
  if (!median || error) {
    report.add({ scenario, tool, wallS: 0, ok: false, exitCode: 1, note: (error ?? 'no run').slice(0, 200) });
    return undefined;
  }
  report.add({
    scenario,
    tool,
    hosts: 1,
    wallS: round(median.wallS),
    cpuS: round(median.cpuS),
    ...(median.nodeCpuS !== undefined ? { serverCpuS: round(median.nodeCpuS) } : {}),
    runs: samples.length,
    ok: true,
    extra: {
      calls,
      'ms/call': round((median.wallS * 1000) / calls, 2),
      'p50 ms': round(percentile(median.latenciesMs, 50), 1),
      'p95 ms': round(percentile(median.latenciesMs, 95), 1),
      ...(median.nodeCpuS !== undefined ? { 'node CPU ms/call': round((median.nodeCpuS * 1000) / calls, 2) } : {}),
    },
  });
  return median.wallS;
}

// A testbed node, and a container on its engine to ask about.
const status = await testbedStatus({ name: testbed });
const existing = status.nodes.length;
const state = await testbedUp({ name: testbed, nodes: Math.max(1, existing), log: (line) => process.stderr.write(`  [${BENCH}] ${line}\n`) });
const node = state.nodes[0];
if (!node) throw new Error(`testbed ${testbed} has no node`);
const nodeId = (await docker(['inspect', '--format', '{{.Id}}', node.container])).trim();
const pool = new ConnectionPool();
const connection: Connection = pool.get(nodeSettings(state, 0));
const engine = new ContainerEngine(() => connection.openUnixSocket('/var/run/docker.sock'));
const target = `kr_bench_engine_${process.pid}`;
try {
  const image = await pushToRegistry(BASE_IMAGE, testbedNames(state.testbed, '/unused'), state.registry.hostPort);
  if (!(await engine.inspectImage(image))) await engine.pullImage(image);
  await engine.createContainer(target, { Image: image, Cmd: ['sleep', 'infinity'], HostConfig: { NetworkMode: 'host' } });

  const api = async (): Promise<void> => {
    const c = await engine.inspectContainer(target);
    if (c?.Id === undefined) throw new Error(`engine API: ${target} not found`);
  };
  const cli = async (): Promise<void> => {
    const r = await connection.exec(`docker inspect ${target}`);
    if (r.rc !== 0) throw new Error(`docker inspect: rc ${r.rc}: ${r.stderr.trim()}`);
    const parsed = JSON.parse(r.stdout) as Array<{ Id?: string }>;
    if (parsed[0]?.Id === undefined) throw new Error(`docker CLI: ${target} not found`);
  };
  // The connection is open and each path warm before anything is timed.
  await api();
  await cli();

  const API = 'engine API (socket over ssh)';
  const CLI = 'docker CLI (ssh exec)';
  const ratios: string[] = [];
  for (const mode of ['sequential', 'concurrent'] as const) {
    const scenario = `docker inspect, ${calls} ${mode}`;
    const a = await measured(scenario, API, mode, api, nodeId);
    const c = await measured(scenario, CLI, mode, cli, nodeId);
    if (a && c) ratios.push(`${mode}: docker CLI / engine API = ${(c / a).toFixed(2)}x wall`);
  }
  for (const r of ratios) report.note(r);
  report.note(
    `one SSH connection to ${testbed}/${node.hostname} (open before timing); engine API: one direct-streamlocal channel and one HTTP request per call (ContainerEngine); docker CLI: one exec channel per call running \`docker inspect\` (a Go process start on the node); both parse the JSON`,
  );
  report.note('CPU s = the controller process; sshd CPU s = the whole node container (its sshd, dockerd and the docker CLI processes), from its cgroup');
} finally {
  await engine.removeContainer(target).catch(() => undefined);
  await pool.closeAll();
}
report.finish();
