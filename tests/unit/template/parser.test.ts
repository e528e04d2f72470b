/**
 * Jinja2's statements and whitespace control on top of nunjucks' parser: the
 * text a template renders to (expected values from Jinja2 with trim_blocks,
 * as Ansible's template module sets it) and where a syntax error is.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { parseTemplate } from '../../../src/template/parser.js';
import { FILE_PARSE } from '../../../src/template/syntax-check.js';
import { TemplateSyntaxError } from '../../../src/template/tokenizer.js';
import { r } from './helpers.js';
import { ansiblePython } from '../../support/ansible-python.js';

const LSTRIP = '#jinja2: lstrip_blocks: True\n';
const NO_TRIM = '#jinja2: trim_blocks: False\n';

test('lstrip_blocks strips the indent before endraw unless the tag says + on its left', () => {
  assert.equal(r(`${LSTRIP}{% raw %}x\n  {% endraw %}y`), 'x\ny');
  assert.equal(r(`${LSTRIP}{% raw %}x\n  {%+ endraw %}y`), 'x\n  y');
  // a + on the right of endraw is about the newline after it, not the indent before it
  assert.equal(r(`${LSTRIP}{% raw %}x\n  {% endraw +%}y`), 'x\ny');
  assert.equal(r('{% raw %}x\n  {% endraw %}y'), 'x\n  y');
});

test('a - after endraw strips all the white space after it, up to the end of the template', () => {
  assert.equal(r('{% raw %}x{% endraw -%} \n y'), 'xy');
  assert.equal(r('{% raw %}x{% endraw -%}  '), 'x');
});

test('trim_blocks removes the newline after endraw unless the tag ends with +%} or the header turns it off', () => {
  assert.equal(r('{% raw %}x{% endraw %}\ny'), 'xy');
  assert.equal(r('{% raw %}x{% endraw +%}\ny'), 'x\ny');
  assert.equal(r(`${NO_TRIM}{% raw %}x{% endraw %}\ny`), 'x\ny');
});

test('the first newline of a template is kept: only a comment before it would trim it', () => {
  assert.equal(r('\nabc'), '\nabc');
  assert.equal(r('{# c #}\n\n a'), '\n a');
});

test('a for loop unpacks into parenthesised targets, with a trailing comma or a single name', () => {
  assert.equal(r('{% for (a, b,) in [[1,2]] %}{{ a }}{{ b }}{% endfor %}'), '12');
  assert.equal(r('{% for (a) in [1] %}{{ a }}{% endfor %}'), '1');
  assert.equal(r('{% for ((a, b), c) in [[[1,2],3]] %}{{ a }}{{ b }}{{ c }}{% endfor %}'), '123');
  assert.throws(() => r('{% for (a, b in [[1,2]] %}{{ a }}{% endfor %}'), /expected \)/);
});

test("a for loop's filter may be a conditional expression", () => {
  assert.equal(r('{% for x in [1,2,3] if x if x > 1 else False %}{{ x }}{% endfor %}'), '23');
});

test('a set block may filter what it captures', () => {
  assert.equal(r('{% set x | upper %}ab{% endset %}{{ x }}'), 'AB');
  assert.equal(r('{% set x %}ab{% endset %}{{ x }}'), 'ab');
});

test('an include is with context unless it says otherwise', () => {
  const root = parseTemplate('{% include "a.j2" ignore missing %}', FILE_PARSE);
  const inc = (root as unknown as { children: Array<{ withContext: boolean; ignoreMissing: boolean }> }).children[0];
  assert.equal(inc?.withContext, true);
  assert.equal(inc?.ignoreMissing, true);
});

const syntaxError = (src: string): TemplateSyntaxError => {
  try {
    parseTemplate(src, FILE_PARSE);
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return err;
    throw err;
  }
  assert.fail(`${JSON.stringify(src)} parsed`);
};

test('a template cut short is an error on the line where it ends, as Jinja2 reports it', () => {
  assert.equal(syntaxError('a\n{% if x').lineno, 2);
  assert.equal(syntaxError('a\n{% set x %}').lineno, 2);
  assert.equal(syntaxError('a\n{{ x').lineno, 2);
  const cut = syntaxError('a\n{{ x |');
  assert.equal(cut.message, "unexpected end of template, expected 'end of print statement'.", 'Jinja2 says: expected name');
  assert.equal(cut.colno, undefined);
});

test("a template cut short: Jinja2's own message and line (its parser the oracle), the open block named", () => {
  const cases = [
    'a\n{{ 1 + 2',
    '{% set x = 1',
    'a\n{% if x %}b\nc',
    '{% if x %}a{% elif y %}b',
    '{% if x %}a{% else %}b\n',
    '{% for x in y %}a',
    '{% for x in y %}a{% else %}b',
    '{% for x in y %}\n{% if x %}',
    '{% if x %}{% for x in y %}{% endfor %}',
    '{% macro m() %}x',
    '{% call m() %}x',
    '{% block b %}x',
    '{% filter upper %}x',
    '{% with a = 1 %}x',
    '{% set x %}y',
    '{% raw %}x',
    '{# c',
  ];
  const script = 'import json, sys, jinja2\nout = []\nfor s in json.load(sys.stdin):\n    try:\n        jinja2.Environment().parse(s); out.append(None)\n    except jinja2.TemplateSyntaxError as e:\n        out.append([e.message, e.lineno])\nprint(json.dumps(out))';
  const jinja = JSON.parse(execFileSync(ansiblePython(), ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8' })) as Array<[string, number]>;
  cases.forEach((src, i) => {
    const e = syntaxError(src);
    assert.deepEqual([e.message, e.lineno], jinja[i], JSON.stringify(src));
  });
});

test('an error inside the template is at the line and column of the token', () => {
  const e = syntaxError('a\n{{ x y }}');
  assert.deepEqual([e.message, e.lineno, e.colno], ['expected variable end', 2, 6]);
  assert.equal(syntaxError('{% endif %}').message, "unknown tag 'endif'");
});
