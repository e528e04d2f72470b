/**
 * Jinja2's expression grammar: tuples, unary signs, filters, tests and
 * subscripts bind as Jinja2 binds them (expected values from Jinja2).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { r } from './helpers.js';

test('a tuple may end with a comma, and its later items may be conditional expressions', () => {
  assert.equal(r('{{ 1, }}'), '(1,)');
  assert.equal(r('{% set x = 1, 2, %}{{ x }}'), '(1, 2)');
  assert.equal(r('{{ 1, 2 if 0 else 3 }}'), '(1, 3)');
});

test('an if after a trailing comma of a for loop is no loop filter: Jinja2 refuses it', () => {
  assert.throws(() => r('{% for x in 1, 2, if x %}{{ x }}{% endfor %}'), /syntax error/);
});

test('a filter after a unary plus applies to the signed value', () => {
  assert.equal(r('{{ +x|string }}', { x: 1 }), '1');
  assert.equal(r('{{ -x|abs }}', { x: 2 }), '2');
});

test('a set block applies every filter of its chain', () => {
  assert.equal(r("{% set x | upper | replace('A', 'b') %}ab{% endset %}{{ x }}"), 'bB');
});

test("a test's argument without parentheses may be a name, with its subscripts", () => {
  assert.equal(r('{{ 1 is sameas y }}', { y: 1 }), 'True');
  assert.equal(r('{{ x is divisibleby y.z }}', { x: 4, y: { z: 2 } }), 'True');
  assert.equal(r('{{ 1 is number and 2 }}'), '2');
});

test('a subscript with commas is a tuple key', () => {
  assert.equal(r("{{ {(1, 2): 'a'}[1, 2] }}"), 'a');
});

test('a dotted number is a decimal index', () => {
  assert.equal(r('{{ [0,1,2,3,4,5,6,7,8,9,10,11,12,13].11 }}'), '11');
});
