/**
 * templar.ts: the globals it defines (range, dict, namespace), its parse cache,
 * the trailing-newline rule of Ansible's do_template, where its errors point,
 * and the truthiness of a condition that templates to a non-string.
 * Expected values are Jinja2's and ansible-core 2.14's.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Templar } from '../../../src/template/index.js';
import { MAX_PARSED, parsedCount } from '../../../src/template/parser.js';
import { parseTimestamp } from '../../../src/template/pydate.js';
import { PyFloat } from '../../../src/template/values.js';
import { tempDirSync } from '../../support/temp-dir.js';
import { assertInputError, r } from './helpers.js';

describe('globals', () => {
  test('range counts down with a negative step and stops before the end', () => {
    assert.equal(r('{{ range(5, 0, -1) | list }}'), '[5, 4, 3, 2, 1]');
    assert.equal(r('{{ range(5, 0, -2) | list }}'), '[5, 3, 1]');
  });
  test("range with no arguments or more than three fails with Python's TypeError", () => {
    assert.match(assertInputError(() => r('{{ range() }}')).reason, /range expected at least 1 argument, got 0/);
    assert.match(assertInputError(() => r('{{ range(1, 2, 3, 4) }}')).reason, /range expected at most 3 arguments, got 4/);
  });
  test('range allows 100000 numbers and refuses more (the limit of Jinja2 sandbox)', () => {
    assert.equal(r('{{ range(100000) | length }}'), '100000');
    assert.match(assertInputError(() => r('{{ range(100001) | length }}')).reason, /range too big/);
    assert.match(assertInputError(() => r('{{ range(10 ** 12) | length }}')).reason, /range too big/);
    assert.equal(r('{{ range(3, 0) | list }}|{{ range(0, 3, -1) | list }}|{{ range(0, 7, 3) | list }}'), '[]|[]|[0, 3, 6]');
  });
  test('dict() copies a mapping given positionally, then adds the keywords', () => {
    assert.equal(r("{{ dict({'ab': 1}, c=2) }}"), "{'ab': 1, 'c': 2}");
    assert.equal(r("{{ dict([('ab', 1)]) }}"), "{'ab': 1}");
  });
  test('namespace() copies a mapping given positionally, then adds the keywords', () => {
    assert.equal(r("{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}"), '12');
  });
  test("namespace() takes a list of pairs, as dict() does (Jinja2's Namespace)", () => {
    assert.equal(r("{% set ns = namespace([('a', 1)]) %}{{ ns.a }}"), '1');
  });
});

describe('parse cache', () => {
  test('lstrip_blocks on and off are compiled apart', () => {
    const t = new Templar();
    const src = '  {% if true %}x{% endif %}';
    assert.equal(t.renderText(src, {}, '/v.j2', { lstripBlocks: false }), '  x');
    assert.equal(t.renderText(src, {}, '/v.j2', { lstripBlocks: true }), 'x');
    assert.equal(t.renderText(src, {}, '/v.j2', { lstripBlocks: false }), '  x');
  });
  test('inline strings (backslashes kept in literals) and template text are compiled apart', () => {
    const t = new Templar();
    const src = "{{ 'a\\nb' }}";
    assert.equal(t.renderString(src, {}), 'a\\nb');
    assert.equal(t.renderText(src, {}, '/v.j2'), 'a\nb');
    assert.equal(t.renderString(src, {}), 'a\\nb');
  });
  test('the parse cache holds 20000 templates, and is emptied when one more comes', () => {
    const t = new Templar();
    assert.equal(MAX_PARSED, 20000);
    for (let i = 0; parsedCount() < MAX_PARSED; i++) t.renderString(`{{ ${i} }} filling the cache`, {});
    assert.equal(parsedCount(), MAX_PARSED);
    t.renderString('{{ 1 }} one more', {});
    assert.equal(parsedCount(), 1);
  });
});

describe("do_template's trailing newlines", () => {
  test('a result made only of newlines counts them all', () => {
    // Ansible's _count_newlines_from_end counts a string of only newlines whole.
    assert.equal(r('{{ x }}\n', { x: '\n' }), '\n');
    assert.equal(r('{{ x }}\n\n', { x: '\n' }), '\n\n');
  });
});

describe('render: the native type of a value', () => {
  const t = new Templar();
  test('a tuple becomes its text, which Ansible does not read back', () => {
    assert.equal(t.render('{{ (1, 2) }}', {}), '(1, 2)');
    assert.deepEqual(t.render('{{ [(1, 2)] }}', {}), [[1, 2]]);
  });
  test('a list holding a date or an infinity is text: literal_eval cannot read it back', () => {
    const d = parseTimestamp('2020-01-02');
    assert.equal(t.render('{{ [d] }}', { d }), '[datetime.date(2020, 1, 2)]');
    assert.equal(t.render("{{ {'k': d} }}", { d }), "{'k': datetime.date(2020, 1, 2)}");
    assert.equal(t.render("{{ ['inf' | float] }}", {}), '[inf]');
  });
  test('one statement whose text looks like a list becomes the list', () => {
    assert.deepEqual(t.render('{% if true %}[1]{% endif %}', {}), [1]);
  });
  test('an expression followed by text is text', () => {
    assert.equal(t.render('{{ n }} and more', { n: 5 }), '5 and more');
  });
  test('a bare variable holding list-like text is read back as a list; a float keeps its type', () => {
    assert.deepEqual(t.render('{{ s }}', { s: '[1, 2]' }), [1, 2]);
    assert.equal(t.render('{{ n }}', { n: 5 }), 5);
    assert.equal(t.render('{{ f }}', { f: new PyFloat(1) }), 1);
  });
  test('only the string-type filters keep list-like text as text', () => {
    assert.deepEqual(t.render("{{ ' [1, 2]' | trim }}", {}), [1, 2]);
    assert.equal(t.render('{{ [1, 2] | to_json }}', {}), '[1, 2]');
  });
});

describe('inline values', () => {
  test("a string literal in {{ }} keeps its backslashes (Ansible's escape_backslashes)", () => {
    assert.equal(new Templar().render("{{ 'a\\nb' }}", {}), 'a\\nb');
  });
});

describe('error locations', () => {
  test('a syntax error in an included template is on its own line', () => {
    const dir = tempDirSync('templar-');
    writeFileSync(path.join(dir, 'bad.j2'), 'ok\n{% if %}\n');
    const t = new Templar({ searchPaths: [dir] });
    const err = assertInputError(() => t.renderText("{% include 'bad.j2' %}", {}, path.join(dir, 'main.j2')));
    assert.equal(err.location.file, path.join(dir, 'bad.j2'));
    assert.equal(err.location.line, 2);
  });
  test('a syntax error below a #jinja2: header counts the header line', () => {
    const err = assertInputError(() => r('#jinja2: trim_blocks: False\nok\n{% if %}\n'));
    assert.equal(err.location.line, 3);
  });
  test('a bad #jinja2: header is reported on line 1', () => {
    assert.equal(assertInputError(() => r('#jinja2: foo: True\nx')).location.line, 1);
  });
  test("the caller's column is kept for an error on the value's first line only", () => {
    const t = new Templar();
    const first = assertInputError(() => t.renderString('{{ a.b }}', {}, { file: 'play.yml', line: 10, col: 5 }));
    assert.deepEqual([first.location.line, first.location.col], [10, 5]);
    const second = assertInputError(() => t.renderString('x\n{{ a.b }}', {}, { file: 'play.yml', line: 10, col: 5 }));
    assert.deepEqual([second.location.line, second.location.col], [11, undefined]);
  });
});

describe('evaluateCondition of a value that is not text', () => {
  const t = new Templar();
  const when = (expr: unknown, vars: Record<string, unknown> = {}) => t.evaluateCondition(expr, vars).value;
  test('None, 0, false, empty lists and empty dicts are false; anything else is true', () => {
    assert.equal(when('{{ x }}', { x: null }), false);
    assert.equal(when('{{ x }}', { x: 0 }), false);
    assert.equal(when('{{ x }}', { x: 1 }), true);
    assert.equal(when('{{ x }}', { x: false }), false);
    assert.equal(when(0), false);
    assert.equal(when(2), true);
    assert.equal(when([]), false);
    assert.equal(when([0]), true);
    assert.equal(when({}), false);
    assert.equal(when({ a: 0 }), true);
  });
});
