/**
 * wait_for_connection with a clock of the test's own and a host that
 * answers as scripted: tries until `echo pong` answers, one connection
 * timeout each, a sleep between tries, the delay first, and Ansible's
 * timeout message when the host never answers. No real wait.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import type { ModuleContext, RunOptions, RunResult } from '../../../src/modules/contract.js';
import { waitForConnectionModuleWith } from '../../../src/modules/wait_for_connection.js';

/** A host answering each try from `answers` (the last one repeated; an Error is thrown), on a clock that sleeps in no time. */
function scripted(answers: (Partial<RunResult> | Error)[], tryMs = 0) {
  let now = 1_000_000;
  const slept: number[] = [];
  const tries: (number | undefined)[] = [];
  const module = waitForConnectionModuleWith({ now: () => now, sleep: async (ms: number) => { slept.push(ms); now += ms; } });
  const ctx = {
    host: 'node1',
    async run(_command: unknown, o: RunOptions = {}): Promise<RunResult> {
      tries.push(o.timeoutMs);
      now += tryMs;
      // A loop that never lets time pass (no sleep between tries) ends here, an hour on, instead of spinning.
      if (tries.length > 5000) now += 3_600_000;
      const a = answers[Math.min(tries.length - 1, answers.length - 1)] ?? {};
      if (a instanceof Error) throw a;
      return { rc: 0, stdout: '', stderr: '', command: 'echo pong', ...a };
    },
  } as unknown as ModuleContext;
  return { slept, tries, run: (args: Record<string, unknown>) => runModule(module, args, ctx, { check: false, diff: false }) };
}

test('tries until the shell answers pong: a second apart, five seconds each, no delay unless asked; elapsed in whole seconds', async () => {
  const host = scripted([new Error('connect ECONNREFUSED'), { rc: 0, stdout: 'motd\n' }, { rc: 1, stdout: 'pong\n' }, { rc: 0, stdout: 'pong\n' }]);
  const r = await host.run({});
  assert.deepEqual([r.status, r.result], ['ok', { changed: false, elapsed: 3 }]);
  assert.deepEqual(host.tries, [5000, 5000, 5000, 5000]);
  assert.deepEqual(host.slept, [1000, 1000, 1000]);
  const delayed = scripted([{ rc: 0, stdout: 'pong\n' }]);
  const d = await delayed.run({ delay: 1, sleep: 0, connect_timeout: 2 });
  assert.deepEqual([d.result.elapsed, delayed.slept, delayed.tries], [1, [1000], [2000]]);
  const zero = scripted([{ rc: 0, stdout: 'pong\n' }]);
  assert.equal((await zero.run({ delay: 0 })).status, 'ok');
  assert.deepEqual(zero.slept, []);
  // Ansible takes connect_timeout 0 (ssh's ConnectTimeout=0: no limit): a try with no time limit.
  const unlimited = scripted([new Error('connect ECONNREFUSED'), { rc: 0, stdout: 'pong\n' }]);
  assert.equal((await unlimited.run({ connect_timeout: 0 })).status, 'ok');
  assert.deepEqual(unlimited.tries, [undefined, undefined]);
});

test("a host that never answers: tries while a sleep still ends before the timeout, then Ansible's message", async () => {
  const host = scripted([{ rc: 255, stderr: 'ssh: connect to host node1 port 22: No route to host\n' }]);
  const r = await host.run({ timeout: 3 });
  assert.deepEqual([r.status, r.result], ['failed', { changed: false, failed: true, msg: 'timed out waiting for ping module test: ping test failed: ssh: connect to host node1 port 22: No route to host', elapsed: 2 }]);
  assert.equal(host.tries.length, 3);
  const silent = scripted([{ rc: 1 }]);
  assert.equal((await silent.run({ timeout: 1 })).result.msg, 'timed out waiting for ping module test: ping test failed: rc 1');
  const unreachable = scripted([new Error('connect ECONNREFUSED 10.0.0.9:22')]);
  assert.equal((await unreachable.run({ timeout: 1 })).result.msg, 'timed out waiting for ping module test: connect ECONNREFUSED 10.0.0.9:22');
  // Tries of 499.5 ms: the third starts at 2999 ms, as a 1 s sleep from 1999 ms still ended before 3 s.
  const slow = scripted([{ rc: 1 }], 499.5);
  await slow.run({ timeout: 3 });
  assert.equal(slow.tries.length, 3);
  const byDefault = scripted([{ rc: 1 }]);
  const long = await byDefault.run({});
  assert.deepEqual([byDefault.tries.length, long.result.elapsed], [600, 599], "600 s by default, Ansible's");
});
