/** --tags / --skip-tags selection, as ansible-playbook 2.14 decides it (each rule checked with the tags-* conformance cases). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taskSelected } from '../../../src/executor/tags.js';

test('without --tags, a task tagged never does not run, even with other tags', () => {
  assert.equal(taskSelected(['never'], [], []), false);
  assert.equal(taskSelected(['never', 'debug'], [], []), false);
  assert.equal(taskSelected(['never'], ['all'], []), false);
  assert.equal(taskSelected([], [], []), true);
  assert.equal(taskSelected(['x'], [], []), true);
});

test('a never task runs when --tags names it or one of its other tags', () => {
  assert.equal(taskSelected(['never', 'debug'], ['debug'], []), true);
  assert.equal(taskSelected(['never'], ['never'], []), true);
  assert.equal(taskSelected(['never', 'debug'], ['other'], []), false);
});

test('always runs unless skipped by name; --skip-tags wins over --tags', () => {
  assert.equal(taskSelected(['always'], ['x'], []), true);
  assert.equal(taskSelected(['always'], [], ['always']), false);
  assert.equal(taskSelected(['x'], ['x'], ['x']), false);
});

test('tagged and untagged select by kind', () => {
  assert.equal(taskSelected(['x'], ['tagged'], []), true);
  assert.equal(taskSelected([], ['tagged'], []), false);
  assert.equal(taskSelected([], ['untagged'], []), true);
  assert.equal(taskSelected([], [], ['untagged']), false);
});
