/**
 * Keyword values: the fast paths (the common well-formed cases answered
 * without zod) must answer exactly as the keyword's schema does, for every
 * keyword and every shape of value; and describe() words a value as the
 * errors show it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { BLOCK_KEYWORDS, PLAY_KEYWORDS, ROLE_ENTRY_KEYWORDS, TASK_KEYWORDS } from '../../../src/playbook/keywords.js';
import { Source } from '../../../src/playbook/source.js';
import { checkKeyword, describe, keywordSchema } from '../../../src/playbook/validate.js';

const VALUES: unknown[] = [true, false, 'yes', '', 'a,b', ' a , b ,', '{{ x }}', '50%', 5, 0, -1, 1.5, null, [], ['a'], ['a', 1], [true], [['x']], [null], [{ a: 1 }], {}, { a: 1 }, { loop_var: 'x' }, { bad: 1 }, [1, '20%']];
const KEYWORDS = [...new Set([...PLAY_KEYWORDS, ...TASK_KEYWORDS, ...BLOCK_KEYWORDS, ...ROLE_ENTRY_KEYWORDS, 'public', 'allow_duplicates', 'tasks_from', 'listen', 'vars_files'])];
const src = new Source('/t.yml', 'x: 1\n');

test('every keyword: the fast path and the schema give the same value, or both refuse', () => {
  let checked = 0;
  for (const keyword of KEYWORDS) {
    const schema = keywordSchema(keyword);
    if (!schema) continue;
    for (const value of VALUES) {
      const want = schema.safeParse(value);
      let got: { ok: true; value: unknown } | { ok: false };
      try {
        got = { ok: true, value: checkKeyword(keyword, value, src, ['x'], 'task "t"') };
      } catch (err) {
        assert.ok(err instanceof InputError, String(err));
        got = { ok: false };
      }
      const where = `${keyword}: ${JSON.stringify(value)}`;
      assert.equal(got.ok, want.success, where);
      if (got.ok && want.success) assert.deepEqual(got.value, want.data, where);
      checked++;
    }
  }
  assert.ok(checked > 40 * VALUES.length, `only ${checked} pairs`);
});

test('describe: how an error names a value, long strings cut at 40 characters', () => {
  assert.equal(describe(null), 'empty');
  assert.equal(describe(undefined), 'empty');
  assert.equal(describe([1]), 'a list');
  assert.equal(describe({}), 'a mapping');
  assert.equal(describe('x'.repeat(40)), `the string "${'x'.repeat(40)}"`);
  assert.equal(describe('x'.repeat(41)), `the string "${'x'.repeat(40)}..."`);
  assert.equal(describe(true), 'the boolean true');
  assert.equal(describe(3), 'the number 3');
});

test('a wrong value names the keyword and what it must be, at the value', () => {
  assert.throws(() => checkKeyword('become', ['yes'], src, ['x'], 'task "t"'), (e: unknown) => e instanceof InputError && e.reason === '"become" in task "t" must be a boolean or a template, not a list');
  assert.throws(() => checkKeyword('vars', 'x', src, ['x'], 'play "p"'), (e: unknown) => e instanceof InputError && e.reason === '"vars" in play "p" must be a mapping, not the string "x"');
  assert.throws(() => checkKeyword('loop_control', { loop_vars: 'i' }, src, ['x'], 'task "t"'), (e: unknown) => e instanceof InputError && /unknown key "loop_vars" in "loop_control" in task "t"; did you mean "loop_var"\?/.test(e.reason));
});

test('a number as a condition is true unless it is 0, as Ansible evaluates it', () => {
  // ansible-playbook: `when: 0` skips the task, `when: 2` runs it.
  assert.deepEqual([0, 1, 2, -1].map((n) => checkKeyword('when', n, src, ['x'], 'task "t"')), [[false], [true], [true], [true]]);
  assert.deepEqual(checkKeyword('failed_when', [0, 'rc != 0'], src, ['x'], 'task "t"'), [false, 'rc != 0']);
});

test('a wrong value inside a keyword\'s mapping is named by its key and located at it', () => {
  const nested = new Source('/t.yml', 'loop_control:\n  label: x\n  loop_var: 5\n');
  let err: unknown;
  try {
    checkKeyword('loop_control', { label: 'x', loop_var: 5 }, nested, ['loop_control'], 'task "t"');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof InputError);
  // The sentence ends with zod's own words for the problem.
  assert.match(err.reason, /^"loop_control" in task "t": "loop_var" has a wrong value \(the number 5\); .*expected string/);
  assert.deepEqual(err.location, { file: '/t.yml', line: 3, col: 13 });
});
