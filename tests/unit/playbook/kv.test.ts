import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKv } from '../../../src/playbook/index.js';
import { KvSyntaxError } from '../../../src/playbook/kv.js';

// Expected values observed with ansible-core 2.14's parse_kv.
const CASES: Array<[string, boolean, Record<string, unknown>]> = [
  ['echo hi  there', true, { _raw_params: 'echo hi  there' }],
  ['chdir=/tmp echo "a  b" x=1', true, { chdir: '/tmp', _raw_params: 'echo "a  b" x=1' }],
  ['src=a dest="b c" mode=0644', false, { src: 'a', dest: 'b c', mode: '0644' }],
  [`msg="{{ a | default('x y') }}" z`, false, { msg: "{{ a | default('x y') }}", _raw_params: 'z' }],
  ["a=b\\=c k='q\\'s'", false, { a: 'b\\=c', k: "q's" }],
  ['foo bar=baz', false, { bar: 'baz', _raw_params: 'foo' }],
  ['k=', false, { k: '' }],
  ['=v', false, { _raw_params: '=v' }],
  ['a=1 a=2', false, { a: '2' }],
  ['echo {{ a }} b=c creates=/x', true, { creates: '/x', _raw_params: 'echo {{ a }} b=c' }],
  ['msg={{ a  +  b }} x=y', false, { msg: '{{ a  +  b }}', x: 'y' }],
  ['x="a"b', false, { x: '"a"b' }],
  ['ls "a=b"', true, { _raw_params: 'ls "a=b"' }],
  ['x=a\\nb', false, { x: 'a\nb' }],
  ['x="a\\"b"', false, { x: 'a"b' }],
];

for (const [input, raw, expected] of CASES) {
  test(`parseKv ${JSON.stringify(input)}${raw ? ' (command)' : ''}`, () => {
    assert.deepEqual(parseKv(input, raw), expected);
  });
}

test('parseKv rejects unbalanced quotes and Jinja2 braces', () => {
  assert.throws(() => parseKv('cmd "unterminated', true), /unbalanced quotes/);
  assert.throws(() => parseKv('msg={{ a', false), /unbalanced Jinja2/);
});

test('parseKv decodes \\U up to the last Unicode character; past it, a syntax error (not a crash)', () => {
  assert.deepEqual(parseKv('a=\\U0010ffff', false), { a: '\u{10ffff}' });
  assert.throws(() => parseKv('a=\\U00110000', false), (e: unknown) => e instanceof KvSyntaxError && e.message === 'cannot decode \\U00110000: no such Unicode character');
});
