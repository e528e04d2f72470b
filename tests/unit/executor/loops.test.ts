/**
 * The items of with_<lookup> loops, as Ansible 2.14's lookups give them
 * (each expectation below was read from ansible-playbook's output).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loopItems } from '../../../src/executor/loops.js';
import { tempDirSync } from '../../support/temp-dir.js';

const items = (lookup: string, terms: unknown, searchDirs: readonly string[] = []) => loopItems({ kind: 'with', lookup, terms }, terms, searchDirs);

test('with_items: a templated None is one item; a scalar is one item', () => {
  assert.deepEqual(items('items', null), [null]);
  assert.deepEqual(items('items', 3), [3]);
  assert.deepEqual(items('items', true), [true]);
  assert.deepEqual(items('items', [[1, 2], 3]), [1, 2, 3]);
  assert.throws(() => items('items', { a: 1 }), /with_items expects a list, got a mapping/);
});

test('with_sequence counts from 1 by 1 unless told otherwise', () => {
  assert.deepEqual(items('sequence', 'end=3'), ['1', '2', '3']);
  assert.deepEqual(items('sequence', '1-3:host%02d'), ['host01', 'host02', 'host03']);
  assert.deepEqual(items('sequence', '2-8/3'), ['2', '5', '8']);
});

test('with_sequence counts down with a negative stride, and count steps as Ansible does', () => {
  assert.deepEqual(items('sequence', 'start=5 end=1 stride=-2'), ['5', '3', '1']);
  // Ansible's count arithmetic runs one past the count when counting down.
  assert.deepEqual(items('sequence', 'start=5 count=3 stride=-1'), ['5', '4', '3', '2', '1']);
  assert.deepEqual(items('sequence', 'start=0 count=3 stride=5'), ['0', '5', '10']);
  assert.deepEqual(items('sequence', 'count=0'), []);
  assert.deepEqual(items('sequence', 'start=3 end=3 stride=0'), []);
  assert.deepEqual(items('sequence', 'start=3 end=3 stride=-1'), ['3']);
});

test('with_sequence formats octal, hex and padded numbers', () => {
  assert.deepEqual(items('sequence', 'start=8 end=8 format=%o'), ['10']);
  assert.deepEqual(items('sequence', 'start=26 end=26 format=%x'), ['1a']);
  assert.deepEqual(items('sequence', 'start=26 end=26 format=%X'), ['1A']);
  assert.deepEqual(items('sequence', 'start=0 end=4 stride=2 format=%3d'), ['  0', '  2', '  4']);
});

test('with_sequence refuses what Ansible refuses', () => {
  assert.throws(() => items('sequence', 'start=1'), /must specify count or end in with_sequence/);
  assert.throws(() => items('sequence', 'start=x end=3'), /must specify count or end/);
  assert.throws(() => items('sequence', 'start=1 end=x'), /must specify count or end/);
  assert.throws(() => items('sequence', 'start=5 end=1'), /to count backwards make stride negative/);
  assert.throws(() => items('sequence', 'start=1 end=5 stride=-1'), /to count forward don't make stride negative/);
  assert.throws(() => items('sequence', 'count=2 end=4'), /can't specify both count and end/);
  assert.throws(() => items('sequence', [{ start: 2, end: 6 }]), /must specify count or end/);
});

test('with_together pads the shorter lists with None, and is empty for empty lists', () => {
  assert.deepEqual(items('together', [[1, 2], [3]]), [
    [1, 3],
    [2, null],
  ]);
  assert.deepEqual(items('together', [[], []]), []);
});

test('with_random_choice picks the only item of a one-item list; nothing from an empty one', () => {
  assert.deepEqual(items('random_choice', ['only']), ['only']);
  assert.deepEqual(items('random_choice', []), []);
});

test('with_first_found: names split on commas, the given paths searched, skip when none is found', () => {
  const dir = tempDirSync('kr-loops-');
  mkdirSync(path.join(dir, 'd1'));
  writeFileSync(path.join(dir, 'd1', 'b.yml'), '');
  writeFileSync(path.join(dir, 'b.yml'), '');
  assert.deepEqual(items('first_found', { files: 'a.yml,b.yml', paths: [path.join(dir, 'd1')] }, [dir]), [path.join(dir, 'd1', 'b.yml')]);
  assert.deepEqual(items('first_found', ['a.yml', 'b.yml'], [dir]), [path.join(dir, 'b.yml')]);
  assert.deepEqual(items('first_found', { files: ['nope.yml'], skip: true }, [dir]), []);
  assert.throws(() => items('first_found', { files: ['nope.yml'] }, [dir]), /none of the files was found/);
});

const users = [{ name: 'a', groups: ['g1', 'g2'] }, { name: 'b' }];

test('with_subelements pairs each element with its sub-list, skip_missing leaving out those without it', () => {
  const pairs = [
    [{ name: 'a' }, 'g1'],
    [{ name: 'a' }, 'g2'],
  ];
  assert.deepEqual(items('subelements', [users, 'groups', { skip_missing: true }]), pairs);
  assert.throws(() => items('subelements', [users, 'groups']), /could not find 'groups' key in iterated item/);
  // Results of a skipped task, and skipped elements, give nothing.
  assert.deepEqual(items('subelements', [{ skipped: true }, 'groups']), []);
  assert.deepEqual(items('subelements', [[{ skipped: true }, users[0]], 'groups']), pairs);
  assert.deepEqual(items('subelements', [{ x: users[0] }, 'groups']), pairs);
});

test('with_subelements refuses a key that is not text, or a list that is neither a list nor a mapping', () => {
  assert.throws(() => items('subelements', [users, 3]), /expects a list of two or three items/);
  assert.throws(() => items('subelements', ['text', 'groups']), /expects a list of two or three items/);
});

test('with_subelements: a dotted key through a value that is not a mapping fails, unless skip_missing', () => {
  assert.throws(() => items('subelements', [[{ a: 1 }], 'a.b']), /the key a should point to a dictionary/);
  assert.deepEqual(items('subelements', [[{ a: 1 }], 'a.b', { skip_missing: true }]), []);
  assert.deepEqual(items('subelements', [[{ a: { b: [1] } }], 'a.b']), [[{ a: {} }, 1]]);
});
