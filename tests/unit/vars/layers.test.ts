/** Ansible's variable precedence as levels: the order, whole values replaced, and which level a name comes from. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { levelOf, mergeLayers, orderedLayers } from '../../../src/vars/layers.js';

test('levels flatten lowest first whatever order the stack was written in; missing levels are skipped', () => {
  const stack = { extra_vars: [{ x: 'e' }], role_defaults: [{ x: 'd' }, { x: 'd2' }], play_vars: [{ x: 'p' }] };
  assert.deepEqual(orderedLayers(stack), [{ x: 'd' }, { x: 'd2' }, { x: 'p' }, { x: 'e' }]);
  assert.deepEqual(orderedLayers({}), []);
});

test('a higher level replaces a whole dict (hash_behaviour=replace), a lower one fills the rest', () => {
  const merged = mergeLayers({ role_defaults: [{ d: { a: 1, b: 2 }, only_default: 1 }], task_vars: [{ d: { a: 9 } }] });
  assert.deepEqual(merged, { d: { a: 9 }, only_default: 1 });
});

test('levelOf names the highest level that defines the name, even with an undefined-looking value', () => {
  const stack = { inventory: [{ n: 1 }], include_vars: [{ n: null }], role_params: [{ other: 1 }] };
  assert.equal(levelOf(stack, 'n'), 'include_vars');
  assert.equal(levelOf(stack, 'other'), 'role_params');
  assert.equal(levelOf(stack, 'missing'), undefined);
  assert.equal(levelOf(stack, 'hasOwnProperty'), undefined);
});
