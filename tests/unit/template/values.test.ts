/**
 * Python's value semantics in templates: repr, truthiness, ==, arithmetic and
 * their errors. Every expected text was rendered by Jinja2 3.x (Python 3.11)
 * with Ansible's finalize (None renders as an empty string).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUndefinedError, iterate, pyEq, TemplateError, UndefinedError } from '../../../src/template/values.js';
import { r } from './helpers.js';

describe('repr', () => {
  test('escapes what Python does not print: controls, DEL, C1, no-break and other spaces, format characters', () => {
    assert.equal(r("{{ ['\\x01\\x7f\\x80\\x9f\\xa0\\xadé\\u2028\\u3000 x\\U0001F600\\U000E0001'] }}"), "['\\x01\\x7f\\x80\\x9f\\xa0\\xadé\\u2028\\u3000 x😀\\U000e0001']");
  });
  test('a method renders with its name', () => {
    assert.match(r("{{ 'a'.upper }}"), /upper/);
  });
});

describe('truthiness', () => {
  test('select keeps what Python finds true', () => {
    assert.equal(r("{{ [true, false, 0, 1, 0.0, 2.5, '', 'a', [], [0], {}, {'a':0}, none]|select|list }}"), "[True, 1, 2.5, 'a', [0], {'a': 0}]");
    assert.equal(r("{% set ns = namespace() %}{{ [ns]|select|list|length }}|{{ ['a'.upper]|select|list|length }}"), '1|1');
  });
});

describe('equality', () => {
  test('== as Python: lengths, list against tuple, dict against number, None', () => {
    assert.equal(
      r("{{ [1] == [1, 2] }}|{{ [1, 2] == [1] }}|{{ (1,) == [1] }}|{{ [1] == (1,) }}|{{ {} == 0 }}|{{ 0 == {} }}|{{ {'a':1} == {'a':1} }}|{{ {'a':1} == {'b':1} }}|{{ {'a':1} == {'a':2} }}|{{ 'a' == 1 }}|{{ none == none }}|{{ none == 0 }}|{{ [none] == [none] }}|{{ 1 == 1.0 }}|{{ true == 1 }}|{{ 'a' == 'a' }}|{{ [] == {} }}|{{ none == [] }}"),
      'False|False|False|False|False|False|True|False|False|False|True|False|True|True|True|True|False|False',
    );
    assert.equal(r('{% set ns = namespace() %}{{ ns == ns }}'), 'True');
  });
  test("JavaScript's undefined equals None", () => {
    assert.equal(pyEq(null, undefined), true);
    assert.equal(pyEq(undefined, null), true);
    assert.equal(pyEq(undefined, 0), false);
  });
});

describe('arithmetic', () => {
  test('+ on numbers, lists, tuples, strings; a list takes only a list', () => {
    assert.equal(r("{{ 1 + 1.0 }}|{{ 1.0 + 1 }}|{{ 1 + 1 }}|{{ [1] + [2] }}|{{ (1,) + (2,) }}|{{ 'a' + 'b' }}"), '2.0|2.0|2|[1, 2]|(1, 2)|ab');
    assert.throws(() => r('{{ [1] + 5 }}'), /can only concatenate list \(not "int"\) to list/);
    assert.throws(() => r('{{ [1] + (2,) }}'), /can only concatenate list \(not "tuple"\) to list/);
    assert.throws(() => r('{{ (1,) + [2] }}'), /can only concatenate tuple \(not "list"\) to tuple/);
  });
  test('a sequence times an int repeats it; a bool is an int; anything else is refused', () => {
    assert.equal(r("{{ 'ab' * 0 }}|{{ 0 * 'ab' }}|{{ 'ab' * -1 }}|{{ 'ab' * 2 }}|{{ 2 * 'ab' }}|{{ [1] * 2 }}|{{ (1,) * 2 }}|{{ [1] * 0 }}"), '|||abab|abab|[1, 1]|(1, 1)|[]');
    assert.equal(r("{{ 'ab' * true }}|{{ [1] * false }}"), 'ab|[]');
    assert.throws(() => r("{{ 'ab' * 1.5 }}"), /can't multiply sequence by non-int of type 'float'/);
    assert.throws(() => r("{{ [1] * 'ab' }}"), /can't multiply sequence by non-int of type 'str'/);
  });
  test('-, //, %, ** and /', () => {
    assert.equal(
      r('{{ 5 - 2 }}|{{ 5.5 - 2 }}|{{ 5 // 1 }}|{{ 5 % 1 }}|{{ 7 // 2 }}|{{ -7 // 2 }}|{{ -7 % 3 }}|{{ 7.5 // 2 }}|{{ 2 ** -1 }}|{{ 2 ** 0 }}|{{ 2.0 ** 2 }}|{{ 2 ** 3 }}|{{ 3 * 2.0 }}|{{ 1 / 2 }}|{{ 4 / 2 }}'),
      '3|3.5|5|0|3|-4|2|3.0|0.5|1|4.0|8|6.0|0.5|2.0',
    );
    assert.throws(() => r("{{ 'a' - 1 }}"), /unsupported operand type\(s\) for -: 'str' and 'int'/);
  });
  test("division by zero in Python's words, int and float", () => {
    assert.throws(() => r('{{ 5 // 0 }}'), /integer division or modulo by zero/);
    assert.throws(() => r('{{ 5 % 0 }}'), /integer modulo by zero/);
    assert.throws(() => r('{{ 5 / 0 }}'), /: division by zero/);
    assert.throws(() => r('{{ 5.0 // 0 }}'), /float floor division by zero/);
    assert.throws(() => r('{{ 5.0 % 0 }}'), /float modulo/);
    assert.throws(() => r('{{ 5 / 0.0 }}'), /float division by zero/);
  });
  test('an index that is not an int is no element', () => {
    assert.throws(() => r('{{ [1,2][1.5] }}'), /list object has no element 1\.5/);
  });
});

describe('iteration and undefined errors', () => {
  test('what is not iterable says so', () => {
    assert.throws(() => r('{{ 5|list }}'), /'int' object is not iterable/);
    assert.throws(() => r('{{ none|list }}'), /'NoneType' object is not iterable/);
    assert.deepEqual(iterate(new Set([1, 2])), [1, 2]);
  });
  test('an UndefinedError is found however deep in the causes, and a loop of causes ends', () => {
    const deep = Array.from({ length: 12 }).reduce<Error>((inner) => new Error('wrapped', { cause: inner }), new UndefinedError("'x' is undefined"));
    assert.equal(isUndefinedError(deep), true);
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    assert.equal(isUndefinedError(a), false);
    assert.equal(isUndefinedError(new TemplateError('other')), false);
    assert.equal(isUndefinedError(new UndefinedError("'x' is undefined")), true);
  });
});
