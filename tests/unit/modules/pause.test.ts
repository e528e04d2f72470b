/**
 * pause with a clock of the test's own (no real wait): how long it waits
 * for seconds or minutes (whole seconds, at least one), the result Ansible's
 * pause registers, and its refusals.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runModule } from '../../../src/executor/module-runner.js';
import type { ModuleContext } from '../../../src/modules/contract.js';
import { pauseModuleWith } from '../../../src/modules/pause.js';

/** A clock whose sleep only moves time on, by the time asked plus `late` ms. */
function fakeClock(late = 0) {
  let now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const slept: number[] = [];
  return {
    slept,
    module: pauseModuleWith({
      now: () => new Date(now),
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms + late;
      },
    }),
  };
}

const ctx = {} as ModuleContext;
const pause = (clock: ReturnType<typeof fakeClock>, args: Record<string, unknown>) => runModule(clock.module, args, ctx, { check: false, diff: false });

test("seconds: waited whole, at least one; the result as Ansible's pause registers it", async () => {
  const clock = fakeClock(7);
  const r = await pause(clock, { seconds: 2.7 });
  assert.equal(r.status, 'ok', JSON.stringify(r.result));
  assert.deepEqual(clock.slept, [2000]);
  assert.deepEqual(r.result, {
    changed: false, rc: 0, stderr: '', stdout: 'Paused for 2.01 seconds', start: r.result.start, stop: r.result.stop, delta: 2, echo: true, user_input: '',
  });
  assert.notEqual(r.result.start, r.result.stop);
  await pause(clock, { seconds: 0.5, echo: false });
  assert.deepEqual(clock.slept, [2000, 1000]);
  const checked = await runModule(clock.module, { seconds: 3 }, ctx, { check: true, diff: false });
  assert.equal(checked.status, 'ok');
  assert.deepEqual(clock.slept, [2000, 1000, 3000], 'check mode waits too');
});

test('minutes: sixty seconds each, the duration said in minutes', async () => {
  const clock = fakeClock();
  const r = await pause(clock, { minutes: 0.5 });
  assert.deepEqual(clock.slept, [30_000]);
  assert.deepEqual([r.status, r.result.stdout, r.result.delta], ['ok', 'Paused for 0.5 minutes', 0]);
  const two = await pause(clock, { minutes: '2' });
  assert.deepEqual([two.result.stdout, two.result.delta], ['Paused for 2 minutes', 2]);
});

test('refused: both durations, none, a prompt; nothing waited', async () => {
  const clock = fakeClock();
  for (const [args, msg] of [
    [{ seconds: 1, minutes: 1 }, "'seconds' and 'minutes' are mutually exclusive"],
    [{}, 'pause: give "seconds" or "minutes" (waiting for input is not supported)'],
    [{ seconds: 1, prompt: 'go?' }, 'pause: "prompt" is not supported (kolla-run runs are not interactive)'],
  ] as const) {
    const r = await pause(clock, args);
    assert.deepEqual([r.status, r.result.changed], ['failed', false], JSON.stringify(args));
    assert.match(String(r.result.msg), new RegExp(msg.replace(/[()"]/g, '.')));
  }
  assert.deepEqual(clock.slept, []);
});
