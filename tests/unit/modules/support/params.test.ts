/** Ansible's loose parameter types (bool, int, float) as the zod helpers take them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bool, int, num } from '../../../../src/modules/support/params.js';

test('bool: Ansible\'s true and false words, and 1 and 0', () => {
  for (const yes of ['yes', 'True', ' on ', '1', 'y', 't', 1, true]) assert.equal(bool().parse(yes), true, String(yes));
  for (const no of ['no', 'False', 'off', '0', 'n', 'f', 0, false]) assert.equal(bool().parse(no), false, String(no));
  assert.equal(bool().safeParse('maybe').success, false);
  assert.equal(bool().safeParse(2).success, false);
});

test('int: a whole number or its text; "1.0" is refused, as Python\'s int() refuses it', () => {
  assert.equal(int().parse(' -7 '), -7);
  assert.equal(int().parse(12), 12);
  assert.equal(int().safeParse('1.0').success, false);
  assert.equal(int().safeParse('').success, false);
  assert.equal(int(1).safeParse('0').success, false);
});

test('num: a number or its text; an empty or non-numeric text is refused', () => {
  assert.equal(num().parse('3.5'), 3.5);
  assert.equal(num().parse(' 2 '), 2);
  assert.equal(num().parse(5), 5);
  assert.equal(num().safeParse('').success, false);
  assert.equal(num().safeParse('  ').success, false);
  assert.equal(num().safeParse('abc').success, false);
});
