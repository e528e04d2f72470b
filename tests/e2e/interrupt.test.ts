/**
 * Ctrl-C on a run whose task is a `sleep 300` on two testbed nodes: the
 * first SIGINT ends the remote commands (gone from the nodes' process
 * tables), starts no new task, names the hosts that were mid-task, prints
 * the recap and exits 99; a second one exits at once (99). Without a
 * terminal (SIGINT to the process) and on a pseudo-terminal (Ctrl-C typed
 * through `script`, the live view drawing).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestbedState } from '../../src/testbed/index.js';
import { TEST_NODES, upTestbed } from '../support/testbed.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = `${root}bin/kolla-run`;
const playbook = `${root}tests/fixtures/e2e/interrupt/sleep.yml`;
let state: TestbedState;
let runs = 0;

before(async () => {
  state = await upTestbed(TEST_NODES);
});

function newMark(): string {
  runs += 1;
  return `kr-int-${process.pid}-${runs}`;
}

/** The processes on node1 and node2 whose command line holds `mark` (the bracket keeps pgrep's own shell out). */
function remoteProcesses(mark: string): string[] {
  const pattern = `[${mark.slice(0, 1)}]${mark.slice(1)}`;
  const r = spawnSync(launcher, ['adhoc', 'node1,node2', '-i', state.files.inventory, '-m', 'shell', '-a', `pgrep -af '${pattern}' || true`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout.split('\n').filter((l) => l.includes(mark));
}

async function untilRunningOnBoth(mark: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (child.exitCode !== null) throw new Error('kolla-run ended before the task started');
    if (remoteProcesses(mark).length >= 2) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the sleep never started on both nodes');
}

function collect(child: ChildProcess): { out: () => string; code: Promise<number> } {
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  return { out: () => out, code: new Promise((resolve) => child.on('close', (c) => resolve(c ?? -1))) };
}

const args = (mark: string) => [playbook, '-i', state.files.inventory, '-l', 'node1,node2', '-e', `mark=${mark}`];

test('without a terminal: one SIGINT ends the remote commands, names the hosts, prints the recap, exits 99', async () => {
  const mark = newMark();
  const child = spawn(launcher, args(mark), { stdio: ['ignore', 'pipe', 'pipe'] });
  const run = collect(child);
  await untilRunningOnBoth(mark, child);
  child.kill('SIGINT');
  const code = await run.code;
  const out = run.out();
  assert.equal(code, 99, `exit ${code}, not 99:\n${out}`);
  assert.match(out, /kolla-run: interrupted \(Ctrl-C\) during TASK \[Sleep long\] on node1, node2/);
  assert.match(out, /^fatal: \[node1\]: FAILED! => .*interrupted \(Ctrl-C\)/m);
  assert.match(out, /PLAY RECAP/);
  assert.match(out, /^node2 +: ok=0 /m);
  assert.doesNotMatch(out, /TASK \[never reached\]/);
  assert.deepEqual(remoteProcesses(mark), [], 'the remote sleep is gone');
});

test('a second SIGINT exits at once, 99', async () => {
  const mark = newMark();
  const child = spawn(launcher, args(mark), { stdio: ['ignore', 'pipe', 'pipe'] });
  const run = collect(child);
  await untilRunningOnBoth(mark, child);
  child.kill('SIGINT');
  child.kill('SIGINT');
  assert.equal(await run.code, 99, run.out());
  // The first SIGINT's kill may not have reached the nodes: end what is left.
  spawnSync(launcher, ['adhoc', 'node1,node2', '-i', state.files.inventory, '-m', 'shell', '-a', `pkill -f '[${mark.slice(0, 1)}]${mark.slice(1)}' || true`]);
});

test('on a terminal (the live view): Ctrl-C ends the remote commands, prints the recap, exits 99', { skip: spawnSync('which', ['script']).status !== 0 && 'no `script` to make a terminal' }, async () => {
  const mark = newMark();
  // exec: script starts the command through $SHELL -c, and dash stays as its parent in the terminal's
  // process group; Ctrl-C ends dash at once (exit 130) whatever kolla-run does. A user's shell gives
  // kolla-run a process group of its own, which exec reproduces. SHELL is fixed so every machine runs dash.
  const command = `exec ${[launcher, ...args(mark)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`;
  // script runs the command on a new pseudo-terminal; what is written to script's stdin is typed there.
  const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SHELL: '/bin/sh', TERM: 'xterm', COLUMNS: '160', LINES: '40' } });
  const run = collect(child);
  await untilRunningOnBoth(mark, child);
  child.stdin?.write('\u0003');
  const code = await run.code;
  const out = run.out();
  assert.equal(code, 99, `exit ${code}, not 99:\n${out}`);
  assert.match(out, /interrupted \(Ctrl-C\) during TASK \[Sleep long\]/);
  assert.match(out, /PLAY RECAP/);
  assert.deepEqual(remoteProcesses(mark), [], 'the remote sleep is gone');
});

test('Ctrl-C during an until/retries delay ends the wait (not 600 s later), names the task, exits 99', async () => {
  const child = spawn(launcher, [`${root}tests/fixtures/e2e/interrupt/retry.yml`, '-i', 'localhost,'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run = collect(child);
  for (let i = 0; i < 100 && !run.out().includes('FAILED - RETRYING'); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(run.out(), /FAILED - RETRYING/);
  child.kill('SIGINT');
  // Bounded, not measured: a delay that ignores Ctrl-C would still be waiting when this fires.
  const stuck = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await run.code;
  clearTimeout(stuck);
  assert.equal(code, 99, run.out());
  assert.match(run.out(), /interrupted \(Ctrl-C\) during TASK \[Retry slowly\] on localhost/);
});
