import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SerialError, serialBatches } from '../../../src/executor/batches.js';

const hosts = ['h1', 'h2', 'h3', 'h4', 'h5'];
const sizes = (serial: (number | string)[] | undefined, list = hosts) => serialBatches(list, serial).map((b) => b.length);

test('no serial, or 0: one batch of every host', () => {
  assert.deepEqual(sizes(undefined), [5]);
  assert.deepEqual(sizes([0]), [5]);
  assert.deepEqual(sizes(['0']), [5]);
});

test('an int cuts fixed-size batches, the last one shorter', () => {
  assert.deepEqual(sizes([1]), [1, 1, 1, 1, 1]);
  assert.deepEqual(sizes([2]), [2, 2, 1]);
  assert.deepEqual(sizes([10]), [5]);
});

test('a percentage is of all the play hosts, floored, at least 1', () => {
  assert.deepEqual(sizes(['50%']), [2, 2, 1]);
  assert.deepEqual(sizes(['10%']), [1, 1, 1, 1, 1]);
  assert.deepEqual(sizes(['33%'], ['a', 'b', 'c']), [1, 1, 1]);
  assert.deepEqual(sizes(['100%']), [5]);
});

test('a list: values in turn, the last repeats', () => {
  assert.deepEqual(sizes([1, 2]), [1, 2, 2]);
  assert.deepEqual(sizes([1, '40%', 3]), [1, 2, 2]);
});

test('order is kept and every host appears once', () => {
  assert.deepEqual(serialBatches(hosts, [2]), [['h1', 'h2'], ['h3', 'h4'], ['h5']]);
});

test('nonsense serial values are errors', () => {
  assert.throws(() => serialBatches(hosts, ['many']), SerialError);
  assert.throws(() => serialBatches(hosts, [-1]), SerialError);
});
