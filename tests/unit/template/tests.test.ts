/** Jinja2/Ansible tests and the Python value model (repr, formatting, scoping). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { floatRepr, repr, tuple } from '../../../src/template/values.js';
import { percentFormat, strFormat } from '../../../src/template/pyformat.js';
import { r } from './helpers.js';

describe('tests', () => {
  test('types', () => {
    assert.equal(r('{{ "s" is string }} {{ true is number }} {{ 1 is integer }} {{ 1.5 is float }} {{ {} is mapping }} {{ "ab" is sequence }} {{ 1 is iterable }} {{ none is none }} {{ {}.get is callable }}'), 'True True True True True True False True True');
  });
  test("a failed version comparison says so, in ansible-core's words", () => {
    assert.throws(() => r("{{ '1.2' is version('1-2', 'lt') }}"), /Version comparison failed: '<' not supported between instances of 'int' and 'str'/);
  });
  test('results, version, regex, sets', () => {
    assert.equal(r('{{ {"failed": true} is failed }} {{ {"results":[{"changed":true}]} is changed }} {{ {} is success }} {{ {"skipped": true} is skipped }}'), 'True True True True');
    assert.equal(r('{{ "1.10" is version("1.9", ">") }} {{ "2.1.0" is version("2.1", "==") }} {{ "1.2.3" is version("1.2.3-rc1", ">", version_type="semver") }}'), 'True False True');
    assert.equal(r('{{ "abc" is match("b") }} {{ "abc" is search("b") }} {{ [1] is subset([1,2]) }} {{ [1,2] is superset([2]) }} {{ 1 is in [1] }} {{ [1] is contains 1 }}'), 'False True True True True True');
    // Jinja2's filter and test tests; ansible-core 2.14's plugin loader fails on an unknown name instead.
    assert.equal(r('{{ "upper" is filter }} {{ "nofilter" is filter }} {{ "odd" is test }} {{ "notest" is test }}'), 'True False True False');
    assert.equal(r('{{ "/etc" is directory }} {{ "/nonexistent" is exists }} {{ "yes" is truthy }} {{ "no" is truthy(convert_bool=true) }}'), 'True False True False');
  });
});

describe('python values', () => {
  test('repr', () => {
    assert.equal(repr([1, 'a', null, true, { k: "it's" }]), `[1, 'a', None, True, {'k': "it's"}]`);
    assert.equal(repr(tuple([1])), '(1,)');
    assert.equal(repr('a\nb\\'), "'a\\nb\\\\'");
  });
  test('float repr', () => {
    assert.deepEqual([0.1, 1e20, 1e16, 1.5e-5, 123.456, -0.5, 1e-4].map(floatRepr), ['0.1', '1e+20', '1e+16', '1.5e-05', '123.456', '-0.5', '0.0001']);
  });
  test('% and format', () => {
    assert.equal(percentFormat('%s-%05.1f', tuple(['a', 2.25])), 'a-002.2');
    assert.equal(percentFormat('%(a)s %%', { a: 1 }), '1 %');
    assert.equal(strFormat('{:>6}|{:.2f}|{name}', ['r', 3.14159], { name: 'n' }), '     r|3.14|n');
  });
});

describe('constructs nunjucks would get wrong', () => {
  test('set inside a loop does not leak (Jinja2 scoping); namespace does', () => {
    assert.equal(r('{% set c = 0 %}{% for i in [1,2] %}{% set c = c + i %}{% endfor %}{{ c }}'), '0');
    assert.equal(r('{% set ns = namespace(c=0) %}{% for i in [1,2] %}{% set ns.c = ns.c + i %}{% endfor %}{{ ns.c }}'), '3');
  });
  test('for ... if, loop.previtem/nextitem, empty dict items', () => {
    assert.equal(r('{% for i in [1,2,3,4] if i is even %}{{ loop.index }}/{{ loop.length }}={{ i }} {% endfor %}'), '1/2=2 2/2=4 ');
    assert.equal(r('{% for i in [1,2,3] %}{{ loop.previtem|default("-") }}{{ loop.nextitem|default("-") }} {% endfor %}'), '-2 13 2- ');
    assert.equal(r('{% for k, v in {}.items() %}x{% else %}empty{% endfor %}'), 'empty');
  });
  test('with, % formatting, printing', () => {
    assert.equal(r('{% with a = 1 %}{{ a }}{% endwith %}{{ a is defined }}'), '1False');
    assert.equal(r('{{ "%s=%d" % ("a", 2) }} {{ [1, "a"] }} {{ true }} {{ none }}|{{ {"a": 1} }}'), "a=2 [1, 'a'] True |{'a': 1}");
    assert.equal(r('{{ 2 * 8 // 3 }} {{ [1] + [2] }} {{ "ab" * 2 }} {{ 1 + 1 is even }}'), '5 [1, 2] abab 1');
  });
});
