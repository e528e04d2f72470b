/**
 * Jinja2's literals on nunjucks' lexer: Python string escapes, Python
 * numbers, `}}` closing a dict, `+%}` and no regular expression literals
 * (expected values from Jinja2 with trim_blocks, as Ansible's template module).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTemplate } from '../../../src/template/parser.js';
import { FILE_PARSE } from '../../../src/template/syntax-check.js';
import { literalEval } from '../../../src/template/literal.js';
import { EscapeError, pyUnescape, TemplateSyntaxError } from '../../../src/template/tokenizer.js';
import { r } from './helpers.js';

test('\\u, \\U and octal escapes read as Python reads them', () => {
  assert.equal(r("{{ '\\u0041' }}|{{ '\\u00e9' }}|{{ '\\U0001F600' }}|{{ '\\101' }}|{{ '\\x41' }}"), 'A|é|😀|A|A');
});

test('a \\u escape reads exactly four hex digits and a \\U exactly eight, in the middle of text', () => {
  assert.equal(pyUnescape('ab\\u1041c'), 'ab\u1041c');
  assert.equal(pyUnescape('\\u00411'), 'A1');
  assert.equal(pyUnescape('\\u00410b'), 'A0b');
  assert.equal(pyUnescape('ab\\U0001F600c'), 'ab😀c');
  assert.equal(pyUnescape('\\U0001F6001'), '😀1');
  assert.equal(pyUnescape('\\U0001F60012'), '😀12');
});

test('a \\U escape beyond Unicode is refused, as Python refuses it', () => {
  assert.throws(() => pyUnescape('\\U10000000'), /illegal Unicode character/);
  assert.throws(
    () => parseTemplate("a\n{{ '\\U10000000' }}", FILE_PARSE),
    (err: unknown) => err instanceof TemplateSyntaxError && err.message === 'illegal Unicode character' && err.lineno === 2,
  );
});

test('\\U0010FFFF is the last code point Python reads; \\U00110000 is one too far', () => {
  assert.equal(pyUnescape('\\U0010ffff'), '\u{10ffff}');
  assert.throws(() => pyUnescape('\\U00110000'), new EscapeError('illegal Unicode character'));
});

test('a \\x, \\u or \\U escape cut short is refused with Python\'s words; a lone backslash and an unknown escape are kept', () => {
  assert.throws(() => pyUnescape('\\u00zz'), new EscapeError('truncated \\uXXXX escape'));
  assert.throws(() => pyUnescape('\\U0001F6'), new EscapeError('truncated \\UXXXXXXXX escape'));
  assert.throws(() => pyUnescape('\\x4'), new EscapeError('truncated \\xXX escape'));
  assert.throws(() => pyUnescape('\\xg1'), new EscapeError('truncated \\xXX escape'));
  assert.equal(pyUnescape('a\\'), 'a\\');
  assert.equal(pyUnescape('\\q'), '\\q');
  // Jinja2: a syntax error at the string's line; ast.literal_eval: no literal, the text stays as it is
  assert.throws(
    () => parseTemplate("a\n{{ '\\x4' }}", FILE_PARSE),
    (err: unknown) => err instanceof TemplateSyntaxError && err.message === 'truncated \\xXX escape' && err.lineno === 2,
  );
  assert.deepEqual(literalEval("'\\U10000000'", { jsonNames: false }), { ok: false });
  assert.deepEqual(literalEval("'\\u00zz'", { jsonNames: false }), { ok: false });
});

test('an unterminated string is an error on its own line', () => {
  assert.throws(
    () => parseTemplate("a\n{{ 'abc }}", FILE_PARSE),
    (err: unknown) => err instanceof TemplateSyntaxError && err.message === 'unexpected end of string' && err.lineno === 2,
  );
});

test('+%} keeps the newline trim_blocks would remove, for that tag only', () => {
  assert.equal(r('{% if 1 +%}\nx{% endif %}{% if 1 %}\ny{% endif %}'), '\nxy');
});

test('r/ is a name divided, not a regular expression', () => {
  assert.equal(r('{{ r/2 }}', { r: 4 }), '2.0');
});

test('}} right after a dict literal closes the dict first', () => {
  assert.equal(r("{{ {'a': 1}}}"), "{'a': 1}");
  assert.equal(r("{{ {'a': {'b': 1}}}}"), "{'a': {'b': 1}}");
});

test('a number literal may be longer than 64 characters and have _ in its exponent', () => {
  assert.equal(r(`{{ 0.5${'0'.repeat(70)} }}`), '0.5');
  assert.equal(r('{{ 1_0.5e1_0 if 0 else 1.5e1 }}'), '15.0');
});

test('binary, octal and hex literals, with _ between digits, are ints as in Jinja2', () => {
  assert.equal(r('{{ 0x_1f }}|{{ 0XFF }}|{{ 0o17 }}|{{ 0b_1 }}|{{ 0b10 + 1 }}|{{ 00 }}|{{ 0_0 }}|{{ 1_000 }}'), '31|255|15|1|3|0|0|1000');
  assert.equal(r('{{ 0x10 is integer }}'), 'True');
});

test('an int with a leading zero is two numbers, a syntax error, as Jinja2 reads it', () => {
  for (const src of ['{{ 010 }}', '{{ [1, 2][01] }}', '{{ 0b2 }}', '{{ 1__0 }}', '{{ 1_ }}']) {
    assert.throws(() => r(src), /template syntax error/, src);
  }
});

test('a float never starts right after a dot: x.0.1 is two lookups, and 007.5 and 0e5 are floats', () => {
  assert.equal(r('{{ x.0.1 }}', { x: [[1, 2]] }), '2');
  assert.equal(r('{{ 007.5 }}|{{ 0e5 }}|{{ 1_0.5e1_0 }}|{{ 1E2 }}'), '7.5|0.0|105000000000.0|100.0');
});
