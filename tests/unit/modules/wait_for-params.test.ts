/**
 * wait_for's parameters, script and result without waiting: the values the
 * host's loop gets (defaults included), the time the run is given, the
 * refusals with Ansible's messages, and how the host's answer is read (a
 * context that answers as the script would).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import type { ModuleContext, RunOptions, RunResult } from '../../../src/modules/contract.js';
import { waitForModule, waitForParams, waitScript } from '../../../src/modules/wait_for.js';

/** A host that answers every command with `stdout` (rc, stderr), recording the script and its time limit. */
function answering(stdout: string, rc = 0, stderr = '') {
  const runs: { text: string; timeoutMs: number | undefined }[] = [];
  const ctx = {
    host: 'node1',
    async run(command: { toShell(): string } | string, o: RunOptions = {}): Promise<RunResult> {
      runs.push({ text: typeof command === 'string' ? command : command.toShell(), timeoutMs: o.timeoutMs });
      return { rc, stdout, stderr, command: '' };
    },
  } as unknown as ModuleContext;
  return { ctx, runs };
}
const wait = (ctx: ModuleContext, args: Record<string, unknown>) => runModule(waitForModule, args, ctx, { check: false, diff: false });
const scriptOf = (args: Record<string, unknown>) => waitScript(waitForParams.parse(args));

test("the loop's values: Ansible's defaults, zero delay, sleep and timeout allowed, connection states in ss's names", async () => {
  const first = scriptOf({ port: 8080 }).script.toShell().split('\n')[0] ?? '';
  assert.match(first, /^H=127\.0\.0\.1 P=8080 F='?'? R='?'? T=300 D=0 S=1 CT=5 ST='ESTAB FIN-WAIT-1 FIN-WAIT-2 SYN-RECV SYN-SENT TIME-WAIT' EX='?'?$/);
  const zero = scriptOf({ port: 1, delay: 0, sleep: 0, timeout: 0, active_connection_states: ['close_wait'] }).script.toShell().split('\n')[0] ?? '';
  assert.match(zero, /T=0 D=0 S=0 CT=5 ST=CLOSE-WAIT/);
  assert.deepEqual(['drained', 'never', 'portOpen', 'pathPresent'].map((c, i) => [c, scriptOf([{ port: 1, state: 'drained' }, {}, { port: 1 }, { path: '/x' }][i] ?? {}).condition]), [
    ['drained', 'drained'], ['never', 'never'], ['portOpen', 'portOpen'], ['pathPresent', 'pathPresent'],
  ]);
  const { ctx, runs } = answering('result=ok\nelapsed=0\n');
  await wait(ctx, { port: 1, delay: 2, timeout: 3, connect_timeout: 4 });
  assert.equal(runs[0]?.timeoutMs, (2 + 3 + 4 + 30) * 1000);
  await wait(ctx, { port: 1 });
  assert.equal(runs[1]?.timeoutMs, (0 + 300 + 5 + 30) * 1000);
});

test("refusals with Ansible's messages, before anything runs; connect_timeout 0, which Ansible takes and can then never connect with", async () => {
  for (const [args, msg] of [
    [{ port: 1, path: '/x' }, 'port and path parameter can not both be passed to wait_for'],
    [{ path: '/x', state: 'stopped' }, 'state=stopped should only be used for checking a port in the wait_for module'],
    [{ path: '/x', state: 'drained' }, 'state=drained should only be used for checking a port in the wait_for module'],
    [{ port: 1, exclude_hosts: ['10.0.0.1'] }, 'exclude_hosts should only be with state=drained'],
  ] as const) {
    const { ctx, runs } = answering('');
    const r = await wait(ctx, args);
    assert.deepEqual([r.status, r.result], ['failed', { changed: false, failed: true, msg, elapsed: 0 }], JSON.stringify(args));
    assert.equal(runs.length, 0);
  }
  // Ansible takes connect_timeout 0 and then never connects (a connect with timeout 0 does not wait), even to a port that
  // is open: the task can only time out (ansible-core 2.14, port 22 listening). Refused before it runs instead.
  const zero = answering('result=ok\nelapsed=0\n');
  const refused = await wait(zero.ctx, { port: 22, connect_timeout: 0 });
  assert.equal(refused.status, 'failed');
  assert.match(String(refused.result.msg), /connect_timeout/);
  assert.equal(zero.runs.length, 0);
  const { ctx, runs } = answering('result=ok\nelapsed=0\n');
  for (const args of [{ port: 1, state: 'stopped' }, { port: 1, state: 'drained', exclude_hosts: ['10.0.0.1'] }]) assert.equal((await wait(ctx, args)).status, 'ok', JSON.stringify(args));
  assert.equal(runs.length, 2);
});

test('the answer read: elapsed, a drain timed out, a shell that did not run, match groups by name, port and regex registered', async () => {
  const ok = await wait(answering('result=ok\nelapsed=7\n').ctx, { port: 8080, search_regex: 'ready' });
  assert.deepEqual([ok.status, ok.result.elapsed, ok.result.port, ok.result.search_regex, ok.result.path], ['ok', 7, 8080, 'ready', null]);
  const drain = await wait(answering('result=timeout\nelapsed=3\n').ctx, { port: 8080, state: 'drained' });
  assert.deepEqual([drain.status, drain.result.msg, drain.result.elapsed], ['failed', 'Timeout when waiting for 127.0.0.1:8080 to drain', 3]);
  const broken = await wait(answering('', 127).ctx, { port: 1 });
  assert.deepEqual([broken.status, broken.result.failed, broken.result.msg, broken.result.elapsed], ['failed', true, 'wait_for could not run on node1: rc 127', 0]);
  const named = await wait(answering('<<match\nversion 10.11\n>>match\nresult=ok\nelapsed=0\n').ctx, { path: '/x', search_regex: 'version (?P<v>[\\d.]+)' });
  assert.deepEqual([named.result.match_groups, named.result.match_groupdict], [['10.11'], { v: '10.11' }]);
  const plain = await wait(answering('<<match\nanything\n>>match\nresult=ok\nelapsed=0\n').ctx, { path: '/x' });
  assert.deepEqual([plain.status, plain.result.match_groups, plain.result.match_groupdict], ['ok', [], {}]);
});
