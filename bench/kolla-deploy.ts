/**
 * Kolla deploy bench: `kolla-run playbooks/site.yaml` as an operator runs
 * it, on an all-in-one testbed (1 node) and a 3-node testbed, each made
 * anew (its nodes' engines empty), the images built and pushed to the
 * testbed's registry beforehand (not timed; the nodes pull them during the
 * deploy, as real hosts would):
 *   prechecks      playbooks/prechecks.yaml (changes nothing)
 *   cold           site.yaml on the fresh testbed
 *   rerun          site.yaml again at once: nothing to change
 *   reconfigure    an override in config/galera.cnf, then site.yaml -e kolla_action=reconfigure
 *                  (MariaDB restarts, one host at a time)
 *
 *   node dist/bench/kolla-deploy.js [--nodes 1,3] [--no-reconfigure] [--skip-tags T] [--keep] [--quick]
 *
 * --skip-tags is given to every site.yaml run (e.g. `keystone`: issue 14's
 * services alone, which its targets were set for). --quick: all-in-one only, cold and rerun, of the
 * common services only (unless --skip-tags says otherwise). Testbeds: kr-bench-aio (1 node)
 * and kr-bench-3 (3 nodes), removed at the end unless --keep. The issue's
 * targets (all-in-one cold < 120 s, 3 nodes cold < 180 s, rerun < 20 s) are
 * printed next to each figure; nothing fails on them.
 *
 * SSH traffic per host, counted twice: by kolla-run itself (KOLLA_RUN_ROUND_TRIPS:
 * each command and each engine-socket stream its connection pool was asked
 * for, per inventory host), and on the nodes: their sshd logs at DEBUG1 while
 * the bench runs, and each channel it opens (a `session` per exec, a
 * `direct-streamlocal` per call to the Docker engine's API) is one round trip.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildImages } from '../src/images/index.js';
import { dockerRaw } from '../src/testbed/docker-cli.js';
import { pushToRegistry, testbedDown, testbedNames, testbedUp, type TestbedState } from '../src/testbed/index.js';
import { KOLLA_IMAGES } from '../tests/support/kolla-deploy.js';
import { KOLLA_RUN, PROJECT_ROOT } from './support/paths.js';
import { Report, round, rowFrom } from './support/report.js';
import { kollaRun, recap, roundTripExtra, type Run } from './support/tools.js';

const BENCH = 'kolla-deploy';
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    nodes: { type: 'string' },
    'no-reconfigure': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'skip-tags': { type: 'string' },
    // The common options the other benches take (run-all passes them); one run each here.
    'no-ansible': { type: 'boolean', default: false },
    runs: { type: 'string' },
  },
});
const quick = values.quick === true || process.env.KR_BENCH_QUICK === '1';
const sizes = (values.nodes ?? (quick ? '1' : '1,3')).split(',').map((s) => {
  const n = Number(s);
  if (n !== 1 && n !== 3) throw new Error(`--nodes: 1 (all-in-one) or 3, not ${s}`);
  return n;
});
const reconfigure = !quick && values['no-reconfigure'] !== true;
const TESTBEDS: Record<number, string> = { 1: 'kr-bench-aio', 3: 'kr-bench-3' };
/** The issue's targets, seconds. */
const TARGETS = { cold: { 1: 120, 3: 180 } as Record<number, number>, rerun: 20 };
const PLAYBOOKS = join(PROJECT_ROOT, 'playbooks');
// --quick deploys the common services only (rsyslog, kolla-toolbox, cron): it is the smoke test's
// run, which checks that the bench works end to end; the e2e tests deploy everything.
const skipTagsValue = values['skip-tags'] ?? (quick ? 'loadbalancer,mariadb,memcached,rabbitmq,keystone' : undefined);
const skipTags = skipTagsValue ? ['--skip-tags', skipTagsValue] : [];
const skipped = skipTagsValue ? ` (--skip-tags ${skipTagsValue})` : '';

