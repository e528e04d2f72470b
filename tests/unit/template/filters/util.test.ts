/**
 * filters/util.ts: how the filters read their arguments, seen through filters
 * that use the helpers (expected values from Jinja2 3.1).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../../src/errors.js';
import { r } from '../helpers.js';

test("a text argument given as another type is Python's str() of it", () => {
  assert.equal(r("{{ ['a', 'b'] | join(true) }}"), 'aTrueb');
  assert.equal(r("{{ ['a', 'b'] | join(none) }}"), 'aNoneb');
});

test('a number argument given as none fails, as Python does', () => {
  assert.throws(() => r("{{ 'abc' | center(none) }}"), (err: unknown) => err instanceof InputError && err.message.includes('expected a number, got NoneType'));
});
