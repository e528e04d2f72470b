/** The load report's arithmetic: what counts as lost, duplicated, and the longest gap. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadReport, longestGap, type LoadRecord } from '../../support/kolla-load.js';

const record = (over: Partial<LoadRecord> = {}): LoadRecord => ({
  name: 't',
  stopMs: 1000,
  writes: { acked: [[1, 100], [3, 200], [4, 900]], errors: 1 },
  publishes: { confirmed: [[1, 50], [2, 700]], errors: 0 },
  consumed: [[1, 0], [2, 0]],
  rows: [1, 2, 3, 4],
  ...over,
});

test('a row acknowledged but absent is lost; a row present without acknowledgement (a failed commit that landed) is not', () => {
  const r = loadReport(record({ rows: [1, 2, 4] }));
  assert.equal(r.rowsAcked, 3);
  assert.equal(r.rowsLost, 1);
  assert.equal(loadReport(record()).rowsLost, 0);
});

test('a row stored twice is a duplicate, counted once per row', () => {
  assert.equal(loadReport(record({ rows: [1, 3, 3, 3, 4, 4] })).rowsDuplicated, 2);
});

test('a confirmed message never consumed is lost; a redelivery after a lost ack is not a duplicate, two first deliveries are', () => {
  assert.equal(loadReport(record({ consumed: [[1, 0]] })).messagesLost, 1);
  assert.equal(loadReport(record({ consumed: [[1, 0], [2, 0], [2, 1]] })).messagesDuplicated, 0);
  assert.equal(loadReport(record({ consumed: [[1, 0], [2, 0], [2, 0]] })).messagesDuplicated, 1);
});

test('the longest gap counts from the start to the first success and from the last to the stop', () => {
  assert.equal(longestGap([100, 200, 900], 1000), 700);
  assert.equal(longestGap([400, 500], 600), 400);
  assert.equal(longestGap([100], 1000), 900);
  assert.equal(longestGap([], 1000), 1000);
  assert.equal(longestGap([300, 100, 200], 400), 100, 'times in any order');
  const r = loadReport(record());
  assert.equal(r.longestWriteGapMs, 700);
  assert.equal(r.longestPublishGapMs, 650);
  assert.equal(r.durationMs, 1000);
});

test('rows that could not be read back fail the report, naming why', () => {
  assert.throws(() => loadReport(record({ rows: null, readError: 'reading the rows back: timed out' })), /could not be read back: reading the rows back: timed out/);
});
