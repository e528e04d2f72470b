/** Source: where keys and values are written (what every load error points at), and a line's text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSource, Source } from '../../../src/playbook/source.js';
import { InputError } from '../../../src/errors.js';

const TEXT = [
  '- name: first', //               1
  '  hosts: all', //                2
  '  vars: {a: 1, "b": 2}', //      3
  '  tasks:', //                    4
  '    - name: t', //               5
  "      'when': x", //             6
  '      command: "echo tags: no"', // 7
  '      tags:', //                 8
  '        - one', //               9
];
const source = new Source('/p/site.yml', `${TEXT.join('\n')}\n`);

test('keyAt: the key, not its value, in block and flow mappings, quoted or not', () => {
  assert.deepEqual(source.keyAt([0, 'hosts']), { file: '/p/site.yml', line: 2, col: 3 });
  assert.deepEqual(source.keyAt([0, 'name']), { file: '/p/site.yml', line: 1, col: 3 });
  assert.deepEqual(source.keyAt([0, 'vars', 'a']), { file: '/p/site.yml', line: 3, col: 10 });
  assert.deepEqual(source.keyAt([0, 'vars', 'b']), { file: '/p/site.yml', line: 3, col: 16 });
  assert.deepEqual(source.keyAt([0, 'tasks', 0, 'when']), { file: '/p/site.yml', line: 6, col: 7 });
  assert.deepEqual(source.keyAt([0, 'tasks', 0, 'command']), { file: '/p/site.yml', line: 7, col: 7 });
  // "tags:" inside the command's value comes first: the key is the last one before the value.
  assert.deepEqual(source.keyAt([0, 'tasks', 0, 'tags']), { file: '/p/site.yml', line: 8, col: 7 });
});

test('keyAt: a list index or an empty path is the value itself', () => {
  assert.deepEqual(source.keyAt([0, 'tasks', 0, 'tags', 0]), source.at([0, 'tasks', 0, 'tags', 0]));
  assert.deepEqual(source.at([0, 'tasks', 0, 'tags', 0]), { file: '/p/site.yml', line: 9, col: 11 });
  assert.deepEqual(source.keyAt([]), source.at([]));
});

test('keyAt: a key on the last line of a file without a final newline', () => {
  assert.deepEqual(new Source('/p/x.yml', 'a: 1\nb: 2').keyAt(['b']), { file: '/p/x.yml', line: 2, col: 1 });
});

test('keyAt: a key written in a form the search does not know falls back to its value, never to the same key elsewhere', () => {
  // "tag\x73" is the key tags, escaped; the previous play's tags: must not be taken for it.
  const escaped = new Source('/p/site.yml', '- name: first\n  tags: one\n- name: second\n  "tag\\x73": two\n');
  assert.deepEqual(escaped.keyAt([1, 'tags']), { file: '/p/site.yml', line: 4, col: 14 });
});

test('lineText: each line without its newline, the first and the last, nothing past the end', () => {
  assert.equal(source.lineText(1), '- name: first');
  assert.equal(source.lineText(9), '        - one');
  assert.equal(source.lineText(10), '');
  assert.equal(source.lineText(11), '');
  assert.equal(source.lineText(0), '');
  assert.equal(new Source('/p/x.yml', 'a: 1').lineText(1), 'a: 1');
});

test('readSource: a missing file is an input error that names it and what it was', () => {
  assert.throws(
    () => readSource('/nonexistent/kr/vars.yml', undefined, 'vars file'),
    (e: unknown) => e instanceof InputError && e.message.includes('vars file not found: /nonexistent/kr/vars.yml'),
  );
  assert.throws(() => readSource('/'), (e: unknown) => e instanceof InputError && /cannot read file \/ \(EISDIR\)/.test(e.message));
});
