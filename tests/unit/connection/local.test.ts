/**
 * The local connection's shell sessions, on this machine's /bin/sh: reused
 * from command to command, one per command running at once, the
 * controller's environment as it is when a command starts, a command that
 * times out ended with everything it started, and an idle session never
 * keeping the controller alive.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { ConnectionPool, connectionSettingsFromVars } from '../../../src/connection/index.js';

const pool = new ConnectionPool();
const local = pool.get(connectionSettingsFromVars('localhost', { ansible_connection: 'local' }, { sshConfig: false }));
after(() => pool.closeAll());

const shellPid = async (): Promise<string> => (await local.exec('echo $$')).stdout.trim();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('commands one after another share a shell, each with its own cd and variables; KOLLA_RUN_SHELL_SESSION=off gives each its own', async () => {
  const first = await shellPid();
  assert.equal((await local.exec('cd /; X=1; export Y=2; exit 3')).rc, 3);
  assert.equal((await local.exec('echo "$(pwd) ${X-unset} ${Y-unset}"')).stdout, `${process.cwd()} unset unset\n`);
  assert.equal(await shellPid(), first, 'the same session');
  process.env.KOLLA_RUN_SHELL_SESSION = 'off';
  try {
    assert.notEqual(await shellPid(), await shellPid());
  } finally {
    delete process.env.KOLLA_RUN_SHELL_SESSION;
  }
});

test('commands at once each get a session of their own; input past the inline limit goes to a shell of its own, whole', async () => {
  const pids = await Promise.all([1, 2, 3].map(async () => (await local.exec('sleep 0.2; echo $$')).stdout.trim()));
  assert.equal(new Set(pids).size, 3, pids.join(' '));
  const big = `${'x'.repeat(40_000)}\n`;
  const r = await local.exec('wc -c; echo $$', { stdin: big });
  assert.equal(r.stdout.split('\n')[0]?.trim(), String(big.length));
  assert.ok(!pids.includes(r.stdout.split('\n')[1] ?? ''), 'not run in a session');
});

test("a change to the controller's environment reaches the next command, as a new shell would see it", async () => {
  await local.exec('true');
  process.env.KR_LOCAL_TEST = 'a b';
  try {
    assert.equal((await local.exec('echo "${KR_LOCAL_TEST-unset}"')).stdout, 'a b\n');
  } finally {
    delete process.env.KR_LOCAL_TEST;
  }
  assert.equal((await local.exec('echo "${KR_LOCAL_TEST-unset}"')).stdout, 'unset\n');
});

test('a command that times out ends with all it started, a loop of builtins included; the next command runs', async () => {
  const session = Number(await shellPid());
  await assert.rejects(local.exec('sleep 30 & while :; do :; done', { timeoutMs: 300 }), /timed out after 300 ms/);
  // SIGKILL is sent when the command gives up; the processes may take a moment to go (zombies are not counted).
  let left = '';
  for (let waited = 0; waited <= 3000; waited += 100) {
    left = spawnSync('ps', ['-o', 'pid=,stat=', '-g', String(session)], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.trim() !== '' && !/\sZ/.test(l)).join(', ');
    if (left === '') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(left, '', `processes left in the session's group: ${left}`);
  assert.ok(!alive(session) || /Z/.test(spawnSync('ps', ['-o', 'stat=', '-p', String(session)], { encoding: 'utf8' }).stdout));
  assert.equal((await local.exec('echo ok')).stdout, 'ok\n');
});

test('a command killed on timeout that ends by itself before its session is closed does not hand that session to the next command', async () => {
  for (let i = 0; i < 2; i++) {
    // TERM ends the sleep, the script goes on and prints: the command ends while its session is still being closed.
    await assert.rejects(local.exec('sleep 5; echo late', { timeoutMs: 100 }), /timed out after 100 ms/);
    assert.equal((await local.exec('sleep 0.6; echo next')).stdout, 'next\n');
  }
});

test('an idle session does not keep the controller running when its pool is never closed', () => {
  const index = join(dirname(fileURLToPath(import.meta.url)), '../../../src/connection/index.js');
  const script = `import { ConnectionPool, connectionSettingsFromVars } from ${JSON.stringify(index)};
const c = new ConnectionPool().get(connectionSettingsFromVars('localhost', { ansible_connection: 'local' }, { sshConfig: false }));
const r = await c.exec('echo $$');
process.stdout.write(r.stdout);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(run.signal, null, 'still running after 10 s');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^\d+\n$/);
});
