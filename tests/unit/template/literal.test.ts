/**
 * literalEval against Python: each expected answer is repr() of what
 * ansible-core 2.14's ast.literal_eval gives for the text (after its
 * Json2Python for template results), null where Python refuses it
 * (SyntaxError, ValueError) and Ansible keeps the text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { literalEval } from '../../../src/template/literal.js';
import { repr } from '../../../src/template/values.js';
import { templar } from './helpers.js';

function answer(src: string, jsonNames = true): string | null {
  const r = literalEval(src, { jsonNames });
  if (!r.ok) return r.error === undefined ? null : `TypeError: ${r.error}`;
  return repr(r.value);
}

function assertLikePython(cases: ReadonlyArray<readonly [string, string | null]>, jsonNames = true): void {
  for (const [src, expected] of cases) assert.equal(answer(src, jsonNames), expected, `literal_eval(${JSON.stringify(src)})`);
}

describe('literalEval reads what Python reads', () => {
  test('lists, tuples and their commas', () => {
    assertLikePython([
    ["[]", "[]"],
    ["[ ]", "[]"],
    ["[1, 2]", "[1, 2]"],
    ["[1,]", "[1]"],
    ["[1 2]", null],
    ["[,]", null],
    ["[1,,]", null],
    ["[[1], (2,), 'x']", "[[1], (2,), 'x']"],
    ["()", "()"],
    ["(1)", "1"],
    ["(1,)", "(1,)"],
    ["(1, 2,)", "(1, 2)"],
    ["(,)", null],
    ["[1, 2", null],
    ["[1]]", null],
    ]);
  });
  test('dicts: typed keys, one key for 1 and True, order kept, no set or mix', () => {
    assertLikePython([
    ["{}", "{}"],
    ["{'a': 1, 'b': [None, True]}", "{'a': 1, 'b': [None, True]}"],
    ["{'a': 1,}", "{'a': 1}"],
    ["{1: 'a', True: 'b'}", "{1: 'b'}"],
    ["{1.5: 'y', None: 'n', (1, 'a'): 't', False: 0}", "{1.5: 'y', None: 'n', (1, 'a'): 't', False: 0}"],
    ["{'10': 1, '2': 2}", "{'10': 1, '2': 2}"],
    ["{'a': 1, 'a': 2}", "{'a': 2}"],
    ["{1, 'a': 2}", null],
    ["{'a': 2, 1}", null],
    ["{'a' 1}", null],
    ["{'a':: 1}", null],
    ["{: 1}", null],
    ["{'a': }", null],
    ]);
  });
  test('an unhashable key is a TypeError, which Ansible lets fail the template', () => {
    assertLikePython([
    ["{[1]: 2}", "TypeError: unhashable type: 'list'"],
    ["{{'a': 1}: 2}", "TypeError: unhashable type: 'dict'"],
    ["{(1, [2]): 3}", "TypeError: unhashable type: 'list'"],
    ["{(1, {}): 3}", "TypeError: unhashable type: 'dict'"],
    ["{(1, 2): 3, (1, 2): 4}", "{(1, 2): 4}"],
    ]);
    assert.throws(() => templar.render("{{ '{[1]: 2}' }}", {}), (err: unknown) => err instanceof InputError && /unhashable type: 'list'/.test(err.message));
  });
  test('text: quotes, prefixes, escapes, adjacent literals, unterminated', () => {
    assertLikePython([
    ["'abc'", "'abc'"],
    ["\"abc\"", "'abc'"],
    ["'a' \"b\" 'c'", "'abc'"],
    ["'''a'b'''", "\"a'b\""],
    ["\"\"\"x\"y\"\"\"", "'x\"y'"],
    ["r'\\n'", "'\\\\n'"],
    ["R'\\n'", "'\\\\n'"],
    ["u'\\x41'", "'A'"],
    ["U'\\n'", "'\\n'"],
    ["'it\\'s'", "\"it's\""],
    ["r'a\\'b'", "\"a\\\\'b\""],
    ["'abc", null],
    ["'a\\'", null],
    ["r'\\'", null],
    ["['a\nb']", null],
    ["['a\rb']", null],
    ["['''a\nb''']", "['a\\nb']"],
    ["['a\\\nb']", "['ab']"],
    ["'a' r'\\t'", "'a\\\\t'"],
    ["f'x'", null],
    ["['a' b'c']", null],
    ]);
  });
  test('numbers: signs, underscores, leading zeros, hexadecimal, octal, binary, floats', () => {
    assertLikePython([
    ["1", "1"],
    ["-1", "-1"],
    ["+1", "1"],
    ["[- 1]", "[-1]"],
    ["[+ .5]", "[0.5]"],
    ["1_000", "1000"],
    ["1__0", null],
    ["1_", null],
    ["0", "0"],
    ["00", "0"],
    ["0_0", "0"],
    ["007", null],
    ["0_7", null],
    ["0x1F", "31"],
    ["0X1f", "31"],
    ["-0x10", "-16"],
    ["[- 0o17]", "[-15]"],
    ["0O7", "7"],
    ["0b101", "5"],
    ["0B1", "1"],
    ["0x_1f", "31"],
    ["0x1__f", null],
    ["0x", null],
    ["0b12", null],
    ["0o8", null],
    ["1.5", "1.5"],
    ["-1.5", "-1.5"],
    ["1.", "1.0"],
    [".5", "0.5"],
    ["1e3", "1000.0"],
    ["1E-3", "0.001"],
    ["1e1_0", "10000000000.0"],
    ["-.5e2", "-50.0"],
    ["1_0.5", "10.5"],
    ["1._5", null],
    ["1_.5", null],
    ["1.e2", "100.0"],
    ["[.e2]", null],
    ["[1e]", null],
    ["[1a]", null],
    ["1e400", "inf"],
    ["[1.0]", "[1.0]"],
    ["[-0.0]", "[-0.0]"],
    ["[07.5]", "[7.5]"],
    ["[1.2.3]", null],
    ["True", "True"],
    ["False", "False"],
    ]);
  });
  test('names: Python constants, and JSON ones in template results', () => {
    assertLikePython([
    ["None", "None"],
    ["true", "True"],
    ["false", "False"],
    ["null", "None"],
    ["TRUE", null],
    ["Truex", null],
    ["[x]", null],
    ["[-True]", null],
    ["[-'a']", null],
    ["[--1]", null],
    ["[+-1]", null],
    ["[None, true, false, null]", "[None, True, False, None]"],
    ["[1,\n 2]", "[1, 2]"],
    ["[1,\f2]", "[1, 2]"],
    ]);
  });
  test('space between tokens: line ends, line continuations, comments', () => {
    assertLikePython([
    ["[1,\v2]", null],
    ["[1,\u00a02]", null],
    ["[1, \\\n2]", "[1, 2]"],
    ["[1, # c\n 2]", "[1, 2]"],
    ["[1]  # c", "[1]"],
    ["[1, # c, 2]", null],
    ["[1] x", null],
    ["[1]\n", "[1]"],
    ["", null],
    ]);
  });
});

test('a #jinja2: override reads plain Python: true is no boolean there', () => {
  assertLikePython(
    [
      ['True', 'True'],
      ['False', 'False'],
      ['None', 'None'],
      ['true', null],
      ['[null]', null],
      ['{false: 1}', null],
      ['False # c', 'False'],
    ],
    false,
  );
});

test('what Python reads but nothing here stands for stays text: sets and bytes', () => {
  assertLikePython([
    ['{1}', null],
    ['{1, 2}', null],
    ["b'x'", null],
    ["[b'x']", null],
  ]);
});

test('a rendered string that reads as a literal becomes its value', () => {
  assert.deepEqual(templar.render("{{ '[0x10, 0o17, 0b11]' }}", {}), [16, 15, 3]);
  // Json2Python: JSON's names in a rendered string are Python's constants.
  assert.deepEqual(templar.render("{{ '[true, false, null]' }}", {}), [true, false, null]);
  assert.equal(templar.renderText('{{ x }} {{ x[1] }}', { x: templar.render("{{ '{1: 2}' }}", {}) }, '/virtual/test.j2'), '{1: 2} 2');
});
