import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest, editDistance } from '../../../src/playbook/suggest.js';

test('editDistance counts edits and adjacent swaps as one', () => {
  assert.equal(editDistance('when', 'when'), 0);
  assert.equal(editDistance('whn', 'when'), 1);
  assert.equal(editDistance('wehn', 'when'), 1);
  assert.equal(editDistance('', 'abc'), 3);
});

test('closest only suggests plausible typos', () => {
  assert.equal(closest('whn', ['when', 'name', 'tags'])?.word, 'when');
  assert.equal(closest('gather_fact', ['gather_facts', 'gather_subset'])?.word, 'gather_facts');
  assert.equal(closest('xyz', ['when', 'name']), undefined);
});
