/**
 * A loop's registered result as Ansible 2.14 builds it: each item's loop
 * variables, the fold of the items' results, and the executor's internal
 * keys left out of what is registered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldItems, itemVars, withoutInternalKeys } from '../../../src/executor/loop-results.js';
import { dictEntries, makeDict } from '../../../src/template/index.js';

test("ansible_loop counts from both ends and names the neighbours", () => {
  const shape = { loopVar: 'item', indexVar: undefined, extended: true, allItems: false };
  assert.deepEqual(itemVars(shape, ['a', 'b', 'c'], 1).ansible_loop, { index: 2, index0: 1, first: false, last: false, length: 3, revindex: 2, revindex0: 1, nextitem: 'c', previtem: 'a' });
});

test('no items: skipped, unchanged, with the reason', () => {
  assert.deepEqual(foldItems([], []), { status: 'skipped', result: { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] } });
});

test('the fold: changed if an item changed, failed if one failed, skipped only when all were', () => {
  const changed = foldItems([{ changed: true }, { changed: false }, { changed: true }], ['changed', 'ok', 'changed']);
  assert.deepEqual([changed.status, changed.result.changed, changed.result.skipped, changed.result.msg], ['changed', true, false, 'All items completed']);
  const failed = foldItems([{ failed: true }, { changed: false }, { failed: true }], ['failed', 'ok', 'failed']);
  assert.deepEqual([failed.status, failed.result.failed, failed.result.changed, failed.result.msg], ['failed', true, false, 'One or more items failed']);
  const skipped = foldItems([{ skipped: true }, { skipped: true }], ['skipped', 'skipped']);
  assert.deepEqual([skipped.status, skipped.result.msg], ['skipped', 'All items skipped']);
});

test('internal keys are left out at every depth; other values, typed keys and key order are kept', () => {
  const date = new Date(0);
  const registered = withoutInternalKeys({ rc: 0, _ansible_no_log: false, nested: [{ _ansible_item_label: 'x', v: null }], when: date, text: 'x', n: 3, none: null });
  assert.deepEqual(registered, { rc: 0, nested: [{ v: null }], when: date, text: 'x', n: 3, none: null });
  assert.equal(registered.when, date, 'a value that is no plain mapping is kept as it is');
  const typed = withoutInternalKeys(makeDict([[1, 'one'], ['_ansible_x', 2], ['b', 3]]));
  assert.deepEqual(dictEntries(typed), [
    [1, 'one'],
    ['b', 3],
  ]);
});
