import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { createLazyVars, OMIT, Templar, templateSyntaxError, type VarScope } from '../../../src/template/index.js';
import { parsedCount } from '../../../src/template/parser.js';
import { assertInputError, r } from './helpers.js';
import { tempDirSync } from '../../support/temp-dir.js';

describe('Templar.render (native types)', () => {
  const t = new Templar();
  test("a single expression: lists, dicts and bools keep their type, other values become text (Ansible 2.14, jinja2_native off)", () => {
    assert.deepEqual(t.render('{{ l }}', { l: [1, 'a'] }), [1, 'a']);
    assert.deepEqual(t.render('{{ d | combine({"b": 2}) }}', { d: { a: 1 } }), { a: 1, b: 2 });
    assert.deepEqual(t.render('{{ range(3) }}', {}), [0, 1, 2]);
    assert.equal(t.render('{{ x is defined }}', {}), false);
    assert.equal(t.render('{{ n + 1 }}', { n: 5 }), '6');
    assert.equal(t.render('{{ l | length }}', { l: [1, 2, 3] }), '3');
    assert.equal(t.render('{{ 1.5 * 2 }}', {}), '3.0');
    assert.equal(t.render('{{ none }}', {}), '');
    // A string filter's text is not read back as data.
    assert.equal(t.render('{{ l | to_json }}', { l: [1, 'a'] }), '[1, "a"]');
    assert.deepEqual(t.render('{{ l | to_json | from_json }}', { l: [1, 'a'] }), [1, 'a']);
  });
  test('one bare variable that holds a number, a bool or None keeps it', () => {
    assert.equal(t.render('{{ n }}', { n: 5 }), 5);
    assert.equal(t.render('{{n}}', { n: 1.5 }), 1.5);
    assert.equal(t.render('{{ flag }}', { flag: true }), true);
    assert.equal(t.render('{{ nothing }}', { nothing: null }), null);
    assert.equal(t.render('{{ s }}', { s: '7' }), '7');
    assert.equal(t.render('{{ n }} ', { n: 5 }), '5 ');
  });
  test('mixed text is a string; list/dict/bool-looking text becomes data as Ansible does', () => {
    assert.equal(t.render('port {{ n }}', { n: 5 }), 'port 5');
    assert.deepEqual(t.render('[{{ a }}, {{ b }}]', { a: 1, b: 2 }), [1, 2]);
    assert.equal(t.render('{{ "True" }}', {}), true);
    assert.equal(t.render('{{ a }}{{ b }}', { a: 1, b: 2 }), '12');
  });
  test('recursive over lists and dicts; non-templates untouched', () => {
    assert.deepEqual(t.render({ a: ['{{ x }}', 'plain', 3], b: { c: '{{ x + 1 }}' } }, { x: 1 }), { a: [1, 'plain', 3], b: { c: '2' } });
    const obj = { k: 'no template' };
    assert.equal(t.render(obj.k, {}), 'no template');
  });
  test('OMIT is a unique token usable from templates', () => {
    assert.match(OMIT, /^__omit_place_holder__[0-9a-f]{40}$/);
    assert.equal(t.render('{{ x | default(omit) }}', {}), OMIT);
  });
  test('isTemplate', () => {
    assert.equal(t.isTemplate('a {{ b }}'), true);
    assert.equal(t.isTemplate('{% if x %}y{% endif %}'), true);
    assert.equal(t.isTemplate('plain {{ text'), false);
    assert.equal(t.isTemplate(5), false);
  });
});

describe('errors carry file and line', () => {
  test('undefined variable names the variable, template and line', () => {
    const err = assertInputError(() => r('a\nb\n{{ nope }}\n'));
    assert.match(err.reason, /'nope' is undefined/);
    assert.equal(err.location.file, '/virtual/test.j2');
    assert.equal(err.location.line, 3);
  });
  test('inline strings are located by the caller', () => {
    const t = new Templar();
    const err = assertInputError(() => t.renderString('x {{ missing.attr }}', {}, { file: 'play.yml', line: 12, col: 9 }));
    assert.equal(err.location.file, 'play.yml');
    assert.equal(err.location.line, 12);
    assert.match(err.message, /^play\.yml:12:9: 'missing' is undefined/);
  });
  test('syntax errors', () => {
    const err = assertInputError(() => r('ok\n{% if x %}\nnever closed\n'));
    assert.match(err.reason, /syntax error/);
  });
  test('constructs we do not support are rejected, never rendered wrong', () => {
    assert.match(assertInputError(() => r('{% extends "b.j2" %}')).reason, /inheritance/);
    assert.match(assertInputError(() => r('{% for i in [1] %}{% break %}{% endfor %}')).reason, /unknown tag 'break'/);
    assert.match(assertInputError(() => r('{% switch x %}{% endswitch %}')).reason, /nunjucks/);
    assert.match(assertInputError(() => r('{% for i in [1] recursive %}{% endfor %}')).reason, /recursive/);
  });
  test('type errors are errors', () => {
    assert.match(assertInputError(() => r("{{ 'a' + 1 }}")).reason, /unsupported operand/);
    assert.match(assertInputError(() => r('{{ [] < 1 }}')).reason, /not supported/);
  });
});