const report = new Report(BENCH, { quick });
const log = (line: string) => process.stderr.write(`  [${BENCH}] ${line}\n`);

/** sshd on every node logs each channel (DEBUG1) from now on: the node's sshd is PID 1 and re-reads its config on SIGHUP. */
async function logChannels(state: TestbedState): Promise<void> {
  for (const node of state.nodes) {
    const r = await dockerRaw(['exec', node.container, 'sh', '-c', 'echo "LogLevel DEBUG1" > /etc/ssh/sshd_config.d/kr-bench-channels.conf && kill -HUP 1']);
    if (r.code !== 0) throw new Error(`${node.container}: cannot raise sshd's log level: ${r.stderr.trim()}`);
  }
  await new Promise((r) => setTimeout(r, 1000));
}

interface Channels {
  connections: number;
  execs: number;
  engineCalls: number;
}

/** The SSH connections and channels each node's sshd accepted since `since`. */
async function channelsSince(state: TestbedState, since: Date): Promise<Map<string, Channels>> {
  const out = new Map<string, Channels>();
  for (const node of state.nodes) {
    const r = await dockerRaw(['logs', '--since', since.toISOString(), node.container]);
    const text = r.stdout + r.stderr;
    const count = (re: RegExp) => text.match(re)?.length ?? 0;
    out.set(node.hostname, {
      connections: count(/^Accepted publickey for /gm),
      execs: count(/server_input_channel_open: ctype session /g),
      engineCalls: count(/server_input_channel_open: ctype direct-streamlocal@openssh\.com /g),
    });
  }
  return out;
}

function channelFigures(channels: Map<string, Channels>): Record<string, number> {
  const all = [...channels.values()];
  const per = (f: (c: Channels) => number) => round(all.reduce((n, c) => n + f(c), 0) / Math.max(1, all.length), 1);
  return { 'ssh connections/host': per((c) => c.connections), 'execs/host': per((c) => c.execs), 'engine API calls/host': per((c) => c.engineCalls) };
}

/** A fresh testbed of `nodes` with the images in its registry, a config folder with passwords: what an operator has before deploying. */
async function freshTestbed(nodes: number, images: readonly string[]): Promise<{ state: TestbedState; configDir: string }> {
  const name = TESTBEDS[nodes] as string;
  log(`${name}: removing and making anew (${nodes} node${nodes > 1 ? 's' : ''})`);
  await testbedDown({ name });
  const state = await testbedUp({ name, nodes, log });
  const names = testbedNames(state.testbed, '/unused');
  for (const ref of images) await pushToRegistry(ref, names, state.registry.hostPort);
  const configDir = join(state.files.stateFile, '..', 'kolla-config');
  rmSync(configDir, { recursive: true, force: true });
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  return { state, configDir };
}

interface Step {
  label: string;
  scenario: string;
  args: string[];
  /** Seconds the issue gives this step. */
  target?: number;
  /** What the recap must show: something changed (cold), nothing changed (rerun). */
  expect?: 'changed' | 'unchanged';
}

async function step(nodes: number, state: TestbedState, configDir: string, s: Step): Promise<Run> {
  const since = new Date(Date.now() - 1000);
  const run = await kollaRun(s.args, { bench: BENCH, label: `${nodes}n-${s.label}`, env: { KOLLA_CONFIG_PATH: configDir }, timeoutS: 1800 });
  const r = recap(run.stdout);
  const notes: string[] = [];
  if (r.hosts !== nodes) notes.push(`recap lists ${r.hosts} hosts, not ${nodes}`);
  if (s.expect === 'unchanged' && r.changed > 0) notes.push(`changed=${r.changed}: the rerun changed something`);
  if (s.expect === 'changed' && r.changed === 0 && run.exitCode === 0) notes.push('changed nothing');
  const extra: Record<string, number | string> = { changed: r.changed, failed: r.failed, ...roundTripExtra(run), ...channelFigures(await channelsSince(state, since)) };
  if (s.target !== undefined) {
    extra.target = `< ${s.target} s`;
    extra['of target'] = round(run.wallS / s.target, 2);
  }
  report.add(rowFrom(s.scenario, 'kolla-run', run, { hosts: nodes, extra, ...(notes.length ? { note: notes.join('; ') } : {}) }));
  if (s.target !== undefined) {
    report.note(`${s.scenario}: ${run.wallS.toFixed(1)} s against the target of ${s.target} s = ${(run.wallS / s.target).toFixed(2)} (${run.wallS < s.target ? 'met' : 'missed'})`);
  }
  return run;
}

