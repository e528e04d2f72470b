/**
 * The renderer's statements: what they output and, when a statement fails,
 * the line the error names (the statement's own line, 1-based).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { Templar } from '../../../src/template/index.js';
import { tempDirSync } from '../../support/temp-dir.js';
import { r } from './helpers.js';

/** The line an error of rendering `src` is reported at. */
function errorLine(render: () => unknown): number | undefined {
  try {
    render();
  } catch (err) {
    if (err instanceof InputError) return err.location.line;
    throw err;
  }
  assert.fail('rendered without an error');
}

test("a failing statement's error names the statement's line", () => {
  assert.equal(errorLine(() => r('a\n{% if x.y %}{% endif %}')), 2);
  assert.equal(errorLine(() => r('a\n{% set v = 1 / 0 %}')), 2);
  assert.equal(errorLine(() => r('a\n{% for i in x.y %}{% endfor %}')), 2);
  assert.equal(errorLine(() => r('a\n{% include x.y %}')), 2);
  assert.equal(errorLine(() => r('a\n{% import x.y as m %}')), 2);
  assert.equal(errorLine(() => r('a\n{% from x.y import m %}')), 2);
  assert.equal(errorLine(() => r('a\n{% macro f(1) %}{% endmacro %}')), 2);
});

test("a for loop's else runs only when there is nothing to loop over", () => {
  assert.equal(r('{% for x in [1] %}a{% else %}b{% endfor %}'), 'a');
  assert.equal(r('{% for x in [] %}a{% else %}b{% endfor %}'), 'b');
  assert.equal(r('{% for x in [] %}a{% endfor %}'), '');
});

test("an import without context does not see the caller's variables", () => {
  const dir = tempDirSync('tpl-');
  writeFileSync(path.join(dir, 'lib.j2'), '{% macro m() %}{{ w }}{% endmacro %}{{ z }}');
  writeFileSync(path.join(dir, 'lib2.j2'), '{% macro m() %}{{ w }}{% endmacro %}');
  const t = new Templar();
  const main = path.join(dir, 'main.j2');
  assert.throws(() => t.renderText("{% import 'lib.j2' as l %}x", { z: 'Z' }, main), /'z' is undefined/);
  assert.equal(t.renderText("{% import 'lib.j2' as l with context %}{{ l.m() }}", { w: 'Q', z: 'Z' }, main), 'Q');
  assert.throws(() => t.renderText("{% import 'lib2.j2' as l %}{{ l.m() }}", { w: 'Q' }, main), /'w' is undefined/);
});

test('what a block sets stays inside the block, as in Jinja2', () => {
  assert.equal(r('{% block b %}{% set y = 1 %}{{ y }}{% endblock %}|{{ y }}', { y: 5 }), '1|5');
  assert.equal(r('{% set y = 2 %}{% block b %}{{ y }}{% endblock %}'), '2');
});