describe('template module semantics', () => {
  test('trim_blocks on, lstrip off, trailing newline kept', () => {
    assert.equal(r('{% if true %}\nx\n{% endif %}\n'), 'x\n');
    assert.equal(r('  {% if true %}\nx\n  {% endif %}\n'), '  x\n  \n');
    assert.equal(r('a\n\n\n'), 'a\n\n\n');
    assert.equal(r('a'), 'a');
  });
  test('#jinja2 overrides on the first line', () => {
    assert.equal(r('#jinja2: trim_blocks: False\n{% if true %}\nx\n{% endif %}\n'), '\nx\n');
    assert.equal(r('#jinja2: lstrip_blocks: True\n  {% if true %}\nx\n  {% endif %}\n'), 'x\n');
    assert.match(assertInputError(() => r('#jinja2: foo: True\nx')).reason, /unsupported jinja2 override/);
  });
  test('renderFile with includes from the search path (included text loses its last newline)', () => {
    const dir = tempDirSync('tpl-');
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(path.join(dir, 'templates', 'part.j2'), 'part {{ x }}\n');
    writeFileSync(path.join(dir, 'main.j2'), "a {% include 'part.j2' %} b\n");
    const t = new Templar({ searchPaths: [dir] });
    assert.equal(t.renderFile(path.join(dir, 'main.j2'), { x: 1 }), 'a part 1 b\n');
    // the template's own folder is searched too
    const t2 = new Templar();
    assert.equal(t2.renderFile(path.join(dir, 'main.j2'), { x: 2 }), 'a part 2 b\n');
    assert.match(assertInputError(() => t2.renderText("{% include 'none.j2' %}", {}, path.join(dir, 'x.j2'))).reason, /template not found/);
  });
  test('the same source parses once: for every render, every Templar and the syntax check', () => {
    const before = parsedCount();
    const t = new Templar();
    assert.equal(templateSyntaxError('{{ a }}-{{ b }} parsed once', 'value'), undefined);
    for (let i = 0; i < 50; i++) t.renderString('{{ a }}-{{ b }} parsed once', { a: i, b: 1 });
    assert.equal(new Templar().renderString('{{ a }}-{{ b }} parsed once', { a: 1, b: 2 }), '1-2 parsed once');
    t.renderString('{{ a }} parsed once', { a: 1 });
    assert.equal(parsedCount() - before, 2);
  });
});

describe('evaluateCondition (Ansible 2.14)', () => {
  const t = new Templar();
  test('bare expressions with Python truthiness', () => {
    assert.deepEqual(t.evaluateCondition('x == 1 and y', { x: 1, y: [1] }), { value: true, warnings: [] });
    assert.equal(t.evaluateCondition('x', { x: '' }).value, false);
    assert.equal(t.evaluateCondition('missing is not defined', {}).value, true);
    assert.equal(t.evaluateCondition(true, {}).value, true);
  });
  test('a bare variable holding "False" is a non-empty string: true', () => {
    assert.equal(t.evaluateCondition('x', { x: 'False' }).value, true);
  });
  test('{{ }} works but warns; its "False" result is false', () => {
    const res = t.evaluateCondition('{{ x }}', { x: 'False' });
    assert.equal(res.value, false);
    assert.equal(res.warnings.length, 1);
    assert.match(res.warnings[0] ?? '', /should not include jinja2 templating delimiters/);
  });
  test('undefined variables are errors naming the conditional', () => {
    assert.throws(() => t.evaluateCondition('nope == 1', {}, { file: 'tasks.yml', line: 4 }), (e: unknown) => e instanceof InputError && /error while evaluating conditional \(nope == 1\): 'nope' is undefined/.test(e.message));
  });
});

describe('lazy variables', () => {
  const t = new Templar();
  test('templated values are rendered on use, with the higher layer winning', () => {
    const vars = createLazyVars([{ a: 'low', port: 1 }, { a: '{{ b }}-x', b: '{{ port + 1 }}' }], t);
    assert.equal(t.render('{{ a }}', vars), '2-x');
    assert.equal(t.render('{{ b }}', vars), '2');
    assert.deepEqual(vars.keys().sort(), ['a', 'b', 'port']);
  });
  test('cycles are reported with the variable names', () => {
    const vars = createLazyVars([{ a: '{{ b }}', b: '{{ c }}', c: '{{ a }}' }], t);
    assert.throws(() => t.render('{{ a }}', vars), (e: unknown) => e instanceof Error && /recursive loop detected in template: a -> b -> c -> a/.test(e.message));
  });
  test('plain objects are resolved lazily too (as Ansible templates vars on access)', () => {
    assert.equal(t.renderString('{{ x }}', { x: '{{ y }}', y: 5 }), '5');
  });
  test('any VarScope works', () => {
    let calls = 0;
    const scope: VarScope = {
      has: (n) => n === 'dyn',
      get: () => {
        calls++;
        return 'value';
      },
    };
    assert.equal(t.renderString('{{ dyn }} {{ other | default("d") }}', scope), 'value d');
    assert.equal(calls, 1);
  });
});
