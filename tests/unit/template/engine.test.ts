/** What the engine calls: only functions made for templates (pyFunc), never any JavaScript function. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPyCallable, pyFunc } from '../../../src/template/engine.js';

test('a plain JavaScript function is not a template callable; a pyFunc is', () => {
  assert.equal(isPyCallable(() => 1), false);
  assert.equal(isPyCallable(pyFunc('f', () => 1)), true);
  assert.equal(isPyCallable({}), false);
});
