/**
 * Python's str, dict and list methods called from templates, and item access
 * and slicing. Every expected text was rendered by Jinja2 3.x (Python 3.11)
 * with Ansible's finalize (None renders as an empty string).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertInputError, r } from './helpers.js';

describe('str methods: strip and split', () => {
  test('strip, lstrip and rstrip take away only their side', () => {
    assert.equal(r("{{ 'ab '.lstrip() }}|{{ ' ab'.rstrip() }}|{{ 'aba'.lstrip('a') }}|{{ 'aba'.rstrip('a') }}|{{ 'xx'.rstrip('x') }}|{{ 'xx'.lstrip('x') }}"), 'ab | ab|ba|ab||');
    assert.equal(r("{{ ' a b '.strip() }}|{{ 'xxaxx'.strip('x') }}|{{ 'xx'.strip('x') }}"), 'a b|a|');
  });
  test('split() on white space keeps the rest as it is once maxsplit is reached', () => {
    assert.equal(r("{{ 'a b c '.split(None, 1) }}|{{ 'a b c'.split(None, 0) }}|{{ 'a b c'.split(None, 2) }}|{{ '  a b c'.split(maxsplit=1) }}"), "['a', 'b c ']|['a b c']|['a', 'b', 'c']|['a', 'b c']");
  });
  test('split(sep, maxsplit)', () => {
    assert.equal(r("{{ 'a,b,c'.split(',', 0) }}|{{ 'a,b'.split(',', 5) }}|{{ 'a,b'.split(',', 2) }}|{{ 'a,b,c'.split(',', 1) }}"), "['a,b,c']|['a', 'b']|['a', 'b']|['a', 'b,c']");
  });
  test('rsplit on white space, with and without maxsplit', () => {
    assert.equal(
      r("{{ ' a  b c '.rsplit() }}|{{ ' a  b c '.rsplit(None, 1) }}|{{ ' a  b c '.rsplit(None, 0) }}|{{ 'a b c'.rsplit(None, 2) }}|{{ 'a b c'.rsplit(None, 3) }}|{{ '  a b  '.rsplit(None, 1) }}"),
      "['a', 'b', 'c']|[' a  b', 'c']|[' a  b c']|['a', 'b', 'c']|['a', 'b', 'c']|['  a', 'b']",
    );
    assert.equal(r("{{ 'a b c'.rsplit(maxsplit=1) }}|{{ 'a b c'.rsplit(' ', 1) }}"), "['a b', 'c']|['a b', 'c']");
  });
  test('rsplit(sep, maxsplit) splits from the right', () => {
    assert.equal(
      r("{{ 'a,b,c'.rsplit(',', 1) }}|{{ 'a,b,c'.rsplit(',', 0) }}|{{ 'a,b,c'.rsplit(',', 2) }}|{{ 'a,b,c'.rsplit(',', 5) }}|{{ 'a,b,c'.rsplit(',') }}|{{ 'a,b,c'.rsplit(sep=',', maxsplit=1) }}|{{ 'a,b'.rsplit(',', 2) }}"),
      "['a,b', 'c']|['a,b,c']|['a', 'b', 'c']|['a', 'b', 'c']|['a', 'b', 'c']|['a,b', 'c']|['a', 'b']",
    );
  });
  // A float maxsplit used to be taken as is: ' a b'.rsplit(None, 1.5) gave ['', 'a', 'b'].
  test('split and rsplit refuse a float or None maxsplit, as Python; a bool counts as an int', () => {
    for (const src of ["{{ 'a,b'.rsplit(',', 1.5) }}", "{{ ' a b'.rsplit(None, 1.5) }}", "{{ 'a,b'.split(',', 1.5) }}", "{{ 'a,b'.rsplit(',', 2.0) }}"]) {
      assert.match(assertInputError(() => r(src)).message, /'float' object cannot be interpreted as an integer/, src);
    }
    assert.match(assertInputError(() => r("{{ 'a,b'.split(',', None) }}")).message, /'NoneType' object cannot be interpreted as an integer/);
    assert.equal(r("{{ 'a,b,c'.rsplit(',', True) }}|{{ 'a,b,c'.split(',', False) }}"), "['a,b', 'c']|['a,b,c']");
  });
  test('splitlines(keepends) keeps each line break, \\r\\n as one', () => {
    assert.equal(r("{{ 'a\\nb\\r\\nc\\rd'.splitlines(true) }}|{{ 'a\\nb'.splitlines(keepends=true) }}|{{ 'x\\n\\ny'.splitlines() }}"), "['a\\n', 'b\\r\\n', 'c\\r', 'd']|['a\\n', 'b']|['x', '', 'y']");
  });
});

describe('str methods: search and shape', () => {
  test('startswith and endswith with start and end', () => {
    assert.equal(r("{{ 'abcd'.endswith('b', 0, 2) }}|{{ 'abcd'.startswith('c', 2) }}|{{ 'abcd'.endswith(('x','c'), 0, 3) }}|{{ 'abcd'.startswith('b', 1, 2) }}|{{ 'abcd'.startswith('a', 1) }}"), 'True|True|True|True|False');
  });
  test('find, rfind, index, count', () => {
    assert.equal(r("{{ 'abab'.find('a') }}|{{ 'abab'.find('a', 1) }}|{{ 'aXbX'.rfind('X') }}|{{ 'abcb'.index('b') }}|{{ 'abab'.count('b') }}|{{ 'ab'.count('') }}|{{ 'aaa'.count('aa') }}|{{ 'xay'.find('z') }}|{{ 'abc'.index('a') }}"), '0|2|3|1|2|3|1|-1|0');
    assert.throws(() => r("{{ 'abc'.index('x') }}"), /substring not found/);
  });
  test('replace with a count, and with an empty old string', () => {
    assert.equal(
      r("{{ 'aaa'.replace('a','b') }}|{{ 'aaa'.replace('a','b',1) }}|{{ 'ab'.replace('','-') }}|{{ 'ab'.replace('','-',1) }}|{{ 'ab'.replace('','-',2) }}|{{ 'ab'.replace('','-',3) }}|{{ 'ab'.replace('','-',5) }}|{{ 'aaa'.replace('a','b',3) }}|{{ 'aaa'.replace('a','b',0) }}"),
      'bbb|baa|-a-b-|-ab|-a-b|-a-b-|-a-b-|bbb|aaa',
    );
  });
  test('zfill puts the zeros after a sign', () => {
    assert.equal(r("{{ '-42'.zfill(5) }}|{{ '+4'.zfill(4) }}|{{ '42'.zfill(1) }}|{{ '42'.zfill(2) }}|{{ '42'.zfill(3) }}|{{ 'x'.zfill(3) }}|{{ '-'.zfill(3) }}"), '-0042|+004|42|42|042|00x|-00');
  });
  test('center, ljust, rjust with and without a fill character', () => {
    assert.equal(r("{{ 'ab'.center(5) }}|{{ 'ab'.center(5, '*') }}|{{ 'abc'.center(6, '*') }}|{{ 'ab'.center(2) }}|{{ 'ab'.center(1) }}|{{ 'a'.center(4,'-') }}|{{ 'ab'.center(3,'-') }}|{{ 'abc'.center(4,'-') }}|{{ 'ab'.center(4,'*') }}|{{ 'ab'.center(6,'*') }}"), '  ab |**ab*|*abc**|ab|ab|-a--|-ab|abc-|*ab*|**ab**');
    assert.equal(r("{{ 'a'.ljust(3) }}|{{ 'a'.ljust(3, '*') }}|{{ 'a'.rjust(3) }}|{{ 'a'.rjust(3, '*') }}"), 'a  |a**|  a|**a');
  });
  // A float width used to be taken as is: 'ab'.zfill(3.5) gave '0ab'.
  test('zfill, center, ljust and rjust refuse a float or None width, as Python; a bool counts as an int', () => {
    for (const src of ["{{ 'ab'.zfill(3.5) }}", "{{ 'ab'.center(3.5) }}", "{{ 'ab'.ljust(3.5) }}", "{{ 'ab'.rjust(3.5) }}"]) {
      assert.match(assertInputError(() => r(src)).message, /'float' object cannot be interpreted as an integer/, src);
    }
    assert.match(assertInputError(() => r("{{ 'ab'.rjust(None) }}")).message, /'NoneType' object cannot be interpreted as an integer/);
    assert.equal(r("[{{ 'ab'.zfill(True) }}|{{ 'a'.center(True) }}|{{ 'a'.ljust(True) }}|{{ 'a'.rjust(False) }}]"), '[ab|a|a|a]');
  });
  test('partition and rpartition, the separator at the start too', () => {
    assert.equal(r("{{ 'a=b=c'.partition('=') }}|{{ 'abc'.partition('=') }}|{{ 'a=b=c'.rpartition('=') }}|{{ 'abc'.rpartition('=') }}|{{ '=b'.partition('=') }}|{{ '=b'.rpartition('=') }}"), "('a', '=', 'b=c')|('abc', '', '')|('a=b', '=', 'c')|('', '', 'abc')|('', '=', 'b')|('', '=', 'b')");
  });
  test('removeprefix and removesuffix', () => {
    assert.equal(r("{{ 'abc'.removeprefix('a') }}|{{ 'abc'.removeprefix('x') }}|{{ 'abc'.removesuffix('c') }}|{{ 'abc'.removesuffix('') }}|{{ 'abc'.removesuffix('x') }}"), 'bc|abc|ab|abc|abc');
  });
  test('case methods and predicates', () => {
    assert.equal(r("{{ 'Hello'.swapcase() }}|{{ 'hELLO wORLD'.capitalize() }}|{{ ''.capitalize() }}|{{ 'ABC'.casefold() }}"), 'hELLO|Hello world||abc');
    assert.equal(r("{{ '123'.isdigit() }}|{{ 'abc'.isalpha() }}|{{ 'a1'.isalnum() }}|{{ ' '.isspace() }}|{{ 'ab1'.islower() }}|{{ 'AB1'.isupper() }}|{{ '_a1'.isidentifier() }}|{{ '1a'.isidentifier() }}"), 'True|True|True|True|True|True|True|False');
    assert.equal(r("{{ 'Ab'.islower() }}|{{ '12'.islower() }}|{{ 'aB'.isupper() }}|{{ '12'.isupper() }}"), 'False|False|False|False');
  });
  test("str.title() raises every letter after a non-letter; the title filter only after white space, '-' and brackets", () => {
    assert.equal(r(`{{ "they're 1st x-ray o'neil hello_world".title() }}`), "They'Re 1St X-Ray O'Neil Hello_World");
    assert.equal(r(`{{ "they're 1st x-ray o'neil hello_world"|title }}|{{ "a(b [c {d <e"|title }}|{{ "  x\\ty"|title }}|{{ 'hELLO wORLD'|title }}`), "They're 1st X-Ray O'neil Hello_world|A(B [C {D <E|  X\tY|Hello World");
  });
});

describe('dict and list methods', () => {
  test('dict get, pop, setdefault', () => {
    assert.equal(r("{% set d = {'a':1} %}{{ d.get('a') }}|{{ d.get('b') }}|{{ d.get('b', 2) }}|{{ d.setdefault('c', 3) }}|{{ d.setdefault('a', 9) }}|{{ d.setdefault('e') }}|{{ d }}"), "1||2|3|1||{'a': 1, 'c': 3, 'e': None}");
    assert.equal(r("{{ {'a':1}.pop('b', 7) }}|{% set d = {'a':1} %}{{ d.pop('a') }}{{ d }}"), '7|1{}');
    assert.throws(() => r("{{ {'a':1}.pop('b') }}"), /KeyError: 'b'/);
  });
  test('list extend, insert, append, pop', () => {
    assert.equal(r('{% set l = [1] %}{% set _ = l.extend([2, 3]) %}{% set _ = l.insert(0, 0) %}{% set _ = l.insert(-1, 9) %}{% set _ = l.append(4) %}{{ l }}'), '[0, 1, 2, 9, 3, 4]');
    assert.equal(r('{% set l = [1,2,3,4] %}{{ l.pop() }}{{ l.pop(0) }}{{ l.pop(-1) }}{{ l }}'), '413[2]');
    assert.throws(() => r('{% set l = [] %}{{ l.pop() }}'), /pop from empty list/);
  });
  test('list remove, index, count', () => {
    assert.equal(r('{% set l = [1,2,1] %}{% set _ = l.remove(1) %}{{ l }}|{{ l.index(1) }}|{{ l.count(1) }}|{{ [5].index(5) }}'), '[2, 1]|1|1|0');
    assert.throws(() => r('{{ [1].remove(2) }}'), /list\.remove\(x\): x not in list/);
    assert.throws(() => r('{{ [1].index(2) }}'), /2 is not in list/);
    assert.throws(() => r("{{ ['a'].index('b') }}"), /'b' is not in list/);
  });
});

describe('attribute and item access, slices', () => {
  test('a missing attribute names the type as Jinja2 does', () => {
    assert.throws(() => r('{{ none.foo }}'), /'None' has no attribute 'foo'/);
    assert.throws(() => r('{{ (1).foo }}'), /'int object' has no attribute 'foo'/);
    assert.throws(() => r("{{ 'a'.upper.x }}"), /object' has no attribute 'x'/);
  });
  test('an index past either end is undefined', () => {
    assert.equal(r("{{ [1,2][2] is defined }}|{{ [1,2][-3] is defined }}|{{ 'ab'[2] is defined }}|{{ [1,2][-2] }}|{{ [1,2][1] }}|{{ 'ab'[-1] }}"), 'False|False|False|1|2|b');
    assert.throws(() => r('{{ [1,2][2] }}'), /list object has no element 2/);
  });
  test("d['name'] falls back to the dict method; a missing key's message tells a text key from another", () => {
    assert.equal(r("{{ {'a':1}['keys']()|list }}|{{ {'a':1}['a'] }}"), "['a']|1");
    assert.throws(() => r("{{ {'a':1}['b'] }}"), /'dict object' has no attribute 'b'/);
    assert.throws(() => r("{{ {'a':1}[5] }}"), /dict object has no element 5/);
    assert.throws(() => r("{{ {'a':1}[none] }}"), /dict object has no element None/);
  });
  test("ns['x'] reads a namespace attribute", () => {
    assert.equal(r("{% set ns = namespace(x=1) %}{{ ns['x'] }}"), '1');
  });
  test('slices count characters, clamp at both ends, and run backwards', () => {
    assert.equal(
      r("{{ '😀x'[1:] }}|{{ 'abc'[:0] }}|{{ [1,2,3][:-5] }}|{{ [1,2,3][::-1] }}|{{ [1,2,3][-5::-1] }}|{{ [1,2,3][2:-5:-1] }}|{{ [1,2,3][1::-1] }}|{{ 'abc'[::-1] }}|{{ [1,2,3][::2] }}|{{ [1,2,3][5::-1] }}|{{ 'abc'[9::-1] }}"),
      'x||[]|[3, 2, 1]|[]|[3, 2, 1]|[2, 1]|cba|[1, 3]|[3, 2, 1]|cba',
    );
  });
});
