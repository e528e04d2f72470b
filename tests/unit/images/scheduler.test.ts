import assert from 'node:assert/strict';
import { test } from 'node:test';
import { schedule, type JobOutcome } from '../../../src/images/scheduler.js';

const tree = [
  { name: 'base', deps: [] },
  { name: 'a', deps: ['base'] },
  { name: 'b', deps: ['base'] },
  { name: 'c', deps: ['base'] },
  { name: 'a-child', deps: ['a'] },
  { name: 'a-grandchild', deps: ['a-child'] },
];

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

test('parents first, at most `threads` jobs at once', async () => {
  const started: string[] = [];
  const finished = new Set<string>();
  let running = 0;
  let peak = 0;
  await schedule(tree, {
    threads: 2,
    run: async (name) => {
      for (const node of tree.find((n) => n.name === name)?.deps ?? []) assert.ok(finished.has(node), `${name} started before ${node}`);
      started.push(name);
      running++;
      peak = Math.max(peak, running);
      await delay(10);
      running--;
      finished.add(name);
      return 'ok';
    },
  });
  assert.equal(started[0], 'base');
  assert.equal(started.length, tree.length);
  assert.equal(peak, 2);
});

test('a failed image skips its descendants, not its siblings', async () => {
  const ran: string[] = [];
  const skipped: [string, string][] = [];
  const result = await schedule(tree, {
    threads: 3,
    run: async (name): Promise<JobOutcome> => {
      ran.push(name);
      await delay(1);
      return name === 'a' ? 'failed' : 'ok';
    },
    onSkip: (name, because) => skipped.push([name, because]),
  });
  assert.deepEqual(ran.sort(), ['a', 'b', 'base', 'c']);
  assert.equal(result.outcome.get('a'), 'failed');
  assert.equal(result.outcome.get('a-child'), 'skipped');
  assert.equal(result.outcome.get('a-grandchild'), 'skipped');
  assert.equal(result.skippedBecause.get('a-grandchild'), 'a');
  assert.deepEqual(skipped.map(([n]) => n).sort(), ['a-child', 'a-grandchild']);
});

test('a job that throws counts as failed', async () => {
  const result = await schedule([{ name: 'x', deps: [] }, { name: 'y', deps: ['x'] }], {
    threads: 1,
    run: async () => {
      throw new Error('boom');
    },
  });
  assert.equal(result.outcome.get('x'), 'failed');
  assert.equal(result.outcome.get('y'), 'skipped');
});

test('a dependency outside the selection counts as already built', async () => {
  const ran: string[] = [];
  await schedule([{ name: 'child', deps: ['not-selected'] }], { threads: 1, run: async (n) => (ran.push(n), 'ok') });
  assert.deepEqual(ran, ['child']);
});

test('independent images run in parallel', async () => {
  const t0 = Date.now();
  await schedule([{ name: 'p', deps: [] }, { name: 'q', deps: [] }, { name: 'r', deps: [] }], {
    threads: 3,
    run: async () => {
      await delay(100);
      return 'ok';
    },
  });
  assert.ok(Date.now() - t0 < 250, 'three 100 ms jobs on three threads take well under 300 ms');
});

test('images with more descendants start first', async () => {
  const started: string[] = [];
  await schedule(
    [
      { name: 'base', deps: [] },
      { name: 'aaa', deps: ['base'] },
      { name: 'bbb', deps: ['base'] },
      { name: 'zzz-parent', deps: ['base'] },
      { name: 'zzz-child', deps: ['zzz-parent'] },
    ],
    { threads: 1, run: async (n) => (started.push(n), 'ok') },
  );
  assert.deepEqual(started, ['base', 'zzz-parent', 'aaa', 'bbb', 'zzz-child']);
});
