import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandMatch, pyRegExp, translatePyRegex } from '../../../src/template/pyregex.js';

test('$ matches at the end and before a final newline only (Python), per line with (?m)', () => {
  assert.ok(pyRegExp('b$').test('ab\n'));
  assert.ok(!pyRegExp('a$').test('a\nb'));
  assert.ok(pyRegExp('(?m)a$').test('a\nb'));
  assert.ok(pyRegExp('a$', { multiline: true }).test('a\nb'));
});

test('\\A and \\Z anchor the whole text even in multiline mode', () => {
  assert.ok(!pyRegExp('\\Ab', { multiline: true }).test('a\nb'));
  assert.ok(pyRegExp('\\Aa', { multiline: true }).test('a\nb'));
  assert.ok(!pyRegExp('a\\Z').test('a\n'));
  assert.ok(pyRegExp('[\\A]').test('A'), 'inside a class \\A is a letter');
});

test('named groups, back-references by name, a literal ] first in a class, inline flags', () => {
  const m = pyRegExp('(?P<k>\\w+)=(?P=k)').exec('x=x');
  assert.equal(m?.groups?.k, 'x');
  assert.ok(pyRegExp('[]a]').test(']'));
  assert.ok(pyRegExp('[^]]').test('a'));
  assert.deepEqual(translatePyRegex('(?is)A.B').flags, 'is');
  assert.ok(pyRegExp('(?i)abc').test('ABC'));
});

test('an invalid pattern is an error naming it', () => {
  assert.throws(() => pyRegExp('(unclosed'), /invalid regular expression '\(unclosed'/);
});

test('expand: numbered and named references, escapes; a missing group is an error', () => {
  const m = pyRegExp('(?P<host>\\w+):(\\d+)').exec('db:3306');
  assert.ok(m);
  assert.equal(expandMatch('\\2 on \\g<host> (\\g<1>)\\t\\n\\\\', m), '3306 on db (db)\t\n\\');
  // Python keeps an unknown escape of a non-letter, and refuses one of a letter (re.error: bad escape \q).
  assert.equal(expandMatch('keep \\.', m), 'keep \\.');
  assert.throws(() => expandMatch('keep \\q', m), /bad escape \\q/);
  assert.throws(() => expandMatch('\\3', m), /invalid group reference 3/);
  assert.throws(() => expandMatch('\\g<nope>', m), /unknown group name 'nope'/);
  // re.error's messages: an empty name, a name without its >, an octal escape past 0o377.
  assert.throws(() => expandMatch('\\g<>', m), /missing group name/);
  assert.throws(() => expandMatch('\\g<1', m), /missing >, unterminated name/);
  assert.throws(() => expandMatch('\\400', m), /octal escape value \\400 outside of range 0-0o377/);
});
