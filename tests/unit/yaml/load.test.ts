/** The YAML loader's own edges: duplicate keys, aliases, where a path is, files that cannot be read. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { InputError } from '../../../src/errors.js';
import { loadYamlFile, parseYaml } from '../../../src/yaml/load.js';
import { tempDirSync } from '../../support/temp-dir.js';

test('a duplicate key: the last one wins, with a warning naming its line (as Ansible)', () => {
  const doc = parseYaml('a: 1\nb: 0\na: 2\n', 'dup.yml');
  assert.deepEqual(doc.value, { a: 2, b: 0 });
  assert.deepEqual(doc.warnings, ['dup.yml:3:1: duplicate key "a"; the last one is used']);
});

test('aliases: hundreds are fine; an alias bomb is refused as an input error naming the file', () => {
  const many = ['base: &b [1]', 'list:', ...Array.from({ length: 300 }, () => '  - *b')].join('\n');
  assert.equal((parseYaml(`${many}\n`, 'many.yml').value as { list: unknown[] }).list.length, 300);
  const letters = 'abcdefghi';
  const bomb = [`a: &a [${Array(10).fill('"x"').join(',')}]`, ...[...letters.slice(1)].map((l, i) => `${l}: &${l} [${Array(10).fill(`*${letters[i]}`).join(',')}]`)].join('\n');
  assert.throws(() => parseYaml(`${bomb}\n`, 'bomb.yml'), (e: unknown) => e instanceof InputError && /bomb\.yml/.test(`${e.location?.file}`) && /aliases expand to more than 10000 values/.test(e.message));
});

test('locate: the nearest node of a path that is not all there; the last of duplicate keys; an empty document at line 1', () => {
  const doc = parseYaml('a:\n  b: 1\n', 'x.yml');
  assert.deepEqual(doc.locate(['a', 'b']), { file: 'x.yml', line: 2, col: 6 });
  assert.deepEqual(doc.locate(['a', 'b', 'c']), { file: 'x.yml', line: 2, col: 6 });
  assert.deepEqual(doc.locate(['a', 'nope']), { file: 'x.yml', line: 2, col: 3 });
  assert.deepEqual(doc.locate(['nope']), { file: 'x.yml', line: 1, col: 1 });
  assert.deepEqual(parseYaml('k: 1\nk: 2\n', 'd.yml').locate(['k']), { file: 'd.yml', line: 2, col: 4 });
  assert.deepEqual(parseYaml('', 'empty.yml').locate(['a']), { file: 'empty.yml', line: 1, col: 1 });
  assert.equal(parseYaml('', 'empty.yml').value, null);
});

test('a file that is missing, or a folder, is an input error saying which', async () => {
  const dir = tempDirSync('kr-yaml-');
  await assert.rejects(loadYamlFile(join(dir, 'nope.yml')), (e: unknown) => e instanceof InputError && /: file not found$/.test(e.message));
  await assert.rejects(loadYamlFile(dir), (e: unknown) => e instanceof InputError && /: cannot read file \(EISDIR\)$/.test(e.message));
});

test('merge keys (<<) as PyYAML reads them: the mapping merged in, its own keys winning', () => {
  const doc = parseYaml('base: &b {a: 1, c: 0}\nx:\n  <<: *b\n  c: 2\n', 'merge.yml');
  assert.deepEqual(doc.value, { base: { a: 1, c: 0 }, x: { a: 1, c: 2 } });
  const list = parseYaml('a: &a {k: 1, p: a}\nb: &b {k: 2, q: b}\nx:\n  <<: [*a, *b]\n  own: 3\n', 'merge.yml');
  assert.deepEqual((list.value as { x: unknown }).x, { k: 1, p: 'a', q: 'b', own: 3 }, 'the first mapping listed wins');
  assert.deepEqual(list.warnings, []);
});
