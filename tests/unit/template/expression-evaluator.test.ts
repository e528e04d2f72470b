/**
 * Expressions evaluated with Python's semantics: unary signs, comparisons,
 * dict keys (expected values and messages from Jinja2).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { r } from './helpers.js';

test('a dict literal refuses a list or a dict as a key, as Python does', () => {
  assert.throws(() => r('{{ {[1]: 2} }}'), /unhashable type: 'list'/);
  assert.throws(() => r('{{ {{}: 1} }}'), /unhashable type: 'dict'/);
  assert.equal(r('{{ {(1, 2): 3}[(1, 2)] }}'), '3');
});

test('unary minus negates ints, floats and bools; unary plus makes a bool an int', () => {
  assert.equal(r('{{ -x }}', { x: 1 }), '-1');
  assert.equal(r('{{ -x }}', { x: 1.5 }), '-1.5');
  assert.equal(r('{{ -x }}', { x: true }), '-1');
  assert.equal(r('{{ +x }}', { x: true }), '1');
});

test('a unary sign on a string is refused and the message names the sign', () => {
  assert.throws(() => r("{{ -'a' }}"), /bad operand type for unary -: 'str'/);
  assert.throws(() => r("{{ +'a' }}"), /bad operand type for unary \+: 'str'/);
});

test('< and <= differ on equal operands', () => {
  assert.equal(r('{{ 1 < 1 }}|{{ 0 < 1 }}|{{ 2 <= 1 }}|{{ 1 <= 1 }}|{{ 1 > 1 }}|{{ 1 >= 1 }}'), 'False|True|False|True|False|True');
});
