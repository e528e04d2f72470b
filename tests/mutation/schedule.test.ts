/** The order a mutant's test files run in, and the first failure ending the run. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quickestFirst, verdict, type FileRun } from './schedule.js';

test('quickest first; a file with no time last; equal times by name', () => {
  const baseline = new Map([['slow', 900], ['quick', 100], ['b', 300], ['a', 300]]);
  assert.deepEqual(quickestFirst(['slow', 'unknown', 'b', 'quick', 'a'], baseline), ['quick', 'a', 'b', 'slow', 'unknown']);
});

test('the first failing file kills the mutant and no later file runs; a timeout is told apart; all passing survives', async () => {
  const runs: string[] = [];
  const script = (outcomes: Record<string, FileRun>) => async (t: string) => {
    runs.push(t);
    return outcomes[t] ?? { code: 0, timedOut: false };
  };
  assert.equal(await verdict(['a', 'b', 'c'], script({ b: { code: 1, timedOut: false } })), 'killed');
  assert.deepEqual(runs, ['a', 'b']);
  runs.length = 0;
  assert.equal(await verdict(['a', 'b'], script({ a: { code: -1, timedOut: true } })), 'timeout');
  assert.deepEqual(runs, ['a']);
  runs.length = 0;
  assert.equal(await verdict(['a', 'b'], script({})), 'survived');
  assert.deepEqual(runs, ['a', 'b']);
  assert.equal(await verdict([], script({})), 'survived');
});
