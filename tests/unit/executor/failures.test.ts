import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchBroken } from '../../../src/executor/failures.js';
import { HostRun } from '../../../src/executor/state.js';
import { count } from '../../../src/executor/task-runner.js';

function hosts(...states: Array<'ok' | 'failed' | 'unreachable'>): HostRun[] {
  return states.map((s, i) => {
    const h = new HostRun(`h${i}`);
    if (s === 'failed') h.failed = true;
    if (s === 'unreachable') h.unreachable = true;
    return h;
  });
}

test('a batch is broken only when every host failed or is unreachable', () => {
  assert.equal(batchBroken(hosts('failed', 'unreachable')), true);
  assert.equal(batchBroken(hosts('failed', 'ok')), false);
  assert.equal(batchBroken([]), false);
});

test('recap counting follows Ansible: ignored failures are ok (and changed when they changed), ignored unreachable is ok', () => {
  const [h] = hosts('ok') as [HostRun];
  assert.equal(h.processed, false);
  count(h, { status: 'changed', ignored: false, result: { changed: true } });
  count(h, { status: 'failed', ignored: true, result: { changed: true } });
  count(h, { status: 'failed', ignored: true, result: { changed: false } });
  count(h, { status: 'unreachable', ignored: true, result: {} });
  count(h, { status: 'skipped', ignored: false, result: {} });
  assert.equal(h.processed, true);
  assert.deepEqual(h.stats, { ok: 4, changed: 2, unreachable: 0, failed: 0, skipped: 1, rescued: 0, ignored: 3 });
  count(h, { status: 'failed', ignored: false, result: {} });
  count(h, { status: 'unreachable', ignored: false, result: {} });
  assert.equal(h.stats.failed, 1);
  assert.equal(h.stats.unreachable, 1);
});
