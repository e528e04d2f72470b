/**
 * Syntax checks without rendering: the first error of a playbook value, a
 * bare condition or a template file, at its line and column in the text the
 * user wrote (not in the text the checker wraps around a condition or after
 * a `#jinja2:` header).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { templateSyntaxError } from '../../../src/template/index.js';

test('a value error is at its line and 1-based column', () => {
  assert.deepEqual(templateSyntaxError('{{ x + }}', 'value'), { message: "unexpected '}}'", line: 1, col: 9 });
  assert.deepEqual(templateSyntaxError('a {{ x }}\n{{ y + }}', 'value'), { message: "unexpected '}}'", line: 2, col: 9 });
});

test('an error without a column has no col at all', () => {
  assert.deepEqual(templateSyntaxError("{{ 'abc }}", 'value'), { message: 'unexpected end of string', line: 1 });
});

test("a file's string literal is Python's, a value's keeps its backslashes (Ansible's escape_backslashes)", () => {
  assert.deepEqual(templateSyntaxError("{{ '\\U10000000' }}", 'file'), { message: 'illegal Unicode character', line: 1 });
  assert.equal(templateSyntaxError("{{ '\\U10000000' }}", 'value'), undefined);
});

test('a value without markup is text and has no error, even when it would not parse as a condition', () => {
  assert.equal(templateSyntaxError('a b c', 'value'), undefined);
  assert.equal(templateSyntaxError('{{ a }} b', 'value'), undefined);
});

test("a bare condition's error is named in its own words, at its column in the condition", () => {
  assert.deepEqual(templateSyntaxError('a b c', 'condition'), { message: 'expected block end', line: 1, col: 6 });
  assert.deepEqual(templateSyntaxError('x ==', 'condition'), { message: 'unexpected end of the condition', line: 1, col: 7 });
  assert.deepEqual(templateSyntaxError(')', 'condition'), { message: "unexpected ')'", line: 1, col: 2 });
});

test("a condition's error on its second line is not shifted by the wrapper on the first", () => {
  assert.deepEqual(templateSyntaxError('x and\n(y', 'condition'), { message: 'expected comma or closing bracket', line: 2, col: 2 });
});

test('a condition that parses has no error', () => {
  assert.equal(templateSyntaxError('x == 1', 'condition'), undefined);
  assert.equal(templateSyntaxError('x ==\n y', 'condition'), undefined);
});

test("a file's error line counts the #jinja2: header it was read after", () => {
  assert.deepEqual(templateSyntaxError('{{ x }}\n{{ y + }}', 'file'), { message: "unexpected '}}'", line: 2, col: 9 });
  assert.deepEqual(templateSyntaxError('{{ x }}\r\n{{ y + }}', 'file'), { message: "unexpected '}}'", line: 2, col: 9 });
  assert.deepEqual(templateSyntaxError('#jinja2: lstrip_blocks: True\n{{ x }}\n{{ y + }}', 'file'), { message: "unexpected '}}'", line: 3, col: 9 });
  // a file is not a value: plain text in it is never read as a condition
  assert.equal(templateSyntaxError('a b c', 'file'), undefined);
});

test('a #jinja2: header needs no spaces around its colons', () => {
  assert.equal(templateSyntaxError('#jinja2:trim_blocks:False\n{{ x }}', 'file'), undefined);
  assert.equal(templateSyntaxError('#jinja2: trim_blocks: False, lstrip_blocks: True\n{{ x }}', 'file'), undefined);
});

test('a #jinja2: header without a newline after it loses its last character, as in Ansible', () => {
  assert.deepEqual(templateSyntaxError('#jinja2: trim_blocks: False', 'file'), { message: "unsupported jinja2 override value in 'trim_blocks: Fals'", line: 1 });
  assert.equal(templateSyntaxError('#jinja2: trim_blocks: False ', 'file'), undefined);
});

test('a #jinja2: header Ansible refuses is an error on line 1', () => {
  assert.deepEqual(templateSyntaxError('#jinja2:: True\n', 'file'), { message: "unsupported jinja2 override ''", line: 1 });
  assert.deepEqual(templateSyntaxError('#jinja2: trim_blocks: 1\n{{ x }}', 'file'), { message: "unsupported jinja2 override value in 'trim_blocks: 1'", line: 1 });
  assert.deepEqual(templateSyntaxError('#jinja2: trim_blocks: true\n', 'file'), { message: "unsupported jinja2 override value in 'trim_blocks: true'", line: 1 });
  assert.deepEqual(templateSyntaxError('#jinja2: : True\n', 'file'), { message: "unsupported jinja2 override ''", line: 1 });
  assert.deepEqual(templateSyntaxError('#jinja2: foo: True\n', 'file'), { message: "unsupported jinja2 override 'foo'", line: 1 });
  assert.deepEqual(templateSyntaxError('#jinja2: trim_blocks\n', 'file'), { message: "failed to parse jinja2 override 'trim_blocks'; use key: value", line: 1 });
});
