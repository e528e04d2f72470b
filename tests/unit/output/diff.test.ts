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

test('a module state before and after (no file) shows as Ansible prints it: JSON with sorted keys, four spaces, plain headers', async () => {
  const { stateDiff } = await import('../../../src/output/diff.js');
  const diff = stateDiff({ state: 'absent', path: '/d' }, { path: '/d', state: 'directory' });
  assert.ok(diff);
  // Expectations from ansible-playbook 2.14 --diff on a file task creating /d.
  assert.deepEqual(renderDiff(diff, false), ['--- before', '+++ after', '@@ -1,4 +1,4 @@', ' {', '     "path": "/d",', '-    "state": "absent"', '+    "state": "directory"', ' }']);
  assert.deepEqual(stateDiff(null, { name: 'svc' })?.before, '');
  assert.equal(stateDiff({ a: 1, b: 2 }, { b: 2, a: 1 }), undefined, 'the same state in another key order is no diff');
  assert.equal(stateDiff(undefined, undefined), undefined);
});
