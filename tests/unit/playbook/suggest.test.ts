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

test('editDistance: empty sides, one letter, swaps at either end, and OSA (a swapped pair is not edited again)', () => {
  const cases: [string, string, number][] = [
    ['', '', 0],
    ['x', '', 1],
    ['', 'x', 1],
    ['ab', '', 2],
    ['a', 'b', 1],
    ['a', 'ab', 1],
    ['ab', 'a', 1],
    ['ab', 'ba', 1],
    ['abcd', 'acbd', 1],
    ['abcd', 'abdc', 1],
    ['kitten', 'sitting', 3],
    // True Damerau-Levenshtein says 2; optimal string alignment says 3.
    ['ca', 'abc', 3],
    ['abc', 'xyz', 3],
    ['flaw', 'lawn', 2],
    // A swap after an edit: the swap's cost adds to the prefix's, two rows back.
    ['xab', 'yba', 2],
    ['xyab', 'ba', 3],
  ];
  for (const [a, b, d] of cases) assert.equal(editDistance(a, b), d, `${a} -> ${b}`);
});

test('closest: the limit grows with the word (a third of it, 1 to 3), the first of equals wins, case is ignored', () => {
  // 2 letters: 1 edit; 6 letters: 2; 9 letters: 3; 12 letters: still 3.
  assert.equal(closest('ab', ['ax'])?.word, 'ax');
  assert.equal(closest('ab', ['xy']), undefined);
  assert.equal(closest('abcdef', ['abcdxy'])?.distance, 2);
  assert.equal(closest('abcdef', ['abcxyz']), undefined);
  assert.equal(closest('abcdefghi', ['abcdefxyz'])?.distance, 3);
  assert.equal(closest('abcdefghijkl', ['abcdefghwxyz']), undefined);
  // A length difference beyond the limit is not even compared.
  assert.equal(closest('abcdef', ['abcdefghi']), undefined);
  assert.equal(closest('abcdef', ['abcdefgh'])?.distance, 2);
  assert.equal(closest('abcd', ['abce', 'abcf'])?.word, 'abce');
  assert.equal(closest('abcd', ['abxx', 'abcf'])?.word, 'abcf');
  assert.deepEqual(closest('HOSTS', ['hosts']), { word: 'hosts', distance: 0 });
});
