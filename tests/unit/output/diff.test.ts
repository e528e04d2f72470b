/**
 * --diff prints what unified diff and ansible-playbook --diff (Python's
 * difflib) print: removed lines before added ones in a change, hunks with
 * three lines of context. Expectations are difflib.unified_diff's output.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderDiff } from '../../../src/output/diff.js';

test('a changed run of lines: every removed line, then every added one', () => {
  assert.deepEqual(renderDiff({ path: 'f', before: 'x=1\ny=2\n', after: 'x=10\ny=20\n' }, false), [
    '--- before: f',
    '+++ after: f',
    '@@ -1,2 +1,2 @@',
    '-x=1',
    '-y=2',
    '+x=10',
    '+y=20',
  ]);
});

test('two changes in one hunk, one a replacement that also adds a line', () => {
  assert.deepEqual(renderDiff({ path: 'f', before: 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n', after: 'a\nB\nc\nd\ne\nf\ng\nh\nI\nJ\nk\n' }, false), [
    '--- before: f',
    '+++ after: f',
    '@@ -1,10 +1,11 @@',
    ' a',
    '-b',
    '+B',
    ' c',
    ' d',
    ' e',
    ' f',
    ' g',
    ' h',
    '-i',
    '-j',
    '+I',
    '+J',
    '+k',
  ]);
});