// A service skipped by tag needs no image (its tag is its image's name: keystone).
const skippedTags = new Set(skipTagsValue?.split(',') ?? []);
const wanted = KOLLA_IMAGES.filter((i) => !skippedTags.has(i));
log(`building the images (cached): ${wanted.join(', ')}`);
const built = await buildImages({ namespace: 'kolla', patterns: wanted.map((i) => `^${i}$`) });
const failed = built.images.filter((r) => r.status === 'failed');
if (failed.length > 0) throw new Error(`images failed to build: ${failed.map((r) => `${r.name}: ${r.error ?? ''}`).join('; ')}`);
const images = built.images.map((r) => r.ref);

for (const nodes of sizes) {
  const { state, configDir } = await freshTestbed(nodes, images);
  const kind = nodes === 1 ? 'all-in-one' : `${nodes} nodes`;
  const inventory = nodes === 1 ? state.files.allInOne : state.files.multinode;
  try {
    execFileSync(process.execPath, [KOLLA_RUN, 'genpwd'], { env: { ...process.env, KOLLA_CONFIG_PATH: configDir }, stdio: ['ignore', 'ignore', 'inherit'] });
    await logChannels(state);
    const site = [join(PLAYBOOKS, 'site.yaml'), '-i', inventory, ...skipTags];
    await step(nodes, state, configDir, { label: 'prechecks', scenario: `prechecks.yaml, ${kind}`, args: [join(PLAYBOOKS, 'prechecks.yaml'), '-i', inventory], expect: 'unchanged' });
    const cold = await step(nodes, state, configDir, { label: 'cold', scenario: `site.yaml${skipped}, ${kind}, cold`, args: site, target: TARGETS.cold[nodes], expect: 'changed' });
    if (cold.exitCode !== 0) continue;
    await step(nodes, state, configDir, { label: 'rerun', scenario: `site.yaml${skipped}, ${kind}, rerun (no change)`, args: site, target: TARGETS.rerun, expect: 'unchanged' });
    if (reconfigure) {
      mkdirSync(join(configDir, 'config'), { recursive: true });
      writeFileSync(join(configDir, 'config', 'galera.cnf'), '[mysqld]\nmax_connections = 1234\n');
      await step(nodes, state, configDir, { label: 'reconfigure', scenario: `site.yaml -e kolla_action=reconfigure${skipped}, ${kind}, one MariaDB option changed`, args: [...site, '-e', 'kolla_action=reconfigure'], expect: 'changed' });
    }
  } finally {
    if (values.keep !== true) await testbedDown({ name: state.testbed });
  }
}

report.note(`testbeds made anew for each size (${sizes.map((n) => TESTBEDS[n]).join(', ')}); images built and pushed to the testbed's registry before timing, pulled by the nodes during the cold deploy`);
report.note('one run per figure (a deploy is minutes long); wall s includes kolla-run\'s start-up; CPU s is kolla-run\'s own process tree, not the nodes\' (their services share the same cores)');
report.note('round trips/host (execs/host + sockets/host): counted by kolla-run (KOLLA_RUN_ROUND_TRIPS), the mean over the inventory hosts; ssh connections/execs/engine API calls per host: counted from the nodes\' sshd logs (DEBUG1: one line per channel opened), the mean over the nodes');
report.finish();
